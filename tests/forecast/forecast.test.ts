import { describe, expect, it } from 'vitest';
import { observedRatio, RATIO_BOUNDS, scaledDays, stageRatios } from '../../src/forecast/forecast.js';
import type { StageRatio } from '../../src/forecast/forecast.js';
import { replanMoves } from '../../src/forecast/replan.js';
import { makeConfig, stage } from '../schedule/helpers.js';
import { closed, open, rows, run } from './helpers.js';

// Monday 4 January 2027; a: Mon 4–Wed 6, b: Thu 7–Fri 8, c: Mon 11–Fri 15.
const abc = makeConfig([stage('a', '3d'), stage('b', '2d'), stage('c', '5d')]);
const ratio = (r: number): StageRatio => ({ id: 'x', estimate: 1, actual: r, ratio: r });

describe('observedRatio', () => {
  it.each([
    ['no finished stage: the plain estimate', [], { value: 1, median: null, stages: 0, bounded: false }],
    ['one stage', [1.5], { value: 1.5, median: 1.5, stages: 1, bounded: false }],
    ['the median, not the mean: one stage that went badly does not move it', [1, 1.25, 6], { value: 1.25, median: 1.25, stages: 3, bounded: false }],
    ['an even count takes the middle two', [1, 2], { value: 1.5, median: 1.5, stages: 2, bounded: false }],
    ['kept above the lower bound', [0.2], { value: RATIO_BOUNDS.min, median: 0.2, stages: 1, bounded: true }],
    ['kept below the upper bound', [5, 8], { value: RATIO_BOUNDS.max, median: 6.5, stages: 2, bounded: true }],
  ])('%s', (_name, ratios, expected) => {
    expect(observedRatio(ratios.map(ratio))).toEqual(expected);
  });

  it.each([
    [3, 1, 3],
    [3, 2 / 3, 2],
    [2, 2 / 3, 1],
    [5, 5 / 3, 8],
    [1, 0.5, 1],
    [0, 2, 0],
  ])('scales %d days by %d to %d whole days, at least one', (days, r, expected) => {
    expect(scaledDays(days, r)).toBe(expected);
  });
});

describe('computeForecast', () => {
  it('uses the plain estimate before any stage has finished, and matches the plan when on time', () => {
    const r = run(abc, { a: [open()], b: [open()], c: [open()] }, '2027-01-05');
    expect(r.forecast.ratio.stages).toBe(0);
    expect(rows(r)).toEqual({
      a: ['active', '2027-01-04', '2027-01-06', null],
      b: ['waiting', '2027-01-07', '2027-01-08', null],
      c: ['waiting', '2027-01-11', '2027-01-15', null],
    });
    expect(r.forecast.end).toBe(r.forecast.plannedEnd);
  });

  it('a stage that finishes early brings the rest forward', () => {
    const r = run(abc, { a: [closed('2027-01-05')], b: [open()], c: [open()] }, '2027-01-06');
    expect(stageRatios(r.schedule, r.actuals)).toEqual([{ id: 'a', estimate: 3, actual: 2, ratio: 2 / 3 }]);
    // b: 2d × 2/3 → 1 day; c: 5d × 2/3 → 3 days, Thu, Fri, Mon.
    expect(rows(r)).toEqual({
      a: ['done', '2027-01-04', '2027-01-05', null],
      b: ['active', '2027-01-06', '2027-01-06', null],
      c: ['waiting', '2027-01-07', '2027-01-11', null],
    });
    expect(r.forecast.stages[0]?.slip).toBe(-1);
    expect(r.forecast.end).toBe('2027-01-11');
  });

  it('a stage that finishes two days late makes the next late and the last at risk', () => {
    const r = run(abc, { a: [closed('2027-01-08')], b: [open()], c: [open()] }, '2027-01-11');
    // a: 5 workdays for 3 → 5/3; b: 2d → 3 days from Mon 11; c: 5d → 8 days from Thu 14, over the weekend.
    expect(r.forecast.ratio.value).toBeCloseTo(5 / 3);
    expect(rows(r)).toEqual({
      a: ['done', '2027-01-04', '2027-01-08', null],
      b: ['active', '2027-01-11', '2027-01-13', 'late'],
      c: ['waiting', '2027-01-14', '2027-01-25', 'at-risk'],
    });
    expect(r.forecast.stages.map((s) => [s.slip, s.lateBy])).toEqual([[2, 0], [3, 1], [6, 0]]);
  });

  it('open work ends today at the soonest, and a late stage pushes what waits for it', () => {
    const r = run(abc, { a: [closed('2027-01-04'), open()], b: [open()], c: [open()] }, '2027-01-12');
    expect(rows(r)).toEqual({
      a: ['active', '2027-01-04', '2027-01-12', 'late'],
      b: ['waiting', '2027-01-13', '2027-01-14', 'at-risk'],
      c: ['waiting', '2027-01-15', '2027-01-21', 'at-risk'],
    });
    expect(r.forecast.stages[0]?.lateBy).toBe(4);
  });

  it('is not late on a weekend past the due date, but at risk: no workday was lost yet', () => {
    const r = run(abc, { a: [closed('2027-01-06')], b: [open()], c: [open()] }, '2027-01-09');
    expect(rows(r)).toMatchObject({ b: ['active', '2027-01-07', '2027-01-11', 'at-risk'] });
    expect(r.forecast.stages[1]?.lateBy).toBe(0);
  });

  it('counts every day on the days calendar', () => {
    const days = makeConfig([stage('a', '3d'), stage('b', '2d'), stage('c', '1w')], { start: '2027-01-02', calendar: 'days' });
    const r = run(days, { a: [closed('2027-01-06')], b: [open()], c: [open()] }, '2027-01-07');
    // a: 5 days for 3 → 5/3; b: 2 → 3 days from Thu 7; c: 7 → 12 days from Sun 10.
    expect(rows(r)).toEqual({
      a: ['done', '2027-01-02', '2027-01-06', null],
      b: ['active', '2027-01-07', '2027-01-09', 'late'],
      c: ['waiting', '2027-01-10', '2027-01-21', 'at-risk'],
    });
    expect(r.forecast.stages[1]?.lateBy).toBe(1);
  });

  it('leaves skipped stages out and keeps dependencies across them', () => {
    const config = makeConfig([stage('a', '3d'), stage('x', '4w', { when: 'vars.extra' }), stage('b', '2d')], {}, { extra: false });
    const r = run(config, { a: [closed('2027-01-06')], x: [], b: [open()] }, '2027-01-07');
    expect(rows(r)).toEqual({
      a: ['done', '2027-01-04', '2027-01-06', null],
      x: ['skipped', null, null, null],
      b: ['active', '2027-01-07', '2027-01-08', null],
    });
  });

  it('keeps parallel branches apart: a late branch delays only what waits for it', () => {
    const config = makeConfig([
      stage('a', '2d'),
      stage('slow', '2d', { depends_on: ['a'] }),
      stage('fast', '2d', { depends_on: ['a'] }),
      stage('join', '1d', { depends_on: ['slow', 'fast'] }),
    ]);
    const r = run(config, { a: [closed('2027-01-05')], slow: [open()], fast: [closed('2027-01-07')], join: [open()] }, '2027-01-11');
    expect(rows(r)).toEqual({
      a: ['done', '2027-01-04', '2027-01-05', null],
      slow: ['active', '2027-01-06', '2027-01-11', 'late'],
      fast: ['done', '2027-01-06', '2027-01-07', null],
      join: ['waiting', '2027-01-12', '2027-01-12', 'at-risk'],
    });
  });

  it('a reopened stage is active again: its forecast runs from its start, not from its first end', () => {
    const r = run(abc, { a: [closed('2027-01-05'), open()], b: [open()], c: [open()] }, '2027-01-07', { a: '2027-01-05' });
    expect(rows(r)).toEqual({
      a: ['active', '2027-01-04', '2027-01-07', 'late'],
      b: ['waiting', '2027-01-08', '2027-01-11', 'at-risk'],
      c: ['waiting', '2027-01-12', '2027-01-18', 'at-risk'],
    });
  });

  it('measures against the milestone due date after a re-plan, not the plan', () => {
    const dues = new Map([['b', '2027-01-13'], ['c', '2027-01-25']]);
    const r = run(abc, { a: [closed('2027-01-08')], b: [open()], c: [open()] }, '2027-01-11', undefined, dues);
    expect(rows(r)).toMatchObject({ b: ['active', '2027-01-11', '2027-01-13', null], c: ['waiting', '2027-01-14', '2027-01-25', null] });
  });

  it('has no dates without a project start', () => {
    const config = makeConfig([stage('a', '3d')], { start: undefined });
    expect(rows(run(config, { a: [open()] }, '2027-01-06'))).toEqual({ a: ['active', null, null, null] });
  });
});

describe('replanMoves', () => {
  it('moves only the remaining milestones whose date changes', () => {
    const r = run(abc, { a: [closed('2027-01-08')], b: [open()], c: [open()] }, '2027-01-11');
    expect(replanMoves(r.forecast)).toEqual([
      { stage: 'b', from: '2027-01-08', to: '2027-01-13' },
      { stage: 'c', from: '2027-01-15', to: '2027-01-25' },
    ]);
  });

  it('moves nothing when the forecast is the plan, and never a done stage', () => {
    expect(replanMoves(run(abc, { a: [open()], b: [open()], c: [open()] }, '2027-01-05').forecast)).toEqual([]);
    const early = run(abc, { a: [closed('2027-01-05')], b: [open()], c: [open()] }, '2027-01-06');
    expect(replanMoves(early.forecast).map((m) => m.stage)).toEqual(['b', 'c']);
  });
});
