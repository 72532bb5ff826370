import { describe, expect, it } from 'vitest';
import { daysInMonth, explainImpossibleDate, parseIsoDate, weekday } from '../../src/config/dates.js';

describe('parseIsoDate', () => {
  it.each([
    ['2027-01-04', { year: 2027, month: 1, day: 4 }],
    ['2027-12-31', { year: 2027, month: 12, day: 31 }],
    ['2027-01-01', { year: 2027, month: 1, day: 1 }],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
  ])('%s → %j', (text, date) => {
    expect(parseIsoDate(text)).toEqual(date);
  });

  it.each(['2027-02-29', '2027-04-31', '2027-00-10', '2027-13-01', '2027-01-00', '2027-12-32', '27-01-04', '2027-1-4', ' 2027-01-04', '2027-01-04x', 'soon'])(
    'refuses %j',
    (text) => {
      expect(parseIsoDate(text)).toBeNull();
    },
  );
});

describe('explainImpossibleDate', () => {
  it.each([
    ['2027-13-01', 'there is no month 13'],
    ['2027-00-01', 'there is no month 0'],
    ['2027-02-29', 'February 2027 has 28 days'],
    ['2028-02-30', 'February 2028 has 29 days'],
    ['2027-04-31', 'April 2027 has 30 days'],
    ['2027-12-32', 'December 2027 has 31 days'],
    ['2027-01-00', 'January 2027 has 31 days'],
    ['2027-01-04', null],
    ['2027-1-40', null],
  ])('%s → %j', (text, why) => {
    expect(explainImpossibleDate(text)).toBe(why);
  });
});

describe('calendar arithmetic', () => {
  it('counts the days of a month, leap years included', () => {
    expect([daysInMonth(2027, 2), daysInMonth(2028, 2), daysInMonth(2100, 2), daysInMonth(2000, 2), daysInMonth(2027, 12), daysInMonth(2027, 1)]).toEqual([28, 29, 28, 29, 31, 31]);
  });

  it('gives the weekday, Sunday 0 to Saturday 6', () => {
    expect([weekday({ year: 2027, month: 1, day: 3 }), weekday({ year: 2027, month: 1, day: 4 }), weekday({ year: 2027, month: 1, day: 9 }), weekday({ year: 2028, month: 3, day: 1 })]).toEqual([0, 1, 6, 3]);
  });
});
