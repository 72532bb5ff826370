// The HTTP front of the emulator: authentication, rate limits, permissions, faults, logging, and
// GitHub's headers around each route's answer. Only node:http.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import { DOCS, HttpError, forbiddenIntegration, notFound } from './errors.js';
import { describeFault, type Fault, type Faults } from './faults.js';
import type { RequestLog } from './log.js';
import type { RateLimiter, WindowStatus } from './ratelimit.js';
import type { Reply, RequestContext, Router } from './router.js';
import type { SearchOptions } from './routes/search.js';
import type { Json, Urls } from './shapes.js';
import type { EmulatorState, TokenRecord } from './state.js';

/** One request and its answer, as seen on the wire; the tests check these against GitHub's OpenAPI description. */
export interface Exchange {
  n: number;
  method: string;
  /** OpenAPI template of the matched route; null when no route matched. */
  route: string | null;
  path: string;
  params: Record<string, string>;
  query: [string, string][];
  requestHeaders: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  requestBody: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  /** The connection was reset or the response dropped by an injected fault. */
  dropped: boolean;
}

export interface ServerDeps {
  state: EmulatorState;
  clock: Clock;
  router: Router;
  limiter: RateLimiter;
  faults: Faults;
  log: RequestLog;
  search: Required<SearchOptions>;
  urls: () => Urls;
  onExchange?: (exchange: Exchange) => void;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const MAX_BODY = 10 * 1024 * 1024;

export function createHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  let counter = 0;
  return (req, res) => {
    const n = ++counter;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      handle(deps, n, req, res, Buffer.concat(chunks).toString('utf8'), size > MAX_BODY).catch((error: unknown) => {
        // A bug in a route must not take the server down; answer as GitHub does when it breaks.
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ message: 'Server Error', documentation_url: DOCS, status: '500', detail: String(error) }));
        }
      });
    });
    req.on('error', () => res.destroy());
  };
}

interface Outcome {
  reply: Reply;
  token: TokenRecord | null;
  rate: WindowStatus | null;
}

async function handle(deps: ServerDeps, n: number, req: IncomingMessage, res: ServerResponse, rawBody: string, tooLarge: boolean): Promise<void> {
  const { state, clock, router, log } = deps;
  const urls = deps.urls();
  const at = clock.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const rawQuery = url.search.replace(/^\?/, '');

  // /repositories/{id}/… is how GitHub writes Link headers for repository lists; it is the same resource.
  let routePath = path;
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (byId) {
    const repo = state.reposById.get(Number(byId[1]));
    if (repo) routePath = `/repos/${repo.owner}/${repo.name}${byId[2] ?? ''}`;
  }

  let matched: ReturnType<Router['match']> = null;
  let matchError: HttpError | null = null;
  try {
    matched = router.match(method, routePath);
  } catch (error) {
    if (error instanceof HttpError) matchError = error;
    else throw error;
  }
  const template = matched?.route.template ?? null;
  const write = WRITE_METHODS.has(method) && !matched?.route.reads;

  let requestBody: unknown = undefined;
  let malformed = false;
  if (rawBody.trim() !== '') {
    try {
      requestBody = JSON.parse(rawBody);
    } catch {
      requestBody = rawBody;
      malformed = true;
    }
  }

  const fault = deps.faults.take({ n, method, route: template });
  const faultName = fault ? describeFault(fault.spec) : null;
  if (fault?.spec.delayMs) await sleep(fault.spec.delayMs);

  const exchangeBase = {
    n,
    method,
    route: template,
    path,
    params: matched?.params ?? {},
    query: [...url.searchParams.entries()],
    requestHeaders: { ...req.headers },
    requestBody,
  };

  const finish = (status: number, headers: Record<string, string>, body: unknown, dropped: boolean, login: string | null): void => {
    log.record({ n, method, route: template, path, query: rawQuery, status: dropped ? 0 : status, write, at, login, fault: faultName });
    deps.onExchange?.({ ...exchangeBase, status, responseHeaders: headers, responseBody: body, dropped });
  };

  if (fault?.spec.reset) {
    res.destroy();
    finish(0, {}, undefined, true, null);
    return;
  }

  let outcome: Outcome;
  if (fault?.spec.status !== undefined) {
    outcome = { reply: faultReply(fault), token: null, rate: null };
  } else {
    outcome = run(deps, urls, { method, path, routePath, rawQuery, query: url.searchParams, matched, matchError, req, requestBody, malformed, tooLarge });
  }

  const headers = responseHeaders(deps, outcome, matched?.route.docs);
  const reply = outcome.reply;
  let payload: string | undefined;
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] = 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
  const login = outcome.token?.login ?? null;

  if (fault?.spec.dropResponse) {
    res.destroy();
    finish(reply.status, headers, reply.body, true, login);
    return;
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
  finish(reply.status, headers, reply.body, false, login);
}

interface RunInput {
  method: string;
  path: string;
  routePath: string;
  rawQuery: string;
  query: URLSearchParams;
  matched: ReturnType<Router['match']>;
  matchError: HttpError | null;
  req: IncomingMessage;
  requestBody: unknown;
  malformed: boolean;
  tooLarge: boolean;
}

function run(deps: ServerDeps, urls: Urls, input: RunInput): Outcome {
  const { state, limiter } = deps;
  let token: TokenRecord | null = null;
  let rate: WindowStatus | null = null;
  try {
    if (input.matchError) throw input.matchError;
    const auth = readToken(input.req.headers.authorization);
    if (auth === null) {
      throw new HttpError(401, 'Requires authentication', { documentationUrl: 'https://docs.github.com/rest' });
    }
    token = state.tokens.get(auth) ?? null;
    if (!token) throw new HttpError(401, 'Bad credentials', { documentationUrl: 'https://docs.github.com/rest' });
    if (!input.matched) throw notFound();
    const { route, params } = input.matched;

    const resource = route.resource ?? 'core';
    if (resource !== 'none') {
      const used = limiter.consume(token.token, resource, resource === 'search' ? null : token.rateLimit);
      rate = used.status;
      if (!used.allowed) {
        const message =
          resource === 'search'
            ? `API rate limit exceeded for user ID ${state.user(token.login).id}.`
            : `API rate limit exceeded for ${token.kind === 'user' ? `user ID ${state.user(token.login).id}` : `installation ID ${state.user(token.login).id}`}.`;
        throw new HttpError(403, message, {
          documentationUrl: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits',
        });
      }
    }

    let repo = null;
    if (params.owner !== undefined && params.repo !== undefined) {
      repo = state.findRepo(params.owner, params.repo) ?? null;
      if (!repo || (token.repositories && !token.repositories.has(repo.fullName.toLowerCase()))) throw notFound();
    }

    const write = WRITE_METHODS.has(route.method) && !route.reads;
    const granted = token.permissions[route.permission];
    if (granted === 'none' || (write && granted !== 'write')) throw forbiddenIntegration();

    if (input.tooLarge) throw new HttpError(413, 'Payload too large');
    if (input.malformed) throw new HttpError(400, 'Problems parsing JSON');
    if (write && route.createsContent) {
      const waitMs = limiter.contentCreation(token.token);
      if (waitMs !== null) {
        const retryAfter = Math.max(1, Math.ceil(deps.clock.toWallDelay(waitMs) / 1000));
        throw new HttpError(
          limiter.options.secondaryStatus,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          {
            documentationUrl: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            headers: limiter.options.secondaryRetryAfter ? { 'retry-after': String(retryAfter) } : {},
          },
        );
      }
    }

    const ctx: RequestContext = {
      method: input.method,
      path: input.path,
      routePath: input.routePath,
      query: input.query,
      rawQuery: input.rawQuery,
      params,
      body: input.requestBody,
      token,
      state,
      urls,
      clock: deps.clock,
      search: deps.search,
      repo,
    };
    return { reply: route.handle(ctx), token, rate };
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    const docs = input.matched?.route.docs ?? DOCS;
    return { reply: { status: error.status, body: error.body(docs), headers: error.extra.headers }, token, rate };
  }
}

function faultReply(fault: Fault): Reply {
  const status = fault.spec.status ?? 500;
  const messages: Record<number, string> = { 500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
  return { status, body: { message: messages[status] ?? 'Server Error', documentation_url: DOCS, status: String(status) } };
}

function responseHeaders(deps: ServerDeps, outcome: Outcome, _docs: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'access-control-expose-headers':
      'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
    date: new Date(deps.clock.now()).toUTCString(),
  };
  if (outcome.rate) Object.assign(headers, rateHeaders(deps.clock, outcome.rate));
  for (const [key, value] of Object.entries(outcome.reply.headers ?? {})) headers[key.toLowerCase()] = value;
  return headers;
}

/**
 * x-ratelimit-* as GitHub writes them. The reset time is converted to wall-clock time so that a
 * client that waits until it (as Octokit's throttling plugin does) waits the right real duration
 * even when the emulated clock runs faster.
 */
export function rateHeaders(clock: Clock, status: WindowStatus): Record<string, string> {
  return {
    'x-ratelimit-limit': String(status.limit),
    'x-ratelimit-remaining': String(status.remaining),
    'x-ratelimit-used': String(status.used),
    'x-ratelimit-reset': String(Math.ceil(clock.toWallTime(status.reset) / 1000)),
    'x-ratelimit-resource': status.resource,
  };
}

function readToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type { Json };
