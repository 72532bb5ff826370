// The applier when writes lose their answer, aimed at every kind of write (labels, milestones,
// issues, comments, closes), with two tasks per stage so that a recovery that finds "an issue of
// this stage" instead of "this task's issue" shows; and issues deleted or transferred between the
// read and the write.
import { afterEach, describe, expect, it } from 'vitest';
import { deleteIssue, transferIssue, type Emulator, type FaultSpec } from '../../src/emulator/index.js';
import { applyPlan } from '../../src/github/apply.js';
import { readCurrentState } from '../../src/github/read-state.js';
import { formatMarker, parseMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentState, Operation, Plan } from '../../src/plan/model.js';
import { clientFor, REPO, startSyncEmulator } from '../sync/helpers.js';

let emulator: Emulator | null = null;
afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

const EMPTY: CurrentState = { labels: [], milestones: [], issues: [] };
const stageBody = (stage: string) => withMarker(`Stage ${stage}.`, { kind: 'stage', stage });
const taskBody = (stage: string, task: string) => withMarker(`Do ${task}.`, { kind: 'task', stage, task });
const plan = (...operations: Operation[]): Plan => ({ operations, warnings: [] });
const milestoneOp = (stage: string, title: string): Operation => ({
  op: 'create-milestone',
  stage,
  fields: { title, description: stageBody(stage), due_on: '2027-03-10T12:00:00Z' },
  reason: 'test',
});
const issueOp = (stage: string, task: string): Operation => ({
  op: 'create-issue',
  stage,
  task,
  fields: { title: `Task ${task}`, body: taskBody(stage, task), labels: ['lifecycle'], assignees: [], milestoneStage: stage },
  reason: 'test',
});
const closeOp = (number: number, task: string): Operation => ({
  op: 'close-issue',
  stage: 'scope',
  task,
  number,
  comment: 'No longer in lifecycle.yml; closed, not deleted.',
  stateReason: 'not_planned',
  reason: 'test',
});

function repoState(e: Emulator) {
  return e.state.repo(`${REPO.owner}/${REPO.name}`);
}

/** Task id → the issue numbers carrying its marker. */
function issuesByTask(e: Emulator): Record<string, number[]> {
  const byTask: Record<string, number[]> = {};
  for (const issue of repoState(e).issues.values()) {
    const marker = parseMarker(issue.body);
    if (marker?.kind === 'task' && marker.task) (byTask[marker.task] ??= []).push(issue.number);
  }
  return byTask;
}

/** A fresh emulator with the managed label and the stage's milestone, read as the sync reads it. */
async function prepared(): Promise<{ e: Emulator; current: CurrentState }> {
  const e = await startSyncEmulator();
  emulator = e;
  e.state.addLabel('acme/assistant', { name: 'lifecycle' });
  e.state.addMilestone('acme/assistant', { title: 'Scope', description: stageBody('scope') });
  const current = (await readCurrentState(clientFor(e), REPO, 'lifecycle')).state;
  return { e, current };
}

describe('lost answers, two tasks per stage', () => {
  it('a reset on the second create of a stage creates that task\'s issue, not "recovers" the first task\'s', async () => {
    const { e, current } = await prepared();
    const result = await applyPlan(clientFor(e), REPO, plan(issueOp('scope', 'brief'), issueOp('scope', 'risks')), {
      current,
      managedLabel: 'lifecycle',
      // Aimed at the second create: injected once the first is done.
      onProgress: ({ result: r }) => void (r.task === 'brief' && e.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', reset: true })),
    });
    expect(result.results.map((r) => [r.task, r.status, r.number])).toEqual([
      ['brief', 'done', 1],
      ['risks', 'done', 2],
    ]);
    expect(issuesByTask(e)).toEqual({ brief: [1], risks: [2] });
  });

  it('a lost answer on the second create of a stage finds that task\'s issue, not the first task\'s', async () => {
    const { e, current } = await prepared();
    const result = await applyPlan(clientFor(e), REPO, plan(issueOp('scope', 'brief'), issueOp('scope', 'risks')), {
      current,
      managedLabel: 'lifecycle',
      onProgress: ({ result: r }) => void (r.task === 'brief' && e.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true })),
    });
    expect(result.results[1]).toMatchObject({ task: 'risks', status: 'done', number: 2, recovered: true });
    expect(result.createdIssues.map((i) => i.number)).toEqual([1, 2]);
    expect(issuesByTask(e)).toEqual({ brief: [1], risks: [2] });
  });

  it('with several issues of the task made since the read (a racing run), recovery takes the oldest', async () => {
    const { e, current } = await prepared();
    // Another run's creates of the same task, after this run's read.
    for (let i = 0; i < 2; i++) e.state.addIssue('acme/assistant', { title: 'Task brief', body: taskBody('scope', 'brief'), labels: ['lifecycle'] });
    e.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    const result = await applyPlan(clientFor(e), REPO, plan(issueOp('scope', 'brief')), { current, managedLabel: 'lifecycle' });
    // The oldest is the one every racing run settles on; the next run closes the others as duplicates.
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1, recovered: true });
    expect(issuesByTask(e)).toEqual({ brief: [1, 2, 3] });
  });
});

describe('faults aimed at every kind of write', () => {
  it('the closing comment whose answer was lost is not posted again', async () => {
    const { e } = await prepared();
    e.state.addIssue('acme/assistant', { title: 'Old task', body: taskBody('scope', 'old'), labels: ['lifecycle'] });
    e.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', dropResponse: true });
    const result = await applyPlan(clientFor(e), REPO, plan(closeOp(1, 'old')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1 });
    expect(repoState(e).commentsByIssue.get(1)).toHaveLength(1);
    expect(e.log.forRoute('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(1);
    expect(repoState(e).issues.get(1)).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
  });

  it("the stage's done comment whose answer was lost is not posted again, and the issue is closed", async () => {
    const { e } = await prepared();
    e.state.addIssue('acme/assistant', { title: 'Scope', body: withMarker('Stage scope.', { kind: 'stage', stage: 'scope' }), labels: ['lifecycle'] });
    e.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', dropResponse: true });
    const comment = `**Scope** is done.\n\n${formatMarker({ v: 1, kind: 'transition', stage: 'scope', event: 'done:2027-03-01' })}`;
    const result = await applyPlan(
      clientFor(e),
      REPO,
      plan({ op: 'close-stage-issue', stage: 'scope', number: 1, changes: { state: 'closed', state_reason: 'completed' }, comment, reason: 'test' }),
      { current: EMPTY, managedLabel: 'lifecycle' },
    );
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1 });
    expect(repoState(e).commentsByIssue.get(1)).toHaveLength(1);
    expect(e.log.forRoute('POST /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(1);
    expect(repoState(e).issues.get(1)).toMatchObject({ state: 'closed', stateReason: 'completed' });
  });

  const faults: [string, FaultSpec][] = [
    ['lost answers', { dropResponse: true }],
    ['502s', { status: 502 }],
    ['reset connections', { reset: true }],
  ];
  for (const [name, effect] of faults) {
    it(`${name} on the first label, milestone, issue, comment and close writes leave exactly the desired state`, async () => {
      const e = await startSyncEmulator();
      emulator = e;
      e.state.addIssue('acme/assistant', { title: 'Old task', body: taskBody('scope', 'old') });
      for (const route of [
        'POST /repos/{owner}/{repo}/labels',
        'PATCH /repos/{owner}/{repo}/labels/{name}',
        'POST /repos/{owner}/{repo}/milestones',
        'POST /repos/{owner}/{repo}/issues',
        'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
        'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      ]) {
        e.faults.inject({ route, ...effect });
      }
      e.state.addLabel('acme/assistant', { name: 'stage: scope', color: 'ffffff' });
      const result = await applyPlan(
        clientFor(e),
        REPO,
        plan(
          { op: 'create-label', label: { name: 'lifecycle', color: '5319e7', description: 'managed' }, reason: 'test' },
          { op: 'update-label', name: 'stage: scope', changes: { color: '0e8a16' }, reason: 'test' },
          milestoneOp('scope', 'Scope'),
          issueOp('scope', 'brief'),
          issueOp('scope', 'risks'),
          closeOp(1, 'old'),
        ),
        { current: EMPTY, managedLabel: 'lifecycle' },
      );
      expect(result.results.map((r) => `${r.op} ${r.status}`)).toEqual([
        'create-label done',
        'update-label done',
        'create-milestone done',
        'create-issue done',
        'create-issue done',
        'close-issue done',
      ]);
      const repo = repoState(e);
      expect([...repo.labels.values()].map((l) => [l.name, l.color]).sort()).toEqual([
        ['lifecycle', '5319e7'],
        ['stage: scope', '0e8a16'],
      ]);
      expect([...repo.milestones.values()].map((m) => m.title)).toEqual(['Scope']);
      expect(issuesByTask(e)).toEqual({ old: [1], brief: [2], risks: [3] });
      expect(repo.commentsByIssue.get(1)).toHaveLength(1);
      expect(repo.issues.get(1)?.state).toBe('closed');
      expect(e.faults.pending()).toEqual([]);
    });
  }
});

describe('issues that leave between the read and the write', () => {
  it('a transferred and a deleted issue fail their own writes, named; the run goes on and nothing is written elsewhere', async () => {
    const { e } = await prepared();
    e.state.addRepo({ owner: 'acme', name: 'archive' });
    e.state.addIssue('acme/assistant', { title: 'Task brief', body: taskBody('scope', 'brief'), labels: ['lifecycle'], milestone: 1 });
    e.state.addIssue('acme/assistant', { title: 'Task old', body: taskBody('scope', 'old'), labels: ['lifecycle'], milestone: 1 });
    e.state.addIssue('acme/assistant', { title: 'Task gone', body: taskBody('scope', 'gone'), labels: ['lifecycle'], milestone: 1 });
    const client = clientFor(e);
    const current = (await readCurrentState(client, REPO, 'lifecycle')).state;
    const moved = transferIssue(e.state, 'acme/assistant', 1, 'acme/archive');
    transferIssue(e.state, 'acme/assistant', 2, 'acme/archive');
    deleteIssue(e.state, 'acme/assistant', 3);
    const update: Operation = { op: 'update-issue', stage: 'scope', task: 'brief', number: 1, changes: { title: 'Task brief, renamed' }, reason: 'test' };
    const result = await applyPlan(client, REPO, plan(update, closeOp(2, 'old'), closeOp(3, 'gone'), issueOp('scope', 'risks')), { current, managedLabel: 'lifecycle' });
    expect(result.stopped).toBeNull();
    expect(result.results.map((r) => [r.op, r.status])).toEqual([
      ['update-issue', 'failed'],
      ['close-issue', 'failed'],
      ['close-issue', 'failed'],
      ['create-issue', 'done'],
    ]);
    expect(result.results[0]?.message).toMatch(/\(301\).*issue #1 was transferred to another repository/);
    expect(result.results[1]?.message).toMatch(/\(301\).*issue #2 was transferred/);
    expect(result.results[2]?.message).toMatch(/\(410\).*This issue was deleted/);
    // Nothing followed the redirect: the issues in their new place are as they arrived.
    const archive = e.state.repo('acme/archive');
    expect(moved.title).toBe('Task brief');
    expect([...archive.issues.values()].map((i) => [i.title, i.state, i.comments])).toEqual([
      ['Task brief', 'open', 0],
      ['Task old', 'open', 0],
    ]);
    expect(e.log.entries.filter((x) => x.write && x.path.startsWith('/repositories/'))).toEqual([]);
  });
});

describe('what a recovery finds, and when it does not look', () => {
  it('a label whose create landed but whose answer was lost is reported as already there, recovered', async () => {
    const e = await startSyncEmulator();
    emulator = e;
    e.faults.inject({ route: 'POST /repos/{owner}/{repo}/labels', dropResponse: true });
    const label: Operation = { op: 'create-label', label: { name: 'lifecycle', color: '5319e7', description: 'managed' }, reason: 'test' };
    const result = await applyPlan(clientFor(e), REPO, plan(label), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', recovered: true, message: 'the label already existed' });
    expect(e.log.forRoute('POST /repos/{owner}/{repo}/labels')).toHaveLength(2);
  });

  it("a milestone of the stage made since the read under another title is found by its marker after a 502, not created twice", async () => {
    const e = await startSyncEmulator();
    emulator = e;
    // A racing run that still had the stage's old title.
    e.state.addMilestone('acme/assistant', { title: 'Scoping', description: stageBody('scope') });
    e.faults.inject({ route: 'POST /repos/{owner}/{repo}/milestones', status: 502 });
    const result = await applyPlan(clientFor(e), REPO, plan(milestoneOp('scope', 'Scope')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1, recovered: true, message: 'found after a lost answer' });
    expect(result.milestones).toEqual({ scope: 1 });
    expect([...repoState(e).milestones.values()].map((m) => m.title)).toEqual(['Scoping']);
  });

  it("a milestone with the stage's title and another stage's marker is neither adopted nor duplicated", async () => {
    const e = await startSyncEmulator();
    emulator = e;
    const theirs = { ...e.state.addMilestone('acme/assistant', { title: 'Scope', description: stageBody('intake') }) };
    const result = await applyPlan(clientFor(e), REPO, plan(milestoneOp('scope', 'Scope'), issueOp('scope', 'brief')), { current: EMPTY, managedLabel: 'lifecycle' });
    expect(result.results.map((r) => [r.status, r.message])).toEqual([
      ['failed', 'a milestone titled "Scope" already belongs to stage "intake"'],
      ['skipped', 'the milestone of stage "scope" does not exist (its create failed); the next run creates this issue'],
    ]);
    expect(repoState(e).milestones.get(1)).toEqual(theirs);
    expect(repoState(e).milestones.size).toBe(1);
  });

  it("a stage's own issue whose create landed but whose answer was lost is found by its stage marker", async () => {
    const { e, current } = await prepared();
    const stageIssue: Operation = {
      op: 'create-issue',
      stage: 'scope',
      task: '',
      fields: { title: 'Scope', body: withMarker('Stage scope.', { kind: 'stage-issue', stage: 'scope' }), labels: ['lifecycle'], assignees: [], milestoneStage: 'scope' },
      reason: 'test',
    };
    e.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    const result = await applyPlan(clientFor(e), REPO, plan(stageIssue), { current, managedLabel: 'lifecycle' });
    expect(result.results[0]).toMatchObject({ status: 'done', number: 1, recovered: true });
    expect(repoState(e).issues.size).toBe(1);
    expect(e.log.forRoute('POST /repos/{owner}/{repo}/issues')).toHaveLength(1);
  });

  it('a create refused outright (a 422) fails at once: nothing is looked for or tried again', async () => {
    const { e, current } = await prepared();
    const client = clientFor(e);
    const long = 'x'.repeat(300);
    const badMilestone: Operation = { op: 'create-milestone', stage: 'build', fields: { title: long, description: stageBody('build'), due_on: null }, reason: 'test' };
    const badIssue = issueOp('scope', 'brief') as Extract<Operation, { op: 'create-issue' }>;
    const from = e.log.entries.length;
    const result = await applyPlan(client, REPO, plan(badMilestone, { ...badIssue, fields: { ...badIssue.fields, title: long } }), { current, managedLabel: 'lifecycle' });
    expect(result.results.map((r) => [r.status, r.message?.match(/failed \((\d+)\)/)?.[1]])).toEqual([
      ['failed', '422'],
      ['failed', '422'],
    ]);
    expect(e.log.entries.slice(from).map((x) => `${x.method} ${x.route}`)).toEqual(['POST /repos/{owner}/{repo}/milestones', 'POST /repos/{owner}/{repo}/issues']);
  });
});
