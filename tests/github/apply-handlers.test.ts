// One handler of the applier at a time, over real HTTP against the emulator: what it writes, and
// what it leaves in the run's context for the operations after it.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { applyOperation, describeOperation, HANDLERS } from '../../src/github/apply/handlers.js';
import type { ApplyContext } from '../../src/github/apply/types.js';
import type { GitHubClient } from '../../src/github/client.js';
import { parseMarker, withMarker } from '../../src/plan/marker.js';
import type { Operation } from '../../src/plan/model.js';
import { clientFor, REPO, startSyncEmulator } from '../sync/helpers.js';

let emulator: Emulator | null = null;
afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

function contextFor(client: GitHubClient): ApplyContext {
  return { client, repo: REPO, managedLabel: 'lifecycle', newestNumber: 0, createAttempts: 3, byStage: new Map(), commentless: new Set(), createdMilestones: [],
    updatedMilestones: [], createdIssues: [], updatedIssues: [] };
}

const createMilestone: Operation = {
  op: 'create-milestone',
  stage: 'scope',
  fields: { title: 'Scope', description: withMarker('Stage scope.', { kind: 'stage', stage: 'scope' }), due_on: '2027-03-10T12:00:00Z' },
  reason: 'test',
};
const createIssue: Operation = {
  op: 'create-issue',
  stage: 'scope',
  task: 'brief',
  fields: { title: 'Write the brief', body: withMarker('Do it.', { kind: 'task', stage: 'scope', task: 'brief' }), labels: [], assignees: [], milestoneStage: 'scope' },
  reason: 'test',
};

describe('apply handlers', () => {
  it('has a handler for every kind of operation, each named in words for error messages', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(
      [
        'adopt-milestone',
        'announce-stage',
        'close-issue',
        'close-milestone',
        'close-stage-issue',
        'conflict',
        'create-issue',
        'create-label',
        'create-milestone',
        'drift',
        'noop',
        'propose-text',
        'reopen-stage-issue',
        'update-issue',
        'update-label',
        'update-milestone',
      ],
    );
    expect(describeOperation(createMilestone)).toBe('create milestone "Scope"');
    expect(describeOperation({ op: 'close-issue', stage: 'scope', task: 'old', number: 7, comment: 'gone', stateReason: 'not_planned', reason: 'test' })).toBe('close issue #7');
  });

  it('create-milestone records the new milestone by stage, and create-issue files its issue there with the number in the marker', async () => {
    emulator = await startSyncEmulator();
    const ctx = contextFor(clientFor(emulator));
    const milestone = await applyOperation(createMilestone, ctx);
    expect(milestone).toMatchObject({ status: 'done', number: 1 });
    expect(ctx.byStage.get('scope')).toBe(1);
    expect(ctx.createdMilestones.map((m) => m.number)).toEqual([1]);

    const issue = await applyOperation(createIssue, ctx);
    expect(issue.status).toBe('done');
    expect(ctx.createdIssues).toHaveLength(1);
    expect(ctx.createdIssues[0]?.milestone).toBe(1);
    expect(parseMarker(ctx.createdIssues[0]?.body)?.wrote?.milestone).toBe('1');
  });

  it('create-issue whose stage has no milestone is skipped without a request', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const outcome = await applyOperation(createIssue, contextFor(client));
    expect(outcome).toEqual({ status: 'skipped', message: 'the milestone of stage "scope" does not exist (its create failed); the next run creates this issue' });
    expect(client.stats.total).toBe(0);
  });

  it('create-label over a label that exists answers done, saying so', async () => {
    emulator = await startSyncEmulator();
    const ctx = contextFor(clientFor(emulator));
    const op: Operation = { op: 'create-label', label: { name: 'lifecycle', color: 'ededed', description: 'managed' }, reason: 'test' };
    expect(await applyOperation(op, ctx)).toEqual({ status: 'done' });
    expect(await applyOperation(op, ctx)).toEqual({ status: 'done', recovered: false, message: 'the label already existed' });
  });
});

const scopeMarker = (text: string) => withMarker(text, { kind: 'stage', stage: 'scope' });
const briefBody = (text: string) => withMarker(text, { kind: 'task', stage: 'scope', task: 'brief' });

describe('apply handlers, each kind of write', () => {
  it('names every kind of operation in words, by title, name or number', () => {
    const rows: [Operation, string][] = [
      [{ op: 'create-label', label: { name: 'lifecycle', color: 'ededed', description: '' }, reason: 'test' }, 'create label "lifecycle"'],
      [{ op: 'update-label', name: 'stage: scope', changes: { color: '000000' }, reason: 'test' }, 'update label "stage: scope"'],
      [createMilestone, 'create milestone "Scope"'],
      [{ op: 'update-milestone', stage: 'scope', number: 3, changes: {}, reason: 'test' }, 'update milestone #3'],
      [{ op: 'adopt-milestone', stage: 'scope', number: 4, changes: {}, reason: 'test' }, 'adopt milestone #4'],
      [{ op: 'close-milestone', stage: 'scope', number: 5, reason: 'test' }, 'close milestone #5'],
      [createIssue, 'create issue "Write the brief"'],
      [{ op: 'update-issue', stage: 'scope', task: 'brief', number: 6, changes: {}, reason: 'test' }, 'update issue #6'],
      [{ op: 'close-issue', stage: 'scope', task: 'old', number: 7, comment: 'gone', stateReason: 'not_planned', reason: 'test' }, 'close issue #7'],
      [{ op: 'close-stage-issue', stage: 'scope', number: 8, changes: {}, comment: null, reason: 'test' }, 'close the issue #8 of stage "scope"'],
      [{ op: 'reopen-stage-issue', stage: 'scope', number: 9, changes: {}, comment: null, reason: 'test' }, 'reopen the issue #9 of stage "scope"'],
      [{ op: 'announce-stage', stage: 'build', number: 10, changes: {}, comment: null, reason: 'test' }, 'announce on #10 that stage "build" can start'],
      [{ op: 'noop', kind: 'label', name: 'lifecycle', reason: 'test' }, 'noop'],
      [{ op: 'drift', kind: 'issue', stage: 'scope', task: 'brief', number: 6, field: 'body', htmlUrl: 'https://github.com/acme/assistant/issues/6', reason: 'test' }, 'drift'],
      [{ op: 'conflict', kind: 'milestone', stage: 'scope', number: 2, title: 'Scope', htmlUrl: 'https://github.com/acme/assistant/milestone/2', resolve: 'rename it', reason: 'test' }, 'conflict'],
      [
        { op: 'propose-text', kind: 'issue', stage: 'scope', task: 'brief', number: 11, htmlUrl: 'https://github.com/acme/assistant/issues/11', digest: 'abc', comment: 'new text', reason: 'test' },
        'propose new text on issue #11',
      ],
    ];
    expect(rows.map(([op]) => describeOperation(op))).toEqual(rows.map(([, words]) => words));
  });

  it('passes by the operations that write nothing, without a request', async () => {
    const client = clientFor({ url: 'http://127.0.0.1:9' });
    const ctx = contextFor(client);
    const ops: Operation[] = [
      { op: 'noop', kind: 'milestone', stage: 'scope', number: 1, reason: 'test' },
      { op: 'drift', kind: 'milestone', stage: 'scope', number: 1, field: 'description', htmlUrl: 'https://github.com/acme/assistant/milestone/1', reason: 'test' },
      { op: 'conflict', kind: 'issue', stage: 'scope', task: 'brief', number: 2, title: 'Brief', htmlUrl: 'https://github.com/acme/assistant/issues/2', resolve: 'close it', reason: 'test' },
    ];
    for (const op of ops) expect(await applyOperation(op, ctx)).toEqual({ status: 'skipped' });
    expect(client.stats.total).toBe(0);
  });

  it('update-milestone and adopt-milestone write the changes and record the milestone by stage', async () => {
    emulator = await startSyncEmulator();
    emulator.state.addMilestone('acme/assistant', { title: 'Scope', description: scopeMarker('Stage scope.') });
    emulator.state.addMilestone('acme/assistant', { title: 'Build', description: 'made by hand' });
    const ctx = contextFor(clientFor(emulator));
    const update: Operation = { op: 'update-milestone', stage: 'scope', number: 1, changes: { due_on: '2027-05-03T12:00:00Z' }, reason: 'test' };
    const buildDescription = withMarker('made by hand', { kind: 'stage', stage: 'build' });
    const adopt: Operation = { op: 'adopt-milestone', stage: 'build', number: 2, changes: { description: buildDescription }, reason: 'test' };
    expect(await applyOperation(update, ctx)).toEqual({ status: 'done', number: 1, url: expect.stringMatching(/\/milestone\/1$/) });
    expect(await applyOperation(adopt, ctx)).toEqual({ status: 'done', number: 2, url: expect.stringMatching(/\/milestone\/2$/) });
    expect(Object.fromEntries(ctx.byStage)).toEqual({ scope: 1, build: 2 });
    expect(ctx.updatedMilestones.map((m) => [m.number, m.dueOn?.slice(0, 10) ?? null, m.description])).toEqual([
      [1, '2027-05-03', scopeMarker('Stage scope.')],
      [2, null, buildDescription],
    ]);
  });

  it('close-milestone closes, writing the closing record only when the operation carries one', async () => {
    emulator = await startSyncEmulator();
    emulator.state.addMilestone('acme/assistant', { title: 'Scope', description: scopeMarker('Stage scope.') });
    emulator.state.addMilestone('acme/assistant', { title: 'Build', description: withMarker('Stage build.', { kind: 'stage', stage: 'build' }) });
    const ctx = contextFor(clientFor(emulator));
    const closedRecord = withMarker('Stage scope.', { kind: 'stage', stage: 'scope', wrote: { state: 'closed' } });
    expect(await applyOperation({ op: 'close-milestone', stage: 'scope', number: 1, description: closedRecord, reason: 'test' }, ctx)).toEqual({
      status: 'done',
      number: 1,
      url: expect.stringMatching(/\/milestone\/1$/),
    });
    expect(await applyOperation({ op: 'close-milestone', stage: 'build', number: 2, reason: 'test' }, ctx)).toMatchObject({ status: 'done', number: 2 });
    const milestones = emulator.state.repo('acme/assistant').milestones;
    expect([1, 2].map((n) => [milestones.get(n)?.state, milestones.get(n)?.description])).toEqual([
      ['closed', closedRecord],
      ['closed', withMarker('Stage build.', { kind: 'stage', stage: 'build' })],
    ]);
    expect(ctx.updatedMilestones.map((m) => [m.number, m.state])).toEqual([
      [1, 'closed'],
      [2, 'closed'],
    ]);
  });

  it('update-issue moves an issue to the milestone of a stage (or to none), recording it in the body it writes', async () => {
    emulator = await startSyncEmulator();
    const e = emulator;
    e.state.addMilestone('acme/assistant', { title: 'Scope', description: scopeMarker('Stage scope.') });
    e.state.addMilestone('acme/assistant', { title: 'Build', description: withMarker('Stage build.', { kind: 'stage', stage: 'build' }) });
    for (let i = 0; i < 5; i++) e.state.addIssue('acme/assistant', { title: 'Write the brief', body: briefBody('Do it.'), milestone: 1 });
    const client = clientFor(e);
    const ctx = contextFor(client);
    ctx.byStage.set('scope', 1).set('build', 2);
    const update = (number: number, changes: Extract<Operation, { op: 'update-issue' }>['changes']): Operation => ({ op: 'update-issue', stage: 'scope', task: 'brief', number, changes, reason: 'test' });
    const rows: { op: Operation; outcome: object; milestone: number | null; body: string; recorded: string | undefined }[] = [
      { op: update(1, { milestoneStage: 'build', body: briefBody('Do it now.') }), outcome: { status: 'done', number: 1 }, milestone: 2, body: 'Do it now.', recorded: '2' },
      { op: update(2, { milestoneStage: null, body: briefBody('Do it now.') }), outcome: { status: 'done', number: 2 }, milestone: null, body: 'Do it now.', recorded: 'none' },
      // The body is not written: the milestone moves, the text stays as it is.
      { op: update(3, { milestoneStage: 'build' }), outcome: { status: 'done', number: 3 }, milestone: 2, body: 'Do it.', recorded: undefined },
      { op: update(4, { title: 'Write the short brief' }), outcome: { status: 'done', number: 4 }, milestone: 1, body: 'Do it.', recorded: undefined },
      {
        op: update(5, { milestoneStage: 'test', body: briefBody('Do it now.') }),
        outcome: { status: 'skipped', message: 'the milestone of stage "test" does not exist' },
        milestone: 1,
        body: 'Do it.',
        recorded: undefined,
      },
    ];
    for (const row of rows) expect(await applyOperation(row.op, ctx)).toMatchObject(row.outcome);
    const issues = e.state.repo('acme/assistant').issues;
    expect(rows.map((_, i) => issues.get(i + 1)).map((issue) => [issue?.milestone, issue?.body?.split('\n')[0], parseMarker(issue?.body)?.wrote?.milestone])).toEqual(
      rows.map((row) => [row.milestone, row.body, row.recorded]),
    );
    expect(issues.get(4)?.title).toBe('Write the short brief');
    expect(ctx.updatedIssues.map((i) => i.number)).toEqual([1, 2, 3, 4]);
    expect(e.log.entries.filter((x) => x.write).map((x) => x.path)).toEqual([1, 2, 3, 4].map((n) => `/repos/acme/assistant/issues/${n}`));
  });
});
