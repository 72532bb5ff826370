// A sync's first reads (the repository, the first page of its labels, of its milestones) sent the
// moment the Action knows its token and repository, before the client and the sync's code are
// loaded: loading them is most of the time to the first answer, and the reads travel meanwhile.
//
// The answers wait here until the client asks for the same URL with the same token; the client's
// fetch (src/github/client.ts) then takes the waiting answer instead of sending the request again,
// so everything above the fetch (Octokit, its retry and throttling plugins, pagination, the
// request counts) sees one ordinary request and answer. A read the run never asks for is dropped
// at the end of the run.
//
// Light on purpose: it is part of the Action's entry, which loads before anything else. undici and
// @actions/http-client are there already (@actions/core imports them).
import { HttpClient } from '@actions/http-client';
import { fetch as undiciFetch } from 'undici';
import { PER_PAGE, type RepoRef } from './repo.js';

type Fetch = typeof globalThis.fetch;

interface Waiting {
  authorization: string;
  response: Promise<Response>;
}

const waiting = new Map<string, Waiting>();

/**
 * The same request whatever the order of its query parameters: Octokit builds the query from its
 * options' keys, and the early read must not depend on that order to be found.
 */
function requestKey(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  parsed.searchParams.sort();
  parsed.hash = '';
  return parsed.href;
}

/** The paths of the first reads, as src/github/first-reads.ts asks for them. */
export function firstReadPaths(repo: RepoRef): string[] {
  const root = `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}`;
  return [root, `${root}/labels?per_page=${PER_PAGE}`, `${root}/milestones?state=all&per_page=${PER_PAGE}`];
}

export interface EarlyReadsOptions {
  /** The API root, as normalizeBaseUrl gives it (no trailing slash). */
  baseUrl: string;
  token: string;
  repo: RepoRef;
  /** The transport; the proxy-aware undici fetch @actions/github uses when left out. */
  fetch?: Fetch;
}

/** Sends the first reads now; returns how many were sent. */
export function startEarlyReads(options: EarlyReadsOptions): number {
  const send = options.fetch ?? actionsFetch(options.baseUrl);
  // Octokit's own headers for these requests: the default media type and the token scheme
  // @actions/github uses for every kind of token.
  const authorization = `token ${options.token}`;
  const headers = { accept: 'application/vnd.github.v3+json', authorization, 'user-agent': 'lifecycle-action' };
  let sent = 0;
  for (const path of firstReadPaths(options.repo)) {
    const key = requestKey(`${options.baseUrl}${path}`);
    if (key === null || waiting.has(key)) continue;
    const response = send(`${options.baseUrl}${path}`, { method: 'GET', headers }).then(held);
    // Whoever takes it gets the failure; one never taken must not end the process.
    response.catch(() => undefined);
    waiting.set(key, { authorization, response });
    sent += 1;
  }
  return sent;
}

/**
 * The answer read to its end at once and kept in memory (a page is at most 100 items): a body left
 * unread holds its connection, and loading the sync can take longer than the server keeps an idle
 * connection open, after which the unread body fails and Octokit would read it as empty.
 */
async function held(response: Response): Promise<Response> {
  const body = NULL_BODY.has(response.status) ? null : await response.arrayBuffer();
  const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

const NULL_BODY = new Set([101, 204, 205, 304]);

/** What @actions/github sends through: undici's fetch, through the runner's proxy when one is set. */
function actionsFetch(baseUrl: string): Fetch {
  const dispatcher = new HttpClient().getAgentDispatcher(baseUrl);
  return ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), ...(dispatcher ? { dispatcher } : {}) })) as unknown as Fetch;
}

/**
 * A fetch that answers a GET from a waiting early read of the same URL and token (once), and sends
 * everything else through `inner`.
 */
export function servingEarlyReads(inner: Fetch): Fetch {
  return (input, init) => {
    if (waiting.size === 0) return inner(input, init);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const key = method === 'GET' ? requestKey(url) : null;
    const early = key === null ? undefined : waiting.get(key);
    if (key === null || early === undefined || early.authorization !== authorizationOf(init)) return inner(input, init);
    waiting.delete(key);
    return early.response;
  };
}

function authorizationOf(init: RequestInit | undefined): string | null {
  return init?.headers === undefined ? null : new Headers(init.headers).get('authorization');
}

/** Forgets the answers nobody asked for (a run that ended before its sync read them). */
export function dropEarlyReads(): void {
  waiting.clear();
}
