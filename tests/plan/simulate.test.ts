// The in-memory GitHub the convergence tests and previews stand on (src/plan/simulate.ts): what each
// operation leaves behind, and the refusals GitHub would give, so a planner bug is not hidden by a
// lenient stand-in.
import { describe, expect, it } from 'vitest';
import { parseMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentState, Operation } from '../../src/plan/model.js';
import { applyPlanToState, SimulationError } from '../../src/plan/simulate.js';
import { issue, milestone } from './fixtures.js';

const stageText = (stage: string) => withMarker(`About ${stage}.`, { kind: 'stage', stage });
const taskBody = (stage: string, task: string) => withMarker(`Do ${task}.`, { kind: 'task', stage, task });

function run(current: CurrentState, ...operations: Operation[]): CurrentState {
  return applyPlanToState(current, { operations, warnings: [] }, '2027-01-01T00:00:00Z');
}

function refusal(current: CurrentState, ...operations: Operation[]): string {
  try {
    run(current, ...operations);
  } catch (error) {
    if (error instanceof SimulationError) return `${error.name}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a SimulationError');
}

const empty: CurrentState = { labels: [], milestones: [], issues: [] };
const newMilestone = (title: string, stage: string, due_on: string | null = null): Operation => ({
  op: 'create-milestone',
  reason: '',
  stage,
  fields: { title, description: stageText(stage), due_on },
});
const newIssue = (stage: string, task: string, milestoneStage: string | null): Operation => ({
  op: 'create-issue',
  reason: '',
  stage,
  task,
  fields: { title: `Do ${task}`, body: taskBody(stage, task), labels: ['lifecycle'], assignees: ['ana'], milestoneStage },
});

describe('applyPlanToState', () => {
  it('numbers new objects after the highest number, in any order, and stamps them', () => {
    const current: CurrentState = { labels: [], milestones: [milestone(7), milestone(3)], issues: [issue(9), issue(2)] };
    const after = run(current, newMilestone('Scope', 'scope'), newIssue('scope', 'a', null));
    expect(after.milestones.map((m) => m.number)).toEqual([3, 7, 8]);
    expect(after.milestones[2]).toEqual({
      number: 8,
      title: 'Scope',
      description: stageText('scope'),
      state: 'open',
      dueOn: null,
      openIssues: 0,
      closedIssues: 0,
      htmlUrl: 'https://github.invalid/milestone/8',
      createdAt: '2027-01-01T00:00:00Z',
    });
    expect(after.issues.map((i) => i.number)).toEqual([2, 9, 10]);
    expect(after.issues[2]).toEqual({
      number: 10,
      title: 'Do a',
      body: expect.stringMatching(/^Do a\.\n/) as string,
      state: 'open',
      stateReason: null,
      labels: ['lifecycle'],
      assignees: ['ana'],
      milestone: null,
      htmlUrl: 'https://github.invalid/issues/10',
      createdAt: '2027-01-01T00:00:00Z',
    });
    // Outside any milestone, recorded as such.
    expect(parseMarker(after.issues[2]?.body ?? '')?.wrote?.milestone).toBe('none');
    expect(run(empty, newMilestone('Scope', 'scope'), newIssue('scope', 'a', null)).issues[0]?.number).toBe(1);
    expect(applyPlanToState(empty, { operations: [newMilestone('Scope', 'scope')], warnings: [] }).milestones[0]?.createdAt).toBe('1970-01-01T00:00:00Z');
  });

  it.each([
    ['a winter day', '2027-01-20T12:00:00Z', '2027-01-20T08:00:00Z'],
    ['a summer day', '2027-07-20T12:00:00Z', '2027-07-20T07:00:00Z'],
    ['a time already the next day in UTC', '2027-01-21T03:00:00Z', '2027-01-20T08:00:00Z'],
    ['no date', null, null],
  ])('keeps the Pacific date of a due date: %s', (_name, dueOn, stored) => {
    expect(run(empty, newMilestone('Scope', 'scope', dueOn)).milestones[0]?.dueOn).toBe(stored);
    const moved = run({ ...empty, milestones: [milestone(1, { dueOn: '2027-03-01T08:00:00Z' })] }, { op: 'update-milestone', reason: '', stage: 's', number: 1, changes: { due_on: dueOn } });
    expect(moved.milestones[0]?.dueOn).toBe(stored);
  });

  it.each<[string, CurrentState, Operation[], string]>([
    ['an invalid due date', empty, [newMilestone('Scope', 'scope', 'soon')], 'invalid due_on soon'],
    ['a milestone title taken', { ...empty, milestones: [milestone(4, { title: 'Scope' })] }, [newMilestone('Scope', 'scope')], '422 already_exists: milestone title "Scope" is taken by #4'],
    ['a rename onto another title', { ...empty, milestones: [milestone(1, { title: 'A' }), milestone(2, { title: 'B' })] }, [{ op: 'update-milestone', reason: '', stage: 's', number: 2, changes: { title: 'A' } }], '422 already_exists: milestone title "A" is taken by #1'],
    ['a missing milestone', empty, [{ op: 'close-milestone', reason: '', stage: 's', number: 5 }], 'milestone #5 does not exist'],
    ['a missing issue', empty, [{ op: 'close-issue', reason: '', stage: 's', task: 't', number: 6, comment: '', stateReason: 'not_planned' }], 'issue #6 does not exist'],
    ['a label that exists in another case', { ...empty, labels: [{ name: 'Lifecycle', color: 'ededed', description: null }] }, [{ op: 'create-label', reason: '', label: { name: 'lifecycle', color: '000000', description: '' } }], '422 label lifecycle exists'],
    ['a missing label', empty, [{ op: 'update-label', reason: '', name: 'gone', changes: { color: '000000' } }], 'label gone does not exist'],
    ['a stage no milestone carries', { ...empty, milestones: [milestone(1, { description: withMarker('x', { kind: 'task', stage: 'scope', task: 'a' }) })] }, [newIssue('scope', 'a', 'scope')], 'no milestone carries stage "scope"'],
  ])('refuses %s', (_name, current, operations, message) => {
    expect(refusal(current, ...operations)).toBe(`SimulationError: ${message}`);
  });

  it('renames a milestone to its own title, and changes only the fields given', () => {
    const current: CurrentState = { ...empty, milestones: [milestone(1, { title: 'A', description: 'old', dueOn: '2027-03-01T08:00:00Z' })] };
    const same = run(current, { op: 'update-milestone', reason: '', stage: 's', number: 1, changes: { title: 'A' } });
    expect(same.milestones[0]).toEqual(current.milestones[0]);
    const closed = run(current, { op: 'adopt-milestone', reason: '', stage: 's', number: 1, changes: { description: 'new', state: 'closed' } });
    expect(closed.milestones[0]).toMatchObject({ title: 'A', description: 'new', state: 'closed', dueOn: '2027-03-01T08:00:00Z' });
  });

  it('closes a milestone, writing its description only when given one', () => {
    const current: CurrentState = { ...empty, milestones: [milestone(1, { description: 'old' }), milestone(2, { description: 'old' })] };
    const after = run(current, { op: 'close-milestone', reason: '', stage: 's', number: 1, description: 'done' }, { op: 'close-milestone', reason: '', stage: 's', number: 2 });
    expect(after.milestones.map((m) => [m.state, m.description])).toEqual([
      ['closed', 'done'],
      ['closed', 'old'],
    ]);
  });

  it('updates a label found in any case, field by field', () => {
    const current: CurrentState = { ...empty, labels: [{ name: 'Stage: A', color: '111111', description: 'd' }, { name: 'x', color: '222222', description: null }] };
    const after = run(
      current,
      { op: 'update-label', reason: '', name: 'stage: a', changes: { color: '333333' } },
      { op: 'update-label', reason: '', name: 'X', changes: { description: 'e', new_name: 'y' } },
    );
    expect(after.labels).toEqual([
      { name: 'Stage: A', color: '333333', description: 'd' },
      { name: 'y', color: '222222', description: 'e' },
    ]);
    expect(run(empty, { op: 'create-label', reason: '', label: { name: 'n', color: 'c', description: 'd' } }).labels).toEqual([{ name: 'n', color: 'c', description: 'd' }]);
  });

  it('puts an issue in the oldest milestone carrying its stage, and records that number in its marker', () => {
    const current: CurrentState = {
      ...empty,
      milestones: [milestone(5, { description: stageText('scope') }), milestone(2, { description: stageText('scope') }), milestone(1, { description: 'no marker' }), milestone(3, { description: withMarker('x', { kind: 'task', stage: 'build', task: 't' }) })],
    };
    const after = run(current, newIssue('scope', 'a', 'scope'));
    expect(after.issues[0]?.milestone).toBe(2);
    expect(parseMarker(after.issues[0]?.body ?? '')?.wrote?.milestone).toBe('2');
  });

  it('finds the milestones made or marked earlier in the same plan', () => {
    const current: CurrentState = { ...empty, milestones: [milestone(1, { description: stageText('scope') }), milestone(2, { title: 'Build' })] };
    const after = run(
      current,
      newIssue('scope', 'a', 'scope'),
      newMilestone('Test', 'test'),
      newIssue('test', 'b', 'test'),
      { op: 'adopt-milestone', reason: '', stage: 'build', number: 2, changes: { description: stageText('build') } },
      newIssue('build', 'c', 'build'),
    );
    expect(after.issues.map((i) => i.milestone)).toEqual([1, 3, 2]);
  });

  it('updates an issue field by field, recording a moved milestone in its marker', () => {
    const current: CurrentState = {
      ...empty,
      milestones: [milestone(1, { description: stageText('scope') })],
      issues: [issue(1, { title: 'Old', body: 'old', labels: ['a'], assignees: ['b'], milestone: 1 }), issue(2, { body: 'kept', milestone: 1 })],
    };
    const after = run(
      current,
      { op: 'update-issue', reason: '', stage: 'scope', task: 'a', number: 1, changes: { title: 'New', labels: ['c'], assignees: ['d'], body: taskBody('scope', 'a') } },
      { op: 'update-issue', reason: '', stage: 'scope', task: 'b', number: 2, changes: { milestoneStage: 'scope', body: taskBody('scope', 'b'), state: 'closed', state_reason: 'completed' } },
    );
    expect(after.issues[0]).toMatchObject({ title: 'New', body: taskBody('scope', 'a'), labels: ['c'], assignees: ['d'], milestone: 1, state: 'open', stateReason: null });
    expect(after.issues[1]).toMatchObject({ title: 'Issue 2', milestone: 1, state: 'closed', stateReason: 'completed' });
    expect(parseMarker(after.issues[1]?.body ?? '')?.wrote?.milestone).toBe('1');
    const out = run(current, { op: 'update-issue', reason: '', stage: 'scope', task: 'a', number: 1, changes: { milestoneStage: null } });
    expect(out.issues[0]).toMatchObject({ milestone: null, body: 'old', title: 'Old', labels: ['a'], assignees: ['b'] });
  });

  it('closes an issue with its reason, and applies a stage transition', () => {
    const current: CurrentState = { ...empty, issues: [issue(1), issue(2)] };
    const after = run(
      current,
      { op: 'close-issue', reason: '', stage: 's', task: 't', number: 1, comment: 'gone', stateReason: 'duplicate' },
      { op: 'close-stage-issue', reason: '', stage: 's', number: 2, changes: { state: 'closed', state_reason: 'completed' }, comment: null },
    );
    expect(after.issues.map((i) => [i.state, i.stateReason])).toEqual([
      ['closed', 'duplicate'],
      ['closed', 'completed'],
    ]);
    const reopened = run(after, { op: 'reopen-stage-issue', reason: '', stage: 's', number: 2, changes: { state: 'open' }, comment: null });
    expect(reopened.issues[1]?.state).toBe('open');
    const announced = run(current, { op: 'announce-stage', reason: '', stage: 's', number: 1, changes: { title: 'Ready' }, comment: 'go' });
    expect(announced.issues[0]?.title).toBe('Ready');
  });

  it('recounts the open and closed issues of each milestone, and leaves the state it was given alone', () => {
    const current: CurrentState = {
      labels: [{ name: 'l', color: '000000', description: null }],
      milestones: [milestone(1, { openIssues: 9, closedIssues: 9 }), milestone(2, { openIssues: 9 })],
      issues: [issue(1, { milestone: 1 }), issue(2, { milestone: 1, state: 'closed' }), issue(3, { milestone: 1 }), issue(4, { milestone: 99 }), issue(5)],
    };
    const copy = structuredClone(current);
    const after = run(current, { op: 'noop', reason: '', kind: 'issue' }, { op: 'drift', reason: '', kind: 'issue', stage: 's', number: 1, field: 'body', htmlUrl: '' });
    expect(after.milestones.map((m) => [m.openIssues, m.closedIssues])).toEqual([
      [2, 1],
      [0, 0],
    ]);
    after.issues[0]?.labels.push('x');
    after.issues[0]?.assignees.push('x');
    after.labels[0]!.color = 'ffffff';
    after.milestones[0]!.title = 'changed';
    expect(current).toEqual(copy);
  });
});
