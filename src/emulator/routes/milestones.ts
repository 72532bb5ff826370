// Milestones: list (state, sort, direction), get, create, update, delete. Titles are unique per
// repository; due_on is a Pacific calendar date.
import { BodyReader, LIMITS, tooLong } from '../body.js';
import { notFound, validationFailed, type ValidationItem } from '../errors.js';
import { dueOnToPacificDate } from '../pacific.js';
import { pagedReply } from '../pagination.js';
import { intParam, type RequestContext, type Route } from '../router.js';
import { milestoneShape } from '../shapes.js';
import type { MilestoneRecord, RepoRecord } from '../state.js';
import { enumQuery, repoOf } from './common.js';

const DOCS = 'https://docs.github.com/rest/issues/milestones';
const MILESTONE_KEYS = ['title', 'state', 'description', 'due_on'];

function milestoneOf(ctx: RequestContext): MilestoneRecord {
  const milestone = repoOf(ctx).milestones.get(intParam(ctx, 'milestone_number'));
  if (!milestone) throw notFound();
  return milestone;
}

function readDueOn(body: BodyReader): string | null | undefined {
  const dueOn = body.nullableString('due_on');
  if (dueOn === undefined || dueOn === null) return dueOn;
  const date = dueOnToPacificDate(dueOn);
  if (date === null) throw validationFailed({ resource: 'Milestone', code: 'invalid', field: 'due_on', value: dueOn });
  return date;
}

/** Titles are unique per repository, compared as GitHub compares them: trimmed, ignoring case. */
function titleTaken(repo: RepoRecord, title: string, except: number | null): boolean {
  const key = titleKey(title);
  for (const milestone of repo.milestones.values()) {
    if (milestone.number !== except && titleKey(milestone.title) === key) return true;
  }
  return false;
}

function titleKey(title: string): string {
  return title.trim().toLowerCase();
}

/** Every problem with a title and description at once, as GitHub answers them. */
function checkMilestone(repo: RepoRecord, title: string | undefined, description: string | null | undefined, except: number | null): void {
  const problems: ValidationItem[] = [];
  if (title !== undefined) {
    if (title.trim() === '') problems.push({ resource: 'Milestone', code: 'missing_field', field: 'title' });
    else if (titleTaken(repo, title, except)) problems.push({ resource: 'Milestone', code: 'already_exists', field: 'title' });
    const long = tooLong('Milestone', 'title', title, LIMITS.milestoneTitle);
    if (long) problems.push(long);
  }
  const long = tooLong('Milestone', 'description', description, LIMITS.milestoneDescription);
  if (long) problems.push(long);
  if (problems.length > 0) throw validationFailed(...problems);
}

function completeness(ctx: RequestContext, repo: RepoRecord, number: number): number {
  const { open, closed } = ctx.state.milestoneCounts(repo, number);
  return open + closed === 0 ? 0 : closed / (open + closed);
}

export const milestoneRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/milestones',
    permission: 'issues',
    docs: `${DOCS}#list-milestones`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const state = enumQuery(ctx, 'state', ['open', 'closed', 'all'] as const, 'open');
      const sort = enumQuery(ctx, 'sort', ['due_on', 'completeness'] as const, 'due_on');
      const direction = enumQuery(ctx, 'direction', ['asc', 'desc'] as const, 'asc');
      const list = [...repo.milestones.values()].filter((m) => state === 'all' || m.state === state);
      const sign = direction === 'asc' ? 1 : -1;
      if (sort === 'due_on') {
        // Milestones without a due date come after the dated ones, whichever the direction.
        list.sort((a, b) => {
          if (a.dueOn === null || b.dueOn === null) return a.dueOn === b.dueOn ? a.number - b.number : a.dueOn === null ? 1 : -1;
          return sign * a.dueOn.localeCompare(b.dueOn) || a.number - b.number;
        });
      } else {
        const score = new Map(list.map((m) => [m.number, completeness(ctx, repo, m.number)]));
        list.sort((a, b) => sign * (score.get(a.number)! - score.get(b.number)!) || a.number - b.number);
      }
      return pagedReply(ctx, list.length, (s, e) => list.slice(s, e), (m) => milestoneShape(ctx.state, ctx.urls, repo, m));
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    permission: 'issues',
    docs: `${DOCS}#get-a-milestone`,
    handle(ctx) {
      return { status: 200, body: milestoneShape(ctx.state, ctx.urls, repoOf(ctx), milestoneOf(ctx)) };
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/milestones',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#create-a-milestone`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const body = new BodyReader(ctx.body);
      body.permitOnly(...MILESTONE_KEYS);
      body.requirePresent('title');
      const title = body.string('title')!;
      const state = body.oneOf('state', ['open', 'closed'] as const) ?? 'open';
      const description = body.nullableString('description');
      const dueOn = readDueOn(body);
      checkMilestone(repo, title, description, null);
      const now = ctx.clock.now();
      const milestone = ctx.state.addMilestone(repo, {
        title,
        state,
        description: description ?? null,
        creator: ctx.token.login,
        created_at: new Date(now).toISOString(),
        closed_at: state === 'closed' ? new Date(now).toISOString() : null,
      });
      milestone.dueOn = dueOn ?? null;
      const location = `${ctx.urls.api}/repos/${repo.fullName}/milestones/${milestone.number}`;
      return { status: 201, body: milestoneShape(ctx.state, ctx.urls, repo, milestone), headers: { location } };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#update-a-milestone`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const milestone = milestoneOf(ctx);
      const body = new BodyReader(ctx.body);
      body.permitOnly(...MILESTONE_KEYS);
      const title = body.string('title');
      const state = body.oneOf('state', ['open', 'closed'] as const);
      const description = body.nullableString('description');
      const dueOn = readDueOn(body);
      checkMilestone(repo, title, description, milestone.number);
      const now = ctx.clock.now();
      if (title !== undefined) milestone.title = title;
      if (description !== undefined) milestone.description = description;
      if (dueOn !== undefined) milestone.dueOn = dueOn;
      if (state !== undefined && state !== null && state !== milestone.state) {
        milestone.state = state;
        milestone.closedAt = state === 'closed' ? now : null;
      }
      milestone.updatedAt = now;
      ctx.state.touch(repo);
      return { status: 200, body: milestoneShape(ctx.state, ctx.urls, repo, milestone) };
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#delete-a-milestone`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const milestone = milestoneOf(ctx);
      for (const issue of repo.issues.values()) if (issue.milestone === milestone.number) issue.milestone = null;
      repo.milestones.delete(milestone.number);
      ctx.state.touch(repo);
      return { status: 204 };
    },
  },
];
