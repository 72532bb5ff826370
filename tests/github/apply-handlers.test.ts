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
