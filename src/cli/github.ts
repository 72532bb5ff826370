// How every CLI command that talks to GitHub gets its client: the token from GITHUB_TOKEN or
// GH_TOKEN, the API root from --api-url or GITHUB_API_URL, warnings on stderr. Read once, here.
import { createClient, type ClientTiming, type GitHubClient } from '../github/client.js';
import { paint, UsageError, useColor } from './io.js';

export const DEFAULT_API = 'https://api.github.com';

export interface GitHubEnv {
  GITHUB_TOKEN?: string | undefined;
  GH_TOKEN?: string | undefined;
  GITHUB_API_URL?: string | undefined;
}

/** The token, from GITHUB_TOKEN or else GH_TOKEN (the GitHub CLI's name for it). */
export function tokenFrom(env: GitHubEnv): string {
  const token = env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim();
  if (!token) {
    throw new UsageError(
      'no token: set GITHUB_TOKEN (or GH_TOKEN) to a token that may write issues in the repository, ' +
        'e.g. GITHUB_TOKEN=$(gh auth token) lifecycle sync --repo owner/name',
    );
  }
  return token;
}

/** --api-url, else GITHUB_API_URL (set on GitHub Enterprise Server runners), else api.github.com. */
export function apiUrlFrom(apiUrl: string | undefined, env: GitHubEnv): string {
  const url = apiUrl ?? env.GITHUB_API_URL ?? DEFAULT_API;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`--api-url is not a URL: "${url}"`);
  }
  return url;
}

export function cliClient(options: { apiUrl?: string | undefined; env: GitHubEnv; timing?: ClientTiming }): GitHubClient {
  const warnColor = useColor(process.stderr);
  return createClient({
    token: tokenFrom(options.env),
    baseUrl: apiUrlFrom(options.apiUrl, options.env),
    userAgent: 'lifecycle-cli',
    ...(options.timing ? { timing: options.timing } : {}),
    log: {
      debug: () => {},
      info: () => {},
      warn: (message) => process.stderr.write(`${paint('warning:', 'yellow', warnColor)} ${message}\n`),
      error: (message) => process.stderr.write(`${message}\n`),
    },
  });
}
