// Issues: list (pull requests included), get, create, update, and adding labels. Issues and pull
// requests share one number sequence. Label filters go through the label index, and the sorted
// result of a query is cached until the repository changes, so paging through 50,000 issues stays cheap.
import { BodyReader, characters, LIMITS, tooLong } from '../body.js';
import { HttpError, validationFailed, type ValidationItem } from '../errors.js';
import { pagedReply } from '../pagination.js';
import { intParam, type RequestContext, type Route } from '../router.js';
import { issueShape, labelShape } from '../shapes.js';
import type { EmulatorState, IssueRecord, RepoRecord } from '../state.js';
import { enumQuery, issueOf, repoOf, timeQuery } from './common.js';

const DOCS = 'https://docs.github.com/rest/issues/issues';

interface ListQuery {
  state: 'open' | 'closed' | 'all';
  labels: string[];
  milestone: string | null;
  assignee: string | null;
  creator: string | null;
  mentioned: string | null;
  since: number | null;
  sort: 'created' | 'updated' | 'comments';
  direction: 'asc' | 'desc';
}

const listCache = new WeakMap<RepoRecord, { version: number; results: Map<string, number[]> }>();
const CACHE_ENTRIES = 32;

function readListQuery(ctx: RequestContext): ListQuery {
  const labels = (ctx.query.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return {
    state: enumQuery(ctx, 'state', ['open', 'closed', 'all'] as const, 'open'),
    labels,
    milestone: ctx.query.get('milestone') || null,
    assignee: ctx.query.get('assignee') || null,
    creator: ctx.query.get('creator') || null,
    mentioned: ctx.query.get('mentioned') || null,
    since: timeQuery(ctx, 'since'),
    sort: enumQuery(ctx, 'sort', ['created', 'updated', 'comments'] as const, 'created'),
    direction: enumQuery(ctx, 'direction', ['asc', 'desc'] as const, 'desc'),
  };
}

/** Numbers of the issues matching a query, in answer order. */
export function listIssueNumbers(state: EmulatorState, repo: RepoRecord, query: ListQuery): number[] {
  const key = JSON.stringify(query);
  let cache = listCache.get(repo);
  if (!cache || cache.version !== repo.version) {
    cache = { version: repo.version, results: new Map() };
    listCache.set(repo, cache);
  }
  const hit = cache.results.get(key);
  if (hit) return hit;

  let candidates: Iterable<IssueRecord>;
  const labelIds: number[] = [];
  for (const name of query.labels) {
    const label = state.findLabel(repo, name);
    if (!label) return remember(cache.results, key, []);
    labelIds.push(label.id);
  }
  if (labelIds.length > 0) {
    // Start from the rarest label; every other label must be present too.
    const sets = labelIds.map((id) => repo.issuesByLabel.get(id) ?? new Set<number>()).sort((a, b) => a.size - b.size);
    const [smallest, ...rest] = sets;
    const picked: IssueRecord[] = [];
    for (const number of smallest!) {
      if (rest.every((set) => set.has(number))) {
        const issue = repo.issues.get(number);
        if (issue) picked.push(issue);
      }
    }
    candidates = picked;
  } else {
    candidates = repo.issues.values();
  }

  const milestone = query.milestone;
  const milestoneNumber = milestone !== null && /^\d+$/.test(milestone) ? Number(milestone) : null;
  const assignee = query.assignee?.toLowerCase() ?? null;
  const creator = query.creator?.toLowerCase() ?? null;
  const mention = query.mentioned ? `@${query.mentioned.toLowerCase()}` : null;
  const matched: IssueRecord[] = [];
  for (const issue of candidates) {
    if (query.state !== 'all' && issue.state !== query.state) continue;
    if (milestone === '*' && issue.milestone === null) continue;
    if (milestone === 'none' && issue.milestone !== null) continue;
    if (milestoneNumber !== null && issue.milestone !== milestoneNumber) continue;
    if (assignee === 'none' && issue.assignees.length > 0) continue;
    if (assignee === '*' && issue.assignees.length === 0) continue;
    if (assignee !== null && assignee !== 'none' && assignee !== '*' && !issue.assignees.some((a) => a.toLowerCase() === assignee)) continue;
    if (creator !== null && issue.user.toLowerCase() !== creator) continue;
    if (mention !== null && !(issue.body ?? '').toLowerCase().includes(mention)) continue;
    if (query.since !== null && issue.updatedAt < query.since) continue;
    matched.push(issue);
  }
  const sign = query.direction === 'asc' ? 1 : -1;
  const field = query.sort === 'created' ? 'createdAt' : query.sort === 'updated' ? 'updatedAt' : 'comments';
  matched.sort((a, b) => sign * (a[field] - b[field] || a.number - b.number));
  return remember(
    cache.results,
    key,
    matched.map((issue) => issue.number),
  );
}

function remember(results: Map<string, number[]>, key: string, numbers: number[]): number[] {
  if (results.size >= CACHE_ENTRIES) results.delete(results.keys().next().value!);
  results.set(key, numbers);
  return numbers;
}

interface IssueFields {
  title?: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
  milestone?: number | null;
}

/** Reads and checks the fields create and update share; problems come back all at once. */
function readIssueFields(ctx: RequestContext, body: BodyReader): IssueFields {
  const repo = repoOf(ctx);
  const problems: ValidationItem[] = [];
  const fields: IssueFields = {};
  const title = body.stringOrInteger('title');
  if (title !== undefined) {
    if (title.trim() === '') problems.push({ resource: 'Issue', code: 'missing_field', field: 'title' });
    const long = tooLong('Issue', 'title', title, LIMITS.issueTitle);
    if (long) problems.push(long);
    fields.title = title;
  }
  const text = body.nullableString('body');
  if (text !== undefined) {
    const long = tooLong('Issue', 'body', text, LIMITS.body);
    if (long) problems.push(long);
    fields.body = text;
  }
  const labels = body.labelList('labels');
  if (labels !== undefined) {
    problems.push(...checkIssueLabels(ctx, repo, [], labels));
    fields.labels = labels;
  }
  const single = body.nullableString('assignee');
  const assignees = body.stringList('assignees', true);
  if (assignees !== undefined || single !== undefined) {
    const logins = [...(assignees ?? []), ...(single ? [single] : [])];
    const known: string[] = [];
    for (const login of logins) {
      const user = ctx.state.findUser(login);
      if (!user || user.type === 'Organization') problems.push({ resource: 'Issue', code: 'invalid', field: 'assignees', value: login });
      else if (!known.includes(user.login)) known.push(user.login);
    }
    fields.assignees = known.slice(0, 10);
  }
  const milestone = body.nullableInteger('milestone');
  if (milestone !== undefined) {
    if (milestone === null) fields.milestone = null;
    else {
      const number = typeof milestone === 'number' ? milestone : /^\d+$/.test(milestone) ? Number(milestone) : NaN;
      if (!repo.milestones.has(number)) problems.push({ resource: 'Issue', code: 'invalid', field: 'milestone', value: milestone });
      else fields.milestone = number;
    }
  }
  if (problems.length > 0) throw validationFailed(...problems);
  return fields;
}

/**
 * What GitHub refuses in the labels an issue is given: a name it would have to create that is over
 * 50 characters, and more than 100 labels on the issue once `added` joins `kept`.
 */
function checkIssueLabels(ctx: RequestContext, repo: RepoRecord, kept: readonly number[], added: readonly string[]): ValidationItem[] {
  const problems: ValidationItem[] = [];
  const ids = new Set(kept);
  const created = new Set<string>();
  for (const name of added) {
    const label = ctx.state.findLabel(repo, name);
    if (label) ids.add(label.id);
    else if (characters(name) > LIMITS.labelName) problems.push({ resource: 'Label', code: 'invalid', field: 'name', value: name });
    else created.add(name.toLowerCase());
  }
  if (ids.size + created.size > LIMITS.labelsPerIssue) {
    problems.push({ resource: 'Issue', code: 'custom', field: 'labels', message: `Issues cannot have more than ${LIMITS.labelsPerIssue} labels` });
  }
  return problems;
}

/** Label names to ids; names the repository lacks are created, as GitHub does for writers. */
function labelIds(ctx: RequestContext, repo: RepoRecord, names: string[]): number[] {
  return names.map((name) => (ctx.state.findLabel(repo, name) ?? ctx.state.addLabel(repo, { name })).id);
}

export const issueRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues',
    permission: 'issues',
    docs: `${DOCS}#list-repository-issues`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const numbers = listIssueNumbers(ctx.state, repo, readListQuery(ctx));
      return pagedReply(
        ctx,
        numbers.length,
        (s, e) => numbers.slice(s, e).map((n) => repo.issues.get(n)!),
        (issue) => issueShape(ctx.state, ctx.urls, repo, issue),
      );
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}',
    permission: 'issues',
    docs: `${DOCS}#get-an-issue`,
    handle(ctx) {
      return { status: 200, body: issueShape(ctx.state, ctx.urls, repoOf(ctx), issueOf(ctx, intParam(ctx, 'issue_number'))) };
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#create-an-issue`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const body = new BodyReader(ctx.body);
      body.requirePresent('title');
      const fields = readIssueFields(ctx, body);
      const now = ctx.clock.now();
      const issue = ctx.state.addIssue(repo, {
        title: fields.title!,
        body: fields.body ?? null,
        assignees: fields.assignees ?? [],
        milestone: fields.milestone ?? null,
        user: ctx.token.login,
        created_at: new Date(now).toISOString(),
      });
      if (fields.labels) ctx.state.setIssueLabels(repo, issue, labelIds(ctx, repo, fields.labels));
      issue.indexedAt = now + ctx.search.indexDelayMs;
      const location = `${ctx.urls.api}/repos/${repo.fullName}/issues/${issue.number}`;
      return { status: 201, body: issueShape(ctx.state, ctx.urls, repo, issue), headers: { location } };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/issues/{issue_number}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#update-an-issue`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, intParam(ctx, 'issue_number'));
      const body = new BodyReader(ctx.body);
      const fields = readIssueFields(ctx, body);
      const state = body.oneOf('state', ['open', 'closed'] as const);
      const reason = body.oneOf('state_reason', ['completed', 'not_planned', 'reopened', 'duplicate'] as const, true);
      const now = ctx.clock.now();
      if (fields.title !== undefined) issue.title = fields.title;
      if (fields.body !== undefined) issue.body = fields.body;
      if (fields.assignees !== undefined) issue.assignees = fields.assignees;
      if (fields.milestone !== undefined) issue.milestone = fields.milestone;
      if (fields.labels !== undefined) ctx.state.setIssueLabels(repo, issue, labelIds(ctx, repo, fields.labels));
      if (state === 'closed' && issue.state !== 'closed') {
        issue.state = 'closed';
        issue.closedAt = now;
        issue.closedBy = ctx.token.login;
        issue.stateReason = reason ?? 'completed';
      } else if (state === 'open' && issue.state !== 'open') {
        issue.state = 'open';
        issue.closedAt = null;
        issue.stateReason = 'reopened';
      }
      // Without a change of state GitHub ignores state_reason: a closed issue keeps its reason.
      issue.updatedAt = now;
      ctx.state.touch(repo);
      return { status: 200, body: issueShape(ctx.state, ctx.urls, repo, issue) };
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/labels',
    permission: 'issues',
    createsContent: true,
    docs: 'https://docs.github.com/rest/issues/labels#add-labels-to-an-issue',
    handle(ctx) {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, intParam(ctx, 'issue_number'));
      const names = Array.isArray(ctx.body) ? new BodyReader({ labels: ctx.body }).labelList('labels') : new BodyReader(ctx.body).labelList('labels');
      if (names === undefined) throw new HttpError(422, 'Invalid request.\n\n"labels" wasn\'t supplied.');
      const problems = checkIssueLabels(ctx, repo, issue.labels, names);
      if (problems.length > 0) throw validationFailed(...problems);
      ctx.state.setIssueLabels(repo, issue, [...issue.labels, ...labelIds(ctx, repo, names)]);
      issue.updatedAt = ctx.clock.now();
      const labels = issue.labels.map((id) => repo.labels.get(id)!).map((label) => labelShape(ctx.urls, repo, label));
      return { status: 200, body: labels };
    },
  },
];
