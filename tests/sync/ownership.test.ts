// What people made or changed is theirs: a milestone a person made with a stage's title, an issue
// a person moved, an issue carrying a copy of a task's marker. Over real HTTP against the emulator.
import { describe, expect, it } from 'vitest';
import { runSync, type SyncOptions, type SyncResult } from '../../src/commands/sync.js';
import type { IssueRecord, MilestoneRecord, RepoRecord } from '../../src/emulator/index.js';
import { parseMarker, stripMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, REPO, smallProject, startSyncEmulator, USER_TOKEN, type StageSpec } from './helpers.js';

type Overrides = Partial<Omit<SyncOptions, 'client' | 'repo'>>;

function sync(gh: TestEmulator, stages: StageSpec[] = smallProject(), overrides: Overrides = {}): Promise<SyncResult> {
  return runSync({
    client: clientFor(gh),
    repo: REPO,
    configText: configYaml(stages),
    templatesDir: null,
    today: '2027-01-10',
    identity: 'github-actions[bot]',
    ...overrides,
  });
}

function repoOf(gh: TestEmulator): RepoRecord {
  const repo = gh.state.findRepo(REPO.owner, REPO.name);
  if (!repo) throw new Error('missing repository');
  return repo;
}

function issues(gh: TestEmulator): IssueRecord[] {
  return [...repoOf(gh).issues.values()].filter((i) => i.pull === null);
}

function issueOf(gh: TestEmulator, stage: string, task: string): IssueRecord {
  const found = issues(gh).find((i) => i.user === 'github-actions[bot]' && parseMarker(i.body)?.stage === stage && parseMarker(i.body)?.task === task);
  if (!found) throw new Error(`no issue for ${stage}/${task}`);
  return found;
}

function milestoneTitled(gh: TestEmulator, title: string): MilestoneRecord {
  const found = [...repoOf(gh).milestones.values()].find((m) => m.title === title);
  if (!found) throw new Error(`no milestone ${title}`);
  return found;
}

function writesSince(gh: TestEmulator, from: number) {
  return gh.log.entries.slice(from).filter((e) => e.write);
}

/** A second run right after: nothing to write. */
async function expectConverged(gh: TestEmulator, stages: StageSpec[] = smallProject(), overrides: Overrides = {}): Promise<SyncResult> {
  const from = gh.log.entries.length;
  const again = await sync(gh, stages, overrides);
  expect(writesSince(gh, from).map((w) => `${w.method} ${w.path}`)).toEqual([]);
  return again;
}

const person = (gh: TestEmulator) => gh.octokit(USER_TOKEN);
const params = { owner: REPO.owner, repo: REPO.name };

describe('a milestone a person made with a stage\'s title', () => {
  it('is adopted with the description and due date the person gave it kept, and reported as drift', async () => {
    const gh = await startSyncEmulator();
    await person(gh).rest.issues.createMilestone({ ...params, title: 'Build', description: 'Our own plan for the build.', due_on: '2027-02-26T12:00:00Z' });
    const result = await sync(gh);
    expect(result.ok).toBe(true);

    const build = milestoneTitled(gh, 'Build');
    expect(stripMarker(build.description ?? '')).toBe('Our own plan for the build.');
    expect(parseMarker(build.description)).toMatchObject({ kind: 'stage', stage: 'build' });
    expect(build.dueOn?.slice(0, 10)).toBe('2027-02-26');
    expect(result.drift.filter((d) => d.kind === 'milestone').map((d) => d.field).sort()).toEqual(['description', 'due_on']);
    expect(result.summaryMarkdown).toContain('its due date was set by a person');
    expect(result.milestones.build).toBe(build.number);
    // The stage's issues are filed into it.
    expect(issueOf(gh, 'build', 'prototype').milestone).toBe(build.number);

    const again = await expectConverged(gh);
    expect(again.drift.filter((d) => d.kind === 'milestone').map((d) => d.field).sort()).toEqual(['description', 'due_on']);
  });

  it('gets the stage\'s description and due date with overwrite', async () => {
    const gh = await startSyncEmulator();
    await person(gh).rest.issues.createMilestone({ ...params, title: 'Build', description: 'Our own plan for the build.', due_on: '2027-02-26T12:00:00Z' });
    await sync(gh);
    const result = await sync(gh, smallProject(), { overwrite: true });
    const build = milestoneTitled(gh, 'Build');
    expect(stripMarker(build.description ?? '')).not.toContain('Our own plan');
    expect(build.dueOn?.slice(0, 10)).toBe(result.stages.find((s) => s.id === 'build')?.due);
    expect(result.drift).toEqual([]);
    await expectConverged(gh);
  });

  it('is adopted and filled when its description is empty', async () => {
    const gh = await startSyncEmulator();
    await person(gh).rest.issues.createMilestone({ ...params, title: 'Build' });
    const result = await sync(gh);
    const build = milestoneTitled(gh, 'Build');
    expect(build.number).toBe(1);
    expect(stripMarker(build.description ?? '')).toContain('Build a prototype');
    expect(build.dueOn?.slice(0, 10)).toBe(result.stages.find((s) => s.id === 'build')?.due);
    expect(result.drift).toEqual([]);
    expect(result.plan.operations.find((o) => o.op === 'adopt-milestone')).toMatchObject({ stage: 'build', number: 1 });
    await expectConverged(gh);
  });
});

describe('a closed milestone a person made with a stage\'s title', () => {
  async function closedBuild(gh: TestEmulator): Promise<MilestoneRecord> {
    await person(gh).rest.issues.createMilestone({ ...params, title: 'Build', description: 'Last year\'s build.', state: 'closed' });
    return { ...milestoneTitled(gh, 'Build') };
  }

  it('is never written, its stage\'s issues are not filed into it, and the conflict says how to resolve it', async () => {
    const gh = await startSyncEmulator();
    const before = await closedBuild(gh);
    const result = await sync(gh);
    expect(result.ok).toBe(true);

    expect(gh.log.entries.filter((e) => e.write && e.path.endsWith(`/milestones/${before.number}`))).toEqual([]);
    expect(milestoneTitled(gh, 'Build')).toEqual(before);
    const build = ['prototype', 'evaluate', 'harden'].map((task) => issueOf(gh, 'build', task));
    expect(build.map((i) => [i.state, i.milestone])).toEqual([
      ['open', null],
      ['open', null],
      ['open', null],
    ]);
    expect(result.milestones.build).toBeUndefined();

    expect(result.conflicts).toEqual([
      expect.objectContaining({ kind: 'milestone', stage: 'build', number: before.number, title: 'Build', url: expect.stringMatching(new RegExp(`/milestone/${before.number}$`)) }),
    ]);
    expect(result.conflicts[0]?.resolve).toMatch(/rename milestone #\d+ .*or reopen it/);
    expect(result.resultLine).toContain('1 conflict needs a person');
    expect(result.stages.find((s) => s.id === 'build')).toMatchObject({ status: 'blocked', total: 3, blockedBy: { number: before.number } });
    expect(result.summaryMarkdown).toContain('### Needs a person');
    expect(result.summaryMarkdown).toContain('**To resolve:** rename milestone');
    expect(result.summaryMarkdown).toMatch(/\| Build \| ⛔ blocked/);
    await expectConverged(gh);
  });

  it('is adopted once a person reopens it, and the waiting issues move into it', async () => {
    const gh = await startSyncEmulator();
    const before = await closedBuild(gh);
    await sync(gh);
    await person(gh).rest.issues.updateMilestone({ ...params, milestone_number: before.number, state: 'open' });
    const result = await sync(gh);
    expect(result.conflicts).toEqual([]);
    expect(result.milestones.build).toBe(before.number);
    expect(['prototype', 'evaluate', 'harden'].map((task) => issueOf(gh, 'build', task).milestone)).toEqual([before.number, before.number, before.number]);
    expect(stripMarker(milestoneTitled(gh, 'Build').description ?? '')).toBe('Last year\'s build.');
    expect(issues(gh)).toHaveLength(10);
    await expectConverged(gh);
  });

  it('stays as it is once a person renames it; the stage gets a milestone of its own and the waiting issues move into it', async () => {
    const gh = await startSyncEmulator();
    const before = await closedBuild(gh);
    await sync(gh);
    await person(gh).rest.issues.updateMilestone({ ...params, milestone_number: before.number, title: 'Build (2026)' });
    const result = await sync(gh);
    expect(result.conflicts).toEqual([]);
    const build = milestoneTitled(gh, 'Build');
    expect(build.number).not.toBe(before.number);
    expect(parseMarker(build.description)).toMatchObject({ kind: 'stage', stage: 'build' });
    expect(milestoneTitled(gh, 'Build (2026)')).toMatchObject({ state: 'closed', description: 'Last year\'s build.' });
    expect(['prototype', 'evaluate', 'harden'].map((task) => issueOf(gh, 'build', task).milestone)).toEqual([build.number, build.number, build.number]);
    expect(issues(gh)).toHaveLength(10);
    await expectConverged(gh);
  });
});

describe('a managed issue a person moved to another milestone', () => {
  it('is left where they put it and reported as drift, run after run', async () => {
    const gh = await startSyncEmulator();
    await sync(gh);
    const target = issueOf(gh, 'build', 'harden');
    const ship = milestoneTitled(gh, 'Ship');
    await person(gh).rest.issues.update({ ...params, issue_number: target.number, milestone: ship.number });
    const from = gh.log.entries.length;
    const result = await sync(gh);
    expect(writesSince(gh, from)).toEqual([]);
    expect(repoOf(gh).issues.get(target.number)?.milestone).toBe(ship.number);
    expect(result.drift).toEqual([expect.objectContaining({ kind: 'issue', number: target.number, field: 'milestone' })]);
    expect(result.summaryMarkdown).toContain('moved out of its stage milestone by a person');
    await expectConverged(gh);
  });

  it('is moved back with overwrite, and then stays put', async () => {
    const gh = await startSyncEmulator();
    await sync(gh);
    const target = issueOf(gh, 'build', 'harden');
    const home = target.milestone;
    await person(gh).rest.issues.update({ ...params, issue_number: target.number, milestone: milestoneTitled(gh, 'Ship').number });
    const result = await sync(gh, smallProject(), { overwrite: true });
    expect(repoOf(gh).issues.get(target.number)?.milestone).toBe(home);
    expect(result.drift).toEqual([]);
    await expectConverged(gh);
  });
});

describe('an issue carrying a copy of a task\'s marker', () => {
  it('never takes over from the tool\'s own issue, even when older: the tool\'s stays open and managed, the copy is reported and untouched', async () => {
    const gh = await startSyncEmulator();
    // A person's issue, opened before the tool's first run; later they paste a managed issue's
    // body into it, hidden marker and all, and give it the managed label.
    const { data: draft } = await person(gh).rest.issues.create({ ...params, title: 'Prototype notes', body: 'Notes.' });
    await sync(gh);
    const own = issueOf(gh, 'build', 'prototype');
    expect(draft.number).toBeLessThan(own.number);
    await person(gh).rest.issues.update({ ...params, issue_number: draft.number, body: own.body, labels: ['lifecycle'] });
    const copy = { ...repoOf(gh).issues.get(draft.number) } as IssueRecord;

    const renamed = smallProject();
    (renamed[1]?.tasks[0] as { title: string }).title = 'Build a first prototype';
    const from = gh.log.entries.length;
    const result = await sync(gh, renamed);
    expect(result.ok).toBe(true);

    expect(gh.log.entries.slice(from).filter((e) => e.write && e.path.includes(`/issues/${draft.number}`))).toEqual([]);
    expect(repoOf(gh).issues.get(draft.number)).toEqual(copy);
    const after = repoOf(gh).issues.get(own.number);
    expect(after?.state).toBe('open');
    expect(after?.title).toBe('Build a first prototype');
    expect(result.duplicatesClosed).toEqual([]);
    expect(result.conflicts).toEqual([expect.objectContaining({ kind: 'issue', stage: 'build', task: 'prototype', number: draft.number })]);
    expect(result.conflicts[0]?.message).toContain(`opened by @alice`);
    expect(result.summaryMarkdown).toContain(`#${draft.number} Prototype notes`);
    // The copy counts for nothing in the stage's progress.
    expect(result.stages.find((s) => s.id === 'build')?.total).toBe(3);

    const again = await expectConverged(gh, renamed);
    expect(again.conflicts.map((c) => c.number)).toEqual([draft.number]);
  });

  it('is told apart when the identity is found only when needed, as the Action and the CLI find it', async () => {
    const gh = await startSyncEmulator();
    const { data: draft } = await person(gh).rest.issues.create({ ...params, title: 'Prototype notes', body: 'Notes.' });
    await sync(gh);
    const own = issueOf(gh, 'build', 'prototype');
    await person(gh).rest.issues.update({ ...params, issue_number: draft.number, body: own.body, labels: ['lifecycle'] });
    let asked = 0;
    const result = await sync(gh, smallProject(), {
      identity: () => {
        asked += 1;
        return Promise.resolve({ login: 'github-actions[bot]', via: 'graphql' as const });
      },
    });
    expect(asked).toBe(1);
    expect(repoOf(gh).issues.get(own.number)?.state).toBe('open');
    expect(repoOf(gh).issues.get(draft.number)?.state).toBe('open');
    expect(result.plan.operations.find((o) => o.op === 'noop' && o.kind === 'issue' && o.number === own.number)).toBeDefined();
  });
});
