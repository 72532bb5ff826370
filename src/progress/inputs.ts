// The stage states' inputs from what GitHub holds: for each task, the issue the planner keeps for it
// (the oldest of the tool's own), and the stage's own issue. Pure.
import { stageIssueKey, taskKey } from '../plan/identity.js';
import { keptIssues } from '../plan/issues.js';
import type { CurrentIssue, StageProgression } from '../plan/model.js';
import { computeStageStates } from './states.js';
import type { StageStateInput, StageStates, WorkItem } from './states.js';

function workItem(issue: CurrentIssue | undefined): WorkItem | null {
  return issue === undefined ? null : { state: issue.state, closedAt: issue.closedAt ?? null };
}

/**
 * `identity`: the login the token writes as, which tells the tool's own issue from a copy (see
 * keptIssues). `outside`: stages whose issues were not read, each standing in as one piece of work
 * (see src/progress/event-scope.ts).
 */
export function stageStateInputs(
  progression: readonly StageProgression[],
  issues: readonly CurrentIssue[],
  identity: string | null = null,
  outside: ReadonlyMap<string, WorkItem> = new Map(),
): StageStateInput[] {
  const kept = keptIssues(issues, identity);
  const first = (key: string) => kept.get(key);
  return progression.map((p) => {
    const standIn = outside.get(p.stage);
    const base = { id: p.stage, enabled: p.enabled, dependsOn: p.dependsOn };
    if (standIn) return { ...base, tasks: [standIn], stageIssue: standIn };
    return {
      ...base,
      tasks: p.tasks.map((task) => workItem(first(taskKey(p.stage, task)))),
      stageIssue: workItem(first(stageIssueKey(p.stage))),
    };
  });
}

/** Each stage's state and the current stages, from the progression and GitHub's issues. */
export function stageStatesOf(
  progression: readonly StageProgression[],
  issues: readonly CurrentIssue[],
  identity: string | null = null,
  outside?: ReadonlyMap<string, WorkItem>,
): StageStates {
  return computeStageStates(stageStateInputs(progression, issues, identity, outside));
}
