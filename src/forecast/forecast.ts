// When the remaining stages will end, learned from the stages that have ended. Pure: "today" is
// passed in. Each finished stage gives a ratio actual / estimate in the project's calendar; the
// remaining stages' estimates are scaled by the project's observed ratio and placed by the same
// scheduler as the plan (placeSlots), with what already happened held fixed.
import type { Calendar } from '../config/durations.js';
import type { Schedule, SlotStage } from '../schedule/schedule.js';
import { placeSlots, stageDates } from '../schedule/schedule.js';
import { addWorkingDays, firstWorkingDayFrom, formatDay, parseDay, workingDaysBetween } from '../schedule/calendar.js';
import type { StageActuals, StageState } from './actuals.js';

/**
 * The observed ratio is kept within these. Below 0.5, one or two quick stages would promise the
 * rest in less than half their estimates, which early speed rarely sustains; above 3, a forecast
 * stops being a forecast and becomes a call to re-plan, which the late and at-risk flags already
 * make. Both are far outside the usual spread of estimates once work has started, so they only
 * act on outliers.
 */
export const RATIO_BOUNDS = { min: 0.5, max: 3 } as const;

export interface StageRatio {
  id: string;
  /** Estimated calendar units. */
  estimate: number;
  /** Calendar units from actual start to actual end, both counted. */
  actual: number;
  ratio: number;
}

export interface ObservedRatio {
  /** What the remaining estimates are multiplied by: the median, within RATIO_BOUNDS; 1 with no finished stage. */
  value: number;
  /** The median of the stage ratios before bounding; null with no finished stage. */
  median: number | null;
  /** How many finished stages it comes from. */
  stages: number;
  /** True when the median was outside RATIO_BOUNDS. */
  bounded: boolean;
}

export type StageFlag = 'late' | 'at-risk' | null;

export interface StageForecast {
  id: string;
  state: StageState;
  /** The baseline: the milestone's due date (the plan's, until a re-plan moved it). */
  due: string | null;
  /** The actual start for a started stage, else the forecast one; null when skipped or without dates. */
  start: string | null;
  /** The actual end for a done stage, else the forecast one; null without an estimate or dates. */
  end: string | null;
  /** Calendar units from the due date to the (forecast) end: positive late, negative early; null without both. */
  slip: number | null;
  /** late: active and today is past its due date. at-risk: not done, and its forecast end is after its due date. */
  flag: StageFlag;
  /** For a late stage, calendar units past its due date until today (today counted). */
  lateBy: number;
}

export interface Forecast {
  today: string;
  ratio: ObservedRatio;
  stages: StageForecast[];
  /** The latest (forecast) end; null without dates. */
  end: string | null;
  /** The latest due date. */
  plannedEnd: string | null;
}

export interface ForecastInput {
  schedule: Schedule;
  actuals: readonly StageActuals[];
  /** YYYY-MM-DD, the day the forecast is made for. */
  today: string;
  /** The milestones' due dates by stage, when they differ from the plan's (after a re-plan); default the plan's. */
  dues?: ReadonlyMap<string, string | null>;
}

/** A ratio for each done stage with an estimate of at least a day that took at least a day. */
export function stageRatios(schedule: Schedule, actuals: readonly StageActuals[]): StageRatio[] {
  const byId = new Map(actuals.map((a) => [a.id, a]));
  const out: StageRatio[] = [];
  for (const stage of schedule.stages) {
    const actual = byId.get(stage.id);
    // A stage finished before it could start (work done while it waited) says nothing about speed.
    if (!stage.active || actual?.state !== 'done' || actual.elapsed === null || actual.elapsed <= 0) continue;
    if (stage.days === null || stage.days <= 0) continue;
    out.push({ id: stage.id, estimate: stage.days, actual: actual.elapsed, ratio: actual.elapsed / stage.days });
  }
  return out;
}

/** The median of the ratios (robust to one stage that went very wrong), kept within RATIO_BOUNDS. */
export function observedRatio(ratios: readonly StageRatio[]): ObservedRatio {
  if (ratios.length === 0) return { value: 1, median: null, stages: 0, bounded: false };
  const sorted = ratios.map((r) => r.ratio).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const value = Math.min(RATIO_BOUNDS.max, Math.max(RATIO_BOUNDS.min, median));
  return { value, median, stages: ratios.length, bounded: value !== median };
}

/** An estimate in calendar units scaled by the ratio, rounded to the nearest whole unit and at least one. */
export function scaledDays(days: number, ratio: number): number {
  if (days <= 0) return days;
  return Math.max(1, Math.round(days * ratio));
}

export function computeForecast(input: ForecastInput): Forecast {
  const { schedule, actuals, today } = input;
  const ratio = observedRatio(stageRatios(schedule, actuals));
  const byId = new Map(actuals.map((a) => [a.id, a]));
  const index = new Map(schedule.stages.map((s, i) => [s.id, i]));
  const dueOf = (id: string, planned: string | null): string | null => (input.dues?.has(id) ? (input.dues.get(id) ?? null) : planned);
  const todayDay = parseDay(today);
  if (todayDay === null) throw new Error(`forecast: "${today}" is not a date (YYYY-MM-DD)`);

  const anchor = schedule.start === null ? null : parseDay(schedule.start);
  const calendar = schedule.calendar;
  const slotOf = (day: number): number => workingDaysBetween(anchor as number, day, calendar);
  const slotDate = (slot: number): string | null => (anchor === null ? null : formatDay(addWorkingDays(anchor, slot, calendar)));
  const todaySlot = anchor === null ? 0 : slotOf(firstWorkingDayFrom(todayDay, calendar));

  const slotStages: SlotStage[] = schedule.stages.map((stage) => {
    const actual = byId.get(stage.id);
    const state = actual?.state ?? (stage.active ? 'waiting' : 'skipped');
    const base = { id: stage.id, active: stage.active, deps: stage.dependsOn.map((d) => index.get(d) as number), days: stage.days === null ? null : scaledDays(stage.days, ratio.value) };
    if (anchor === null || !stage.active) return base;
    const start = actual?.start ? parseDay(actual.start) : null;
    const end = actual?.end ? parseDay(actual.end) : null;
    if (state === 'done' && start !== null && end !== null) return { ...base, start: slotOf(start), end: Math.max(slotOf(start), slotOf(end + 1)) };
    // Open work ends today at the soonest, and nothing not yet started starts before today.
    if (state === 'active' && start !== null) return { ...base, start: slotOf(start), minEnd: todaySlot + 1 };
    return { ...base, notBefore: todaySlot };
  });
  const slots = placeSlots(slotStages);

  const stages = schedule.stages.map((stage, i): StageForecast => {
    const actual = byId.get(stage.id);
    const state: StageState = actual?.state ?? (stage.active ? 'waiting' : 'skipped');
    const due = stage.active ? dueOf(stage.id, stage.due) : null;
    if (!stage.active || anchor === null) return { id: stage.id, state, due, start: null, end: null, slip: null, flag: null, lateBy: 0 };
    let start: string | null;
    let end: string | null;
    if (state === 'done' && actual?.start && actual.end) {
      start = actual.start;
      end = actual.end;
    } else {
      const dates = stageDates(slotDate, slots[i] as { start: number; end: number }, (slotStages[i] as SlotStage).days);
      start = actual?.start ?? dates.start;
      end = dates.due;
    }
    const slip = due === null || end === null ? null : daysAfter(due, end, calendar);
    const lateBy = state === 'active' && due !== null && today > due ? daysAfter(due, today, calendar) : 0;
    const flag: StageFlag = lateBy > 0 ? 'late' : state !== 'done' && slip !== null && slip > 0 ? 'at-risk' : null;
    return { id: stage.id, state, due, start, end, slip, flag, lateBy };
  });

  return { today, ratio, stages, end: latest(stages.map((s) => s.end)), plannedEnd: latest(stages.map((s) => s.due)) };
}

/** Calendar units from `from` to `to`: those after `from` up to `to` counted, negative when `to` comes first. */
export function daysAfter(from: string, to: string, calendar: Calendar): number {
  const a = parseDay(from);
  const b = parseDay(to);
  if (a === null || b === null) return 0;
  return workingDaysBetween(a + 1, b + 1, calendar);
}

function latest(days: readonly (string | null)[]): string | null {
  let out: string | null = null;
  for (const d of days) if (d !== null && (out === null || d > out)) out = d;
  return out;
}
