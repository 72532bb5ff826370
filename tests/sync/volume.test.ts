// Volume under GitHub's secondary limit: 10,000 issues (and their 100 milestones and 101 labels)
// with the emulator enforcing 80 content writes a minute on a clock 600 times faster than the wall.
// The client runs with its production pacing (one write per emulated second), scaled to that
// clock, so no write is refused and none fails. Wall time and memory are in bench/sync.bench.ts.
// The full size takes about two minutes, most of the suite's time, so `npm test` runs a smaller
// project that still spans several pages of every listing; `npm run test:volume` runs the full one.
import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/commands/sync.js';
import { createClock } from '../../src/emulator/index.js';
import { createClient } from '../../src/github/client.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { configYaml, REPO, WRITE_TOKEN, type StageSpec } from './helpers.js';

const SPEED = 600;
const FULL = process.env.LIFECYCLE_TEST_VOLUME === 'full';
const SIZE = FULL ? { stages: 100, tasks: 100 } : { stages: 10, tasks: 35 };

function project(stages: number, tasksPerStage: number): StageSpec[] {
  return Array.from({ length: stages }, (_, s) => ({
    id: `stage-${s}`,
    name: `Stage ${s}`,
    duration: '2d',
    tasks: Array.from({ length: tasksPerStage }, (_, t) => ({ id: `task-${t}`, title: `Task ${s}.${t}` })),
  }));
}

describe('sync at volume', () => {
  const issues = SIZE.stages * SIZE.tasks;
  const labels = SIZE.stages + 1;
  it(`${issues.toLocaleString('en-US')} issues under the emulated secondary limit (80 a minute) finish with zero failed writes`, { timeout: 600_000 }, async () => {
    const gh = await startTestEmulator({
      defaults: false,
      // The cheap mode: thousands of exchanges of a handful of kinds; the first few of each are checked in full.
      sample: 3,
      clock: createClock({ start: '2027-01-04T09:00:00Z', speed: SPEED }),
      limits: { primary: false, contentPerMinute: 80, contentPerHour: false },
      seed: { tokens: [{ token: WRITE_TOKEN, kind: 'actions' }], repos: [{ owner: REPO.owner, name: REPO.name }] },
    });
    const client = createClient({ token: WRITE_TOKEN, baseUrl: gh.url, timing: { timeScale: SPEED } });
    const result = await runSync({ client, repo: REPO, configText: configYaml(project(SIZE.stages, SIZE.tasks)), templatesDir: null });
    expect(result.failures).toEqual([]);
    expect(result.error).toBeNull();
    // Every task issue, and per stage its milestone and its own issue.
    expect(result.counts.created).toBe(issues + 2 * SIZE.stages + labels);
    const writes = gh.log.entries.filter((e) => e.write);
    // Then each task made a sub-issue of its stage issue, and each stage blocked by the one before.
    expect(writes).toHaveLength(issues + 2 * SIZE.stages + labels + issues + (SIZE.stages - 1));
    expect(writes.filter((e) => e.status !== 201)).toEqual([]);
    expect(gh.state.findRepo(REPO.owner, REPO.name)?.issues.size).toBe(issues + SIZE.stages);
  });
});
