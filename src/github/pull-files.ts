// The files a pull request changes, page by page. GitHub stops the list at 3,000 files whatever
// the pull request holds; the payload's `changed_files` tells when that happened.
import type { GitHubClient } from './client.js';
import { PER_PAGE, type RepoRef } from './repo.js';

export const PULL_FILES_CAP = 3000;

export interface PullFiles {
  /** Changed paths; a renamed file counts under its old and its new path. */
  files: string[];
  /** File entries GitHub listed (at most 3,000). */
  listed: number;
  /** How many files the pull request changes, when known (`pull_request.changed_files`). */
  changedFiles: number | null;
  /** True when GitHub listed fewer files than the pull request changes. */
  truncated: boolean;
  /** Requests made. */
  requests: number;
}

function hasNextPage(link: string | undefined): boolean {
  return typeof link === 'string' && /rel="next"/.test(link);
}

/**
 * Lists the changed files with 100 per page, following `Link: rel="next"` (so no request is spent
 * on an empty last page) and stopping at GitHub's cap of 3,000.
 */
export async function listPullFiles(
  client: GitHubClient,
  repo: RepoRef,
  pullNumber: number,
  changedFiles: number | null = null,
): Promise<PullFiles> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (path: string | undefined): void => {
    if (path && !seen.has(path)) {
      seen.add(path);
      files.push(path);
    }
  };
  let listed = 0;
  let requests = 0;
  for (let page = 1; listed < PULL_FILES_CAP; page++) {
    const response = await client.octokit.rest.pulls.listFiles({ owner: repo.owner, repo: repo.name, pull_number: pullNumber, per_page: PER_PAGE, page });
    requests++;
    for (const entry of response.data) {
      add(entry.filename);
      add(entry.previous_filename);
    }
    listed += response.data.length;
    // The Link header, not the event's `changed_files`, says whether more pages exist: the payload
    // may predate a push that added files.
    if (response.data.length < PER_PAGE || !hasNextPage(response.headers.link)) break;
  }
  return { files, listed, changedFiles, truncated: changedFiles !== null ? listed < changedFiles : listed >= PULL_FILES_CAP, requests };
}
