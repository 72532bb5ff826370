// The applier over real HTTP against the emulator: creates that lose their answer, read-only
// tokens, rate limits, and comments that must not be posted twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { applyPlan, milestoneNumbers, type ProgressEvent } from '../../src/github/apply.js';
import { PermissionError, RateLimitError } from '../../src/github/errors.js';
import { readCurrentState } from '../../src/github/read-state.js';
import { parseMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentMilestone, CurrentState, Operation, Plan } from '../../src/plan/model.js';
import { clientFor, READ_TOKEN, REPO, startSyncEmulator } from '../sync/helpers.js';

let emulator: Emulator | null = null;
afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

const EMPTY: CurrentState = { labels: [], milestones: [], issues: [] };
const stageBody = (stage: string) => withMarker(`Stage ${stage}.`, { kind: 'stage', stage });
const taskBody = (stage: string, task: string) => withMarker(`Do ${task}.`, { kind: 'task', stage, task });

function milestoneOp(stage: string, title: string): Operation {
  return { op: 'create-milestone', stage, fields: { title, description: stageBody(stage), due_on: '2027-03-10T12:00:00Z' }, reason: 'test' };
}
function issueOp(stage: string, task: string): Operation {
  return {
    op: 'create-issue',
    stage,
    task,
    fields: { title: `Task ${task}`, body: taskBody(stage, task), labels: ['lifecycle'], assignees: [], milestoneStage: stage },
    reason: 'test',
  };
}
const plan = (...operations: Operation[]): Plan => ({ operations, warnings: [] });

function repoState(e: Emulator) {
  const repo = e.state.findRepo(REPO.owner, REPO.name);
  if (!repo) throw new Error('no repo');
  return repo;
}

describe('applyPlan', () => {
  it('creates milestones first and files issues into them by stage', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const result = await applyPlan(client, REPO, plan(
      { op: 'create-label', label: { name: 'lifecycle', color: 'ededed', description: 'managed' }, reason: 'test' },
      milestoneOp('scope', 'Scope'),
      issueOp('scope', 'brief'),
    ), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.stopped).toBeNull();
    expect(result.results.map((r) => r.status)).toEqual(['done', 'done', 'done']);
    const repo = repoState(emulator);
    const [issue] = [...repo.issues.values()];
    expect(issue?.milestone).toBe(result.milestones.scope);
    expect(result.createdIssues[0]?.htmlUrl).toContain('/issues/');
  });

  it('finds an issue whose create landed but whose answer was lost, instead of creating it again', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    emulator.state.addLabel('acme/assistant', { name: 'lifecycle' });
    emulator.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    const result = await applyPlan(client, REPO, plan(issueOp('scope', 'brief')), { current: (await readCurrentState(client, REPO, 'lifecycle')).state, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', recovered: true });
    expect(repoState(emulator).issues.size).toBe(1);
    expect(emulator.log.forRoute('POST /repos/{owner}/{repo}/issues')).toHaveLength(1);
  });

  it('creates again after a reset connection, when the look-up shows nothing landed', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    emulator.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', reset: true });
    const current = (await readCurrentState(client, REPO, 'lifecycle')).state;
    const result = await applyPlan(client, REPO, plan(issueOp('scope', 'brief')), { current, managedLabel: 'lifecycle' });
    expect(result.results[0]?.status).toBe('done');
    expect(repoState(emulator).issues.size).toBe(1);
    expect(emulator.log.forRoute('POST /repos/{owner}/{repo}/issues')).toHaveLength(2);
  });

  it('recovers a milestone whose answer was lost, and retries one that failed with a 500', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    emulator.faults.inject({ route: 'POST /repos/{owner}/{repo}/milestones', dropResponse: true });
    emulator.faults.inject({ route: 'POST /repos/{owner}/{repo}/milestones', request: undefined, status: 500 });
    const result = await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope'), milestoneOp('build', 'Build')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results.map((r) => r.status)).toEqual(['done', 'done']);
    expect(result.results[0]?.recovered).toBe(true);
    const titles = [...repoState(emulator).milestones.values()].map((m) => m.title).sort();
    expect(titles).toEqual(['Build', 'Scope']);
  });

  it('adopts a same-titled milestone that appeared after the read instead of failing on the duplicate title', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    emulator.state.addMilestone('acme/assistant', { title: 'Scope', description: 'made by hand' });
    const result = await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1 });
    const milestones = [...repoState(emulator).milestones.values()];
    expect(milestones).toHaveLength(1);
    expect(milestones[0]?.description).toContain('"stage":"scope"');
  });

  it('keeps what a person wrote in a same-titled milestone that appeared after the read', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    emulator.state.addMilestone('acme/assistant', { title: 'Scope', description: 'Our scoping notes.', due_on: '2027-04-01T07:00:00Z' });
    const result = await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1, message: expect.stringContaining('keeping the description and due date a person gave it') });
    const milestone = repoState(emulator).milestones.get(1);
    expect(stripMarker(milestone?.description ?? '')).toBe('Our scoping notes.');
    expect(parseMarker(milestone?.description)).toMatchObject({ kind: 'stage', stage: 'scope' });
    expect(milestone?.dueOn?.slice(0, 10)).toBe('2027-04-01');
  });

  it('adopts a bare same-titled milestone that appeared after the read, with nothing of it to keep', async () => {
    emulator = await startSyncEmulator();
    emulator.state.addMilestone('acme/assistant', { title: 'Scope' });
    const result = await applyPlan(clientFor(emulator), REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1, message: 'adopted the milestone with the same title' });
    expect(result.updatedMilestones.map((m) => [m.number, m.dueOn?.slice(0, 10), parseMarker(m.description)?.stage])).toEqual([[1, '2027-03-10', 'scope']]);
  });

  it('leaves alone a closed same-titled milestone that appeared after the read, and files no issue into it', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const closed = { ...emulator.state.addMilestone('acme/assistant', { title: 'Scope', description: 'Done.', state: 'closed' }) };
    const result = await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope'), issueOp('scope', 'brief')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results.map((r) => r.status)).toEqual(['failed', 'skipped']);
    expect(result.results[0]?.message).toMatch(/milestone #1 "Scope" is closed .*never adopted\. Rename it or reopen it/);
    expect(repoState(emulator).milestones.get(1)).toEqual(closed);
    expect(repoState(emulator).issues.size).toBe(0);
  });

  it('records in the marker the milestone it files an issue into, or that it filed it into none', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const sketch = issueOp('build', 'sketch') as Extract<Operation, { op: 'create-issue' }>;
    const loose: Operation = { ...sketch, fields: { ...sketch.fields, milestoneStage: null } };
    await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope'), issueOp('scope', 'brief'), loose), { current: EMPTY, managedLabel: 'lifecycle' });
    const [filed, unfiled] = [...repoState(emulator).issues.values()];
    expect([filed?.milestone, parseMarker(filed?.body)?.wrote?.milestone]).toEqual([1, '1']);
    expect([unfiled?.milestone, parseMarker(unfiled?.body)?.wrote?.milestone]).toEqual([null, 'none']);
  });

  it('adopts a milestone that appeared after the read with the title in another case, and gives it the declared title', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    emulator.state.addMilestone('acme/assistant', { title: ' SCOPE', description: 'made by hand' });
    const result = await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1 });
    const milestones = [...repoState(emulator).milestones.values()];
    expect(milestones.map((m) => m.title)).toEqual(['Scope']);
    expect(milestones[0]?.description).toContain('"stage":"scope"');
  });

  it('stops at the first write a read-only token is refused, naming the missing permission', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator, READ_TOKEN);
    const result = await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope'), milestoneOp('build', 'Build')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.stopped).toBeInstanceOf(PermissionError);
    expect(result.stopped?.message).toContain('issues: write');
    expect(result.stopped?.message).toContain('permissions:');
    expect(result.undone).toBe(2);
    // The refused write keeps its result, with the same message; the write after it is not tried.
    expect(result.results).toEqual([{ index: 0, op: 'create-milestone', stage: 'scope', status: 'failed', message: result.stopped?.message }]);
    expect(emulator.log.entries.filter((e) => e.write)).toHaveLength(1);
  });

  it('stops cleanly when the primary rate limit runs out, saying when it resets and what is left', async () => {
    emulator = await startSyncEmulator({ limits: { primary: 2, contentPerMinute: false, contentPerHour: false } });
    const client = clientFor(emulator);
    const ops = ['a', 'b', 'c', 'd'].map((s) => milestoneOp(s, s.toUpperCase()));
    const result = await applyPlan(client, REPO, plan(...ops), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.stopped).toBeInstanceOf(RateLimitError);
    const error = result.stopped as RateLimitError;
    expect(error.kind).toBe('primary');
    expect(error.resetAt).not.toBeNull();
    expect(error.undone).toBe(2);
    expect(error.message).toMatch(/resets at .*2 planned changes were not made/);
    expect(repoState(emulator).milestones.size).toBe(2);
  });

  it('posts the closing comment once, even when the close is applied twice', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    emulator.state.addIssue('acme/assistant', { title: 'Old task', body: taskBody('scope', 'old') });
    const close: Operation = { op: 'close-issue', stage: 'scope', task: 'old', number: 1, comment: 'No longer in lifecycle.yml; closed, not deleted.', stateReason: 'not_planned', reason: 'test' };
    await applyPlan(client, REPO, plan(close), { current: EMPTY, managedLabel: 'lifecycle' });
    await applyPlan(client, REPO, plan(close), { current: EMPTY, managedLabel: 'lifecycle' });
    const repo = repoState(emulator);
    expect(repo.issues.get(1)?.state).toBe('closed');
    expect(repo.issues.get(1)?.stateReason).toBe('not_planned');
    expect(repo.commentsByIssue.get(1)).toHaveLength(1);
    expect(emulator.log.entries.some((e) => e.method === 'DELETE')).toBe(false);
  });
});

function currentMilestone(number: number, description: string | null): CurrentMilestone {
  return {
    number,
    title: `M${number}`,
    description,
    state: 'open',
    dueOn: null,
    openIssues: 0,
    closedIssues: 0,
    htmlUrl: `https://github.com/acme/assistant/milestone/${number}`,
    createdAt: '2027-01-04T09:00:00Z',
  };
}

describe('milestoneNumbers', () => {
  it('maps each stage to its marked milestone (the oldest of several), overridden by the milestone the plan names', () => {
    const current: CurrentState = {
      labels: [],
      milestones: [
        currentMilestone(2, stageBody('scope')),
        currentMilestone(1, stageBody('scope')),
        currentMilestone(3, stageBody('scope')),
        currentMilestone(4, null),
        currentMilestone(5, 'Made by hand.'),
        currentMilestone(6, taskBody('other', 'brief')),
        currentMilestone(7, stageBody('review')),
      ],
      issues: [],
    };
    const milestonePlan = plan(
      { op: 'update-milestone', stage: 'build', number: 8, changes: { due_on: null }, reason: 'test' },
      { op: 'adopt-milestone', stage: 'deploy', number: 9, changes: {}, reason: 'test' },
      { op: 'noop', kind: 'milestone', stage: 'test', number: 10, reason: 'test' },
      { op: 'drift', kind: 'milestone', stage: 'docs', number: 11, field: 'due_on', htmlUrl: 'https://github.com/acme/assistant/milestone/11', reason: 'test' },
      { op: 'noop', kind: 'milestone', stage: 'review', number: 12, reason: 'test' },
      // Not milestones: they name no milestone of their stage.
      { op: 'noop', kind: 'issue', stage: 'issues', task: 'brief', number: 13, reason: 'test' },
      { op: 'drift', kind: 'issue', stage: 'drifted', task: 'brief', number: 14, field: 'body', htmlUrl: 'https://github.com/acme/assistant/issues/14', reason: 'test' },
      { op: 'noop', kind: 'label', name: 'lifecycle', reason: 'test' },
      { op: 'close-milestone', stage: 'closing', number: 15, reason: 'test' },
      // A closed milestone with the stage's title: no issue is filed into it.
      { op: 'conflict', kind: 'milestone', stage: 'held', number: 16, title: 'Held', htmlUrl: 'https://github.com/acme/assistant/milestone/16', resolve: 'rename it', reason: 'test' },
    );
    expect(Object.fromEntries(milestoneNumbers(milestonePlan, current))).toEqual({ scope: 1, review: 12, build: 8, deploy: 9, test: 10, docs: 11 });
  });
});

const pick = (r: object) => Object.fromEntries(Object.entries(r).filter(([k]) => ['index', 'op', 'stage', 'task', 'name'].includes(k)));

describe('applyPlan, what it reports', () => {
  it('reports each write by its place in the plan and what it names, and progress over the writes only', async () => {
    emulator = await startSyncEmulator();
    emulator.state.addLabel('acme/assistant', { name: 'stage: scope', color: 'ffffff' });
    const stageIssue: Operation = {
      op: 'create-issue',
      stage: 'scope',
      task: '',
      fields: { title: 'Scope', body: withMarker('Stage scope.', { kind: 'stage-issue', stage: 'scope' }), labels: [], assignees: [], milestoneStage: 'scope' },
      reason: 'test',
    };
    const events: ProgressEvent[] = [];
    const result = await applyPlan(
      clientFor(emulator),
      REPO,
      plan(
        { op: 'noop', kind: 'label', name: 'other', reason: 'test' },
        { op: 'create-label', label: { name: 'lifecycle', color: 'ededed', description: 'managed' }, reason: 'test' },
        { op: 'update-label', name: 'stage: scope', changes: { color: '0e8a16' }, reason: 'test' },
        milestoneOp('scope', 'Scope'),
        milestoneOp('build', 'Build'),
        { op: 'drift', kind: 'milestone', stage: 'scope', number: 1, field: 'due_on', htmlUrl: 'https://github.com/acme/assistant/milestone/1', reason: 'test' },
        stageIssue,
        issueOp('scope', 'brief'),
      ),
      { current: EMPTY, managedLabel: 'lifecycle', onProgress: (event) => events.push(event) },
    );
    // Only what the operation names: no stage on a label, no task on the stage's own issue.
    expect(result.results.map(pick)).toStrictEqual([
      { index: 1, op: 'create-label', name: 'lifecycle' },
      { index: 2, op: 'update-label', name: 'stage: scope' },
      { index: 3, op: 'create-milestone', stage: 'scope' },
      { index: 4, op: 'create-milestone', stage: 'build' },
      { index: 6, op: 'create-issue', stage: 'scope' },
      { index: 7, op: 'create-issue', stage: 'scope', task: 'brief' },
    ]);
    expect(events.map((e) => [e.done, e.total, e.result.index])).toEqual([
      [1, 6, 1],
      [2, 6, 2],
      [3, 6, 3],
      [4, 6, 4],
      [5, 6, 6],
      [6, 6, 7],
    ]);
    // Sorted by stage, whatever the order they were made in.
    expect(Object.entries(result.milestones)).toEqual([
      ['build', 2],
      ['scope', 1],
    ]);
    expect(result.createdMilestones.map((m) => m.number)).toEqual([1, 2]);
    expect(result.createdIssues.map((i) => i.number)).toEqual([1, 2]);
    expect([result.updatedMilestones, result.updatedIssues]).toEqual([[], []]);
  });

  it('gives up a create after three attempts without an answer, and sends no fourth', async () => {
    emulator = await startSyncEmulator();
    emulator.faults.inject({ route: 'POST /repos/{owner}/{repo}/milestones', status: 502, times: 3 });
    const result = await applyPlan(clientFor(emulator), REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/^create milestone "Scope" failed \(502\): /) });
    expect(emulator.log.forRoute('POST /repos/{owner}/{repo}/milestones')).toHaveLength(3);
    expect(repoState(emulator).milestones.size).toBe(0);
  });

  it('after a lost answer, takes the issue made since the read, not an older copy of the task\'s marker', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    await applyPlan(client, REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    emulator.state.addLabel('acme/assistant', { name: 'lifecycle' });
    // A person's issue carrying a copy of the task's marker: the plan creates the task's own issue.
    emulator.state.addIssue('acme/assistant', { title: 'Copy of brief', body: taskBody('scope', 'brief'), labels: ['lifecycle'], user: 'bob' });
    const current = (await readCurrentState(client, REPO, 'lifecycle')).state;
    emulator.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    const result = await applyPlan(client, REPO, plan(issueOp('scope', 'brief')), { current, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 2, recovered: true, message: 'found after a lost answer' });
    expect(repoState(emulator).issues.size).toBe(2);
  });
});
