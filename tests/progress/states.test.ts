import { describe, expect, it } from 'vitest';
import { computeStageStates, type StageStateInput, type WorkItem } from '../../src/progress/states.js';

const open: WorkItem = { state: 'open' };
const closed = (at: string): WorkItem => ({ state: 'closed', closedAt: at });

function stage(id: string, over: Partial<StageStateInput> = {}): StageStateInput {
  return { id, enabled: true, dependsOn: [], tasks: [open], ...over };
}

describe('computeStageStates', () => {
  const cases: Array<{ name: string; stages: StageStateInput[]; states: string[]; current: string[] }> = [
    { name: 'a first stage with open work is active', stages: [stage('a')], states: ['active'], current: ['a'] },
    { name: 'a stage whose dependency is open waits', stages: [stage('a'), stage('b', { dependsOn: ['a'] })], states: ['active', 'waiting'], current: ['a'] },
    {
      name: 'every task closed: done, and the next stage is active',
      stages: [stage('a', { tasks: [closed('2027-01-02T00:00:00Z'), closed('2027-01-05T00:00:00Z')] }), stage('b', { dependsOn: ['a'] })],
      states: ['done', 'active'],
      current: ['b'],
    },
    {
      name: 'one task still open keeps the stage active',
      stages: [stage('a', { tasks: [closed('2027-01-02T00:00:00Z'), open] }), stage('b', { dependsOn: ['a'] })],
      states: ['active', 'waiting'],
      current: ['a'],
    },
    {
      name: 'a task without an issue yet counts as open',
      stages: [stage('a', { tasks: [closed('2027-01-02T00:00:00Z'), null] })],
      states: ['active'],
      current: ['a'],
    },
    { name: 'a skipped stage holds nothing back', stages: [stage('a', { enabled: false }), stage('b')], states: ['skipped', 'active'], current: ['b'] },
    {
      name: 'waiting wins over done: tasks closed early while a dependency is open',
      stages: [stage('a'), stage('b', { dependsOn: ['a'], tasks: [closed('2027-01-02T00:00:00Z')] }), stage('c', { dependsOn: ['b'] })],
      states: ['active', 'waiting', 'waiting'],
      current: ['a'],
    },
    {
      name: 'two stages in parallel are both current, in life cycle order',
      stages: [stage('a', { tasks: [closed('2027-01-02T00:00:00Z')] }), stage('b', { dependsOn: ['a'] }), stage('c', { dependsOn: ['a'] }), stage('d', { dependsOn: ['b', 'c'] })],
      states: ['done', 'active', 'active', 'waiting'],
      current: ['b', 'c'],
    },
    {
      name: 'a stage with no task is active until its stage issue is closed',
      stages: [stage('a', { tasks: [], stageIssue: open }), stage('b', { dependsOn: ['a'] })],
      states: ['active', 'waiting'],
      current: ['a'],
    },
    {
      name: 'a stage with no task is done once its stage issue is closed',
      stages: [stage('a', { tasks: [], stageIssue: closed('2027-01-03T00:00:00Z') }), stage('b', { dependsOn: ['a'] })],
      states: ['done', 'active'],
      current: ['b'],
    },
    { name: 'a stage with no task and no stage issue yet is active', stages: [stage('a', { tasks: [] })], states: ['active'], current: ['a'] },
    {
      name: 'a dependency declared after the stage is still followed',
      stages: [stage('b', { dependsOn: ['a'] }), stage('a')],
      states: ['waiting', 'active'],
      current: ['a'],
    },
    {
      name: 'every stage done: nothing is current',
      stages: [stage('a', { tasks: [closed('2027-01-02T00:00:00Z')] }), stage('b', { dependsOn: ['a'], tasks: [closed('2027-01-03T00:00:00Z')] })],
      states: ['done', 'done'],
      current: [],
    },
  ];
  it.each(cases)('$name', ({ stages, states, current }) => {
    const result = computeStageStates(stages);
    expect(result.stages.map((s) => s.state)).toEqual(states);
    expect(result.current).toEqual(current);
  });

  it('gives actual dates: a stage finishes when its last task closes and starts when its dependencies finished', () => {
    const result = computeStageStates([
      stage('a', { tasks: [closed('2027-01-05T10:00:00Z'), closed('2027-01-02T00:00:00Z')] }),
      stage('b', { tasks: [closed('2027-01-07T00:00:00Z')] , dependsOn: [] }),
      stage('c', { dependsOn: ['a', 'b'] }),
    ]);
    expect(result.stages[0]).toMatchObject({ state: 'done', finishedAt: '2027-01-05T10:00:00Z', startedAt: null, total: 2, closed: 2 });
    expect(result.stages[2]).toMatchObject({ state: 'active', startedAt: '2027-01-07T00:00:00Z', finishedAt: null, total: 1, closed: 0 });
  });

  it('names what a waiting stage waits on', () => {
    const result = computeStageStates([stage('a'), stage('b', { tasks: [closed('2027-01-02T00:00:00Z')] }), stage('c', { dependsOn: ['a', 'b'] })]);
    expect(result.stages[2]).toMatchObject({ state: 'waiting', waitingOn: ['a'] });
  });
});
