// The stage states' inputs from what GitHub holds: for each task, the issue carrying its marker (the
// oldest, as the planner keeps it), and the stage's own issue. Pure.
import { indexIssues, stageIssueKey, taskKey } from '../plan/identity.js';
import type { CurrentIssue, StageProgression } from '../plan/model.js';
import { computeStageStates } from './states.js';
import type { StageStateInput, StageStates, WorkItem } from './states.js';

function workItem(issue: CurrentIssue | undefined): WorkItem | null {
  return issue === undefined ? null : { state: issue.state, closedAt: issue.closedAt ?? null };
}

export function stageStateInputs(progression: readonly StageProgression[], issues: readonly CurrentIssue[]): StageStateInput[] {
  const byKey = indexIssues(issues);
  // A duplicate closed as such, or an issue someone else copied the marker into, is not the task's.
  const first = (key: string) => byKey.get(key)?.find((m) => m.item.stateReason !== 'duplicate')?.item;
  return progression.map((p) => ({
    id: p.stage,
    enabled: p.enabled,
    dependsOn: p.dependsOn,
    tasks: p.tasks.map((task) => workItem(first(taskKey(p.stage, task)))),
    stageIssue: workItem(first(stageIssueKey(p.stage))),
  }));
}

/** Each stage's state and the current stages, from the progression and GitHub's issues. */
export function stageStatesOf(progression: readonly StageProgression[], issues: readonly CurrentIssue[]): StageStates {
  return computeStageStates(stageStateInputs(progression, issues));
}
