// What the dashboard keeps in its marker because GitHub's state cannot give it back: the due dates
// a re-plan replaced (milestones only know their current one) and the day each stage first ended
// (a reopened task's new close hides the first). A deleted and recreated dashboard loses only these;
// the rest is derived again from the issues and milestones.
import { parseDay } from '../schedule/calendar.js';
import type { StageActuals } from './actuals.js';
import type { MilestoneMove } from './replan.js';

export interface DashboardRecord {
  /** The due date each re-planned stage had before its first re-plan ("none" for none). */
  baseline: Record<string, string>;
  /** The day of the last re-plan; null before any. */
  replanned: string | null;
  /** The first day each stage was seen done. */
  ended: Record<string, string>;
}

export const EMPTY_RECORD: DashboardRecord = { baseline: {}, replanned: null, ended: {} };

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The record from a marker's `keep`, dropping whatever is not a stage id and a date. */
export function readDashboardRecord(keep: Readonly<Record<string, unknown>> | undefined): DashboardRecord {
  if (!keep) return EMPTY_RECORD;
  const dates = (value: unknown, allowNone: boolean): Record<string, string> => {
    const out: Record<string, string> = {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
    for (const [id, day] of Object.entries(value as Record<string, unknown>)) {
      if (!ID.test(id) || typeof day !== 'string') continue;
      if (parseDay(day) !== null || (allowNone && day === 'none')) out[id] = day;
    }
    return out;
  };
  const replanned = typeof keep.replanned === 'string' && parseDay(keep.replanned) !== null ? keep.replanned : null;
  return { baseline: dates(keep.baseline, true), replanned, ended: dates(keep.ended, false) };
}

/** The record as the marker stores it: empty parts left out, keys sorted, so equal records are equal text. */
export function recordKeep(record: DashboardRecord): Record<string, unknown> | undefined {
  const sorted = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const out: Record<string, unknown> = {};
  if (Object.keys(record.baseline).length > 0) out.baseline = sorted(record.baseline);
  if (record.replanned !== null) out.replanned = record.replanned;
  if (Object.keys(record.ended).length > 0) out.ended = sorted(record.ended);
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The record after this run: each stage's first end is kept, whatever happened since. */
export function recordActuals(record: DashboardRecord, actuals: readonly StageActuals[]): DashboardRecord {
  const ended = { ...record.ended };
  for (const a of actuals) if (a.state === 'done' && a.end !== null && ended[a.id] === undefined) ended[a.id] = a.end;
  return { ...record, ended };
}

/** The record after a re-plan on `today`: the due dates it replaced, the first replaced one kept. */
export function recordReplan(record: DashboardRecord, moves: readonly MilestoneMove[], today: string): DashboardRecord {
  if (moves.length === 0) return record;
  const baseline = { ...record.baseline };
  for (const move of moves) baseline[move.stage] ??= move.from ?? 'none';
  return { ...record, baseline, replanned: today };
}
