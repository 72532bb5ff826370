// Comments the sync leaves on issues it closes (prune, duplicates). Posting one is not idempotent,
// so the caller checks for the same text before posting and after an unanswered post.
import type { GitHubClient } from './client.js';
import { NO_REDIRECT, refuseRedirect } from './moved.js';
import { PER_PAGE, type RepoRef } from './repo.js';

export async function listIssueCommentBodies(client: GitHubClient, repo: RepoRef, issue: number): Promise<string[]> {
  const comments = await client.octokit.paginate(client.octokit.rest.issues.listComments, {
    owner: repo.owner,
    repo: repo.name,
    issue_number: issue,
    per_page: PER_PAGE,
  });
  return comments.map((c) => c.body ?? '');
}

export async function createIssueComment(client: GitHubClient, repo: RepoRef, issue: number, body: string): Promise<string> {
  const response = await client.octokit.rest.issues.createComment({
    owner: repo.owner,
    repo: repo.name,
    issue_number: issue,
    body,
    request: { retries: 0, ...NO_REDIRECT },
  });
  refuseRedirect(response, issue);
  return response.data.html_url;
}
