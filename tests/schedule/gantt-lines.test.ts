// The chart's lines, read without Mermaid (gantt.test.ts has Mermaid's parser accept them).
import { describe, expect, it } from 'vitest';
import { computeSchedule } from '../../src/schedule/schedule.js';
import { ganttChart, taskText } from '../../src/schedule/gantt.js';
import { makeConfig, stage } from './helpers.js';

describe('ganttChart, line by line', () => {
  const header = (title = 'Test project') => ['gantt', `  title ${title}`, '  dateFormat YYYY-MM-DD', '  axisFormat %d %b'];

  it.each([
    [
      'only active stages, a stage off the critical path untagged, a 0d stage as a milestone',
      makeConfig([stage('a', '5d'), stage('side', '1d', { depends_on: [] }), stage('gate', '0d', { depends_on: ['a'] }), stage('off', '2d', { when: 'false' })]),
      [
        ...header(),
        '  excludes weekends',
        '  section Stages',
        '  a :crit, s-a, 2027-01-04, 5d',
        '  side :s-side, 2027-01-04, 1d',
        '  gate :crit, milestone, s-gate, 2027-01-08, 0d',
      ],
    ],
    [
      'every stage skipped: the header alone, no empty section',
      makeConfig([stage('a', '1d', { when: 'false' })], { name: 'Only: skipped' }),
      [...header('Only skipped'), '  excludes weekends'],
    ],
    [
      'no estimate at all: milestones, none critical',
      makeConfig([stage('a', null), stage('b', null)], { calendar: 'days' }),
      [...header(), '  section Stages', '  a :milestone, s-a, 2027-01-04, 0d', '  b :milestone, s-b, 2027-01-04, 0d'],
    ],
  ])('%s', (_name, config, lines) => {
    expect(ganttChart(config, computeSchedule(config))).toBe(`${lines.join('\n')}\n`);
  });

  it.each([
    ['Scope: use case', 'Scope use case'],
    ['a;b#c', 'a b c'],
    ['two\r\nlines', 'two lines'],
    ['  spaced   out  ', 'spaced out'],
    [':;#', 'stage'],
    ['', 'stage'],
  ])('writes the task text of %j as %j', (text, expected) => {
    expect(taskText(text)).toBe(expected);
  });
});

describe('ganttChart without dates', () => {
  it('is empty without a project start', () => {
    const config = makeConfig([stage('a', '3d')], { start: undefined });
    expect(ganttChart(config, computeSchedule(config))).toBe('');
  });
});
