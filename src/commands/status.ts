// `status`: where the project is, from GitHub's state alone. Loads the config as sync does, reads
// the milestones and managed issues once, and computes the same rows and status line as the
// dashboard. Reads only; the caller passes the client and today's date in.
import { actualsInput, computeActuals } from '../forecast/actuals.js';
import { buildDashboardView } from '../forecast/dashboard.js';
import type { DashboardRowView } from '../forecast/dashboard.js';
import { computeForecast } from '../forecast/forecast.js';
import { dashboardInputsFrom } from '../forecast/from-github.js';
import { readState } from '../github/read-state.js';
import type { RepoRef } from '../github/repo.js';
import type { GitHubClient } from '../github/client.js';
import { fullName } from '../github/repo.js';
import { buildTemplateContext } from '../render/context.js';
import { computeSchedule } from '../schedule/schedule.js';
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
  const { tasks, stageIssues, milestones, dues, record } = dashboardInputsFrom(state, config, vars);
  const base = buildTemplateContext(config, schedule, { vars, repo: null, milestones });
  const actuals = computeActuals(actualsInput(schedule, tasks, record.ended, stageIssues));
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
