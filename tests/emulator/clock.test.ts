import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/clock.js';
import { dueOnToPacificDate, pacificMidnightIso } from '../../src/emulator/pacific.js';

describe('clock', () => {
  it('starts at the given time and only moves through advance() when stopped', () => {
    let wall = 1_000;
    const clock = createClock({ start: '2027-01-04T12:00:00Z', speed: 0, wallNow: () => wall });
    wall += 60_000;
    expect(new Date(clock.now()).toISOString()).toBe('2027-01-04T12:00:00.000Z');
    clock.advance(3_600_000);
    expect(new Date(clock.now()).toISOString()).toBe('2027-01-04T13:00:00.000Z');
  });

  it('runs faster than the wall clock and converts waits back to wall time', () => {
    let wall = 0;
    const clock = createClock({ start: 0, speed: 3600, wallNow: () => wall });
    wall += 1000;
    expect(clock.now()).toBe(3_600_000);
    expect(clock.toWallDelay(3_600_000)).toBe(1000);
    expect(clock.toWallTime(7_200_000)).toBe(2000);
    clock.setSpeed(1);
    wall += 1000;
    expect(clock.now()).toBe(3_601_000);
  });

  it('refuses to go backwards or run at a negative speed', () => {
    const clock = createClock({ speed: 0 });
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.setSpeed(-2)).toThrow(RangeError);
  });
});

describe('Pacific due dates', () => {
  it.each([
    ['2027-03-01T06:59:00Z', '2027-02-28', '2027-02-28T08:00:00Z'],
    ['2027-03-01T08:00:00Z', '2027-03-01', '2027-03-01T08:00:00Z'],
    ['2027-07-01T06:59:00Z', '2027-06-30', '2027-06-30T07:00:00Z'],
    ['2027-01-04T12:00:00Z', '2027-01-04', '2027-01-04T08:00:00Z'],
    ['2027-03-14T12:00:00Z', '2027-03-14', '2027-03-14T08:00:00Z'],
    ['2027-03-15T12:00:00Z', '2027-03-15', '2027-03-15T07:00:00Z'],
    ['2027-11-07T12:00:00Z', '2027-11-07', '2027-11-07T07:00:00Z'],
  ])('%s lands on %s and reads back as %s', (input, date, output) => {
    expect(dueOnToPacificDate(input)).toBe(date);
    expect(pacificMidnightIso(date)).toBe(output);
  });

  it('rejects what is not a timestamp', () => {
    expect(dueOnToPacificDate('next tuesday')).toBeNull();
  });
});
