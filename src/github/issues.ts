// Issues: the managed ones are listed by the managed label (state=all, 100 a page, pull requests
// skipped: the issues endpoint returns them too). Other listings serve the fallbacks that find a
// managed issue whose label a person removed, and the look-before-retry of a create.
import { parseMarker } from '../plan/marker.js';
import type { CurrentIssue, IssueFields } from '../plan/model.js';
import type { GitHubClient } from './client.js';
import { NO_REDIRECT, refuseRedirect } from './moved.js';
import { PER_PAGE, type RepoRef } from './repo.js';

export interface ApiIssue {
  id?: number;
  number: number;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: Array<string | { name?: string | null }>;
  assignees?: Array<{ login: string }> | null;
  milestone: { number: number } | null;
  html_url: string;
  created_at: string;
  closed_at?: string | null;
  user?: { login: string } | null;
  pull_request?: unknown;
  comments?: number;
  parent_issue_url?: string | null;
  sub_issues_summary?: { total: number; completed: number; percent_completed: number };
  issue_dependencies_summary?: { blocked_by: number; blocking: number; total_blocked_by: number; total_blocking: number };
}

export function toCurrentIssue(i: ApiIssue): CurrentIssue {
  const issue: CurrentIssue = {
    number: i.number,
    title: i.title,
    body: i.body ?? null,
    state: i.state === 'closed' ? 'closed' : 'open',
    stateReason: i.state_reason ?? null,
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== ''),
    assignees: (i.assignees ?? []).map((a) => a.login),
    milestone: i.milestone?.number ?? null,
    htmlUrl: i.html_url,
    createdAt: i.created_at,
    closedAt: i.closed_at ?? null,
    author: i.user?.login ?? null,
  };
  return withLinkFields(issue, i);
}

/**
 * The fields newer servers add (an older Enterprise Server leaves them out, and so does this read):
 * they tell the sync which issues have sub-issues or dependencies without a request per issue.
 */
function withLinkFields(issue: CurrentIssue, i: ApiIssue): CurrentIssue {
  if (i.id !== undefined) issue.id = i.id;
  if (i.comments !== undefined) issue.comments = i.comments;
  if (i.parent_issue_url !== undefined) issue.parentIssueUrl = i.parent_issue_url;
  const sub = i.sub_issues_summary;
  if (sub) issue.subIssuesSummary = { total: sub.total, completed: sub.completed, percentCompleted: sub.percent_completed };
  const deps = i.issue_dependencies_summary;
  if (deps) {
    issue.dependenciesSummary = {
      blockedBy: deps.blocked_by,
      blocking: deps.blocking,
      totalBlockedBy: deps.total_blocked_by,
      totalBlocking: deps.total_blocking,
    };
  }
  return issue;
}

function isPullRequest(i: ApiIssue): boolean {
  return i.pull_request !== undefined && i.pull_request !== null;
}

/** A task's marker, or a stage's own issue's: the issues sync manages. */
export function hasTaskMarker(body: string | null): boolean {
  const kind = parseMarker(body)?.kind;
  return kind === 'task' || kind === 'stage-issue';
}

export interface LabelledIssues {
  issues: CurrentIssue[];
  /** Items (issues and pull requests) seen per milestone number: compared with the milestone's own counts. */
  perMilestone: Map<number, number>;
}

export async function listIssuesByLabel(client: GitHubClient, repo: RepoRef, label: string): Promise<LabelledIssues> {
  const issues: CurrentIssue[] = [];
  const perMilestone = new Map<number, number>();
  const iterator = client.octokit.paginate.iterator(client.octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    labels: label,
    state: 'all',
    per_page: PER_PAGE,
  });
  for await (const page of iterator) {
    for (const item of page.data as ApiIssue[]) {
      if (item.milestone) perMilestone.set(item.milestone.number, (perMilestone.get(item.milestone.number) ?? 0) + 1);
      if (!isPullRequest(item)) issues.push(toCurrentIssue(item));
    }
  }
  return { issues, perMilestone };
}

/** Every issue in one milestone, open or closed, pull requests skipped. */
export async function listIssuesInMilestone(client: GitHubClient, repo: RepoRef, milestone: number): Promise<CurrentIssue[]> {
  const items = await client.octokit.paginate(client.octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    milestone: String(milestone),
    state: 'all',
    per_page: PER_PAGE,
  });
  return (items as ApiIssue[]).filter((i) => !isPullRequest(i)).map(toCurrentIssue);
}

/** Pages of issues (open and closed, pull requests included), newest first, 100 a page. */
function newestFirst(client: GitHubClient, repo: RepoRef, filter: { creator?: string; labels?: string }) {
  return client.octokit.paginate.iterator(client.octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    ...filter,
    state: 'all',
    sort: 'created',
    direction: 'desc',
    per_page: PER_PAGE,
  });
}

/** Issues `creator` opened, newest first, at most `maxPages` pages: only those carrying a task marker. */
export async function listMarkedIssuesByCreator(
  client: GitHubClient,
  repo: RepoRef,
  creator: string,
  maxPages: number,
): Promise<CurrentIssue[]> {
  const found: CurrentIssue[] = [];
  let pages = 0;
  for await (const page of newestFirst(client, repo, { creator })) {
    for (const item of page.data as ApiIssue[]) {
      if (!isPullRequest(item) && hasTaskMarker(item.body ?? null)) found.push(toCurrentIssue(item));
    }
    pages += 1;
    if (pages >= maxPages) break;
  }
  return found;
}

/**
 * Managed issues newer than `aboveNumber`, newest first. Issue numbers only grow, so everything
 * created since a read that saw numbers up to `aboveNumber` is on these pages, and paging stops
 * at the first older one.
 */
export async function listManagedIssuesSince(
  client: GitHubClient,
  repo: RepoRef,
  label: string,
  aboveNumber: number,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<CurrentIssue[]> {
  const found: CurrentIssue[] = [];
  let pages = 0;
  for await (const page of newestFirst(client, repo, { labels: label })) {
    let older = false;
    for (const item of page.data as ApiIssue[]) {
      if (item.number <= aboveNumber) {
        older = true;
        break;
      }
      if (!isPullRequest(item)) found.push(toCurrentIssue(item));
    }
    pages += 1;
    if (older || pages >= maxPages) break;
  }
  return found;
}

/**
 * Managed issues updated at or after `since` (ISO timestamp), most recently updated first, pull
 * requests skipped. What an event's run reads to answer the events whose runs GitHub dropped.
 */
export async function listManagedIssuesUpdatedSince(client: GitHubClient, repo: RepoRef, label: string, since: string): Promise<CurrentIssue[]> {
  const items = await client.octokit.paginate(client.octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    labels: label,
    state: 'all',
    since,
    sort: 'updated',
    direction: 'desc',
    per_page: PER_PAGE,
  });
  return (items as ApiIssue[]).filter((i) => !isPullRequest(i)).map(toCurrentIssue);
}

export async function createIssue(
  client: GitHubClient,
  repo: RepoRef,
  fields: { title: string; body: string; labels: string[]; assignees: string[]; milestone: number | null },
): Promise<CurrentIssue> {
  const { data } = await client.octokit.rest.issues.create({
    owner: repo.owner,
    repo: repo.name,
    title: fields.title,
    body: fields.body,
    labels: fields.labels,
    assignees: fields.assignees,
    ...(fields.milestone !== null ? { milestone: fields.milestone } : {}),
    // Never retried blindly: the caller looks for it first (the write may have landed).
    request: { retries: 0 },
  });
  return toCurrentIssue(data as ApiIssue);
}

export async function updateIssue(
  client: GitHubClient,
  repo: RepoRef,
  number: number,
  changes: Omit<IssueFields, 'milestoneStage'> & { milestone?: number | null },
): Promise<CurrentIssue> {
  const response = await client.octokit.rest.issues.update({
    owner: repo.owner,
    repo: repo.name,
    issue_number: number,
    ...changes,
    request: NO_REDIRECT,
  });
  refuseRedirect(response, number);
  return toCurrentIssue(response.data as ApiIssue);
}
