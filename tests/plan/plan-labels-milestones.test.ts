import { describe, expect, it } from 'vitest';
import { parseMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentLabel, DesiredLabel, Operation } from '../../src/plan/model.js';
import { isWrite } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { applyPlanToState } from '../../src/plan/simulate.js';
import { EMPTY, desiredMilestone, desiredState, mapMilestone, milestone, synced } from './fixtures.js';

const ops = (operations: Operation[], kind: Operation['op']) => operations.filter((o) => o.op === kind);

describe('labels', () => {
  it('creates a label that does not exist', () => {
    const { operations } = plan(desiredState(), EMPTY);
    expect(ops(operations, 'create-label').map((o) => (o.op === 'create-label' ? o.label.name : ''))).toEqual(['lifecycle', 'stage: scope']);
  });

  it('matches labels by name regardless of case, keeping the repository spelling', () => {
    const current = { ...synced(desiredState()), labels: [{ name: 'LifeCycle', color: 'EDEDED', description: 'Managed by lifecycle-action' }, { name: 'stage: scope', color: '0e8a16', description: 'Work of the scope stage' }] };
    const labelOps = plan(desiredState(), current).operations.filter((o) => o.op === 'create-label' || o.op === 'update-label' || (o.op === 'noop' && o.kind === 'label'));
    expect(labelOps.map((o) => o.op)).toEqual(['noop', 'noop']);
    expect(labelOps[0]).toMatchObject({ name: 'LifeCycle' });
  });

  it('updates colour and description when they differ', () => {
    const current = { ...EMPTY, labels: [{ name: 'lifecycle', color: '#000000', description: null }] };
    const [first] = plan(desiredState(), current).operations;
    expect(first).toEqual({ op: 'update-label', name: 'lifecycle', changes: { color: 'ededed', description: 'Managed by lifecycle-action' }, reason: 'colour #000000 → ededed; description changed' });
  });

  it.each([
    [
      'a colour written with "#" and in capitals is the same colour',
      [{ name: 'lifecycle', color: '#EDEDED', description: 'Managed' }],
      [{ name: 'lifecycle', color: 'ededed', description: 'Managed' }],
      [{ op: 'noop', kind: 'label', name: 'lifecycle', reason: 'up to date' }],
    ],
    [
      'no description is the empty description',
      [{ name: 'lifecycle', color: 'ededed', description: null }],
      [{ name: 'lifecycle', color: 'ededed', description: '' }],
      [{ op: 'noop', kind: 'label', name: 'lifecycle', reason: 'up to date' }],
    ],
    [
      'a label declared twice (in any case) is planned once',
      [],
      [
        { name: 'lifecycle', color: 'ededed', description: '' },
        { name: 'LIFECYCLE', color: '000000', description: 'other' },
      ],
      [{ op: 'create-label', label: { name: 'lifecycle', color: 'ededed', description: '' }, reason: 'label "lifecycle" does not exist' }],
    ],
    [
      'of two labels differing only in case, the first is the one matched',
      [
        { name: 'Lifecycle', color: 'ededed', description: '' },
        { name: 'lifecycle', color: '000000', description: 'old' },
      ],
      [{ name: 'lifecycle', color: 'ededed', description: '' }],
      [{ op: 'noop', kind: 'label', name: 'Lifecycle', reason: 'up to date' }],
    ],
  ] as [string, CurrentLabel[], DesiredLabel[], Operation[]][])('%s', (_, current, labels, expected) => {
    expect(plan(desiredState({ labels, milestones: [], issues: [] }), { ...EMPTY, labels: current }).operations).toEqual(expected);
  });

  it('never touches a label the config does not declare', () => {
    const current = { ...synced(desiredState()), labels: [...synced(desiredState()).labels, { name: 'bug', color: 'ff0000', description: null }] };
    const mentions = plan(desiredState(), current).operations.filter((o) => JSON.stringify(o).includes('"bug"'));
    expect(mentions).toEqual([]);
  });
});

describe('milestones', () => {
  it('creates one milestone per stage, due at noon UTC of the intended day, with the stage marker', () => {
    const created = ops(plan(desiredState(), EMPTY).operations, 'create-milestone')[0];
    expect(created).toMatchObject({ op: 'create-milestone', stage: 'scope', fields: { title: 'Stage scope', due_on: '2027-01-20T12:00:00Z' } });
    if (created?.op !== 'create-milestone') throw new Error('expected a create');
    expect(parseMarker(created.fields.description)).toMatchObject({ kind: 'stage', stage: 'scope' });
  });

  it('finds its milestone by marker, not title: a renamed stage updates the title in place', () => {
    const current = synced(desiredState());
    const renamed = desiredState({ milestones: [desiredMilestone('scope', { title: 'Scoping' })] });
    const result = plan(renamed, current).operations.filter((o) => o.op.endsWith('milestone'));
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ op: 'update-milestone', number: 1, changes: { title: 'Scoping' } });
  });

  it('adopts a milestone with the stage title and no marker instead of creating a second one', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', description: 'Made by hand', dueOn: null })] };
    const adopt = plan(desiredState(), current).operations.find((o) => o.op === 'adopt-milestone');
    expect(adopt).toMatchObject({ number: 7, stage: 'scope', changes: { due_on: '2027-01-20T12:00:00Z' } });
    expect(plan(desiredState(), current).operations.some((o) => o.op === 'create-milestone')).toBe(false);
    if (adopt?.op !== 'adopt-milestone') throw new Error('expected an adopt');
    expect(parseMarker(adopt.changes.description)).toMatchObject({ kind: 'stage', stage: 'scope' });
  });

  it('adopts a hand-made milestone keeping the description and due date a person gave it, reported as drift', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', description: 'Our plan for scoping.', dueOn: '2027-02-14T08:00:00Z' })] };
    const result = plan(desiredState(), current).operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(result.map((o) => o.op)).toEqual(['adopt-milestone', 'drift', 'drift']);
    const [adopt] = result;
    if (adopt?.op !== 'adopt-milestone') throw new Error('expected an adopt');
    expect(adopt.changes.due_on).toBeUndefined();
    expect(stripMarker(adopt.changes.description ?? '')).toBe('Our plan for scoping.');
    expect(parseMarker(adopt.changes.description)).toMatchObject({ kind: 'stage', stage: 'scope' });
    expect(result.slice(1)).toMatchObject([
      { op: 'drift', field: 'description', number: 7 },
      { op: 'drift', field: 'due_on', number: 7, reason: expect.stringContaining('2027-02-14') },
    ]);
  });

  it('keeps reporting what a person gave an adopted milestone on later runs, without writing', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', description: 'Our plan for scoping.', dueOn: '2027-02-14T08:00:00Z' })] };
    const adopted = applyPlanToState(current, plan(desiredState(), current));
    const again = plan(desiredState(), adopted).operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(again.filter(isWrite)).toEqual([]);
    expect(again.map((o) => (o.op === 'drift' ? o.field : o.op))).toEqual(['due_on', 'description']);
    // A new due date in the schedule is applied: the config changed since the adoption.
    const moved = plan(desiredState({ milestones: [desiredMilestone('scope', { dueOn: '2027-03-01' })] }), adopted).operations;
    expect(moved.find((o) => o.op === 'update-milestone')).toMatchObject({ changes: { due_on: '2027-03-01T12:00:00Z' } });
  });

  it('fills a hand-made milestone whose description is empty', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', description: '  ', dueOn: null })] };
    const result = plan(desiredState(), current).operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(result).toMatchObject([{ op: 'adopt-milestone', number: 7, changes: { due_on: '2027-01-20T12:00:00Z' } }]);
    if (result[0]?.op !== 'adopt-milestone') throw new Error('expected an adopt');
    expect(stripMarker(result[0].changes.description ?? '')).toContain('What the scope stage is for.');
  });

  it.each([
    ['no description and no due date', null, null, [], '2027-01-20T12:00:00Z'],
    ['no description and the due date of the schedule', null, '2027-01-20T08:00:00Z', [], undefined],
    ['a description and the due date of the schedule', 'Ours.', '2027-01-20T08:00:00Z', ['description'], undefined],
  ])('adopts a hand-made milestone with %s, reporting only what differs', (_, description, dueOn, drift, due) => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', description, dueOn })] };
    const result = plan(desiredState(), current).operations.filter((o) => ('kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone')));
    expect(result.map((o) => (o.op === 'drift' ? o.field : o.op))).toEqual(['adopt-milestone', ...drift]);
    const [adopt] = result;
    if (adopt?.op !== 'adopt-milestone') throw new Error('expected an adopt');
    expect(adopt.changes.due_on).toBe(due);
    expect(stripMarker(adopt.changes.description ?? '')).toBe(description ?? stripMarker(desiredMilestone('scope').description));
  });

  it('replaces the description and due date of a hand-made milestone with overwrite', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', description: 'Our plan for scoping.', dueOn: '2027-02-14T08:00:00Z' })] };
    const result = plan(desiredState(), current, { overwrite: true }).operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(result).toMatchObject([{ op: 'adopt-milestone', changes: { due_on: '2027-01-20T12:00:00Z' } }]);
    if (result[0]?.op !== 'adopt-milestone') throw new Error('expected an adopt');
    expect(stripMarker(result[0].changes.description ?? '')).toContain('What the scope stage is for.');
  });

  it('never adopts a closed milestone: a conflict says how to resolve it, and the issues are created without a milestone', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', state: 'closed', description: 'Done last year.' })] };
    const result = plan(desiredState(), current);
    const milestoneOps = result.operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(milestoneOps).toMatchObject([{ op: 'conflict', kind: 'milestone', stage: 'scope', number: 7, title: 'Stage scope' }]);
    const [conflict] = milestoneOps;
    if (conflict?.op !== 'conflict') throw new Error('expected a conflict');
    expect(conflict.reason).toContain('closed');
    expect(conflict.resolve).toMatch(/rename milestone #7 .* or reopen it/);
    expect(result.operations.find((o) => o.op === 'create-issue')).toMatchObject({ fields: { milestoneStage: null } });
    const applied = applyPlanToState(current, result);
    expect(applied.milestones).toEqual(current.milestones);
    expect(applied.issues.map((i) => i.milestone)).toEqual([null]);
    expect(plan(desiredState(), applied).operations.filter(isWrite)).toEqual([]);
  });

  it('adopts the closed milestone once a person reopens it, and moves the waiting issues into it', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', state: 'closed' })] };
    const waiting = applyPlanToState(current, plan(desiredState(), current));
    const reopened = mapMilestone(waiting, 7, (m) => ({ ...m, state: 'open' }));
    const result = plan(desiredState(), reopened);
    expect(result.operations.filter(isWrite).map((o) => o.op)).toEqual(['adopt-milestone', 'update-issue']);
    expect(result.operations.find((o) => o.op === 'update-issue')).toMatchObject({ changes: { milestoneStage: 'scope' } });
    const applied = applyPlanToState(reopened, result);
    expect(applied.issues.map((i) => i.milestone)).toEqual([7]);
    expect(plan(desiredState(), applied).operations.filter(isWrite)).toEqual([]);
  });

  it('creates the stage its own milestone once the closed one is renamed, and moves the waiting issues into it', () => {
    const current = { ...EMPTY, milestones: [milestone(7, { title: 'Stage scope', state: 'closed' })] };
    const waiting = applyPlanToState(current, plan(desiredState(), current));
    const renamed = mapMilestone(waiting, 7, (m) => ({ ...m, title: 'Scope (2026)' }));
    const result = plan(desiredState(), renamed);
    expect(result.operations.filter(isWrite).map((o) => o.op)).toEqual(['create-milestone', 'update-issue']);
    const applied = applyPlanToState(renamed, result);
    expect(applied.issues.map((i) => i.milestone)).toEqual([8]);
    expect(applied.milestones.find((m) => m.number === 7)).toEqual(renamed.milestones[0]);
    expect(plan(desiredState(), applied).operations.filter(isWrite)).toEqual([]);
  });

  it('never takes over the closed milestone of a stage no longer declared either', () => {
    const closed = mapMilestone(synced(desiredState()), 1, (m) => ({ ...m, state: 'closed' }));
    const moved = desiredState({ milestones: [desiredMilestone('scoping', { title: 'Stage scope' })], issues: [] });
    const result = plan(moved, closed).operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(result.map((o) => o.op)).toEqual(['conflict']);
  });

  it('takes over the same-titled milestone of a stage no longer declared', () => {
    const current = synced(desiredState());
    const moved = desiredState({ milestones: [desiredMilestone('scoping', { title: 'Stage scope' })], issues: [] });
    const result = plan(moved, current).operations.filter((o) => o.op.endsWith('milestone') || (o.op === 'noop' && o.kind === 'milestone'));
    expect(result.map((o) => o.op)).toEqual(['adopt-milestone']);
  });

  it.each([
    ['winter, 08:00Z', '2027-01-20', '2027-01-20T08:00:00Z'],
    ['summer, 07:00Z', '2027-07-20', '2027-07-20T07:00:00Z'],
    ['the day daylight saving time starts', '2027-03-14', '2027-03-14T08:00:00Z'],
    ['the day daylight saving time ends', '2027-11-07', '2027-11-07T07:00:00Z'],
  ])('compares due dates as dates (%s)', (_, date, github) => {
    const desired = desiredState({ milestones: [desiredMilestone('scope', { dueOn: date })] });
    const current = mapMilestone(synced(desired), 1, (m) => ({ ...m, dueOn: github }));
    expect(plan(desired, current).operations.find((o) => o.op.endsWith('milestone') || ('kind' in o && o.kind === 'milestone'))).toMatchObject({ op: 'noop', reason: 'up to date' });
  });

  it('moves a due date that differs and clears one the schedule no longer gives', () => {
    const current = synced(desiredState());
    const later = plan(desiredState({ milestones: [desiredMilestone('scope', { dueOn: '2027-02-01' })] }), current).operations;
    expect(later.find((o) => o.op === 'update-milestone')).toMatchObject({ changes: { due_on: '2027-02-01T12:00:00Z' }, reason: 'due 2027-01-20 → 2027-02-01' });
    const none = plan(desiredState({ milestones: [desiredMilestone('scope', { dueOn: null })] }), current).operations;
    expect(none.find((o) => o.op === 'update-milestone')).toMatchObject({ changes: { due_on: null } });
  });

  it('keeps a due date a person changed while the schedule gives the same one, and restores it with overwrite', () => {
    const current = mapMilestone(synced(desiredState()), 1, (m) => ({ ...m, dueOn: '2027-02-03T08:00:00Z' }));
    const result = plan(desiredState(), current).operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(result).toMatchObject([{ op: 'drift', field: 'due_on', number: 1 }]);
    const overwritten = plan(desiredState(), current, { overwrite: true }).operations.find((o) => o.op === 'update-milestone');
    expect(overwritten).toMatchObject({ changes: { due_on: '2027-01-20T12:00:00Z' } });
  });

  it('leaves a closed milestone closed and untouched, even when the config changed', () => {
    const current = mapMilestone(synced(desiredState()), 1, (m) => ({ ...m, state: 'closed' }));
    const changed = desiredState({ milestones: [desiredMilestone('scope', { title: 'Scoping', dueOn: '2027-03-01' })] });
    const result = plan(changed, current).operations.filter((o) => 'stage' in o && !('task' in o));
    expect(result).toEqual([{ op: 'noop', kind: 'milestone', stage: 'scope', number: 1, reason: 'closed; a closed milestone is left as it is' }]);
  });

  it('reports a description a person edited as drift and leaves it', () => {
    const current = mapMilestone(synced(desiredState()), 1, (m) => ({ ...m, description: (m.description ?? '').replace('What the', 'What our') }));
    const changed = desiredState({ milestones: [desiredMilestone('scope', { text: 'A new text.' })] });
    const result = plan(changed, current).operations.filter((o) => o.op === 'drift' || o.op === 'update-milestone');
    expect(result).toMatchObject([{ op: 'drift', kind: 'milestone', field: 'description', number: 1 }]);
  });

  it('replaces an edited description with overwrite', () => {
    const current = mapMilestone(synced(desiredState()), 1, (m) => ({ ...m, description: (m.description ?? '').replace('What the', 'What our') }));
    const update = plan(desiredState(), current, { overwrite: true }).operations.find((o) => o.op === 'update-milestone');
    if (update?.op !== 'update-milestone') throw new Error('expected an update');
    expect(stripMarker(update.changes.description ?? '')).toContain('What the scope stage is for.');
  });

  it('keeps a title a person gave the milestone while the config keeps the same name', () => {
    const current = mapMilestone(synced(desiredState()), 1, (m) => ({ ...m, title: 'Scope (Q1)' }));
    const result = plan(desiredState(), current).operations.filter((o) => 'kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone'));
    expect(result).toMatchObject([{ op: 'drift', field: 'title', number: 1 }]);
  });

  it('holds back a rename into a title another milestone has, with a warning', () => {
    const current = { ...synced(desiredState()), milestones: [...synced(desiredState()).milestones, milestone(2, { title: 'Scoping', description: withMarker('other', { kind: 'stage', stage: 'other' }) })] };
    const desired = desiredState({ milestones: [desiredMilestone('scope', { title: 'Scoping' }), desiredMilestone('other', { title: 'Scoping', text: 'other' })] });
    const result = plan(desired, current);
    expect(result.operations.some((o) => o.op === 'update-milestone' && o.changes.title !== undefined)).toBe(false);
    expect(result.warnings.join('\n')).toContain('cannot be renamed to "Scoping"');
  });

  it('keeps the oldest of two milestones with the same stage and closes the newer', () => {
    const first = synced(desiredState());
    const current = { ...first, milestones: [...first.milestones, { ...first.milestones[0]!, number: 9, title: 'Stage scope again' }] };
    const result = plan(desiredState(), current);
    expect(result.operations.find((o) => o.op === 'close-milestone')).toMatchObject({ number: 9, reason: 'duplicate of milestone #1 (same stage marker)' });
    expect(result.warnings).toEqual(['milestones #1 and #9 both carry stage "scope"; keeping #1, the oldest']);
  });

  it('closes the milestone of a removed stage only with prune', () => {
    const two = desiredState({ milestones: [desiredMilestone('scope'), desiredMilestone('eval', { title: 'Eval' })] });
    const current = synced(two);
    const without = plan(desiredState(), current).operations.find((o) => 'stage' in o && o.stage === 'eval');
    expect(without).toMatchObject({ op: 'noop', reason: 'no longer declared; run with prune to close' });
    const pruned = plan(desiredState(), current, { prune: true }).operations.find((o) => 'stage' in o && o.stage === 'eval');
    expect(pruned).toMatchObject({ op: 'close-milestone', number: 2 });
  });
});
