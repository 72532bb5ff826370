import { describe, expect, it } from 'vitest';
import { computeSchedule, placeSlots, ScheduleError } from '../../src/schedule/schedule.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import { makeConfig, scheduleError, stage } from './helpers.js';

const dates = (s: Schedule) => Object.fromEntries(s.stages.map((x) => [x.id, [x.start, x.due]]));

describe('computeSchedule', () => {
  it('chains stages by list order: a 3d stage starting Monday is due Wednesday', () => {
    const s = computeSchedule(makeConfig([stage('a', '3d'), stage('b', '2d')]));
    expect(dates(s)).toEqual({ a: ['2027-01-04', '2027-01-06'], b: ['2027-01-07', '2027-01-08'] });
    expect(s.end).toBe('2027-01-08');
    expect(s.totalDays).toBe(5);
  });

  it('skips weekends on the workdays calendar', () => {
    const s = computeSchedule(makeConfig([stage('a', '4d', {}), stage('b', '3d')], { start: '2027-01-06' }));
    // Wed, Thu, Fri, Mon → due Mon 11; then Tue 12 to Thu 14.
    expect(dates(s)).toEqual({ a: ['2027-01-06', '2027-01-11'], b: ['2027-01-12', '2027-01-14'] });
  });

  it('moves a weekend start to the Monday on workdays, and keeps it on days', () => {
    const cfg = (calendar: 'workdays' | 'days') => makeConfig([stage('a', '2d')], { start: '2027-01-09', calendar });
    expect(computeSchedule(cfg('workdays')).stages[0]).toMatchObject({ start: '2027-01-11', due: '2027-01-12' });
    expect(computeSchedule(cfg('days')).stages[0]).toMatchObject({ start: '2027-01-09', due: '2027-01-10' });
  });

  it('counts every day on the days calendar, and a week as 7 days', () => {
    const s = computeSchedule(makeConfig([stage('a', '1w'), stage('b', '3d')], { calendar: 'days' }));
    expect(dates(s)).toEqual({ a: ['2027-01-04', '2027-01-10'], b: ['2027-01-11', '2027-01-13'] });
  });

  it('counts a week as 5 workdays on the workdays calendar', () => {
    const s = computeSchedule(makeConfig([stage('a', '2w')]));
    expect(s.stages[0]).toMatchObject({ days: 10, start: '2027-01-04', due: '2027-01-15' });
  });

  it.each([
    ['4h', 1],
    ['8h', 1],
    ['9h', 2],
    ['16h', 2],
    ['1.5d', 2],
    ['0d', 0],
  ])('rounds %s up to %i whole day(s)', (duration, days) => {
    expect(computeSchedule(makeConfig([stage('a', duration)])).stages[0]?.days).toBe(days);
  });

  it('is the same across a daylight saving change: dates are pure', () => {
    // Europe and the US switch clocks in late March; a plan across it must not lose or gain a day.
    const s = computeSchedule(makeConfig([stage('a', '10d')], { start: '2027-03-22', calendar: 'days' }));
    expect(s.stages[0]).toMatchObject({ start: '2027-03-22', due: '2027-03-31' });
  });

  it('starts a stage after all of its dependencies (fan-in)', () => {
    const s = computeSchedule(
      makeConfig([stage('a', '2d'), stage('b', '5d', { depends_on: [] }), stage('c', '1d', { depends_on: ['a', 'b'] })]),
    );
    expect(dates(s)).toEqual({
      a: ['2027-01-04', '2027-01-05'],
      b: ['2027-01-04', '2027-01-08'],
      c: ['2027-01-11', '2027-01-11'],
    });
    expect(s.stages[2]?.dependsOn).toEqual(['a', 'b']);
  });

  it('starts a stage with depends_on: [] at the project start', () => {
    const s = computeSchedule(makeConfig([stage('a', '5d'), stage('b', '1d', { depends_on: [] })]));
    expect(s.stages[1]).toMatchObject({ start: '2027-01-04', due: '2027-01-04' });
  });

  it('gives a skipped stage no time and no dates, with the reason in the words of the config', () => {
    const s = computeSchedule(
      makeConfig([stage('scope', '2d'), stage('pre-training', '8w', { when: '!vars.foundation_model' }), stage('tune', '1d')], {}, { foundation_model: true }),
    );
    expect(s.stages[1]).toMatchObject({ active: false, skippedReason: 'vars.foundation_model is true', start: null, due: null, days: null, dependsOn: [], critical: false });
    // The chain passes through the skipped stage: tune waits for scope.
    expect(s.stages[2]).toMatchObject({ start: '2027-01-06', due: '2027-01-06', dependsOn: ['scope'] });
  });

  it('passes dependencies on skipped stages through several levels', () => {
    const s = computeSchedule(
      makeConfig(
        [stage('a', '1d'), stage('b', '1d', { when: 'false' }), stage('c', '1d', { when: "vars.mode == 'x'" }), stage('d', '1d', { depends_on: ['c'] })],
        {},
        { mode: 'y' },
      ),
    );
    expect(s.stages.find((x) => x.id === 'd')).toMatchObject({ dependsOn: ['a'], start: '2027-01-05' });
    expect(s.stages[1]?.skippedReason).toBe('when "false" is false');
    expect(s.stages[2]?.skippedReason).toBe('vars.mode is "y"');
  });

  it('names a variable that is not set in the skip reason', () => {
    const s = computeSchedule(makeConfig([stage('a', '1d', { when: 'vars.enabled' })]));
    expect(s.stages[0]?.skippedReason).toBe('vars.enabled is not set');
  });

  it.each([
    ["vars.mode == 'x' && vars.level > 2", { mode: 'y', level: 3 }, 'vars.mode is "y" and vars.level is 3'],
    ['vars.flag', { flag: false }, 'vars.flag is false'],
    ['vars.name', { name: '' }, 'vars.name is ""'],
    ['vars.opt', { opt: null }, 'vars.opt is null'],
  ] as const)('gives the skip reason of %j', (when, vars, reason) => {
    expect(computeSchedule(makeConfig([stage('a', '1d', { when })], {}, vars)).stages[0]?.skippedReason).toBe(reason);
  });

  it('evaluates expression durations with the vars', () => {
    const config = (reward: boolean) =>
      makeConfig([stage('rlhf', "${{ vars.reward_model && '2d' || '4w' }}")], {}, { reward_model: reward });
    expect(computeSchedule(config(true)).stages[0]).toMatchObject({ duration: '2d', days: 2, due: '2027-01-05' });
    expect(computeSchedule(config(false)).stages[0]).toMatchObject({ duration: '4w', days: 20, due: '2027-01-29' });
  });

  it('lets passed-in vars override the config variables', () => {
    const config = makeConfig([stage('a', '1d', { when: 'vars.on' })], {}, { on: false });
    expect(computeSchedule(config).stages[0]?.active).toBe(false);
    expect(computeSchedule(config, { on: true }).stages[0]?.active).toBe(true);
  });

  it('computes durations but no dates without a start', () => {
    const config = makeConfig([stage('a', '3d'), stage('b', '2w')], { start: undefined });
    const s = computeSchedule(config);
    expect(s.start).toBeNull();
    expect(s.end).toBeNull();
    expect(s.totalDays).toBe(13);
    expect(s.stages.map((x) => [x.days, x.start, x.due])).toEqual([
      [3, null, null],
      [10, null, null],
    ]);
    expect(s.criticalPath).toEqual(['a', 'b']);
  });

  it('gives a stage without an estimate a start but no due date, and takes no time for it', () => {
    const s = computeSchedule(makeConfig([stage('a', '2d'), stage('review', null), stage('c', '1d')]));
    expect(s.stages[1]).toMatchObject({ days: null, duration: null, start: '2027-01-06', due: null });
    expect(s.stages[2]).toMatchObject({ start: '2027-01-06', due: '2027-01-06' });
  });

  it('puts a zero-length stage on the day its dependencies are done', () => {
    const s = computeSchedule(makeConfig([stage('a', '2d'), stage('gate', '0d')]));
    expect(s.stages[1]).toMatchObject({ days: 0, start: '2027-01-05', due: '2027-01-05' });
  });

  it('reports the critical path: the longest chain ending at the latest due date', () => {
    const s = computeSchedule(
      makeConfig([
        stage('scope', '2d'),
        stage('prompt', '3d'),
        stage('data', '10d', { depends_on: ['scope'] }),
        stage('tune', '2d', { depends_on: ['prompt', 'data'] }),
        stage('docs', '1d', { depends_on: ['scope'] }),
      ]),
    );
    expect(s.criticalPath).toEqual(['scope', 'data', 'tune']);
    expect(s.stages.filter((x) => x.critical).map((x) => x.id)).toEqual(['scope', 'data', 'tune']);
  });

  it('has no critical path when no stage has an estimate', () => {
    const s = computeSchedule(makeConfig([stage('a', null), stage('b', null)]));
    expect(s.criticalPath).toEqual([]);
    expect(s.totalDays).toBeNull();
    expect(s.end).toBeNull();
  });

  it('throws on what the validator rejects: unknown dependency and cycles', () => {
    expect(() => computeSchedule(makeConfig([stage('a', '1d', { depends_on: ['nope'] })]))).toThrow(ScheduleError);
    expect(() => computeSchedule(makeConfig([stage('a', '1d', { depends_on: ['b'] }), stage('b', '1d')]))).toThrow(/cycle/);
    expect(() => computeSchedule(makeConfig([stage('a', 'soon')]))).toThrow(/not a duration/);
  });

  it('ends at the latest due date, wherever that stage is listed', () => {
    const s = computeSchedule(makeConfig([stage('long', '5d'), stage('short', '1d', { depends_on: [] })]));
    expect(s.end).toBe('2027-01-08');
    expect(s.totalDays).toBe(5);
  });

  it('ends at the latest due date when the first stage has none', () => {
    const s = computeSchedule(makeConfig([stage('review', null), stage('a', '2d')]));
    expect(s.end).toBe('2027-01-05');
  });

  it('lists a stage\'s dependencies in life cycle order, whatever order depends_on gives', () => {
    const s = computeSchedule(makeConfig([stage('a', '1d'), stage('b', '1d', { depends_on: [] }), stage('c', '1d', { depends_on: ['b', 'a'] })]));
    expect(s.stages[2]?.dependsOn).toEqual(['a', 'b']);
  });

  it.each([
    ['two stages ending together: the one listed later', [stage('a', '2d'), stage('b', '2d', { depends_on: [] })], ['b']],
    ['two dependencies ending together: through the one listed later', [stage('a', '2d'), stage('b', '2d', { depends_on: [] }), stage('c', '1d', { depends_on: ['a', 'b'] })], ['b', 'c']],
    ['a dependency that ended earlier did not hold the stage up', [stage('a', '1d'), stage('b', '3d', { depends_on: [] }), stage('c', '1d', { depends_on: ['a', 'b'] })], ['b', 'c']],
  ])('breaks critical path ties: %s', (_name, stages, path) => {
    expect(computeSchedule(makeConfig(stages)).criticalPath).toEqual(path);
  });

  it('trims the blanks around an estimate, written or computed', () => {
    const s = computeSchedule(makeConfig([stage('a', ' 3d '), stage('b', "${{ ' 2d ' }}")]));
    expect(s.stages.map((x) => [x.duration, x.days])).toEqual([
      ['3d', 3],
      ['2d', 2],
    ]);
  });

  it.each([
    ['a start date that does not exist', makeConfig([stage('a', '1d')], { start: '2027-02-30' }), 'project.start "2027-02-30" is not a date (YYYY-MM-DD)'],
    ['a when that does not parse', makeConfig([stage('a', '1d', { when: 'vars.x ==' })]), /^stage "a": when: \S/],
    ['an estimate whose expression does not parse', makeConfig([stage('a', '${{ vars.x == }}')]), /^stage "a": estimate\.duration: \S/],
    ['an estimate whose expression yields no duration', makeConfig([stage('a', '${{ vars.x }}')], {}, { x: true }), 'stage "a": estimate.duration "true" is not a duration such as 4h, 3d or 2w'],
    ['an estimate that is a bare number', makeConfig([stage('a', '${{ 3 }}')]), 'stage "a": estimate.duration "3" is not a duration such as 4h, 3d or 2w'],
    ['a dependency that is not declared', makeConfig([stage('a', '1d', { depends_on: ['nope'] })]), 'stage "a" depends on "nope", which is not declared'],
    ['a cycle', makeConfig([stage('a', '1d', { depends_on: ['b'] }), stage('b', '1d')]), 'dependency cycle through stage "a"'],
    ['a cycle through a skipped stage', makeConfig([stage('a', '1d', { depends_on: ['b'], when: 'false' }), stage('b', '1d')]), 'dependency cycle through stage "b"'],
    ['a cycle of skipped stages', makeConfig([stage('a', '1d', { depends_on: ['b'], when: 'false' }), stage('b', '1d', { when: 'false' })]), 'dependency cycle through stage "a"'],
  ])('names what is wrong: %s', (_name, config, message) => {
    const thrown = scheduleError(config);
    expect(thrown).toBeInstanceOf(ScheduleError);
    const text = (thrown as Error).message;
    if (typeof message === 'string') expect(text).toBe(message);
    else expect(text).toMatch(message);
    expect((thrown as Error).name).toBe('ScheduleError');
  });

  it('never reads the clock: the same config gives the same schedule', () => {
    const config = makeConfig([stage('a', '3d'), stage('b', "${{ vars.x && '1d' || '2d' }}")], {}, { x: true });
    expect(JSON.stringify(computeSchedule(config))).toBe(JSON.stringify(computeSchedule(structuredClone(config))));
  });
});

describe('placeSlots', () => {
  it('places an inactive stage at 0 and never waits for it; fixed starts and ends win; earliest start and end hold', () => {
    expect(
      placeSlots([
        { id: 'a', active: true, deps: [], days: 3 },
        { id: 'off', active: false, deps: [0], days: 5 },
        { id: 'b', active: true, deps: [0], days: 2, notBefore: 5 },
        { id: 'c', active: true, deps: [2], days: 1, start: 4, end: 9 },
        { id: 'd', active: true, deps: [3], days: 1, minEnd: 12 },
      ]),
    ).toEqual([
      { start: 0, end: 3 },
      { start: 0, end: 0 },
      { start: 5, end: 7 },
      { start: 4, end: 9 },
      { start: 9, end: 12 },
    ]);
  });
});
