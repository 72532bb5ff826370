// Milestone due dates. GitHub keeps `due_on` as a calendar date in US Pacific time and answers it as
// that date's midnight in Pacific time written in UTC: 08:00Z in winter (PST), 07:00Z in summer
// (PDT). Midnight Pacific always falls between 07:00Z and 08:00Z of the same calendar day, so the
// UTC date of GitHub's answer is the intended date. Reading the UTC date (not the Pacific date) also
// keeps a bare date, or a T00:00:00Z value from an older server, on its own day.

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar date (YYYY-MM-DD) of a due_on value as GitHub returns it, or null when unreadable. */
export function dueDateOf(dueOn: string | null | undefined): string | null {
  if (!dueOn) return null;
  if (PLAIN_DATE.test(dueOn)) return dueOn;
  const at = Date.parse(dueOn);
  return Number.isFinite(at) ? new Date(at).toISOString().slice(0, 10) : null;
}

/**
 * The due_on value to send for a date: noon UTC is the same calendar day in Pacific time (04:00 or
 * 05:00), far from either midnight, so GitHub stores the intended date whatever the season.
 */
export function dueOnValue(date: string | null): string | null {
  return date === null ? null : `${date}T12:00:00Z`;
}
