// The client against the emulator's limits: secondary limits are waited out as GitHub asks
// (retry-after), and the base URL is taken as given, so GitHub Enterprise Server works.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { applyPlan } from '../../src/github/apply.js';
import { normalizeBaseUrl } from '../../src/github/client.js';
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
