// Calendar dates as YYYY-MM-DD strings. No clock and no time zone: a date is a day, nothing more.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2027-01-04" → { year: 2027, month: 1, day: 4 }; null when the format is wrong or the day does not exist. */
export function parseIsoDate(text: string): CalendarDate | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Why a well-formed YYYY-MM-DD is not a real day, in words; null when it is real or not well-formed. */
export function explainImpossibleDate(text: string): string | null {
  const match = DATE.exec(text);
  if (!match || parseIsoDate(text)) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return `there is no month ${month}`;
  return `${MONTHS[month - 1]} ${year} has ${daysInMonth(year, month)} days`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}
