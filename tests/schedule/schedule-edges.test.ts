// The schedule's edges: which dependency the critical path goes through, plans where only some
// stages have an estimate, and the error a bad expression leaves as the cause.
import { describe, expect, it } from 'vitest';
import { computeSchedule, ScheduleError } from '../../src/schedule/schedule.js';
import { makeConfig, scheduleError, stage } from './helpers.js';

describe('computeSchedule, edges', () => {
  it('the critical path goes through the dependency that ended last, even when it is listed first', () => {
    const s = computeSchedule(makeConfig([stage('a', '3d'), stage('b', '1d', { depends_on: [] }), stage('c', '1d', { depends_on: ['a', 'b'] })]));
    expect(s.criticalPath).toEqual(['a', 'c']);
  });

  it('with only some stages estimated, still has a length and a critical path', () => {
    const s = computeSchedule(makeConfig([stage('a', '2d'), stage('review', null), stage('c', '1d')]));
    expect(s.totalDays).toBe(3);
    expect(s.criticalPath).toEqual(['a', 'review', 'c']);
  });

  it.each([
    ['when', makeConfig([stage('a', '1d', { when: 'vars.x ==' })])],
    ['estimate', makeConfig([stage('a', '${{ vars.x == }}')])],
  ])('keeps the expression error as the cause (%s)', (_name, config) => {
    const thrown = scheduleError(config);
    expect(thrown).toBeInstanceOf(ScheduleError);
    const { cause, message } = thrown as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(message.endsWith((cause as Error).message)).toBe(true);
  });
});
