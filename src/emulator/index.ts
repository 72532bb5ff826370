// The embedded GitHub REST emulator: a stateful, in-memory slice of GitHub's REST API over real
// HTTP on loopback, for the demo, the integration tests and the benchmarks.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock, type Clock } from './clock.js';
import { Faults } from './faults.js';
import { RequestLog } from './log.js';
import { RateLimiter, resolveLimits, type LimitOptions } from './ratelimit.js';
import { Router, type Route } from './router.js';
import { commentRoutes } from './routes/comments.js';
import { dependencyRoutes } from './routes/dependencies.js';
import { gitRoutes } from './routes/git.js';
import { graphqlRoutes } from './routes/graphql.js';
import { issueRoutes } from './routes/issues.js';
import { labelRoutes } from './routes/labels.js';
import { lockRoutes } from './routes/locks.js';
import { metaRoutes } from './routes/meta.js';
import { milestoneRoutes } from './routes/milestones.js';
import { pullRoutes } from './routes/pulls.js';
import { repoRoutes } from './routes/repos.js';
import { resolveSearch, searchRoutes, type SearchOptions } from './routes/search.js';
import { subIssueRoutes } from './routes/sub-issues.js';
import type { EmulatorFeatures } from './links.js';
import type { SeedData } from './seed.js';
import { createHandler, type Exchange } from './server.js';
import { EmulatorState } from './state.js';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: loopback only. */
  host?: string;
  seed?: SeedData;
  clock?: Clock;
  limits?: LimitOptions;
  search?: SearchOptions;
  /**
   * Which newer issue features the server has (default: all). Off is an older Enterprise Server:
   * the routes answer 404 and issues lack their fields. `ghesFeatures('3.18')` gives a release's set.
   */
  features?: Partial<EmulatorFeatures>;
  /** Base for html_url fields; default: the emulator's own URL. */
  webUrl?: string;
  /** Sees every request and its answer (the tests check these against GitHub's OpenAPI description). */
  onExchange?: (exchange: Exchange) => void;
}

export interface Emulator {
  /** API base URL, e.g. http://127.0.0.1:40123 — pass it as Octokit's `baseUrl`. */
  readonly url: string;
  readonly state: EmulatorState;
  readonly clock: Clock;
  readonly log: RequestLog;
  readonly faults: Faults;
  /** Live settings: change them between requests. */
  readonly settings: { limits: Required<LimitOptions>; search: Required<SearchOptions>; features: EmulatorFeatures };
  /** Forgets used rate-limit windows and content-creation history. */
  resetRateLimits(): void;
  /** `METHOD /template` of every route the emulator answers. */
  routes(): string[];
  stop(): Promise<void>;
}

export function buildRouter(limiter: RateLimiter): Router {
  const router = new Router();
  const peek = (token: string, resource: 'core' | 'search', override: number | null) => limiter.peek(token, resource, override);
  const all: Route[] = [
    ...repoRoutes,
    ...gitRoutes,
    ...labelRoutes,
    ...milestoneRoutes,
    ...commentRoutes,
    ...issueRoutes,
    ...subIssueRoutes,
    ...dependencyRoutes,
    ...lockRoutes,
    ...pullRoutes,
    ...searchRoutes,
    ...metaRoutes(peek),
    ...graphqlRoutes,
  ];
  router.add(...all);
  return router;
}

/** `METHOD /template` of every route, without starting a server. */
export function emulatorRoutes(): string[] {
  return buildRouter(new RateLimiter(createClock({ speed: 0 }), resolveLimits()))
    .routes()
    .map((r) => `${r.method} ${r.template}`);
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? createClock();
  const state = new EmulatorState(clock);
  if (options.seed) state.load(options.seed);
  Object.assign(state.features, options.features);
  const settings = { limits: resolveLimits(options.limits), search: resolveSearch(options.search), features: state.features };
  const limiter = new RateLimiter(clock, settings.limits);
  const router = buildRouter(limiter);
  const log = new RequestLog();
  const faults = new Faults();
  let url = '';
  const handler = createHandler({
    state,
    clock,
    router,
    limiter,
    faults,
    log,
    search: settings.search,
    urls: () => ({ api: url, web: options.webUrl?.replace(/\/+$/, '') ?? url }),
    onExchange: options.onExchange,
  });
  const server: Server = createServer(handler);
  server.keepAliveTimeout = 1000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  let stopped: Promise<void> | null = null;
  return {
    url,
    state,
    clock,
    log,
    faults,
    settings,
    resetRateLimits: () => limiter.reset(),
    routes: () => router.routes().map((r) => `${r.method} ${r.template}`),
    stop(): Promise<void> {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

export { createClock } from './clock.js';
export type { Clock, ClockOptions } from './clock.js';
export type { Exchange } from './server.js';
export type { Fault, FaultSpec } from './faults.js';
export type { LogEntry, LogCounts } from './log.js';
export type { LimitOptions } from './ratelimit.js';
export type { SearchOptions } from './routes/search.js';
export type * from './seed.js';
export { EmulatorState, ACTIONS_BOT, DEFAULT_APP, tokenLogin } from './state.js';
export type { IssueRecord, LabelRecord, MilestoneRecord, PullRecord, RepoRecord, TokenRecord, UserRecord, CommentRecord } from './state.js';
export { ALL_FEATURES, ghesFeatures, SUB_ISSUE_LIMITS } from './links.js';
export type { EmulatorFeatures } from './links.js';
export { PULL_FILES_CAP } from './routes/pulls.js';
export { deleteIssue, transferIssue, setLocked } from './gone.js';
