import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addWorkingDays, describeDay, firstWorkingDayFrom, formatDay, isWorkingDay, parseDay, weekday, workingDaysBetween } from '../../src/schedule/calendar.js';

const day = (text: string): number => {
  const d = parseDay(text);
  if (d === null) throw new Error(`bad test date ${text}`);
  return d;
};

describe('calendar dates', () => {
  it.each([
    ['1970-01-01', 0],
    ['2027-01-04', day('2027-01-04')],
    ['2024-02-29', day('2024-02-29')],
  ])('parses and formats %s without drift', (text, n) => {
    expect(parseDay(text)).toBe(n);
    expect(formatDay(n)).toBe(text);
  });

  it.each(['2027-02-30', '2027-13-01', '2027-1-4', '04/01/2027', '2027-01-04T00:00:00Z', '', '2023-02-29'])('rejects %j', (text) => {
    expect(parseDay(text)).toBeNull();
  });

  it.each([
    ['2027-01-04', 1], // Monday
    ['2027-01-09', 6], // Saturday
    ['2027-01-10', 0], // Sunday
    ['1969-12-31', 3], // Wednesday, before the epoch
  ])('knows %s is weekday %i', (text, wd) => {
    expect(weekday(day(text))).toBe(wd);
  });

  it('counts every day as working on the days calendar and skips weekends on workdays', () => {
    expect(isWorkingDay(day('2027-01-09'), 'days')).toBe(true);
    expect(isWorkingDay(day('2027-01-09'), 'workdays')).toBe(false);
    expect(formatDay(firstWorkingDayFrom(day('2027-01-09'), 'workdays'))).toBe('2027-01-11');
    expect(formatDay(firstWorkingDayFrom(day('2027-01-09'), 'days'))).toBe('2027-01-09');
  });

  it.each([
    ['2027-01-04', 2, '2027-01-06'], // Mon + 2 → Wed
    ['2027-01-07', 2, '2027-01-11'], // Thu + 2 → Mon
    ['2027-01-08', 5, '2027-01-15'], // Fri + a week
    ['2027-01-11', -1, '2027-01-08'], // Mon - 1 → Fri
    ['2027-01-04', 0, '2027-01-04'],
  ])('adds working days: %s + %i = %s', (from, n, to) => {
    expect(formatDay(addWorkingDays(day(from), n, 'workdays'))).toBe(to);
  });

  it('agrees with a day-by-day walk for any start and offset (workdays)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: -400, max: 400 }), (raw, offset) => {
        const anchor = firstWorkingDayFrom(raw, 'workdays');
        let d = anchor;
        let left = offset;
        while (left !== 0) {
          d += Math.sign(left);
          if (isWorkingDay(d, 'workdays')) left -= Math.sign(left);
        }
        expect(addWorkingDays(anchor, offset, 'workdays')).toBe(d);
        expect(workingDaysBetween(anchor, addWorkingDays(anchor, offset, 'workdays'), 'workdays')).toBe(offset);
      }),
    );
  });

  it.each([
    ['days', '2027-01-04', '2027-01-11', 7],
    ['days', '2027-01-11', '2027-01-04', -7],
    ['days', '2027-01-08', '2027-01-09', 1], // a Saturday counts on the days calendar
    ['workdays', '2027-01-08', '2027-01-11', 1], // Fri → Mon: only the Friday
    ['workdays', '2027-01-11', '2027-01-08', -1],
    ['workdays', '2027-01-04', '2027-01-18', 10],
  ] as const)('counts %s from %s to %s: %i', (calendar, from, to, n) => {
    expect(workingDaysBetween(day(from), day(to), calendar)).toBe(n);
  });

  it.each([
    ['iso', '2027-01-20'],
    ['long', 'Wednesday 20 January 2027'],
    ['short', '20 Jan 2027'],
  ] as const)('describes a date in the %s style', (style, text) => {
    expect(describeDay('2027-01-20', style)).toBe(text);
  });

  it.each([
    ['2027-12-05', 'long', 'Sunday 5 December 2027'],
    ['2027-12-05', 'short', '5 Dec 2027'],
    ['2028-02-29', 'long', 'Tuesday 29 February 2028'],
    ['2027-02-30', 'long', '2027-02-30'], // not a day: shown as written
    ['2027-02-30', 'short', '2027-02-30'],
    ['soon', 'long', 'soon'],
  ] as const)('describes %s in the %s style as %j', (text, style, expected) => {
    expect(describeDay(text, style)).toBe(expected);
  });
});
