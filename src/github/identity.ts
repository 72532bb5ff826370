// Who the token writes as. A personal token answers GET /user with its login; the Actions
// GITHUB_TOKEN answers 403 there, and what it writes is authored by github-actions[bot].
import type { GitHubClient } from './client.js';
import { httpStatus } from './errors.js';

export const ACTIONS_IDENTITY = 'github-actions[bot]';

export async function resolveIdentity(client: GitHubClient): Promise<string | null> {
  try {
    const { data } = await client.octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    if (httpStatus(error) === 403) return ACTIONS_IDENTITY;
    return null;
  }
}
