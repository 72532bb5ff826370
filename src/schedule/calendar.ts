// Pure date arithmetic on YYYY-MM-DD strings. A date is handled as a whole number of days since
// 1970-01-01 (UTC), so neither the machine's time zone nor daylight saving can move a due date.
import type { Calendar } from '../config/durations.js';

export type { Calendar };

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid YYYY-MM-DD date, or null (also for 2027-02-30). */
export function parseDay(text: string): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return Math.round(ms / DAY_MS);
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isWorkingDay(day: number, calendar: Calendar): boolean {
  if (calendar === 'days') return true;
  const wd = weekday(day);
  return wd !== 0 && wd !== 6;
}

/** The day itself when it is a working day, else the next one. */
export function firstWorkingDayFrom(day: number, calendar: Calendar): number {
  let d = day;
  while (!isWorkingDay(d, calendar)) d++;
  return d;
}

/**
 * The working day `offset` working days after `anchor` (which must itself be a working day).
 * Offset 0 is the anchor; negative offsets count backwards.
 */
export function addWorkingDays(anchor: number, offset: number, calendar: Calendar): number {
  if (calendar === 'days') return anchor + offset;
  // Whole weeks first so long plans cost O(1), then walk the remainder.
  const step = offset < 0 ? -1 : 1;
  const weeks = Math.trunc(offset / 5);
  let d = anchor + weeks * 7;
  let left = offset - weeks * 5;
  while (left !== 0) {
    d += step;
    if (isWorkingDay(d, calendar)) left -= step;
  }
  return d;
}

/** Working days from `from` (inclusive) to `to` (exclusive); negative when `to` comes first. */
export function workingDaysBetween(from: number, to: number, calendar: Calendar): number {
  if (calendar === 'days') return to - from;
  if (to < from) return -workingDaysBetween(to, from, calendar);
  const weeks = Math.floor((to - from) / 7);
  let count = weeks * 5;
  for (let d = from + weeks * 7; d < to; d++) if (isWorkingDay(d, calendar)) count++;
  return count;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * A date for people, without Intl so the output never depends on the machine's locale data:
 * "iso" 2027-01-20, "long" Wednesday 20 January 2027, "short" 20 Jan 2027.
 */
export function describeDay(text: string, style: 'iso' | 'long' | 'short'): string {
  const day = parseDay(text);
  if (day === null || style === 'iso') return text;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const month = MONTHS[m - 1] ?? '';
  if (style === 'short') return `${d} ${month.slice(0, 3)} ${y}`;
  return `${WEEKDAYS[weekday(day)]} ${d} ${month} ${y}`;
}
