// Event payloads for tests, built from GitHub's recorded webhook examples
// (@octokit/webhooks-examples) and pointed at a repository in the emulator.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type JsonObject = Record<string, unknown>;

interface Definition {
  name: string;
  examples: JsonObject[];
}

let definitions: Definition[] | null = null;

function examples(): Definition[] {
  if (!definitions) {
    const require = createRequire(import.meta.url);
    definitions = require('@octokit/webhooks-examples') as Definition[];
  }
  return definitions;
}

/** The recorded example of an event (and action), deep-copied. */
export function exampleOf(event: string, action?: string): JsonObject {
  const definition = examples().find((d) => d.name === event);
  const example = definition?.examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`no recorded ${event}${action ? `.${action}` : ''} example in @octokit/webhooks-examples`);
  return structuredClone(example);
}

export interface RepoTarget {
  /** The emulator's API URL (`emulator.url`); URLs in the payload point there. */
  apiUrl: string;
  /** Base for html_url fields; default: apiUrl. */
  webUrl?: string;
  owner: string;
  repo: string;
  /** The emulator's repository id, when a test needs it (emulator.state.repo('o/r').id). */
  repoId?: number;
  defaultBranch?: string;
  /** Login of whoever triggered the event. */
  sender?: string;
}

export interface EventPayload {
  eventName: string;
  payload: JsonObject;
}

/** Re-points every URL and name of the example's repository at the target. */
function retarget(example: JsonObject, target: RepoTarget): JsonObject {
  const repository = example.repository as JsonObject | undefined;
  const originalFullName = typeof repository?.full_name === 'string' ? repository.full_name : null;
  const web = (target.webUrl ?? target.apiUrl).replace(/\/+$/, '');
  const api = target.apiUrl.replace(/\/+$/, '');
  let text = JSON.stringify(example);
  if (originalFullName) text = text.split(originalFullName).join(`${target.owner}/${target.repo}`);
  text = text.split('https://api.github.com').join(api).split('https://github.com').join(web);
  const payload = JSON.parse(text) as JsonObject;
  const repo = payload.repository as JsonObject | undefined;
  if (repo) {
    repo.name = target.repo;
    repo.full_name = `${target.owner}/${target.repo}`;
    if (target.repoId !== undefined) repo.id = target.repoId;
    if (target.defaultBranch) repo.default_branch = target.defaultBranch;
    const owner = repo.owner as JsonObject;
    owner.login = target.owner;
    owner.name = target.owner;
  }
  if (target.sender) (payload.sender as JsonObject).login = target.sender;
  return payload;
}

export interface PullTarget extends RepoTarget {
  number: number;
  title?: string;
  body?: string | null;
  author?: string;
  head: { ref: string; sha: string; /** `owner/name` of a fork */ repo?: string };
  base: { ref: string; sha: string };
  labels?: string[];
  /** The true count, which the files API may cut at 3,000. */
  changedFiles?: number;
  draft?: boolean;
  /** For `labeled`: the label just added. */
  label?: string;
  /** For `synchronize`: the head sha before the push. */
  before?: string;
}

export type PullAction = 'opened' | 'synchronize' | 'labeled' | 'reopened' | 'edited';

function pullPayload(eventName: 'pull_request' | 'pull_request_target', action: PullAction, target: PullTarget): EventPayload {
  const recorded = examples()
    .find((d) => d.name === 'pull_request')
    ?.examples.find((e) => e.action === action);
  const payload = retarget(recorded ? structuredClone(recorded) : exampleOf('pull_request', 'opened'), target);
  payload.action = action;
  payload.number = target.number;
  const pr = payload.pull_request as JsonObject;
  const api = target.apiUrl.replace(/\/+$/, '');
  const web = (target.webUrl ?? target.apiUrl).replace(/\/+$/, '');
  const full = `${target.owner}/${target.repo}`;
  Object.assign(pr, {
    number: target.number,
    title: target.title ?? pr.title,
    body: target.body === undefined ? pr.body : target.body,
    url: `${api}/repos/${full}/pulls/${target.number}`,
    html_url: `${web}/${full}/pull/${target.number}`,
    issue_url: `${api}/repos/${full}/issues/${target.number}`,
    comments_url: `${api}/repos/${full}/issues/${target.number}/comments`,
    state: 'open',
    draft: target.draft ?? false,
    labels: (target.labels ?? []).map((name, i) => ({ id: 9000 + i, node_id: `LA_${i}`, url: `${api}/repos/${full}/labels/${encodeURIComponent(name)}`, name, color: 'ededed', default: false, description: null })),
    changed_files: target.changedFiles ?? pr.changed_files,
  });
  if (target.author) (pr.user as JsonObject).login = target.author;
  const head = pr.head as JsonObject;
  const headRepoName = target.head.repo ?? full;
  Object.assign(head, { ref: target.head.ref, sha: target.head.sha, label: `${headRepoName.split('/')[0]}:${target.head.ref}` });
  const headRepo = head.repo as JsonObject | null;
  if (headRepo) {
    headRepo.full_name = headRepoName;
    headRepo.name = headRepoName.split('/')[1];
    headRepo.fork = headRepoName !== full;
    (headRepo.owner as JsonObject).login = headRepoName.split('/')[0];
  }
  const base = pr.base as JsonObject;
  Object.assign(base, { ref: target.base.ref, sha: target.base.sha, label: `${target.owner}:${target.base.ref}` });
  if (action === 'labeled') {
    const name = target.label ?? target.labels?.at(-1) ?? 'enhancement';
    payload.label = { id: 9999, node_id: 'LA_new', url: `${api}/repos/${full}/labels/${encodeURIComponent(name)}`, name, color: 'ededed', default: false, description: null };
  } else {
    delete payload.label;
  }
  if (action === 'synchronize') {
    payload.before = target.before ?? '0'.repeat(40);
    payload.after = target.head.sha;
  } else {
    delete payload.before;
    delete payload.after;
  }
  return { eventName, payload };
}

export function pullRequestPayload(action: PullAction, target: PullTarget): EventPayload {
  return pullPayload('pull_request', action, target);
}

/** Same body as pull_request; GitHub runs the base branch's workflow with write access. */
export function pullRequestTargetPayload(action: PullAction, target: PullTarget): EventPayload {
  return pullPayload('pull_request_target', action, target);
}

export function pushPayload(target: RepoTarget & { ref?: string; before: string; after: string; files?: { added?: string[]; modified?: string[]; removed?: string[] } }): EventPayload {
  const payload = retarget(exampleOf('push'), target);
  const ref = target.ref ?? `refs/heads/${target.defaultBranch ?? 'main'}`;
  Object.assign(payload, { ref, before: target.before, after: target.after, created: false, deleted: false, forced: false, base_ref: null });
  const commit = {
    id: target.after,
    tree_id: target.after,
    distinct: true,
    message: 'Update',
    timestamp: '2027-01-04T12:00:00Z',
    url: `${(target.webUrl ?? target.apiUrl).replace(/\/+$/, '')}/${target.owner}/${target.repo}/commit/${target.after}`,
    author: { name: 'Octo Cat', email: 'octocat@example.com', username: target.sender ?? 'octocat' },
    committer: { name: 'Octo Cat', email: 'octocat@example.com', username: target.sender ?? 'octocat' },
    added: target.files?.added ?? [],
    removed: target.files?.removed ?? [],
    modified: target.files?.modified ?? [],
  };
  payload.commits = [commit];
  payload.head_commit = commit;
  return { eventName: 'push', payload };
}

export function workflowDispatchPayload(target: RepoTarget & { ref?: string; inputs?: Record<string, string | boolean | number> }): EventPayload {
  const payload = retarget(exampleOf('workflow_dispatch'), target);
  payload.ref = target.ref ?? `refs/heads/${target.defaultBranch ?? 'main'}`;
  payload.inputs = target.inputs ?? {};
  delete payload.organization;
  return { eventName: 'workflow_dispatch', payload };
}

export function issuesClosedPayload(
  target: RepoTarget & { number: number; title?: string; body?: string | null; labels?: string[]; milestone?: { number: number; title: string } | null; closedAt?: string },
): EventPayload {
  const source = examples().find((d) => d.name === 'issues')?.examples.find((e) => e.action === 'closed') ?? exampleOf('issues', 'opened');
  const payload = retarget(structuredClone(source), target);
  payload.action = 'closed';
  const issue = payload.issue as JsonObject;
  const api = target.apiUrl.replace(/\/+$/, '');
  const full = `${target.owner}/${target.repo}`;
  Object.assign(issue, {
    number: target.number,
    title: target.title ?? issue.title,
    state: 'closed',
    state_reason: 'completed',
    closed_at: target.closedAt ?? '2027-01-04T12:00:00Z',
    updated_at: target.closedAt ?? '2027-01-04T12:00:00Z',
    ...(target.body !== undefined ? { body: target.body } : {}),
    url: `${api}/repos/${full}/issues/${target.number}`,
    labels: (target.labels ?? []).map((name, i) => ({ id: 9100 + i, node_id: `LA_${i}`, url: `${api}/repos/${full}/labels/${encodeURIComponent(name)}`, name, color: 'ededed', default: false, description: null })),
  });
  if (target.milestone !== undefined) {
    const milestone = issue.milestone as JsonObject | null;
    issue.milestone = target.milestone === null ? null : { ...(milestone ?? {}), number: target.milestone.number, title: target.milestone.title };
  }
  return { eventName: 'issues', payload };
}

export function milestoneClosedPayload(target: RepoTarget & { number: number; title: string; dueOn?: string | null }): EventPayload {
  const payload = retarget(exampleOf('milestone', 'closed'), target);
  const milestone = payload.milestone as JsonObject;
  const api = target.apiUrl.replace(/\/+$/, '');
  Object.assign(milestone, {
    number: target.number,
    title: target.title,
    state: 'closed',
    due_on: target.dueOn ?? milestone.due_on ?? null,
    url: `${api}/repos/${target.owner}/${target.repo}/milestones/${target.number}`,
  });
  return { eventName: 'milestone', payload };
}

/**
 * Writes the payload to a temporary file and returns the environment a runner would set
 * (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL, ...).
 */
export function eventEnvironment(event: EventPayload, target: RepoTarget, dir = mkdtempSync(join(tmpdir(), 'lifecycle-event-'))): Record<string, string> {
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify(event.payload, null, 2));
  const pr = event.payload.pull_request as { head?: { ref?: string }; base?: { ref?: string }; number?: number } | undefined;
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: event.eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: `${target.owner}/${target.repo}`,
    GITHUB_REPOSITORY_OWNER: target.owner,
    GITHUB_API_URL: target.apiUrl.replace(/\/+$/, ''),
    GITHUB_SERVER_URL: (target.webUrl ?? target.apiUrl).replace(/\/+$/, ''),
    GITHUB_GRAPHQL_URL: `${target.apiUrl.replace(/\/+$/, '')}/graphql`,
    GITHUB_ACTOR: target.sender ?? 'octocat',
    GITHUB_WORKFLOW: 'lifecycle',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_SHA: String((event.payload.after as string | undefined) ?? (pr ? (event.payload.pull_request as { head: { sha: string } }).head.sha : '0'.repeat(40))),
    GITHUB_REF:
      typeof event.payload.ref === 'string' ? event.payload.ref : pr?.number !== undefined ? `refs/pull/${pr.number}/merge` : `refs/heads/${target.defaultBranch ?? 'main'}`,
  };
  if (pr) {
    env.GITHUB_HEAD_REF = pr.head?.ref ?? '';
    env.GITHUB_BASE_REF = pr.base?.ref ?? '';
  }
  return env;
}

/** `issues: edited` as GitHub sends it when a person changes an issue's body (e.g. ticks a box). */
export function issuesEditedPayload(target: RepoTarget & { number: number; body: string; previousBody: string }): EventPayload {
  const payload = retarget(exampleOf('issues', 'edited'), target);
  const issue = payload.issue as JsonObject;
  const api = target.apiUrl.replace(/\/+$/, '');
  Object.assign(issue, { number: target.number, body: target.body, url: `${api}/repos/${target.owner}/${target.repo}/issues/${target.number}` });
  payload.changes = { body: { from: target.previousBody } };
  return { eventName: 'issues', payload };
}
