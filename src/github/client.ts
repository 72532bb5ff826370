// The one GitHub client every call goes through: @actions/github's Octokit with the throttling and
// retry plugins, writes spaced out as GitHub asks, and request counts for reports and benchmarks.
//
// Time. The gaps this client chooses itself (between writes, between searches, before retrying a
// 5xx) are named in *server* time and divided by `timeScale` before the process sleeps: against
// GitHub timeScale is 1; against the emulator running its clock N times faster, pass N, so that
// "one write per second" still means one write per emulated second and the emulated secondary
// limit sees exactly the rate GitHub would. The waits the server names (`retry-after`,
// `x-ratelimit-reset`) are honoured as given: GitHub states them in real time, and the emulator
// converts its own clock to real time before it answers, so neither is scaled again here.
import { getOctokit } from '@actions/github';
import { defaults as actionsDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { ThrottlingOptions } from '@octokit/plugin-throttling';
import { normalizeBaseUrl } from './base-url.js';
import { servingEarlyReads } from './early-reads.js';
import { failFastWhenUnreachable } from './unreachable.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ClientTiming {
  /** Server seconds per real second, for the gaps this client chooses: 1 against GitHub, the emulator clock speed against it. */
  timeScale?: number;
  /** Least gap between the starts of two writes, in server milliseconds. GitHub asks for 1,000. */
  writeSpacingMs?: number;
  /** Least gap between two Search API calls, in server milliseconds (30 a minute → 2,000). */
  searchSpacingMs?: number;
  /** How many times one request waits out a secondary limit before giving up. */
  secondaryRetries?: number;
  /**
   * How long to wait out a secondary limit that does not say (no retry-after: GitHub's 403s and
   * 429s sometimes come without one), in server milliseconds. GitHub's advice: at least a minute.
   */
  secondaryFallbackMs?: number;
  /** A secondary-limit wait longer than this (server seconds) ends the run cleanly instead. */
  maxRetryAfterSeconds?: number;
  /**
   * Retries of idempotent requests after a 5xx or a dropped connection (creates are never retried
   * blindly). A refused connection, an unknown host or a refused certificate is never retried.
   */
  retries?: number;
  /** Back-off unit for those retries, in server milliseconds (the plugin waits (n+1)² units). */
  retryBackoffMs?: number;
}

export interface ClientOptions {
  token: string;
  /** REST API root: https://api.github.com, https://HOST/api/v3 on GitHub Enterprise Server, or the emulator's URL. */
  baseUrl: string;
  userAgent?: string;
  log?: Logger;
  timing?: ClientTiming;
}

export interface RequestStats {
  /** Every HTTP request sent, retries included. */
  total: number;
  reads: number;
  writes: number;
  /** Secondary-limit answers waited out. */
  secondaryLimitWaits: number;
  /** The last primary-limit headers seen (null where GitHub Enterprise Server has limits off). */
  rateLimit: { limit: number; remaining: number; resetAt: string } | null;
}

export interface GitHubClient {
  octokit: Octokit;
  baseUrl: string;
  stats: RequestStats;
  timing: Required<ClientTiming>;
  log: Logger;
}

export const PRODUCTION_TIMING: Required<ClientTiming> = {
  timeScale: 1,
  writeSpacingMs: 1000,
  searchSpacingMs: 2000,
  secondaryRetries: 5,
  secondaryFallbackMs: 60_000,
  maxRetryAfterSeconds: 900,
  retries: 3,
  retryBackoffMs: 1000,
};

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

type Group = NonNullable<ThrottlingOptions['write']>;
type Schedule = (options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => Promise<unknown>;

/**
 * Stands in for the plugin's Bottleneck groups (its defaults are 1 s between writes and 3 s between
 * notifying writes, in real time, shared by every client in the process). This one spaces job
 * starts by `spacingMs` real milliseconds, per client, so a scaled clock scales the spacing too.
 */
export function pacedGroup(spacingMs: number): Group {
  let nextStart = 0;
  let chain: Promise<unknown> = Promise.resolve();
  const schedule: Schedule = (options, job, ...args) => {
    // Bottleneck's schedule takes an optional options object first.
    const [fn, fnArgs] = typeof options === 'function' ? [options as typeof job, [job, ...args]] : [job, args];
    const turn = chain.then(async () => {
      const wait = nextStart - Date.now();
      if (wait > 0) await sleep(wait);
      nextStart = Date.now() + spacingMs;
    });
    chain = turn.catch(() => undefined);
    return turn.then(() => fn(...fnArgs));
  };
  const limiter = { schedule };
  return { key: () => limiter } as unknown as Group;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Fetch = typeof globalThis.fetch;

function isGraphql(input: Parameters<Fetch>[0]): boolean {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return /\/graphql(?:\?|$)/.test(url);
}

export function createClient(options: ClientOptions): GitHubClient {
  const timing: Required<ClientTiming> = { ...PRODUCTION_TIMING, ...options.timing };
  if (!(timing.timeScale > 0)) throw new Error('timing.timeScale must be a positive number');
  const real = (serverMs: number) => serverMs / timing.timeScale;
  const log = options.log ?? SILENT;
  const baseUrl = normalizeBaseUrl(options.baseUrl);
  const stats: RequestStats = { total: 0, reads: 0, writes: 0, secondaryLimitWaits: 0, rateLimit: null };

  const octokit = getOctokit(
    options.token,
    {
      baseUrl,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      log: {
        debug: (message: string) => log.debug(message),
        info: (message: string) => log.debug(message),
        warn: (message: string) => log.warn(message),
        error: (message: string) => log.error(message),
      },
      request: { ...actionsDefaults.request, fetch: countingFetch(stats) },
      throttle: throttleOptions(timing, log, stats),
      retry: { retries: timing.retries, retryAfterBaseValue: real(timing.retryBackoffMs) },
    },
    failFastWhenUnreachable,
    throttling,
    retry,
  );
  return { octokit, baseUrl, stats, timing, log };
}

// Count at the fetch level so retries count as the requests they are; keep the proxy-aware
// fetch @actions/github would have used. A read the Action sent before this client existed is
// answered from its waiting answer (src/github/early-reads.ts), counted here like any other.
function countingFetch(stats: RequestStats): Fetch {
  const innerFetch = servingEarlyReads((actionsDefaults.request?.fetch as Fetch | undefined) ?? globalThis.fetch);
  return async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    stats.total += 1;
    // The only GraphQL this client sends is a query (who the token is): a read, though it is a POST.
    if (method === 'GET' || method === 'HEAD' || isGraphql(input)) stats.reads += 1;
    else stats.writes += 1;
    const response = await innerFetch(input, init);
    const limit = response.headers.get('x-ratelimit-limit');
    const remaining = response.headers.get('x-ratelimit-remaining');
    const reset = response.headers.get('x-ratelimit-reset');
    if (limit !== null && remaining !== null && reset !== null) {
      stats.rateLimit = { limit: Number(limit), remaining: Number(remaining), resetAt: new Date(Number(reset) * 1000).toISOString() };
    }
    return response;
  };
}

// `global` is read by the plugin like the other groups, though its options type leaves it out.
function throttleOptions(timing: Required<ClientTiming>, log: Logger, stats: RequestStats): ThrottlingOptions & { global: Group } {
  const real = (serverMs: number) => serverMs / timing.timeScale;
  return {
    id: `lifecycle-${Math.random().toString(36).slice(2)}`,
    // The plugin's default global group caps concurrency at 10 through one more Bottleneck queue,
    // which costs milliseconds a request; this client never has more than a few requests in
    // flight (GitHub allows 100), so requests that are not writes or searches go straight out.
    global: pacedGroup(0),
    write: pacedGroup(real(timing.writeSpacingMs)),
    // The write group already spaces every write; a second, longer gap for notifying ones would
    // triple the time of a first sync for nothing GitHub documents.
    notifications: pacedGroup(0),
    search: pacedGroup(real(timing.searchSpacingMs)),
    // retry-after is in real seconds already (see the note at the top).
    retryAfterBaseValue: 1000,
    // No retry-after: the client's own wait, a server minute (so scaled like the other gaps it chooses).
    fallbackSecondaryRateRetryAfter: real(timing.secondaryFallbackMs) / 1000,
    onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
      if (retryCount >= timing.secondaryRetries || retryAfter > timing.maxRetryAfterSeconds) {
        log.warn(`Secondary rate limit on ${request.method} ${request.url}: giving up after ${retryCount} retries (retry-after ${retryAfter}s).`);
        return false;
      }
      stats.secondaryLimitWaits += 1;
      log.info(`Secondary rate limit on ${request.method} ${request.url}: waiting ${retryAfter}s as GitHub asks.`);
      return true;
    },
    // Waiting up to an hour for the primary limit to reset would hold a runner for nothing: stop,
    // and let the caller report when it resets and what is left (see RateLimitError).
    onRateLimit: (retryAfter, request) => {
      log.warn(`Primary rate limit exhausted on ${request.method} ${request.url}; it resets in ${retryAfter}s.`);
      return false;
    },
  };
}
