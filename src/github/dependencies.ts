// Issue dependencies: the issues an issue is blocked by (list, add, remove) and those it blocks.
// GitHub names the blocking issue by its `id`. A 404 from these routes becomes FeatureAbsentError
// (an Enterprise Server before 3.19); removing a dependency that is not there answers 404 too.
import type { GitHubClient } from './client.js';
import { orFeatureAbsent } from './errors.js';
import type { ApiIssue } from './issues.js';
import { PER_PAGE, type RepoRef } from './repo.js';
import { toLinkedIssue, type LinkedIssue } from './sub-issues.js';

type ListedIssue = ApiIssue & { id: number; repository_url: string };

/** Every issue that blocks issue `number` (100 a page). */
export async function listBlockedBy(client: GitHubClient, repo: RepoRef, number: number): Promise<LinkedIssue[]> {
  const items = await orFeatureAbsent('dependencies', () =>
    client.octokit.paginate(client.octokit.rest.issues.listDependenciesBlockedBy, { owner: repo.owner, repo: repo.name, issue_number: number, per_page: PER_PAGE }),
  );
  return items.map((i) => toLinkedIssue(i as ListedIssue));
}

/** Every issue that issue `number` blocks (100 a page). */
export async function listBlocking(client: GitHubClient, repo: RepoRef, number: number): Promise<LinkedIssue[]> {
  const items = await orFeatureAbsent('dependencies', () =>
    client.octokit.paginate(client.octokit.rest.issues.listDependenciesBlocking, { owner: repo.owner, repo: repo.name, issue_number: number, per_page: PER_PAGE }),
  );
  return items.map((i) => toLinkedIssue(i as ListedIssue));
}

/** Marks issue `number` blocked by the issue with id `blockingIssueId`. Not retried blindly: after a lost answer, list first. */
export async function addBlockedBy(client: GitHubClient, repo: RepoRef, number: number, blockingIssueId: number): Promise<void> {
  await orFeatureAbsent('dependencies', () =>
    client.octokit.rest.issues.addBlockedByDependency({
      owner: repo.owner,
      repo: repo.name,
      issue_number: number,
      issue_id: blockingIssueId,
      request: { retries: 0 },
    }),
  );
}

export async function removeBlockedBy(client: GitHubClient, repo: RepoRef, number: number, blockingIssueId: number): Promise<void> {
  await orFeatureAbsent('dependencies', () =>
    client.octokit.rest.issues.removeDependencyBlockedBy({ owner: repo.owner, repo: repo.name, issue_number: number, issue_id: blockingIssueId }),
  );
}
