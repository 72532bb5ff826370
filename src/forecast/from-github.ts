// What the dashboard is computed from, read out of GitHub's state: each stage's task issues and
// stage issue, its milestone and due date, and the record the dashboard issue keeps. Pure: the
// caller reads the state once and passes it in.
import type { LifecycleConfig, VariableValue } from '../config/schema.js';
import { dueDateOf } from '../plan/dates.js';
import { parseMarker } from '../plan/marker.js';
import type { CurrentIssue, CurrentState } from '../plan/model.js';
import { activeTasks } from '../render/context.js';
import { stageIsActive } from '../schedule/schedule.js';
import type { TaskIssue } from './actuals.js';
import type { DashboardRecord } from './record.js';
import { EMPTY_RECORD, readDashboardRecord } from './record.js';

/** The dashboard issue: the oldest open-or-closed issue carrying its marker. */
export function findDashboardIssue(issues: readonly CurrentIssue[]): CurrentIssue | null {
  let found: CurrentIssue | null = null;
  for (const issue of issues) {
    if (parseMarker(issue.body)?.kind !== 'dashboard') continue;
    if (found === null || issue.number < found.number) found = issue;
  }
  return found;
}

/**
 * Task issues by stage (in creation order), milestones and their due dates by stage, and the
 * dashboard's record. A declared task without an issue yet counts as open work.
 */
export function dashboardInputsFrom(state: CurrentState, config: LifecycleConfig, vars: Readonly<Record<string, VariableValue>>) {
  const tasks = new Map<string, TaskIssue[]>();
  const stageIssues = new Map<string, TaskIssue>();
  const milestones = new Map<string, { number: number; url: string }>();
  const dues = new Map<string, string | null>();
  const dashboard = findDashboardIssue(state.issues);
  const record: DashboardRecord = dashboard ? readDashboardRecord(parseMarker(dashboard.body)?.keep) : EMPTY_RECORD;
  for (const milestone of state.milestones) {
    const marker = parseMarker(milestone.description);
    if (marker?.kind !== 'stage' || marker.stage === undefined || milestones.has(marker.stage)) continue;
    milestones.set(marker.stage, { number: milestone.number, url: milestone.htmlUrl });
    dues.set(marker.stage, dueDateOf(milestone.dueOn));
  }
  const found = new Set<string>();
  const issues = [...state.issues].sort((a, b) => a.number - b.number);
  for (const issue of issues) {
    const marker = parseMarker(issue.body);
    if (marker?.kind === 'stage-issue' && marker.stage !== undefined && issue.stateReason !== 'duplicate' && !stageIssues.has(marker.stage)) {
      stageIssues.set(marker.stage, { number: issue.number, state: issue.state, closedAt: issue.closedAt ?? null });
    }
    if (marker?.kind !== 'task' || marker.stage === undefined) continue;
    // A task issue closed as a duplicate is not part of the stage's work.
    if (issue.state === 'closed' && issue.stateReason === 'duplicate') continue;
    const list = tasks.get(marker.stage) ?? [];
    list.push({ number: issue.number, state: issue.state, closedAt: issue.closedAt ?? null });
    tasks.set(marker.stage, list);
    if (marker.task !== undefined) found.add(`${marker.stage}/${marker.task}`);
  }
  for (const stage of config.stages) {
    if (!stageIsActive(stage, vars)) continue;
    for (const task of activeTasks(stage, vars)) {
      if (found.has(`${stage.id}/${task.id}`)) continue;
      const list = tasks.get(stage.id) ?? [];
      list.push({ number: 0, state: 'open', closedAt: null });
      tasks.set(stage.id, list);
    }
  }
  return { tasks, stageIssues, milestones, dues, record, dashboard };
}
