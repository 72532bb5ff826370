// Issues that leave a repository while a tool works on it. A deleted issue answers 410 "This issue
// was deleted"; a transferred one answers 301 "Moved Permanently" with its new address (Location
// and `url`, by repository id, as GitHub writes it) on every route under its old number. Neither
// is listed any more. What is left behind is kept here, beside the store, not in it.
import { HttpError } from './errors.js';
import type { Urls } from './shapes.js';
import type { EmulatorState, IssueRecord, RepoRecord } from './state.js';

type Tombstone = { kind: 'deleted' } | { kind: 'moved'; repo: RepoRecord; number: number };

const tombstones = new WeakMap<RepoRecord, Map<number, Tombstone>>();

function bury(repo: RepoRecord, number: number, tombstone: Tombstone): void {
  let map = tombstones.get(repo);
  if (!map) {
    map = new Map();
    tombstones.set(repo, map);
  }
  map.set(number, tombstone);
}

/** Takes an issue out of its repository: its labels, comments and listings go with it. */
function remove(state: EmulatorState, repo: RepoRecord, issue: IssueRecord): void {
  for (const id of issue.labels) repo.issuesByLabel.get(id)?.delete(issue.number);
  for (const id of repo.commentsByIssue.get(issue.number) ?? []) repo.comments.delete(id);
  repo.commentsByIssue.delete(issue.number);
  repo.issues.delete(issue.number);
  state.touch(repo);
}

function issueIn(state: EmulatorState, repoRef: RepoRecord | string, number: number): { repo: RepoRecord; issue: IssueRecord } {
  const repo = typeof repoRef === 'string' ? state.repo(repoRef) : repoRef;
  const issue = repo.issues.get(number);
  if (!issue || issue.pull) throw new Error(`no issue #${number} in ${repo.fullName}`);
  return { repo, issue };
}

/** Deletes an issue, as a repository admin can: its number answers 410 from now on. */
export function deleteIssue(state: EmulatorState, repoRef: RepoRecord | string, number: number): void {
  const { repo, issue } = issueIn(state, repoRef, number);
  remove(state, repo, issue);
  bury(repo, number, { kind: 'deleted' });
}

/**
 * Transfers an issue to another repository, where it gets the next number; its labels go only
 * where the target has a label of the same name, its milestone does not go (as on GitHub).
 * The old number answers 301 to the new place. Returns the issue in its new repository.
 */
export function transferIssue(state: EmulatorState, repoRef: RepoRecord | string, number: number, targetRef: RepoRecord | string): IssueRecord {
  const { repo, issue } = issueIn(state, repoRef, number);
  const target = typeof targetRef === 'string' ? state.repo(targetRef) : targetRef;
  const labels = issue.labels.map((id) => repo.labels.get(id)?.name).filter((name): name is string => name !== undefined && state.findLabel(target, name) !== undefined);
  remove(state, repo, issue);
  const moved = state.addIssue(target, {
    title: issue.title,
    body: issue.body,
    state: issue.state,
    assignees: issue.assignees,
    user: issue.user,
    labels,
    created_at: new Date(issue.createdAt).toISOString(),
    updated_at: new Date(state.now()).toISOString(),
  });
  bury(repo, number, { kind: 'moved', repo: target, number: moved.number });
  return moved;
}

/** Locks an issue (PUT …/lock) with an optional reason, or unlocks it. */
export function setLocked(issue: IssueRecord, locked: boolean, reason: string | null = null): void {
  issue.locked = locked;
  issue.lockReason = locked ? reason : null;
}

/** What GitHub answers for a number that no longer names an issue here; null when it never did. */
export function goneError(repo: RepoRecord, number: number, urls: Urls): HttpError | null {
  const tombstone = tombstones.get(repo)?.get(number);
  if (!tombstone) return null;
  if (tombstone.kind === 'deleted') return new HttpError(410, 'This issue was deleted');
  const url = `${urls.api}/repositories/${tombstone.repo.id}/issues/${tombstone.number}`;
  return new HttpError(301, 'Moved Permanently', { headers: { location: url }, fields: { url } });
}
