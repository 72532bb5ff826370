// The client against the emulator's limits: secondary limits are waited out as GitHub asks
// (retry-after), and the base URL is taken as given, so GitHub Enterprise Server works.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { applyPlan } from '../../src/github/apply.js';
import { normalizeBaseUrl } from '../../src/github/base-url.js';
import { createClient } from '../../src/github/client.js';
import { UnreachableError, unreachableCode } from '../../src/github/unreachable.js';
import type { Operation } from '../../src/plan/model.js';
import { clientFor, REPO, startSyncEmulator } from '../sync/helpers.js';

let emulator: Emulator | null = null;
afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

describe('createClient', () => {
  it('waits out a secondary limit and loses no write', async () => {
    // Three content writes a minute, on a clock 60 times faster than the wall: the client must
    // meet the 403 and its retry-after, wait, and go on.
    emulator = await startSyncEmulator({ speed: 60, limits: { primary: false, contentPerMinute: 3, contentPerHour: false } });
    const client = clientFor(emulator);
    const ops: Operation[] = Array.from({ length: 5 }, (_, i) => ({
      op: 'create-label',
      label: { name: `label-${i}`, color: 'ededed', description: '' },
      reason: 'test',
    }));
    const result = await applyPlan(client, REPO, { operations: ops, warnings: [] }, { current: { labels: [], milestones: [], issues: [] }, managedLabel: 'lifecycle' });
    expect(result.results.every((r) => r.status === 'done')).toBe(true);
    expect(emulator.state.findRepo(REPO.owner, REPO.name)?.labels.size).toBe(5);
    const limited = emulator.log.entries.filter((e) => e.status === 403);
    expect(limited.length).toBeGreaterThan(0);
    expect(client.stats.secondaryLimitWaits).toBe(limited.length);
  });

  it('takes the API root as given: api.github.com, GitHub Enterprise Server or the emulator', () => {
    expect(normalizeBaseUrl('https://ghe.example.com/api/v3/')).toBe('https://ghe.example.com/api/v3');
    expect(normalizeBaseUrl('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(() => normalizeBaseUrl('ghe.example.com')).toThrow(/http/);
  });

  it('counts every request it sends, reads and writes apart', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    await client.octokit.rest.issues.listLabelsForRepo({ owner: REPO.owner, repo: REPO.name });
    await client.octokit.rest.issues.createLabel({ owner: REPO.owner, repo: REPO.name, name: 'x', color: 'ededed' });
    expect(client.stats).toMatchObject({ total: 2, reads: 1, writes: 1 });
    expect(emulator.log.entries).toHaveLength(2);
  });
});

/** A port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe('a server that cannot be reached', () => {
  // Back-off of 1 ms: should a retry happen, the test sees it in the count, not in the time.
  const timing = { retries: 3, retryBackoffMs: 1 };

  it('a refused connection fails on the first request, naming the URL, without a retry', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const client = createClient({ token: 't', baseUrl: url, timing });
    const failure = client.octokit.rest.repos.get({ owner: 'acme', repo: 'app' });
    await expect(failure).rejects.toThrow(UnreachableError);
    await expect(failure).rejects.toThrow(`cannot reach the GitHub API at ${url}: connection refused`);
    expect(client.stats.total).toBe(1);
  });

  it('a connection dropped after it was accepted is still retried (it may be a passing fault)', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const client = createClient({ token: 't', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timing });
      await expect(client.octokit.rest.repos.get({ owner: 'acme', repo: 'app' })).rejects.not.toThrow(UnreachableError);
      expect(client.stats.total).toBe(4);
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });

  const cause = (code: string) => Object.assign(new Error(code), { code });
  it.each([
    ['refused, as fetch reports it', new TypeError('fetch failed', { cause: cause('ECONNREFUSED') }), 'ECONNREFUSED'],
    ['refused on every address of a name', new TypeError('fetch failed', { cause: Object.assign(new AggregateError([cause('ECONNREFUSED'), cause('ECONNREFUSED')]), { code: undefined }) }), 'ECONNREFUSED'],
    ['an unknown host', new TypeError('fetch failed', { cause: cause('ENOTFOUND') }), 'ENOTFOUND'],
    ['a name the resolver could not look up', new TypeError('fetch failed', { cause: cause('EAI_AGAIN') }), 'EAI_AGAIN'],
    ['a certificate for another host', new TypeError('fetch failed', { cause: cause('ERR_TLS_CERT_ALTNAME_INVALID') }), 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['a port fetch refuses', new TypeError('fetch failed', { cause: new Error('bad port') }), 'BAD_PORT'],
    ['a reset connection', new TypeError('fetch failed', { cause: cause('ECONNRESET') }), null],
    ['a 502 answer', Object.assign(new Error('Bad Gateway'), { status: 502 }), null],
  ])('%s → %s', (_name, error, code) => {
    expect(unreachableCode(error)).toBe(code);
  });
});
