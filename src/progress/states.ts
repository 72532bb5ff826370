// Where each stage of the life cycle stands, computed from GitHub's issues alone (no state file):
//
//   skipped  its `when` is false: nothing of it exists
//   waiting  a stage it depends on is not done yet
//   active   its dependencies are done and some of its work is still open
//   done     every task issue of it is closed, whatever the reason (completed, not planned)
//
// Waiting wins over done: a stage whose tasks were all closed while a dependency is still open is
// waiting, so "done" always follows the dependency order and a stage never unlocks the next one
// before its own dependencies are done. A stage with no task is finished by closing its stage
// issue (the one piece of work it has); until then it is active. A task whose issue does not exist
// yet (not created, or held back until the stage opens) counts as open.
//
// Pure: the caller passes the stages in life cycle order with what GitHub holds for each. The
// sync, the guide comment and the job summary use this one computation.

export type StageState = 'skipped' | 'waiting' | 'active' | 'done';

/** What GitHub holds for one piece of a stage's work: an issue, or null when none exists yet. */
export interface WorkItem {
  state: 'open' | 'closed';
  /** When it was closed, as GitHub says (ISO timestamp); null or absent when unknown or open. */
  closedAt?: string | null;
}

export interface StageStateInput {
  id: string;
  /** The stage's `when` holds. */
  enabled: boolean;
  /**
   * The enabled stages it waits for (a dependency on a skipped stage passes on to that stage's
   * own, as the schedule's `dependsOn` gives them).
   */
  dependsOn: readonly string[];
  /** One entry per declared task whose `when` holds, in declared order. */
  tasks: readonly (WorkItem | null)[];
  /** The stage's own issue; it finishes a stage that has no task. */
  stageIssue?: WorkItem | null;
}

export interface StageStatus {
  id: string;
  state: StageState;
  /** Dependencies not done yet (only for `waiting`), in the order given. */
  waitingOn: string[];
  /** Task issues of the stage, and how many of them are closed. */
  total: number;
  closed: number;
  /** When its last piece of work closed (only for `done`, when GitHub said); the stage's actual end. */
  finishedAt: string | null;
  /**
   * When it could start: the latest finish of its dependencies, or null for a stage without
   * dependencies (it starts with the project) or when not known. Only for `active` and `done`.
   */
  startedAt: string | null;
}

export interface StageStates {
  /** Every stage, in the order given (life cycle order). */
  stages: StageStatus[];
  /** The active stages, in life cycle order: what can be worked on now. */
  current: string[];
}

/** Each stage's state, and the current (active) stages. Dependencies may be declared in any order. */
export function computeStageStates(inputs: readonly StageStateInput[]): StageStates {
  const byId = new Map(inputs.map((s) => [s.id, s]));
  const done = new Map<string, StageStatus>();
  const visiting = new Set<string>();

  const statusOf = (input: StageStateInput): StageStatus => {
    const known = done.get(input.id);
    if (known) return known;
    // A cycle is refused by validation before anything runs; were one to slip through, its stages wait.
    if (visiting.has(input.id)) return blank(input, 'waiting', []);
    visiting.add(input.id);
    const status = decide(input, (id) => {
      const dep = byId.get(id);
      return dep ? statusOf(dep) : null;
    });
    visiting.delete(input.id);
    done.set(input.id, status);
    return status;
  };

  const stages = inputs.map(statusOf);
  return { stages, current: stages.filter((s) => s.state === 'active').map((s) => s.id) };
}

function decide(input: StageStateInput, dependency: (id: string) => StageStatus | null): StageStatus {
  if (!input.enabled) return blank(input, 'skipped', []);
  const deps = input.dependsOn.map((id) => ({ id, status: dependency(id) }));
  // A dependency that is not declared, or skipped, holds nothing back.
  const waitingOn = deps.filter((d) => d.status !== null && d.status.state !== 'done' && d.status.state !== 'skipped').map((d) => d.id);
  if (waitingOn.length > 0) return blank(input, 'waiting', waitingOn);
  const startedAt = latest(deps.map((d) => d.status?.finishedAt ?? null));
  const { total, closed } = countTasks(input.tasks);
  const work = input.tasks.length > 0 ? input.tasks : [input.stageIssue ?? null];
  const finished = work.every((t) => t !== null && t.state === 'closed');
  return {
    id: input.id,
    state: finished ? 'done' : 'active',
    waitingOn: [],
    total,
    closed,
    finishedAt: finished ? latest(work.map((t) => t?.closedAt ?? null)) : null,
    startedAt,
  };
}

function blank(input: StageStateInput, state: StageState, waitingOn: string[]): StageStatus {
  const { total, closed } = countTasks(input.tasks);
  return { id: input.id, state, waitingOn, total, closed, finishedAt: null, startedAt: null };
}

function countTasks(tasks: readonly (WorkItem | null)[]): { total: number; closed: number } {
  return { total: tasks.length, closed: tasks.filter((t) => t !== null && t.state === 'closed').length };
}

/** The latest of ISO timestamps (they compare as strings), ignoring unknowns; null when none is known. */
function latest(values: readonly (string | null)[]): string | null {
  let out: string | null = null;
  for (const v of values) if (v !== null && (out === null || v > out)) out = v;
  return out;
}
