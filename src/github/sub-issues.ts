// Sub-issues of an issue: list (every page), add, reprioritize, remove, and an issue's parent.
// GitHub names the sub-issue by its `id`, not its number. Each call turns the route's 404 into
// FeatureAbsentError (an Enterprise Server without sub-issues), except getParentIssue, where a 404
// also means "no parent": the issue's own `parentIssueUrl` / `subIssuesSummary` tell the two apart
// (absent fields: no sub-issues on this server).
import type { CurrentIssue } from '../plan/model.js';
import type { GitHubClient } from './client.js';
import { httpStatus, orFeatureAbsent } from './errors.js';
import { toCurrentIssue, type ApiIssue } from './issues.js';
import { PER_PAGE, type RepoRef } from './repo.js';

/** An issue read through a sub-issue or dependency list: it may live in another repository. */
export type LinkedIssue = CurrentIssue & { id: number; repositoryUrl: string };

export function toLinkedIssue(i: ApiIssue & { id: number; repository_url: string }): LinkedIssue {
  return { ...toCurrentIssue(i), id: i.id, repositoryUrl: i.repository_url };
}

/** Every sub-issue of `parent`, in GitHub's order (100 a page; a parent holds at most 100). */
export async function listSubIssues(client: GitHubClient, repo: RepoRef, parent: number): Promise<LinkedIssue[]> {
  const items = await orFeatureAbsent('sub-issues', () =>
    client.octokit.paginate(client.octokit.rest.issues.listSubIssues, { owner: repo.owner, repo: repo.name, issue_number: parent, per_page: PER_PAGE }),
  );
  return items.map((i) => toLinkedIssue(i as ApiIssue & { id: number; repository_url: string }));
}

/**
 * Makes issue `subIssueId` a sub-issue of `parent`, last in order. GitHub refuses (422, see
 * validationMessages) an issue that has another parent unless `replaceParent`, a duplicate, the
 * 101st, a 9th level and another owner's issue. Not retried blindly: after a lost answer, list first.
 */
export async function addSubIssue(
  client: GitHubClient,
  repo: RepoRef,
  parent: number,
  subIssueId: number,
  options: { replaceParent?: boolean } = {},
): Promise<void> {
  await orFeatureAbsent('sub-issues', () =>
    client.octokit.rest.issues.addSubIssue({
      owner: repo.owner,
      repo: repo.name,
      issue_number: parent,
      sub_issue_id: subIssueId,
      ...(options.replaceParent ? { replace_parent: true } : {}),
      request: { retries: 0 },
    }),
  );
}

/** Moves sub-issue `subIssueId` of `parent` to just after (or before) another of its sub-issues. */
export async function reprioritizeSubIssue(
  client: GitHubClient,
  repo: RepoRef,
  parent: number,
  subIssueId: number,
  place: { afterId: number } | { beforeId: number },
): Promise<void> {
  await orFeatureAbsent('sub-issues', () =>
    client.octokit.rest.issues.reprioritizeSubIssue({
      owner: repo.owner,
      repo: repo.name,
      issue_number: parent,
      sub_issue_id: subIssueId,
      ...('afterId' in place ? { after_id: place.afterId } : { before_id: place.beforeId }),
    }),
  );
}

/** Takes sub-issue `subIssueId` off `parent`. GitHub answers 404 as well when it is not a sub-issue of it. */
export async function removeSubIssue(client: GitHubClient, repo: RepoRef, parent: number, subIssueId: number): Promise<void> {
  await orFeatureAbsent('sub-issues', () =>
    client.octokit.rest.issues.removeSubIssue({ owner: repo.owner, repo: repo.name, issue_number: parent, sub_issue_id: subIssueId }),
  );
}

/** The parent of issue `number`; null on 404 (no parent, or no sub-issues on this server: see above). */
export async function getParentIssue(client: GitHubClient, repo: RepoRef, number: number): Promise<LinkedIssue | null> {
  try {
    const { data } = await client.octokit.rest.issues.getParent({ owner: repo.owner, repo: repo.name, issue_number: number });
    return toLinkedIssue(data as ApiIssue & { id: number; repository_url: string });
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
