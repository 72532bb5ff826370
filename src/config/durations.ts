// Stage durations: a number and a unit, "4h", "3d", "2w", "1.5d".
//
// Units count work, not wall-clock time:
//   h  hours of work; 8 hours make one day (so "4h" is half a day, "12h" a day and a half).
//   d  days on the project calendar.
//   w  weeks: 5 days on the `workdays` calendar (Saturdays and Sundays are skipped anyway),
//      7 days on the `days` calendar.
// A duration may also be a `${{ }}` expression over vars that yields such a string; evaluate it
// first (see expressions.ts) and parse the result.

export type DurationUnit = 'h' | 'd' | 'w';
export type Calendar = 'workdays' | 'days';

export interface Duration {
  value: number;
  unit: DurationUnit;
}

export const HOURS_PER_DAY = 8;
export const DAYS_PER_WEEK: Readonly<Record<Calendar, number>> = { workdays: 5, days: 7 };

/** Long enough for any real plan (about 27 years of workdays); beyond it is almost surely a typo. */
export const MAX_DURATION_DAYS = 10_000;

const DURATION = /^(\d+(?:\.\d+)?)\s*([hdw])$/;

/** "3d" → { value: 3, unit: 'd' }; null for anything else (including expressions). */
export function parseDuration(text: string): Duration | null {
  const match = DURATION.exec(text.trim());
  if (!match?.[1] || !match[2]) return null;
  return { value: Number(match[1]), unit: match[2] as DurationUnit };
}

/** Length in calendar units (workdays or days), possibly fractional: "4h" → 0.5, "2w" → 10 on workdays. */
export function durationInDays(duration: Duration, calendar: Calendar): number {
  switch (duration.unit) {
    case 'h':
      return duration.value / HOURS_PER_DAY;
    case 'd':
      return duration.value;
    case 'w':
      return duration.value * DAYS_PER_WEEK[calendar];
  }
}

/**
 * Whole calendar units a stage occupies: fractions round up, since a milestone is due on a day, and
 * any positive duration takes at least one day. "0d" takes none.
 */
export function durationToWholeDays(duration: Duration, calendar: Calendar): number {
  // Round away binary noise first so "0.3w" on days (2.1) does not become 3 by accident of floats.
  const days = Math.round(durationInDays(duration, calendar) * 1e6) / 1e6;
  return Math.ceil(days);
}

const UNIT_WORDS: Readonly<Record<DurationUnit, [string, string]>> = {
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
};

/** "3d" → "3 days", "1w" → "1 week"; returns the text unchanged when it is not a duration. */
export function describeDuration(text: string): string {
  const duration = parseDuration(text);
  if (!duration) return text;
  const [one, many] = UNIT_WORDS[duration.unit];
  return `${duration.value} ${duration.value === 1 ? one : many}`;
}
