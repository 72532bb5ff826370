// Where sync relies on GitHub listing issues newest first (sort=created, direction=desc): the
// look-up after a create whose answer was lost, and the end-of-run check for a racing run. Both
// read only the managed issues numbered above what the run's read saw and stop at the first older
// one, so they are tested with managed issues already present: an emulator that listed oldest
// first would stop at once, find nothing, and leave a duplicate.
import { describe, expect, it } from 'vitest';
import { runSync, type SyncResult } from '../../src/commands/sync.js';
import type { IssueRecord } from '../../src/emulator/index.js';
import { parseMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, REPO, smallProject, startSyncEmulator, type StageSpec } from './helpers.js';

function sync(gh: TestEmulator, stages: StageSpec[]): Promise<SyncResult> {
  return runSync({ client: clientFor(gh), repo: REPO, configText: configYaml(stages), templatesDir: null, today: '2027-01-10', identity: 'github-actions[bot]' });
}

function issues(gh: TestEmulator): IssueRecord[] {
  return [...gh.state.repo(`${REPO.owner}/${REPO.name}`).issues.values()];
}

/** stage/task of each open issue, sorted; the same task twice is a duplicate. */
function openTasks(gh: TestEmulator): string[] {
  return issues(gh)
    .filter((i) => i.state === 'open')
    .map((i) => parseMarker(i.body))
    .map((m) => `${m?.stage}/${m?.kind === 'stage-issue' ? 'stage-issue' : m?.task}`)
    .sort();
}

/** The small project with two more tasks in its first stage (now four there). */
function grown(): StageSpec[] {
  const stages = smallProject();
  stages[0]!.tasks.push({ id: 'users', title: 'Name the users' }, { id: 'budget', title: 'Set the budget' });
  return stages;
}

/** Every declared task, and each stage's own issue. */
const declared = (stages: StageSpec[]) => [...stages.map((s) => `${s.id}/stage-issue`), ...stages.flatMap((s) => s.tasks.map((t) => `${s.id}/${t.id}`))].sort();

describe('newest-first listings, with managed issues already present', () => {
  it('a create whose answer was lost is found among the newest managed issues, not made again', async () => {
    const gh = await startSyncEmulator();
    expect((await sync(gh, smallProject())).ok).toBe(true);
    const stages = grown();
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    const result = await sync(gh, stages);
    expect(result.ok).toBe(true);
    // Three stage issues and seven tasks on the first run, two tasks on the second.
    expect(gh.log.forRoute('POST /repos/{owner}/{repo}/issues')).toHaveLength(3 + 7 + 2);
    expect(issues(gh)).toHaveLength(12);
    expect(openTasks(gh)).toEqual(declared(stages));
  });

  it('two runs at once adding tasks to a synced project leave no open duplicate once both have finished', async () => {
    const gh = await startSyncEmulator();
    expect((await sync(gh, smallProject())).ok).toBe(true);
    const stages = grown();
    const [a, b] = await Promise.all([sync(gh, stages), sync(gh, stages)]);
    expect([a.error, b.error]).toEqual([null, null]);
    expect(openTasks(gh)).toEqual(declared(stages));
    const closed = issues(gh).filter((i) => i.state === 'closed');
    expect(closed.every((i) => i.stateReason === 'duplicate')).toBe(true);
    // The next run has nothing to settle.
    const from = gh.log.entries.length;
    await sync(gh, stages);
    expect(gh.log.entries.slice(from).filter((e) => e.write)).toEqual([]);
  });
});
