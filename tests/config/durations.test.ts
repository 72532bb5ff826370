import { describe, expect, it } from 'vitest';
import { describeDuration, durationInDays, durationToWholeDays, parseDuration } from '../../src/config/durations.js';

describe('parseDuration', () => {
  it.each([
    ['3d', { value: 3, unit: 'd' }],
    ['2w', { value: 2, unit: 'w' }],
    ['4h', { value: 4, unit: 'h' }],
    [' 1.5d ', { value: 1.5, unit: 'd' }],
    ['10 d', { value: 10, unit: 'd' }],
    ['0d', { value: 0, unit: 'd' }],
  ])('%j → %j', (text, duration) => {
    expect(parseDuration(text)).toEqual(duration);
  });

  it.each(['3', 'd', '3D', '3 days', '-1d', '1e3d', '3m', "${{ '3d' }}", ''])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('conversions', () => {
  it('counts 8 hours of work as a day', () => {
    expect(durationInDays({ value: 4, unit: 'h' }, 'workdays')).toBe(0.5);
    expect(durationInDays({ value: 12, unit: 'h' }, 'days')).toBe(1.5);
  });

  it('counts a week as 5 days on workdays and 7 on days', () => {
    expect(durationInDays({ value: 2, unit: 'w' }, 'workdays')).toBe(10);
    expect(durationInDays({ value: 2, unit: 'w' }, 'days')).toBe(14);
  });

  it('rounds partial days up, and zero stays zero', () => {
    expect(durationToWholeDays({ value: 4, unit: 'h' }, 'workdays')).toBe(1);
    expect(durationToWholeDays({ value: 0.3, unit: 'w' }, 'days')).toBe(3);
    expect(durationToWholeDays({ value: 0.5, unit: 'w' }, 'workdays')).toBe(3);
    expect(durationToWholeDays({ value: 0, unit: 'd' }, 'workdays')).toBe(0);
    expect(durationToWholeDays({ value: 2.5, unit: 'd' }, 'days')).toBe(3);
  });

  it('describes durations in words', () => {
    expect(describeDuration('3d')).toBe('3 days');
    expect(describeDuration('1w')).toBe('1 week');
    expect(describeDuration('4h')).toBe('4 hours');
    expect(describeDuration('soon')).toBe('soon');
    expect(describeDuration('1d')).toBe('1 day');
    expect(describeDuration('1h')).toBe('1 hour');
    expect(describeDuration('2w')).toBe('2 weeks');
    expect(describeDuration('1.5d')).toBe('1.5 days');
  });
});
