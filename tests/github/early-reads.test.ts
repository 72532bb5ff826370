// The Action's first reads, sent before the client exists, over real HTTP against the emulator:
// the client takes their answers instead of asking again, so the run sends each read once and
// reads what it would have read without them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dropEarlyReads, firstReadPaths, startEarlyReads } from '../../src/github/early-reads.js';
import { startFirstReads } from '../../src/github/first-reads.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, READ_TOKEN, REPO, startSyncEmulator, WRITE_TOKEN } from '../sync/helpers.js';

let emulator: TestEmulator | null = null;
afterEach(async () => {
  dropEarlyReads();
  await emulator?.stop();
  emulator = null;
});

const manyLabels = Array.from({ length: 130 }, (_, i) => ({ name: `label-${String(i).padStart(3, '0')}`, color: 'ededed' }));

// Pages far larger than a socket's buffer, as a preset's milestones with their descriptions are.
const longMilestones = Array.from({ length: 40 }, (_, i) => ({ title: `Stage ${i}`, description: `${'Plan and checklist. '.repeat(150)}${i}` }));

async function seeded(): Promise<TestEmulator> {
  return startSyncEmulator({
    repo: { labels: manyLabels, milestones: [{ title: 'Scope', state: 'closed' }, { title: 'Deploy' }] },
  });
}

async function readAll(token = WRITE_TOKEN) {
  const client = clientFor(emulator!, token);
  const reads = startFirstReads(client, REPO);
  return { client, repository: await reads.repository, labels: await reads.labels, milestones: await reads.milestones };
}

describe('early reads', () => {
  it("asks for what the sync's first reads ask for: the repository, the first page of labels and of every milestone", () => {
    expect(firstReadPaths(REPO)).toEqual([
      '/repos/acme/assistant',
      '/repos/acme/assistant/labels?per_page=100',
      '/repos/acme/assistant/milestones?state=all&per_page=100',
    ]);
  });

  it('are taken by the client instead of sent again, and read the same as without them', async () => {
    emulator = await seeded();
    const without = await readAll();
    const before = emulator.log.entries.length;
    expect(before).toBe(4); // repository, two pages of labels, milestones

    expect(startEarlyReads({ baseUrl: emulator.url, token: WRITE_TOKEN, repo: REPO })).toBe(3);
    const withEarly = await readAll();
    const sent = emulator.log.entries.slice(before);
    // Each read once: the three early ones, then only the second page of labels, at the address
    // the first page's Link header gave (GitHub's, by repository id).
    expect(sent.map((e) => `${e.method} ${e.path}?${e.query}`)).toEqual([
      'GET /repos/acme/assistant?',
      'GET /repos/acme/assistant/labels?per_page=100',
      'GET /repos/acme/assistant/milestones?state=all&per_page=100',
      'GET /repositories/1003/labels?per_page=100&page=2',
    ]);
    expect(withEarly.repository).toEqual(without.repository);
    expect(withEarly.labels).toEqual(without.labels);
    expect(withEarly.labels).toHaveLength(130);
    expect(withEarly.milestones).toEqual(without.milestones);
    // The client counts the answers it took as the requests they are.
    expect(withEarly.client.stats).toMatchObject({ total: 4, reads: 4, writes: 0 });
  });

  it('read whole when taken after the server closed the idle connection (loading the sync took long)', async () => {
    emulator = await startSyncEmulator({ repo: { labels: manyLabels, milestones: longMilestones } });
    const without = await readAll();
    startEarlyReads({ baseUrl: emulator.url, token: WRITE_TOKEN, repo: REPO });
    await vi.waitFor(() => expect(emulator!.log.entries).toHaveLength(7));
    // The Action's thread then loads the client and the sync, busy for longer than the emulator
    // (like GitHub's front ends) keeps an idle connection open: a second.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    await new Promise((done) => setTimeout(done, 200));
    const withEarly = await readAll();
    expect(withEarly.milestones).toEqual(without.milestones);
    expect(withEarly.milestones).toHaveLength(40);
    expect(withEarly.labels).toHaveLength(130);
  });

  it('are taken once: a second read of the same page goes to GitHub', async () => {
    emulator = await seeded();
    startEarlyReads({ baseUrl: emulator.url, token: WRITE_TOKEN, repo: REPO });
    await readAll();
    const before = emulator.log.entries.length;
    await readAll();
    expect(emulator.log.entries.length - before).toBe(4);
  });

  it('are not given to a client with another token: it asks for itself', async () => {
    emulator = await seeded();
    startEarlyReads({ baseUrl: emulator.url, token: WRITE_TOKEN, repo: REPO });
    await vi.waitFor(() => expect(emulator!.log.entries).toHaveLength(3));
    const before = emulator.log.entries.length;
    await readAll(READ_TOKEN);
    expect(emulator.log.entries.length - before).toBe(4);
    expect(emulator.log.entries.slice(before).every((e) => e.status === 200)).toBe(true);
  });

  it('answer a bad token as GitHub did: the client sees the 401 its own request would have had', async () => {
    emulator = await seeded();
    startEarlyReads({ baseUrl: emulator.url, token: 'ghs_unknown', repo: REPO });
    const client = clientFor(emulator, 'ghs_unknown');
    const reads = startFirstReads(client, REPO);
    await expect(reads.repository).rejects.toThrow();
    await expect(reads.labels).rejects.toMatchObject({ status: 401 });
    // Not retried (a 401 never is), and not sent twice.
    expect(emulator.log.entries.filter((e) => e.path === '/repos/acme/assistant/labels')).toHaveLength(1);
  });

  it('never asked for are dropped', async () => {
    emulator = await seeded();
    startEarlyReads({ baseUrl: emulator.url, token: WRITE_TOKEN, repo: REPO });
    await vi.waitFor(() => expect(emulator!.log.entries).toHaveLength(3));
    dropEarlyReads();
    const before = emulator.log.entries.length;
    await readAll();
    // Dropped answers are not served later: the client asks again.
    expect(emulator.log.entries.length - before).toBe(4);
  });
});
