// `status`: where the project is, from GitHub's state alone. Loads the config as sync does, reads
// the milestones and managed issues once, and computes the same rows and status line as the
// dashboard. Reads only; the caller passes the client and today's date in.
import { actualsInput, computeActuals } from '../forecast/actuals.js';
import type { TaskIssue } from '../forecast/actuals.js';
import { buildDashboardView } from '../forecast/dashboard.js';
import type { DashboardRowView } from '../forecast/dashboard.js';
import { computeForecast } from '../forecast/forecast.js';
import { EMPTY_RECORD, readDashboardRecord } from '../forecast/record.js';
import { readState } from '../github/read-state.js';
import type { RepoRef } from '../github/repo.js';
import type { GitHubClient } from '../github/client.js';
import { fullName } from '../github/repo.js';
import { dueDateOf } from '../plan/dates.js';
import { parseMarker } from '../plan/marker.js';
import type { CurrentState } from '../plan/model.js';
import type { LifecycleConfig, VariableValue } from '../config/schema.js';
import { activeTasks, buildTemplateContext } from '../render/context.js';
import { computeSchedule, stageIsActive } from '../schedule/schedule.js';
import { load } from './sync/load.js';
import { syncContext } from './sync.js';
import type { SyncOptions } from './sync/types.js';

export type StatusOptions = Pick<SyncOptions, 'client' | 'repo' | 'configText' | 'configPath' | 'templates' | 'templatesDir' | 'templatesDisplay' | 'vars'> & {
  client: GitHubClient;
  repo: RepoRef;
  /** YYYY-MM-DD: late and at-risk are judged on this day. */
  today: string;
};

export interface StatusResult {
  repo: string;
  today: string;
  /** The dashboard's status line (Markdown bold marks included). */
  status: string;
  current: string[];
  done: number;
  total: number;
  late: string[];
  atRisk: string[];
  end: string | null;
  plannedEnd: string | null;
  ratio: { value: number; stages: number; text: string };
  stages: DashboardRowView[];
}

export async function runStatus(options: StatusOptions): Promise<StatusResult> {
  const { config } = await load(syncContext(options as SyncOptions));
  const vars = { ...config.variables, ...options.vars };
  const schedule = computeSchedule(config, vars);
  const state = await readState(options.client, options.repo, config.project.label);
  const { tasks, milestones, dues, record } = fromGitHub(state, config, vars);
  const base = buildTemplateContext(config, schedule, { vars, repo: null, milestones });
  const actuals = computeActuals(actualsInput(schedule, tasks, record.ended));
  const forecast = computeForecast({ schedule, actuals, today: options.today, dues });
  const view = buildDashboardView({ config, schedule, actuals, forecast, base, drift: [], record, summaryUrl: null });
  return {
    repo: fullName(options.repo),
    today: options.today,
    status: view.status,
    current: view.current,
    done: view.done,
    total: view.total,
    late: view.late,
    atRisk: view.atRisk,
    end: view.end,
    plannedEnd: view.plannedEnd,
    ratio: view.ratio,
    stages: view.rows,
  };
}

/**
 * Task issues by stage (in creation order), milestones and their due dates by stage, and the
 * dashboard's record. A declared task without an issue yet counts as open work.
 */
function fromGitHub(state: CurrentState, config: LifecycleConfig, vars: Readonly<Record<string, VariableValue>>) {
  const tasks = new Map<string, TaskIssue[]>();
  const milestones = new Map<string, { number: number; url: string }>();
  const dues = new Map<string, string | null>();
  let record = EMPTY_RECORD;
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
    if (marker?.kind === 'dashboard') record = readDashboardRecord(marker.keep);
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
  return { tasks, milestones, dues, record };
}
