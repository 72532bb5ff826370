// What happened, derived from GitHub's state alone: each stage's state, when it really started and
// when it ended. Pure: the caller reads the issues and passes them in. Days are whole UTC days,
// counted on the project's calendar as the plan counts them, so a stage that goes exactly as
// planned has its actual dates equal to its planned ones.
import type { Calendar } from '../config/durations.js';
import type { Schedule } from '../schedule/schedule.js';
import { firstWorkingDayFrom, formatDay, parseDay, workingDaysBetween } from '../schedule/calendar.js';

export type StageState = 'skipped' | 'waiting' | 'active' | 'done';

export interface TaskIssue {
  number: number;
  state: 'open' | 'closed';
  /** GitHub's closed_at (an ISO timestamp); null while open. */
  closedAt: string | null;
}

export interface ActualsStage {
  id: string;
  /** False when the stage's `when` is false. */
  skipped: boolean;
  /** Ids of the active stages it waits for (skipped ones passed through), as the schedule has them. */
  dependsOn: readonly string[];
  /** Its task issues, in the order they were created. */
  tasks: readonly TaskIssue[];
}

export interface ActualsInput {
  calendar: Calendar;
  /** project.start (YYYY-MM-DD); null without one, and then stages without dependencies have no start. */
  projectStart: string | null;
  stages: readonly ActualsStage[];
  /** What earlier runs saw and GitHub no longer shows: see DashboardRecord. */
  firstEnds?: Readonly<Record<string, string>>;
}

export interface StageActuals {
  id: string;
  state: StageState;
  /** The first working day of the stage: the project start, or the working day after its last dependency ended. */
  start: string | null;
  /** The day its last task closed (not before its dependencies ended); null until done. */
  end: string | null;
  /** Calendar units from start to end, both counted; 0 when the work was finished before the stage could start. */
  elapsed: number | null;
  tasksDone: number;
  tasksTotal: number;
  /** The end an earlier run saw, when the stage has since been reopened or finished again later. */
  firstEnd: string | null;
  /** Done once, and not done now: a task was reopened (or a dependency was). */
  reopened: boolean;
}

/**
 * skipped: its `when` is false; waiting: a dependency is not done; done: every task issue is
 * closed (whatever the reason; a stage without tasks is done as soon as it can start); active:
 * the rest. The current stages are the active ones, in life cycle order.
 *
 * The same rule as the shared stage-state computation; this one goes once that is available, so
 * that sync, guide, summary and dashboard agree by construction.
 */
export function stageStates(stages: readonly Pick<ActualsStage, 'id' | 'skipped' | 'dependsOn' | 'tasks'>[]): Map<string, StageState> {
  const byId = new Map(stages.map((s) => [s.id, s]));
  const states = new Map<string, StageState>();
  const visiting = new Set<string>();
  const stateOf = (id: string): StageState => {
    const known = states.get(id);
    if (known) return known;
    const stage = byId.get(id);
    if (!stage || stage.skipped) return 'skipped';
    // The schedule has already refused cycles; this only keeps a bad input from recursing forever.
    if (visiting.has(id)) return 'waiting';
    visiting.add(id);
    const blocked = stage.dependsOn.some((dep) => {
      const s = stateOf(dep);
      return s !== 'done' && s !== 'skipped';
    });
    visiting.delete(id);
    const state: StageState = blocked ? 'waiting' : stage.tasks.every((t) => t.state === 'closed') ? 'done' : 'active';
    states.set(id, state);
    return state;
  };
  for (const stage of stages) states.set(stage.id, stateOf(stage.id));
  return states;
}

export function computeActuals(input: ActualsInput): StageActuals[] {
  const states = stageStates(input.stages);
  const byId = new Map(input.stages.map((s) => [s.id, s]));
  const projectStart = input.projectStart === null ? null : parseDay(input.projectStart);
  // The day each done stage ended, as a day number; filled in dependency order by endOf().
  const ends = new Map<string, number | null>();

  const activatedOn = (stage: ActualsStage): { day: number; first: boolean } | null => {
    if (stage.dependsOn.length === 0) return projectStart === null ? null : { day: projectStart, first: true };
    let latest: number | null = null;
    for (const dep of stage.dependsOn) {
      const end = endOf(dep);
      if (end === null) return null;
      latest = latest === null ? end : Math.max(latest, end);
    }
    return latest === null ? null : { day: latest, first: false };
  };

  const endOf = (id: string): number | null => {
    if (ends.has(id)) return ends.get(id) ?? null;
    const stage = byId.get(id);
    let end: number | null = null;
    if (stage && states.get(id) === 'done') {
      const activated = activatedOn(stage);
      const closes = stage.tasks.map((t) => closedDay(t)).filter((d): d is number => d !== null);
      const lastClose = closes.length === 0 ? null : Math.max(...closes);
      // A stage cannot be done before it can start: work finished early ends the day it is unlocked.
      const candidates = [lastClose, activated?.day ?? null].filter((d): d is number => d !== null);
      end = candidates.length === 0 ? null : Math.max(...candidates);
    }
    ends.set(id, end);
    return end;
  };

  return input.stages.map((stage) => stageActuals(stage, states.get(stage.id) as StageState, input, activatedOn, endOf));
}

function stageActuals(
  stage: ActualsStage,
  state: StageState,
  input: ActualsInput,
  activatedOn: (stage: ActualsStage) => { day: number; first: boolean } | null,
  endOf: (id: string) => number | null,
): StageActuals {
  const tasksDone = stage.tasks.filter((t) => t.state === 'closed').length;
  const base = { id: stage.id, state, tasksDone, tasksTotal: stage.tasks.length };
  const recorded = input.firstEnds?.[stage.id] ?? null;
  if (state === 'skipped' || state === 'waiting') {
    return { ...base, start: null, end: null, elapsed: null, firstEnd: recorded, reopened: recorded !== null };
  }
  const activated = activatedOn(stage);
  // As the plan counts: the project's first working day, or the working day after the dependencies ended.
  let startDay = activated === null ? null : firstWorkingDayFrom(activated.first ? activated.day : activated.day + 1, input.calendar);
  const endDay = state === 'done' ? endOf(stage.id) : null;
  let elapsed = startDay === null || endDay === null ? null : workingDaysBetween(startDay, endDay + 1, input.calendar);
  if (startDay !== null && endDay !== null && endDay < startDay) {
    // Found done the day it was unlocked: it starts and ends that day, and took none of its own time.
    startDay = endDay;
    elapsed = 0;
  }
  const end = endDay === null ? null : formatDay(endDay);
  return {
    ...base,
    start: startDay === null ? null : formatDay(startDay),
    end,
    elapsed,
    firstEnd: recorded !== null && recorded !== end ? recorded : null,
    reopened: state !== 'done' && recorded !== null,
  };
}

/** The UTC day of a task's close, or null while it is open. */
function closedDay(task: TaskIssue): number | null {
  if (task.state !== 'closed' || task.closedAt === null) return null;
  return parseDay(task.closedAt.slice(0, 10));
}

/**
 * The actuals input for a schedule: its stages, dependencies and skips as the plan computed them,
 * with each stage's task issues (by stage id; none when absent).
 */
export function actualsInput(schedule: Schedule, tasks: ReadonlyMap<string, readonly TaskIssue[]>, firstEnds?: Readonly<Record<string, string>>): ActualsInput {
  return {
    calendar: schedule.calendar,
    projectStart: schedule.start,
    stages: schedule.stages.map((s) => ({ id: s.id, skipped: !s.active, dependsOn: s.dependsOn, tasks: tasks.get(s.id) ?? [] })),
    ...(firstEnds ? { firstEnds } : {}),
  };
}
