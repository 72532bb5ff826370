// GitHub keeps a milestone's due date as a calendar date in US Pacific time and answers it as that
// date's midnight in Pacific time, written in UTC (07:00Z in summer, 08:00Z in winter).

const PACIFIC = 'America/Los_Angeles';

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PACIFIC, year: 'numeric', month: '2-digit', day: '2-digit' });
const hourFormat = new Intl.DateTimeFormat('en-US', { timeZone: PACIFIC, hour: '2-digit', hourCycle: 'h23' });

/** The Pacific calendar date (YYYY-MM-DD) of an instant. */
export function pacificDate(at: number): string {
  const parts = dateFormat.formatToParts(new Date(at));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Midnight Pacific of a YYYY-MM-DD date, as GitHub writes it: `2027-02-28T08:00:00Z`. */
export function pacificMidnightIso(date: string): string {
  for (const hour of ['07', '08']) {
    const candidate = `${date}T${hour}:00:00Z`;
    const at = Date.parse(candidate);
    if (pacificDate(at) === date && Number(hourFormat.format(new Date(at))) === 0) return candidate;
  }
  return `${date}T08:00:00Z`;
}

/** Parses a due_on input (ISO 8601 timestamp or date) into a Pacific date, or null when unreadable. */
export function dueOnToPacificDate(input: string): string | null {
  // A bare date already is the calendar date (seed files use this form).
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) return Number.isFinite(Date.parse(`${input}T00:00:00Z`)) ? input : null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(input)) return null;
  const at = Date.parse(input);
  return Number.isFinite(at) ? pacificDate(at) : null;
}
