// The applier over real HTTP against the emulator: creates that lose their answer, read-only
// tokens, rate limits, and comments that must not be posted twice.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { applyPlan } from '../../src/github/apply.js';
import { PermissionError, RateLimitError } from '../../src/github/errors.js';
import { readCurrentState } from '../../src/github/read-state.js';
import { parseMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentState, Operation, Plan } from '../../src/plan/model.js';
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
