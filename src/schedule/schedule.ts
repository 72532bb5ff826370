// Stage dates from project.start, estimates, dependencies and the calendar. Pure: the clock is
// never read, so the same config gives the same dates on any machine, any day.
import type { LifecycleConfig, Stage, VariableValue } from '../config/schema.js';
import { durationToWholeDays, parseDuration } from '../config/durations.js';
import type { Calendar } from '../config/durations.js';
import { evaluateExpression, hasExpressionMarkers, isTruthy, referencedVars } from '../config/expressions.js';
import { addWorkingDays, firstWorkingDayFrom, formatDay, parseDay } from './calendar.js';

export interface ScheduledStage {
  id: string;
  name: string;
  /** False when the stage's `when` is false: it takes no time and produces nothing. */
  active: boolean;
  /** Why an inactive stage is skipped, e.g. "vars.foundation_model is true"; null when active. */
  skippedReason: string | null;
  /** The estimate after evaluating any expression, e.g. "2d"; null without an estimate. */
  duration: string | null;
  /** Whole calendar units (workdays or days) the stage occupies; null without an estimate. */
  days: number | null;
  /** YYYY-MM-DD; null when the project has no start or the stage is skipped. */
  start: string | null;
  /** Last (work)day of the stage; null without a project start, an estimate, or when skipped. */
  due: string | null;
  /** Active stages this one waits for; a dependency on a skipped stage passes on to that stage's own. */
  dependsOn: string[];
  critical: boolean;
}

export interface Schedule {
  calendar: Calendar;
  start: string | null;
  /** The latest due date; null without a start or without any estimate. */
  end: string | null;
  /** Length of the plan in calendar units (workdays or days); null when no active stage has an estimate. */
  totalDays: number | null;
  /** Every declared stage, in life cycle order, active or not. */
  stages: ScheduledStage[];
  /** Stage ids, first to last, of the longest chain ending at the latest due date. */
  criticalPath: string[];
}

/** A configuration the validator would reject (unknown dependency, cycle, bad date). */
export class ScheduleError extends Error {
  override name = 'ScheduleError';
}

interface Node {
  stage: Stage;
  index: number;
  active: boolean;
  skippedReason: string | null;
  duration: string | null;
  days: number | null;
  deps: number[];
  /** Offsets in calendar units from the first working day of the project; end is exclusive. */
  startSlot: number;
  endSlot: number;
}

export function computeSchedule(config: LifecycleConfig, vars: Readonly<Record<string, VariableValue>> = config.variables): Schedule {
  const calendar = config.project.calendar;
  const nodes = config.stages.map((stage, index) => stageNode(stage, index, vars, calendar));
  placeNodes(nodes);

  const active = nodes.filter((n) => n.active);
  const estimated = active.some((n) => n.days !== null);
  const totalDays = estimated ? active.reduce((max, n) => Math.max(max, n.endSlot), 0) : null;
  const critical = estimated ? criticalPath(nodes) : [];
  const criticalSet = new Set(critical);

  const anchor = projectAnchor(config);
  const slotDate = (slot: number): string | null => (anchor === null ? null : formatDay(addWorkingDays(anchor, slot, calendar)));
  const scheduled = nodes.map((node) => scheduledStage(node, nodes, slotDate, criticalSet));

  const dues = scheduled.map((s) => s.due).filter((d): d is string => d !== null);
  const end = dues.length > 0 ? dues.reduce((a, b) => (b > a ? b : a)) : null;

  return {
    calendar,
    start: anchor === null ? null : formatDay(anchor),
    end,
    totalDays,
    stages: scheduled,
    criticalPath: critical,
  };
}

function stageNode(stage: Stage, index: number, vars: Readonly<Record<string, VariableValue>>, calendar: Calendar): Node {
  const active = stageIsActive(stage, vars);
  const duration = active ? evaluateDuration(stage, vars) : null;
  return {
    stage,
    index,
    active,
    skippedReason: active ? null : skipReason(stage.when ?? 'false', vars),
    duration,
    days: duration === null ? null : wholeDays(stage, duration, calendar),
    deps: [],
    startSlot: 0,
    endSlot: 0,
  };
}

/** Sets each active node's dependencies and slots; throws on an unknown dependency or a cycle. */
function placeNodes(nodes: Node[]): void {
  const indexById = new Map(nodes.map((n, i) => [n.stage.id, i]));
  const declared = (i: number): number[] => {
    const stage = (nodes[i] as Node).stage;
    const ids = stage.depends_on ?? (i > 0 ? [(nodes[i - 1] as Node).stage.id] : []);
    return ids.map((id) => {
      const j = indexById.get(id);
      if (j === undefined) throw new ScheduleError(`stage "${stage.id}" depends on "${id}", which is not declared`);
      return j;
    });
  };

  // Skipped stages are transparent: depending on one means depending on what it depends on.
  const effective = new Map<number, number[]>();
  const resolving = new Set<number>();
  const effectiveDeps = (i: number): number[] => {
    const known = effective.get(i);
    if (known) return known;
    if (resolving.has(i)) throw new ScheduleError(`dependency cycle through stage "${(nodes[i] as Node).stage.id}"`);
    resolving.add(i);
    const out = new Set<number>();
    for (const j of declared(i)) {
      if ((nodes[j] as Node).active) out.add(j);
      else for (const k of effectiveDeps(j)) out.add(k);
    }
    resolving.delete(i);
    const sorted = [...out].sort((a, b) => a - b);
    effective.set(i, sorted);
    return sorted;
  };

  nodes.forEach((node, i) => {
    if (node.active) node.deps = effectiveDeps(i);
    else effectiveDeps(i); // still reports cycles and unknown ids through skipped stages
  });
  const slots = placeSlots(nodes.map((node) => ({ id: node.stage.id, active: node.active, deps: node.deps, days: node.days })));
  nodes.forEach((node, i) => {
    const slot = slots[i] as Slots;
    node.startSlot = slot.start;
    node.endSlot = slot.end;
  });
}

/** One stage as the placement sees it: its dependencies (indexes of active stages) and length. */
export interface SlotStage {
  id: string;
  active: boolean;
  deps: readonly number[];
  days: number | null;
  /** Earliest start slot (a forecast starts nothing in the past). */
  notBefore?: number;
  /** A start that already happened. */
  start?: number;
  /** Earliest end slot, exclusive (open work ends today at the soonest). */
  minEnd?: number;
  /** An end that already happened, exclusive. */
  end?: number;
}

/** Offsets in calendar units from the project's first working day; end is exclusive. */
export interface Slots {
  start: number;
  end: number;
}

/**
 * The scheduler itself: each active stage starts when the last of its dependencies ends and lasts
 * its days. The plan calls it with estimates only; the forecast with what already happened fixed
 * and the remaining stages' scaled lengths, so both keep the same dependency and calendar rules.
 * Inactive stages get { start: 0, end: 0 } and are never waited for.
 */
export function placeSlots(stages: readonly SlotStage[]): Slots[] {
  const out: (Slots | undefined)[] = stages.map(() => undefined);
  const placing = new Set<number>();
  const place = (i: number): Slots => {
    const known = out[i];
    if (known) return known;
    const stage = stages[i] as SlotStage;
    if (placing.has(i)) throw new ScheduleError(`dependency cycle through stage "${stage.id}"`);
    placing.add(i);
    const after = stage.deps.reduce((max, j) => Math.max(max, place(j).end), 0);
    placing.delete(i);
    const start = stage.start ?? Math.max(after, stage.notBefore ?? 0);
    const end = stage.end ?? Math.max(start + (stage.days ?? 0), stage.minEnd ?? start);
    const slots = { start, end };
    out[i] = slots;
    return slots;
  };
  return stages.map((stage, i) => (stage.active ? place(i) : { start: 0, end: 0 }));
}

/** The project's first working day, as a day number; null without project.start. */
function projectAnchor(config: LifecycleConfig): number | null {
  if (config.project.start === undefined) return null;
  const day = parseDay(config.project.start);
  if (day === null) throw new ScheduleError(`project.start "${config.project.start}" is not a date (YYYY-MM-DD)`);
  return firstWorkingDayFrom(day, config.project.calendar);
}

function scheduledStage(node: Node, nodes: readonly Node[], slotDate: (slot: number) => string | null, critical: ReadonlySet<string>): ScheduledStage {
  const { start, due } = node.active ? stageDates(slotDate, { start: node.startSlot, end: node.endSlot }, node.days) : { start: null, due: null };
  return {
    id: node.stage.id,
    name: node.stage.name,
    active: node.active,
    skippedReason: node.skippedReason,
    duration: node.duration,
    days: node.days,
    start,
    due,
    dependsOn: node.deps.map((j) => (nodes[j] as Node).stage.id),
    critical: critical.has(node.stage.id),
  };
}

/**
 * A placed stage's first and last day. A zero-length stage is a checkpoint on the day its
 * dependencies are done; a stage without an estimate has a start and no last day.
 */
export function stageDates(slotDate: (slot: number) => string | null, slots: Slots, days: number | null): { start: string | null; due: string | null } {
  if (days === 0) {
    const day = slotDate(Math.max(slots.start - 1, 0));
    return { start: day, due: day };
  }
  return { start: slotDate(slots.start), due: days === null ? null : slotDate(slots.end - 1) };
}

/** True when the stage has no `when` or its `when` is truthy with these vars. */
export function stageIsActive(stage: Pick<Stage, 'id' | 'when'>, vars: Readonly<Record<string, VariableValue>>): boolean {
  return whenHolds(stage.when, vars, `stage "${stage.id}"`);
}

export function whenHolds(when: string | undefined, vars: Readonly<Record<string, VariableValue>>, owner: string): boolean {
  if (when === undefined) return true;
  try {
    return isTruthy(evaluateExpression(when, vars));
  } catch (error) {
    throw new ScheduleError(`${owner}: when: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** "vars.foundation_model is true" — the values that made `when` false, in the words of the config. */
export function skipReason(when: string, vars: Readonly<Record<string, VariableValue>>): string {
  const names = referencedVars(when);
  if (names.length === 0) return `when "${when}" is false`;
  return names.map((name) => `vars.${name} ${describeValue(vars[name])}`).join(' and ');
}

function describeValue(value: VariableValue | undefined): string {
  if (value === undefined) return 'is not set';
  if (typeof value === 'string') return `is "${value}"`;
  return `is ${String(value)}`;
}

function evaluateDuration(stage: Stage, vars: Readonly<Record<string, VariableValue>>): string | null {
  const text = stage.estimate?.duration;
  if (text === undefined) return null;
  if (!hasExpressionMarkers(text)) return text.trim();
  let value: unknown;
  try {
    value = evaluateExpression(text, vars);
  } catch (error) {
    throw new ScheduleError(`stage "${stage.id}": estimate.duration: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value).trim() : String(value);
}

function wholeDays(stage: Stage, duration: string, calendar: Calendar): number {
  const parsed = parseDuration(duration);
  if (!parsed) {
    throw new ScheduleError(`stage "${stage.id}": estimate.duration "${duration}" is not a duration such as 4h, 3d or 2w`);
  }
  return durationToWholeDays(parsed, calendar);
}

// Walk back from the stage that finishes last, always through the dependency that held it up.
// Ties go to the stage listed later, which is the one that reads as "the end" of the life cycle.
function criticalPath(nodes: Node[]): string[] {
  let last: Node | null = null;
  for (const node of nodes) {
    if (node.active && (last === null || node.endSlot >= last.endSlot)) last = node;
  }
  const path: string[] = [];
  let current = last;
  while (current) {
    path.push(current.stage.id);
    let next: Node | null = null;
    for (const j of current.deps) {
      const dep = nodes[j] as Node;
      if (dep.endSlot === current.startSlot && (next === null || dep.index > next.index)) next = dep;
    }
    current = next;
  }
  return path.reverse();
}
