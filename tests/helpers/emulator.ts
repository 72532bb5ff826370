// A started emulator for tests, with every exchange held to GitHub's OpenAPI description.
//
//   // one emulator per test: stopped and checked when the test ends
//   const gh = await startTestEmulator();
//
//   // one emulator per file or describe block: checked after each test, stopped after all
//   const gh = useTestEmulator({ seed });
//   it('…', async () => { await gh().octokit().rest.issues.create(…) });
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, onTestFinished } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions, type SeedData } from '../../src/emulator/index.js';
import { checkEverything, sampledChecker } from './exchange-check.js';
import { formatViolations, type OpenApiViolation } from './openapi.js';

export const TEST_OWNER = 'octo-org';
export const TEST_REPO = 'octo-repo';
/** A personal token with write access; acts as `octocat`. */
export const TEST_TOKEN = 'test-token';
/** A read-only token, as a workflow gets on a pull request from a fork. */
export const READ_TOKEN = 'read-token';
/** A workflow's GITHUB_TOKEN with write access: GET /user answers 403; writes are by github-actions[bot]. */
export const ACTIONS_TOKEN = 'actions-token';

export interface TestEmulatorOptions extends EmulatorOptions {
  /**
   * Check each exchange against GitHub's OpenAPI description, headers, error shape and the strict
   * layer (default true).
   */
  openapi?: boolean;
  /** The cheap mode for runs of thousands of requests: check only the first `sample` exchanges of each kind. */
  sample?: number;
  /** Add the three test tokens and the octo-org/octo-repo repository (default true). */
  defaults?: boolean;
}

export interface TestEmulator extends Emulator {
  readonly owner: string;
  readonly repo: string;
  /** `{ owner, repo }` of the default repository, to spread into Octokit calls. */
  readonly repoParams: { owner: string; repo: string };
  readonly violations: OpenApiViolation[];
  /** Throws with every OpenAPI violation seen so far. */
  assertNoViolations(): void;
  clearViolations(): void;
  /** A plain @octokit/rest client (no retries, no throttling, quiet logs) for the given token. */
  octokit(token?: string): Octokit;
  /** A raw request (fetch), for what a client library would refuse to send. */
  request(method: string, path: string, options?: RawRequestOptions): Promise<RawResponse>;
}

export interface RawRequestOptions {
  /** Default TEST_TOKEN; null sends no Authorization header. */
  token?: string | null;
  /** An object is sent as JSON; a string is sent as is. */
  body?: unknown;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

export function defaultTestSeed(): SeedData {
  return {
    tokens: [
      { token: TEST_TOKEN, login: 'octocat', kind: 'user' },
      { token: READ_TOKEN, kind: 'actions', permissions: 'read' },
      { token: ACTIONS_TOKEN, kind: 'actions' },
    ],
    repos: [{ owner: TEST_OWNER, name: TEST_REPO, files: { 'README.md': '# octo-repo\n' } }],
  };
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

export async function startTestEmulator(options: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const { openapi = true, defaults = true, sample, ...rest } = options;
  const violations: OpenApiViolation[] = [];
  const check = sample === undefined ? checkEverything : sampledChecker(sample).check;
  const seed = options.seed ?? {};
  const emulator = await startEmulator({
    ...rest,
    seed: defaults ? mergeSeeds(defaultTestSeed(), seed) : seed,
    onExchange: (exchange) => {
      if (openapi) violations.push(...check(exchange));
      options.onExchange?.(exchange);
    },
  });
  const test: TestEmulator = {
    ...emulator,
    owner: TEST_OWNER,
    repo: TEST_REPO,
    repoParams: { owner: TEST_OWNER, repo: TEST_REPO },
    violations,
    assertNoViolations(): void {
      if (violations.length === 0) return;
      const text = formatViolations(violations);
      violations.length = 0;
      throw new Error(`requests or responses that do not match GitHub's REST description or behaviour:\n${text}`);
    },
    clearViolations(): void {
      violations.length = 0;
    },
    octokit(token: string = TEST_TOKEN): Octokit {
      return new Octokit({ auth: token, baseUrl: emulator.url, log: quiet, request: { retries: 0 } });
    },
    async request(method: string, path: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
      const token = opts.token === undefined ? TEST_TOKEN : opts.token;
      const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] = 'application/json';
      }
      // Raw: a 301 is answered as it is, not followed.
      const response = await fetch(`${emulator.url}${path}`, { method, headers, body, redirect: 'manual' });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    },
  };
  // Started inside a test: check and stop when that test finishes.
  try {
    onTestFinished(async () => {
      try {
        test.assertNoViolations();
      } finally {
        await emulator.stop();
      }
    });
  } catch {
    // Started in a hook or outside vitest: the caller (or useTestEmulator) checks and stops it.
  }
  return test;
}

/**
 * One emulator for the enclosing describe block (or file): started before all tests, checked for
 * OpenAPI violations after each test, stopped after all. Call the returned function inside tests.
 */
export function useTestEmulator(options: TestEmulatorOptions = {}): () => TestEmulator {
  let current: TestEmulator | null = null;
  beforeAll(async () => {
    current = await startTestEmulator(options);
  });
  afterEach(() => {
    current?.assertNoViolations();
  });
  afterAll(async () => {
    await current?.stop();
  });
  return () => {
    if (!current) throw new Error('the test emulator is not started yet: call the getter inside a test or hook');
    return current;
  };
}

function mergeSeeds(base: SeedData, extra: SeedData): SeedData {
  const extraRepos = new Set((extra.repos ?? []).map((r) => `${r.owner}/${r.name}`.toLowerCase()));
  const extraTokens = new Set((extra.tokens ?? []).map((t) => t.token));
  return {
    users: [...(base.users ?? []), ...(extra.users ?? [])],
    tokens: [...(base.tokens ?? []).filter((t) => !extraTokens.has(t.token)), ...(extra.tokens ?? [])],
    repos: [...(base.repos ?? []).filter((r) => !extraRepos.has(`${r.owner}/${r.name}`.toLowerCase())), ...(extra.repos ?? [])],
  };
}
