// Who the token writes as: the login GitHub puts on the comments and issues the token creates. The
// guide tells its own sticky comment from a copy by it, and the sync looks among that login's
// issues for managed ones that lost their label and milestone.
//
//   token                          GraphQL `viewer { login }`   GET /user
//   personal (classic, fine-grained)   its user's login          200, the same login
//   the Actions GITHUB_TOKEN           github-actions[bot]       403
//   a GitHub App installation token    <app-slug>[bot]           403
//
// A 403 from GET /user says "not a user", not which bot: taking it for github-actions[bot] made an
// App token miss its own comment and post a new one on every run. So the GraphQL `viewer`, which
// answers every kind, is asked first, and GET /user is the fallback (a server or token without
// GraphQL). When neither answers (an outage, a refused query) the identity is unknown, and callers
// must act as if they did not know it rather than guess: the guide then writes nothing over an
// existing marked comment, and the sync skips the look-up that needs it.
import type { GitHubClient } from './client.js';
import { errorMessage, httpStatus } from './errors.js';

export const ACTIONS_IDENTITY = 'github-actions[bot]';

export type IdentityResult =
  | { login: string; via: 'input' | 'graphql' | 'user' }
  | { login: null; reason: string };

/** What to do about an unknown identity, for warnings. */
export const IDENTITY_HINT =
  'Set the `identity` input (CLI: --identity) to the login this token writes as, e.g. my-app[bot] for a GitHub App or github-actions[bot] for the Actions token.';

// A user login: letters, digits and single dashes, at most 39 characters; an App's bot adds "[bot]".
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

/** The login as given by a person (input or flag), or an error message saying what is wrong. */
export function parseLogin(text: string, name: string): { login: string } | { error: string } {
  const login = text.trim().replace(/^@/, '');
  if (LOGIN.test(login)) return { login };
  return { error: `${name} must be a GitHub login such as octocat, my-app[bot] or github-actions[bot], not "${text}".` };
}

interface ViewerAnswer {
  viewer?: { login?: unknown } | null;
}

async function viewerLogin(client: GitHubClient): Promise<string> {
  const data = await client.octokit.graphql<ViewerAnswer>('query { viewer { login } }');
  const login = data.viewer?.login;
  if (typeof login !== 'string' || login === '') throw new Error('GraphQL answered without viewer.login');
  return login;
}

function describe(error: unknown): string {
  const status = httpStatus(error);
  return status === null ? errorMessage(error) : `${status} ${errorMessage(error)}`;
}

/**
 * Asks GitHub who the token is. Transient failures (5xx, a dropped connection) are retried by the
 * client first; a second way is tried when the first fails.
 */
export async function findIdentity(client: GitHubClient): Promise<IdentityResult> {
  let graphqlProblem: string;
  try {
    return { login: await viewerLogin(client), via: 'graphql' };
  } catch (error) {
    graphqlProblem = describe(error);
  }
  try {
    const { data } = await client.octokit.rest.users.getAuthenticated();
    return { login: data.login, via: 'user' };
  } catch (error) {
    const userProblem = httpStatus(error) === 403 ? '403: not a user token, so it cannot say which bot it is' : describe(error);
    return { login: null, reason: `GraphQL viewer: ${graphqlProblem}; GET /user: ${userProblem}` };
  }
}

/** The login, or null when GitHub could not say. */
export async function resolveIdentity(client: GitHubClient): Promise<string | null> {
  return (await findIdentity(client)).login;
}

/** One look-up per run, however many callers ask, and none when the login was given. */
export function identitySource(client: GitHubClient, given: string | null | undefined): () => Promise<IdentityResult> {
  let pending: Promise<IdentityResult> | null = null;
  return () => {
    pending ??= given ? Promise.resolve({ login: given, via: 'input' as const }) : findIdentity(client);
    return pending;
  };
}
