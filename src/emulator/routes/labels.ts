// Repository labels: list, get, create, update, delete.
import { BodyReader, characters, LIMITS, tooLong } from '../body.js';
import { notFound, validationFailed, type ValidationItem } from '../errors.js';
import { pagedReply } from '../pagination.js';
import type { RequestContext, Route } from '../router.js';
import { labelShape } from '../shapes.js';
import type { LabelRecord, RepoRecord } from '../state.js';
import { repoOf } from './common.js';

const DOCS = 'https://docs.github.com/rest/issues/labels';

function labelOf(ctx: RequestContext): LabelRecord {
  const label = ctx.state.findLabel(repoOf(ctx), ctx.params.name ?? '');
  if (!label) throw notFound();
  return label;
}

function sortedLabels(repo: RepoRecord): LabelRecord[] {
  return [...repo.labels.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id);
}

/** Checks name, color and description the way GitHub does; `color` without its `#`. */
function checkLabel(fields: { name?: string; color?: string; description?: string | null }): ValidationItem[] {
  const problems: ValidationItem[] = [];
  if (fields.name !== undefined) {
    if (fields.name.trim() === '') problems.push({ resource: 'Label', code: 'missing_field', field: 'name' });
    else if (characters(fields.name) > LIMITS.labelName) problems.push({ resource: 'Label', code: 'invalid', field: 'name' });
  }
  if (fields.color !== undefined && !/^[0-9a-fA-F]{6}$/.test(fields.color)) problems.push({ resource: 'Label', code: 'invalid', field: 'color' });
  const description = tooLong('Label', 'description', fields.description, LIMITS.labelDescription);
  if (description) problems.push(description);
  return problems;
}

export const labelRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/labels',
    permission: 'issues',
    docs: `${DOCS}#list-labels-for-a-repository`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const labels = sortedLabels(repo);
      return pagedReply(ctx, labels.length, (s, e) => labels.slice(s, e), (label) => labelShape(ctx.urls, repo, label));
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/labels/{name}',
    permission: 'issues',
    docs: `${DOCS}#get-a-label`,
    handle(ctx) {
      return { status: 200, body: labelShape(ctx.urls, repoOf(ctx), labelOf(ctx)) };
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/labels',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#create-a-label`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const body = new BodyReader(ctx.body);
      body.requirePresent('name');
      const name = body.string('name')!;
      const color = body.string('color')?.replace(/^#/, '');
      const description = body.nullableString('description');
      const problems = checkLabel({ name, color, description });
      if (problems.length > 0) throw validationFailed(...problems);
      if (ctx.state.findLabel(repo, name)) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      const label = ctx.state.addLabel(repo, { name, color: color ?? 'ededed', description: description ?? null });
      return { status: 201, body: labelShape(ctx.urls, repo, label), headers: { location: `${ctx.urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}` } };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/labels/{name}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#update-a-label`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const label = labelOf(ctx);
      const body = new BodyReader(ctx.body);
      const newName = body.string('new_name');
      const color = body.string('color')?.replace(/^#/, '');
      const description = body.nullableString('description');
      const problems = checkLabel({ name: newName, color, description });
      if (problems.length > 0) throw validationFailed(...problems);
      if (newName !== undefined && newName.toLowerCase() !== label.name.toLowerCase() && ctx.state.findLabel(repo, newName)) {
        throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
      }
      if (newName !== undefined && newName !== label.name) ctx.state.renameLabel(repo, label, newName);
      if (color !== undefined) label.color = color;
      if (description !== undefined) label.description = description;
      ctx.state.touch(repo);
      return { status: 200, body: labelShape(ctx.urls, repo, label) };
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/labels/{name}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#delete-a-label`,
    handle(ctx) {
      ctx.state.deleteLabel(repoOf(ctx), labelOf(ctx));
      return { status: 204 };
    },
  },
];
