// The repository itself: one GET that proves the token can see it and gives its web address.
import type { GitHubClient } from './client.js';
import { readError } from './read-state.js';
import type { RepoRef } from './repo.js';

export interface RepositoryInfo {
  fullName: string;
  htmlUrl: string;
  /** What the token may do, when GitHub says (personal tokens); an Actions token's scopes are not shown here. */
  canPush: boolean | null;
}

export async function getRepository(client: GitHubClient, repo: RepoRef): Promise<RepositoryInfo> {
  try {
    const { data } = await client.octokit.rest.repos.get({ owner: repo.owner, repo: repo.name });
    return { fullName: data.full_name, htmlUrl: data.html_url, canPush: data.permissions?.push ?? null };
  } catch (error) {
    throw readError(error, repo);
  }
}
