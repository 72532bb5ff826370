import { describe, expect, it } from 'vitest';
import { stageStates } from '../../src/forecast/actuals.js';
import { makeConfig, stage } from '../schedule/helpers.js';
import { closed, open, run } from './helpers.js';

// Monday 4 January 2027; a: Mon 4–Wed 6, b: Thu 7–Fri 8, c: Mon 11–Fri 15.
const abc = makeConfig([stage('a', '3d'), stage('b', '2d'), stage('c', '5d')]);

const pick = (r: ReturnType<typeof run>) => Object.fromEntries(r.actuals.map((a) => [a.id, [a.state, a.start, a.end, a.elapsed]]));

describe('stageStates', () => {
  const s = (id: string, dependsOn: string[], tasks: ('open' | 'closed')[], skipped = false) => ({
    id,
    skipped,
    dependsOn,
    tasks: tasks.map((state, number) => ({ number, state, closedAt: state === 'closed' ? '2027-01-05T00:00:00Z' : null })),
  });

  it.each([
    ['nothing closed: the first is active, the rest wait', [s('a', [], ['open']), s('b', ['a'], ['open'])], { a: 'active', b: 'waiting' }],
    ['all of a closed: a is done and b active', [s('a', [], ['closed', 'closed']), s('b', ['a'], ['open'])], { a: 'done', b: 'active' }],
    ['one task of a reopened: a is active again and b waits', [s('a', [], ['closed', 'open']), s('b', ['a'], ['closed'])], { a: 'active', b: 'waiting' }],
    ['a stage whose tasks closed while it waited stays waiting', [s('a', [], ['open']), s('b', ['a'], ['closed'])], { a: 'active', b: 'waiting' }],
    ['a stage without tasks is done as soon as it can start', [s('a', [], ['closed']), s('gate', ['a'], []), s('b', ['gate'], ['open'])], { a: 'done', gate: 'done', b: 'active' }],
    ['skipped stages are skipped and block nothing', [s('x', [], ['open'], true), s('b', [], ['open'])], { x: 'skipped', b: 'active' }],
    ['two dependencies: waiting until both are done', [s('a', [], ['closed']), s('b', [], ['open']), s('c', ['a', 'b'], [])], { a: 'done', b: 'active', c: 'waiting' }],
  ])('%s', (_name, stages, expected) => {
    expect(Object.fromEntries(stageStates(stages))).toEqual(expected);
  });
});

describe('computeActuals', () => {
  it('starts the first stage on the project start and ends it on the day its last task closed', () => {
    const r = run(abc, { a: [closed('2027-01-04'), closed('2027-01-05')], b: [open()], c: [open()] }, '2027-01-06');
    expect(pick(r)).toEqual({
      a: ['done', '2027-01-04', '2027-01-05', 2],
      b: ['active', '2027-01-06', null, null],
      c: ['waiting', null, null, null],
    });
    expect(r.actuals.map((a) => [a.tasksDone, a.tasksTotal])).toEqual([[2, 2], [0, 1], [0, 1]]);
  });

  it('starts a stage on the working day after its dependencies ended: a Saturday close starts the next stage on Monday', () => {
    const r = run(abc, { a: [closed('2027-01-09')], b: [open()], c: [open()] }, '2027-01-11');
    expect(pick(r)).toMatchObject({ a: ['done', '2027-01-04', '2027-01-09', 5], b: ['active', '2027-01-11', null, null] });
  });

  it('counts every day on the days calendar', () => {
    const days = makeConfig([stage('a', '3d'), stage('b', '2d')], { start: '2027-01-02', calendar: 'days' });
    const r = run(days, { a: [closed('2027-01-06')], b: [open()] }, '2027-01-07');
    expect(pick(r)).toEqual({ a: ['done', '2027-01-02', '2027-01-06', 5], b: ['active', '2027-01-07', null, null] });
  });

  it('passes a skipped stage through: the stage after it starts when the one before it ends', () => {
    const config = makeConfig([stage('a', '3d'), stage('x', '4w', { when: 'vars.extra' }), stage('b', '2d')], {}, { extra: false });
    const r = run(config, { a: [closed('2027-01-05')], x: [], b: [open()] }, '2027-01-06');
    expect(pick(r)).toEqual({ a: ['done', '2027-01-04', '2027-01-05', 2], x: ['skipped', null, null, null], b: ['active', '2027-01-06', null, null] });
  });

  it('ends a stage whose work was finished while it waited on the day it was unlocked, with no elapsed time', () => {
    const r = run(abc, { a: [closed('2027-01-07')], b: [closed('2027-01-05')], c: [open()] }, '2027-01-08');
    expect(pick(r)).toMatchObject({ a: ['done', '2027-01-04', '2027-01-07', 4], b: ['done', '2027-01-07', '2027-01-07', 0], c: ['active', '2027-01-08', null, null] });
  });

  it('marks a stage done once and reopened since as reopened, keeping the first end it was seen with', () => {
    const r = run(abc, { a: [closed('2027-01-05'), open()], b: [open()], c: [open()] }, '2027-01-07', { a: '2027-01-05' });
    expect(r.actuals[0]).toMatchObject({ state: 'active', end: null, reopened: true, firstEnd: '2027-01-05' });
    expect(r.actuals[1]).toMatchObject({ state: 'waiting', reopened: false, firstEnd: null });
  });

  it('shows the first end of a stage reopened and closed again later', () => {
    const r = run(abc, { a: [closed('2027-01-05'), closed('2027-01-07')], b: [open()], c: [open()] }, '2027-01-08', { a: '2027-01-05' });
    expect(r.actuals[0]).toMatchObject({ state: 'done', end: '2027-01-07', reopened: false, firstEnd: '2027-01-05' });
  });

  it('has no start without a project start date', () => {
    const config = makeConfig([stage('a', '3d')], { start: undefined });
    expect(run(config, { a: [closed('2027-01-05')] }, '2027-01-06').actuals[0]).toMatchObject({ state: 'done', start: null, elapsed: null });
  });
});
