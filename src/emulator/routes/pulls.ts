// Pull requests: get, list, and list files (GitHub stops the files list at 3,000 while
// `changed_files` keeps the true count).
import { BodyReader, LIMITS, tooLong } from '../body.js';
import { HttpError, notFound, validationFailed } from '../errors.js';
import { pagedReply } from '../pagination.js';
import { intParam, type RequestContext, type Route } from '../router.js';
import { issueShape, iso, nodeId, pullFileShape, repoShape, userShape, type Json } from '../shapes.js';
import type { IssueRecord, PullRecord, RepoRecord } from '../state.js';
import { enumQuery, repoOf } from './common.js';
import { headCommit } from './git.js';

export const PULL_FILES_CAP = 3000;
const DOCS = 'https://docs.github.com/rest/pulls/pulls';

type PullIssue = IssueRecord & { pull: PullRecord };

function pullOf(ctx: RequestContext): PullIssue {
  const issue = repoOf(ctx).issues.get(intParam(ctx, 'pull_number'));
  if (!issue?.pull) throw notFound();
  return issue as PullIssue;
}

function branchShape(ctx: RequestContext, repo: RepoRecord, side: { ref: string; sha: string; repo?: string }): { [key: string]: Json } {
  const owningRepo = (side.repo ? ctx.state.repos.get(side.repo.toLowerCase()) : undefined) ?? repo;
  const ownerLogin = side.repo ? side.repo.split('/')[0]! : repo.owner;
  const full = { ...repoShape(ctx.state, ctx.urls, owningRepo, false) };
  delete full.network_count;
  delete full.subscribers_count;
  if (owningRepo === repo && side.repo && side.repo.toLowerCase() !== repo.fullName.toLowerCase()) {
    // A fork the emulator does not hold: name it as the fork, keep the shape.
    full.full_name = side.repo;
    full.name = side.repo.split('/')[1] ?? repo.name;
    full.fork = true;
    full.owner = userShape(ctx.urls, ctx.state.user(ownerLogin));
  }
  return { label: `${ownerLogin}:${side.ref}`, ref: side.ref, sha: side.sha, user: userShape(ctx.urls, ctx.state.user(ownerLogin)), repo: full };
}

function pullShape(ctx: RequestContext, repo: RepoRecord, issue: PullIssue, simple: boolean): { [key: string]: Json } {
  const base = issueShape(ctx.state, ctx.urls, repo, issue);
  const api = `${ctx.urls.api}/repos/${repo.fullName}/pulls/${issue.number}`;
  const html = `${ctx.urls.web}/${repo.fullName}/pull/${issue.number}`;
  const pull = issue.pull;
  const link = (href: string): Json => ({ href });
  const shape: { [key: string]: Json } = {
    url: api,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${ctx.urls.api}/repos/${repo.fullName}/issues/${issue.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${ctx.urls.api}/repos/${repo.fullName}/pulls/comments{/number}`,
    comments_url: `${ctx.urls.api}/repos/${repo.fullName}/issues/${issue.number}/comments`,
    statuses_url: `${ctx.urls.api}/repos/${repo.fullName}/statuses/${pull.head.sha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: base.user ?? null,
    body: issue.body,
    labels: base.labels ?? [],
    milestone: base.milestone ?? null,
    active_lock_reason: null,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: issue.closedAt === null ? null : iso(issue.closedAt),
    merged_at: pull.mergedAt === null ? null : iso(pull.mergedAt),
    merge_commit_sha: pull.merged ? pull.head.sha : null,
    assignee: base.assignee ?? null,
    assignees: base.assignees ?? [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchShape(ctx, repo, pull.head),
    base: branchShape(ctx, repo, pull.base),
    _links: {
      self: link(api),
      html: link(html),
      issue: link(`${ctx.urls.api}/repos/${repo.fullName}/issues/${issue.number}`),
      comments: link(`${ctx.urls.api}/repos/${repo.fullName}/issues/${issue.number}/comments`),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${ctx.urls.api}/repos/${repo.fullName}/pulls/comments{/number}`),
      commits: link(`${api}/commits`),
      statuses: link(`${ctx.urls.api}/repos/${repo.fullName}/statuses/${pull.head.sha}`),
    },
    author_association: base.author_association ?? 'NONE',
    auto_merge: null,
    draft: pull.draft,
  };
  if (simple) return shape;
  let additions = 0;
  let deletions = 0;
  for (const file of pull.files) {
    additions += file.additions;
    deletions += file.deletions;
  }
  return {
    ...shape,
    merged: pull.merged,
    mergeable: issue.state === 'open' ? true : null,
    rebaseable: issue.state === 'open' ? true : null,
    mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
    merged_by: null,
    comments: issue.comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions,
    deletions,
    changed_files: pull.files.length,
  };
}

/** The paths that differ between two branches' files: what the new pull request changes. */
function changedPaths(base: Map<string, string>, head: Map<string, string>): string[] {
  const paths = new Set([...base.keys(), ...head.keys()]);
  return [...paths].filter((path) => base.get(path) !== head.get(path)).sort();
}

function checkPullText(title: string | undefined, text: string | null | undefined): void {
  const problems = [tooLong('PullRequest', 'title', title, LIMITS.issueTitle), tooLong('PullRequest', 'body', text, LIMITS.body)].filter((p) => p !== null);
  if (problems.length > 0) throw validationFailed(...problems);
}

function updatePull(ctx: RequestContext): { status: number; body: Json } {
  const repo = repoOf(ctx);
  const issue = pullOf(ctx);
  const body = new BodyReader(ctx.body);
  const title = body.string('title');
  const text = body.nullableString('body');
  const state = body.oneOf('state', ['open', 'closed'] as const);
  if (title !== undefined && title.trim() === '') throw validationFailed({ resource: 'PullRequest', code: 'missing_field', field: 'title' });
  checkPullText(title, text);
  const now = ctx.clock.now();
  if (title !== undefined) issue.title = title;
  if (text !== undefined) issue.body = text;
  if (state && state !== issue.state) {
    issue.state = state;
    issue.closedAt = state === 'closed' ? now : null;
    issue.closedBy = state === 'closed' ? ctx.token.login : null;
  }
  issue.updatedAt = now;
  ctx.state.touch(repo);
  return { status: 200, body: pullShape(ctx, repo, issue, false) };
}

function createPull(ctx: RequestContext): { status: number; body: Json; headers: Record<string, string> } {
  const repo = repoOf(ctx);
  const body = new BodyReader(ctx.body);
  const title = body.string('title');
  const headName = body.string('head') ?? '';
  const baseName = body.string('base') ?? '';
  if (title === undefined || title === '') throw validationFailed({ resource: 'PullRequest', code: 'missing_field', field: 'title' });
  checkPullText(title, body.string('body'));
  const [owner, ref] = headName.includes(':') ? headName.split(':', 2) : [repo.owner, headName];
  const head = owner?.toLowerCase() === repo.owner.toLowerCase() ? headCommit(repo, ref ?? '') : undefined;
  if (!head) throw validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'head' });
  const base = headCommit(repo, baseName);
  if (!base) throw validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'base' });
  const open = [...repo.issues.values()].some((i) => i.pull && i.state === 'open' && i.pull.head.ref === ref && i.pull.base.ref === baseName);
  if (open) throw validationFailed({ resource: 'PullRequest', code: 'custom', field: 'head', message: `A pull request already exists for ${repo.owner}:${ref}.` });
  const files = changedPaths(base.tree, head.tree);
  if (files.length === 0) throw validationFailed({ resource: 'PullRequest', code: 'custom', field: 'head', message: `No commits between ${baseName} and ${ref}` });
  const issue = ctx.state.addPull(repo, {
    title,
    body: body.string('body') ?? null,
    user: ctx.token.login,
    created_at: new Date(ctx.clock.now()).toISOString(),
    head: { ref: ref!, sha: head.sha },
    base: { ref: baseName, sha: base.sha },
    draft: body.boolean('draft') ?? false,
    files,
  }) as PullIssue;
  const shape = pullShape(ctx, repo, issue, false);
  if (typeof shape.url !== 'string') throw new HttpError(500, 'pull request without a URL');
  return { status: 201, body: shape, headers: { location: shape.url } };
}

export const pullRoutes: Route[] = [
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/pulls',
    permission: 'pull_requests',
    createsContent: true,
    docs: `${DOCS}#create-a-pull-request`,
    handle: createPull,
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}',
    permission: 'pull_requests',
    docs: `${DOCS}#update-a-pull-request`,
    handle: updatePull,
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls',
    permission: 'pull_requests',
    docs: `${DOCS}#list-pull-requests`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const state = enumQuery(ctx, 'state', ['open', 'closed', 'all'] as const, 'open');
      const sort = enumQuery(ctx, 'sort', ['created', 'updated', 'popularity', 'long-running'] as const, 'created');
      const direction = enumQuery(ctx, 'direction', ['asc', 'desc'] as const, sort === 'long-running' ? 'asc' : 'desc');
      const head = ctx.query.get('head');
      const baseRef = ctx.query.get('base');
      const pulls = [...repo.issues.values()].filter((issue): issue is PullIssue => {
        if (!issue.pull) return false;
        if (state !== 'all' && issue.state !== state) return false;
        if (baseRef && issue.pull.base.ref !== baseRef) return false;
        if (head) {
          const [owner, ref] = head.includes(':') ? head.split(':', 2) : [undefined, head];
          if (ref !== issue.pull.head.ref) return false;
          if (owner !== undefined && owner.toLowerCase() !== (issue.pull.head.repo.split('/')[0] ?? '').toLowerCase()) return false;
        }
        return true;
      });
      const sign = direction === 'asc' ? 1 : -1;
      const key = sort === 'updated' ? 'updatedAt' : sort === 'popularity' ? 'comments' : 'createdAt';
      pulls.sort((a, b) => sign * (a[key] - b[key] || a.number - b.number));
      return pagedReply(ctx, pulls.length, (s, e) => pulls.slice(s, e), (p) => pullShape(ctx, repo, p, true));
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}',
    permission: 'pull_requests',
    docs: `${DOCS}#get-a-pull-request`,
    handle(ctx) {
      return { status: 200, body: pullShape(ctx, repoOf(ctx), pullOf(ctx), false) };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    permission: 'pull_requests',
    docs: `${DOCS}#list-pull-requests-files`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const pull = pullOf(ctx).pull;
      return pagedReply(
        ctx,
        pull.files.length,
        (s, e) => pull.files.slice(s, e),
        (file) => pullFileShape(ctx.urls, repo, pull.head.sha, file),
        PULL_FILES_CAP,
      );
    },
  },
];
