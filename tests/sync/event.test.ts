// An `issues` event's run, over real HTTP against the emulator: it reads the milestones, the managed
// issues updated within its window and the stages those can have moved, writes exactly what the full
// sync would, and its cost does not grow with the project.
import { describe, expect, it } from 'vitest';
import { runSync, type SyncOptions, type SyncResult } from '../../src/commands/sync.js';
import type { SyncEvent } from '../../src/commands/sync/types.js';
import { toCurrentIssue, type ApiIssue } from '../../src/github/issues.js';
import { parseMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, issuesOf, repoOf, REPO, stageIssue, taskIssue, smallProject, startSyncEmulator, USER_TOKEN, type StageSpec } from './helpers.js';

const params = { owner: REPO.owner, repo: REPO.name };
const person = (gh: TestEmulator) => gh.octokit(USER_TOKEN);

function sync(gh: TestEmulator, config: string, overrides: Partial<SyncOptions> = {}): Promise<SyncResult> {
  return runSync({ client: clientFor(gh), repo: REPO, configText: config, templatesDir: null, today: '2027-01-10', identity: 'github-actions[bot]', ...overrides });
}

const issues = issuesOf;
const milestoneOf = (gh: TestEmulator, title: string) => [...repoOf(gh).milestones.values()].find((m) => m.title === title);

/** A person closes (or reopens) issues; returns the event GitHub would send for the last one. */
async function setState(gh: TestEmulator, numbers: number[], state: 'open' | 'closed'): Promise<SyncEvent> {
  let last: ApiIssue & { updated_at: string } = undefined as never;
  for (const issue_number of numbers) {
    const { data } = await person(gh).rest.issues.update({ ...params, issue_number, state, ...(state === 'closed' ? { state_reason: 'completed' as const } : {}) });
    last = data as unknown as ApiIssue & { updated_at: string };
  }
  return { issue: toCurrentIssue(last), since: new Date(Date.parse(last.updated_at) - 60 * 60 * 1000).toISOString(), htmlUrl: `https://github.com/${REPO.owner}/${REPO.name}` };
}

const tasksOf = (gh: TestEmulator, stage: StageSpec) => stage.tasks.map((t) => taskIssue(gh, stage.id, t.id).number);
const writesSince = (gh: TestEmulator, from: number) => gh.log.entries.slice(from).filter((e) => e.write).map((e) => `${e.method} ${e.route}`);
const readsSince = (gh: TestEmulator, from: number) => gh.log.entries.slice(from).filter((e) => !e.write);

/** The first sync, a day before the events: what it created is outside their window, as in a real project. */
async function firstSync(gh: TestEmulator, config: string): Promise<void> {
  expect((await sync(gh, config)).ok).toBe(true);
  gh.clock.advance(24 * 60 * 60 * 1000);
}

/** The issues of the stages an event affects, as the bound counts them. */
const bound = (affectedIssues: number) => 5 + Math.ceil(affectedIssues / 100);

/** `extra` more stages of `size` tasks each after the small project's three. */
function biggerProject(extra: number, size: number): StageSpec[] {
  const more = Array.from({ length: extra }, (_, s) => ({
    id: `later-${s}`,
    name: `Later ${s}`,
    duration: '1w',
    tasks: Array.from({ length: size }, (_, t) => ({ id: `t${t}`, title: `Later ${s} task ${t}` })),
  }));
  return [...smallProject(), ...more];
}

describe("an issues event's run", () => {
  it('finishing a stage writes exactly the transition the full sync writes, within the read bound', async () => {
    const stages = smallProject();
    const config = configYaml(stages);
    const gh = await startSyncEmulator();
    await firstSync(gh, config);
    const event = await setState(gh, tasksOf(gh, stages[0]!), 'closed');

    const from = gh.log.entries.length;
    const result = await sync(gh, config, { event });
    expect(result.ok).toBe(true);
    expect(writesSince(gh, from)).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(stageIssue(gh, 'scope')).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(milestoneOf(gh, 'Scope')?.state).toBe('closed');
    expect(result.stageStates.current).toEqual(['build']);
    // The milestones, the issues updated lately, then the finished stage and the one it unlocks.
    const reads = readsSince(gh, from);
    expect(reads.map((e) => e.route)).toEqual(['/repos/{owner}/{repo}/milestones', '/repos/{owner}/{repo}/issues', '/repos/{owner}/{repo}/issues', '/repos/{owner}/{repo}/issues']);
    expect(result.scope?.stages).toEqual(['scope', 'build']);
    expect(result.requests.reads).toBeLessThanOrEqual(bound(3 + 4));
    expect(result.summaryMarkdown).toContain('Event run:');

    // The full sync agrees: nothing is left to write.
    const after = gh.log.entries.length;
    await sync(gh, config);
    expect(writesSince(gh, after)).toEqual([]);
  });

  it('an event that moves no stage writes nothing and reads one stage at most', async () => {
    const stages = smallProject();
    const config = configYaml(stages);
    const gh = await startSyncEmulator();
    await firstSync(gh, config);
    // A closed issue that is no task of this tool: no stage is read at all.
    const { data: own } = await person(gh).rest.issues.create({ ...params, title: 'A question' });
    const other = await setState(gh, [own.number], 'closed');
    const before = gh.log.entries.length;
    const none = await sync(gh, config, { event: other });
    expect(writesSince(gh, before)).toEqual([]);
    expect(none.scope?.stages).toEqual([]);
    expect(none.requests.reads).toBe(2);

    // One task of two closed: its stage is read, and stays active.
    const event = await setState(gh, [taskIssue(gh, 'scope', 'brief').number], 'closed');
    const from = gh.log.entries.length;
    const result = await sync(gh, config, { event });
    expect(result.ok).toBe(true);
    expect(writesSince(gh, from)).toEqual([]);
    expect(result.scope?.stages).toEqual(['scope']);
    expect(result.requests.reads).toBe(3);
  });

  it('its reads do not grow with the project: the same event costs the same at 7 and at 127 issues', async () => {
    const small = smallProject();
    const reads: number[] = [];
    for (const stages of [small, biggerProject(4, 30)]) {
      const config = configYaml(stages);
      const gh = await startSyncEmulator();
      await firstSync(gh, config);
      const event = await setState(gh, tasksOf(gh, stages[0]!), 'closed');
      const result = await sync(gh, config, { event });
      expect(result.ok).toBe(true);
      expect(stageIssue(gh, 'scope').state).toBe('closed');
      reads.push(result.requests.reads);
    }
    expect(reads[1]).toBe(reads[0]);
  }, 120_000);

  it('a burst of closes in three stages converges in the one run that executes, the last event’s', async () => {
    const stages = smallProject();
    const config = configYaml(stages);
    const gh = await startSyncEmulator();
    await firstSync(gh, config);
    // Three stages' work closed in a burst; GitHub drops every queued run but the last one.
    await setState(gh, tasksOf(gh, stages[0]!), 'closed');
    await setState(gh, tasksOf(gh, stages[1]!), 'closed');
    const last = await setState(gh, tasksOf(gh, stages[2]!), 'closed');

    const result = await sync(gh, config, { event: last });
    expect(result.ok).toBe(true);
    for (const [id, title] of [['scope', 'Scope'], ['build', 'Build'], ['ship', 'Ship']] as const) {
      expect(stageIssue(gh, id).state).toBe('closed');
      expect(milestoneOf(gh, title)?.state).toBe('closed');
    }
    expect(result.stageStates.current).toEqual([]);
    // Exactly once: the full sync after it and the same event again write nothing.
    const from = gh.log.entries.length;
    await sync(gh, config);
    await sync(gh, config, { event: last });
    expect(writesSince(gh, from)).toEqual([]);
  });

  it('reopening a task of a finished stage reopens its issue and milestone', async () => {
    const stages = smallProject();
    const config = configYaml(stages);
    const gh = await startSyncEmulator();
    await firstSync(gh, config);
    await sync(gh, config, { event: await setState(gh, tasksOf(gh, stages[0]!), 'closed') });
    expect(stageIssue(gh, 'scope').state).toBe('closed');

    const reopened = await setState(gh, [taskIssue(gh, 'scope', 'risks').number], 'open');
    const from = gh.log.entries.length;
    const result = await sync(gh, config, { event: reopened });
    expect(result.ok).toBe(true);
    expect(stageIssue(gh, 'scope').state).toBe('open');
    expect(milestoneOf(gh, 'Scope')?.state).toBe('open');
    expect(writesSince(gh, from)).toEqual(['PATCH /repos/{owner}/{repo}/issues/{issue_number}', 'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}']);
    const after = gh.log.entries.length;
    await sync(gh, config);
    expect(writesSince(gh, after)).toEqual([]);
  });

  it('with when-ready, the event that finishes a stage creates the next stage’s tasks as its sub-issues, once', async () => {
    const stages = smallProject();
    const config = configYaml(stages).replace('stages:\n', 'defaults:\n  open: when-ready\nstages:\n');
    const gh = await startSyncEmulator();
    await firstSync(gh, config);
    expect(issues(gh).filter((i) => parseMarker(i.body)?.stage === 'build' && parseMarker(i.body)?.kind === 'task')).toEqual([]);

    const result = await sync(gh, config, { event: await setState(gh, tasksOf(gh, stages[0]!), 'closed') });
    expect(result.ok).toBe(true);
    const build = issues(gh).filter((i) => parseMarker(i.body)?.stage === 'build' && parseMarker(i.body)?.kind === 'task');
    expect(build.map((i) => i.title)).toEqual(['Build a prototype', 'Evaluate the prototype', 'Harden it']);
    const { data } = await person(gh).rest.issues.listSubIssues({ ...params, issue_number: stageIssue(gh, 'build').number });
    expect(data.map((i) => i.title)).toEqual(['Build a prototype', 'Evaluate the prototype', 'Harden it']);
    // Nothing of the stage after it yet, and nothing more to do for the full sync.
    expect(issues(gh).filter((i) => parseMarker(i.body)?.stage === 'ship' && parseMarker(i.body)?.kind === 'task')).toEqual([]);
    const from = gh.log.entries.length;
    await sync(gh, config);
    expect(writesSince(gh, from)).toEqual([]);
  });

  it('a run that fails half-way through a transition converges on the next event', async () => {
    const stages = smallProject();
    const config = configYaml(stages);
    const gh = await startSyncEmulator();
    await firstSync(gh, config);
    const event = await setState(gh, tasksOf(gh, stages[0]!), 'closed');
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', dropResponse: true });
    gh.faults.inject({ route: 'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}', status: 503, times: 5 });
    const failed = await sync(gh, config, { event });
    expect(failed.ok).toBe(false);
    expect(milestoneOf(gh, 'Scope')?.state).toBe('open');

    const again = await sync(gh, config, { event });
    expect(again.ok).toBe(true);
    expect(milestoneOf(gh, 'Scope')?.state).toBe('closed');
    expect(repoOf(gh).commentsByIssue.get(stageIssue(gh, 'scope').number) ?? []).toHaveLength(1);
    expect(repoOf(gh).commentsByIssue.get(stageIssue(gh, 'build').number) ?? []).toHaveLength(1);
  });
});
