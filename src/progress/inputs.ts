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

/** `identity`: the login the token writes as, which tells the tool's own issue from a copy (see keptIssues). */
export function stageStateInputs(progression: readonly StageProgression[], issues: readonly CurrentIssue[], identity: string | null = null): StageStateInput[] {
  const kept = keptIssues(issues, identity);
  const first = (key: string) => kept.get(key);
  return progression.map((p) => ({
    id: p.stage,
    enabled: p.enabled,
    dependsOn: p.dependsOn,
    tasks: p.tasks.map((task) => workItem(first(taskKey(p.stage, task)))),
    stageIssue: workItem(first(stageIssueKey(p.stage))),
  }));
}

/** Each stage's state and the current stages, from the progression and GitHub's issues. */
export function stageStatesOf(progression: readonly StageProgression[], issues: readonly CurrentIssue[], identity: string | null = null): StageStates {
  return computeStageStates(stageStateInputs(progression, issues, identity));
}
