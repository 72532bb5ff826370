// What happened, derived from GitHub's state alone: each stage's state, when it really started and
// when it ended. Pure: the caller reads the issues and passes them in. Days are whole UTC days,
// counted on the project's calendar as the plan counts them, so a stage that goes exactly as
// planned has its actual dates equal to its planned ones.
import type { Calendar } from '../config/durations.js';
import type { Schedule } from '../schedule/schedule.js';
import { firstWorkingDayFrom, formatDay, parseDay, workingDaysBetween } from '../schedule/calendar.js';
import { computeStageStates } from '../progress/states.js';
import type { StageState } from '../progress/states.js';

export type { StageState };

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
  /** The stage's own issue (null while it does not exist); it finishes a stage without tasks. */
  stageIssue?: TaskIssue | null;
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
 * Each stage's state, by the shared stage-state computation (src/progress/states.ts), so that the
 * sync, the guide, the job summary and the dashboard agree by construction. A stage without tasks
 * is finished by closing its stage issue; when the caller knows of none (`stageIssue` absent), it
 * has no work of its own and is done as soon as it can start.
 */
export function stageStates(stages: readonly Pick<ActualsStage, 'id' | 'skipped' | 'dependsOn' | 'tasks' | 'stageIssue'>[]): Map<string, StageState> {
  const result = computeStageStates(
    stages.map((s) => ({
      id: s.id,
      enabled: !s.skipped,
      dependsOn: s.dependsOn,
      tasks: s.tasks,
      stageIssue: s.stageIssue === undefined ? NO_OWN_WORK : s.stageIssue,
    })),
  );
  return new Map(result.stages.map((s) => [s.id, s.state]));
}

const NO_OWN_WORK = { state: 'closed', closedAt: null } as const;

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
      const work = stage.tasks.length === 0 && stage.stageIssue ? [stage.stageIssue] : stage.tasks;
      const closes = work.map((t) => closedDay(t)).filter((d): d is number => d !== null);
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
 * with each stage's task issues (by stage id; none when absent) and, when read, each stage issue
 * (null for one that does not exist yet).
 */
export function actualsInput(
  schedule: Schedule,
  tasks: ReadonlyMap<string, readonly TaskIssue[]>,
  firstEnds?: Readonly<Record<string, string>>,
  stageIssues?: ReadonlyMap<string, TaskIssue>,
): ActualsInput {
  return {
    calendar: schedule.calendar,
    projectStart: schedule.start,
    stages: schedule.stages.map((s) => ({
      id: s.id,
      skipped: !s.active,
      dependsOn: s.dependsOn,
      tasks: tasks.get(s.id) ?? [],
      ...(stageIssues ? { stageIssue: stageIssues.get(s.id) ?? null } : {}),
    })),
    ...(firstEnds ? { firstEnds } : {}),
  };
}
