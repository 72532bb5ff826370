// Phase dashboard: the one dashboard issue, rendered from the state the run left for the run's day.
// It is found by its marker, never by its title, so it is never duplicated; created when missing,
// rewritten only when its text changed (the day it is rendered for is part of the text, so an
// unchanged project is rewritten at most once a day), and left alone when `dashboard: false`.
// Its marker keeps what GitHub cannot give back (record.ts), read from the issue before the write.
import { computeActuals, actualsInput } from '../../forecast/actuals.js';
import { buildDashboardView, driftItems, renderDashboard, untickCommands } from '../../forecast/dashboard.js';
import type { DashboardView } from '../../forecast/dashboard.js';
import { computeForecast } from '../../forecast/forecast.js';
import type { Forecast } from '../../forecast/forecast.js';
import { dashboardInputsFrom, findDashboardIssue } from '../../forecast/from-github.js';
import type { DashboardRecord } from '../../forecast/record.js';
import { recordActuals } from '../../forecast/record.js';
import { isAmbiguous } from '../../github/errors.js';
import type { GitHubClient } from '../../github/client.js';
import { createIssue, listManagedIssuesSince, updateIssue } from '../../github/issues.js';
import type { RepoRef } from '../../github/repo.js';
import type { CurrentIssue } from '../../plan/model.js';
import { buildTemplateContext } from '../../render/context.js';
import { Renderer } from '../../render/renderer.js';
import type { Linked, SyncContext, SyncResult } from './types.js';

export interface DashboardOutcome {
  /**
   * What the run did to the issue; `off` with `dashboard: false`, `dry-run` in a dry run, `left` in
   * an event's run (it reads a few stages, and the dashboard shows them all: the next full run, at
   * the latest the daily one, brings it up to date).
   */
  action: 'created' | 'updated' | 'unchanged' | 'off' | 'dry-run' | 'failed' | 'left';
  number: number | null;
  url: string | null;
  /** The dashboard's view for the run's day (null when off). */
  view: DashboardView | null;
  forecast: Forecast | null;
  /** The body as written (or as it would be). */
  body: string | null;
  message: string | null;
}

export interface Dashboarded extends Linked {
  dashboard: DashboardOutcome;
}

/** Changes the record before rendering, e.g. what a re-plan replaced. */
export type RecordChange = (record: DashboardRecord, forecast: Forecast) => DashboardRecord;

export function todayOf(ctx: SyncContext): string {
  return ctx.options.today ?? new Date().toISOString().slice(0, 10);
}

/** The view, forecast and body of the dashboard for the run's state and day. */
export function dashboardText(ctx: SyncContext, run: Linked, change?: RecordChange) {
  const { config } = run;
  const vars = { ...config.variables, ...ctx.options.vars };
  const schedule = run.rendered.schedule;
  const inputs = dashboardInputsFrom(run.after, config, vars);
  const actuals = computeActuals(actualsInput(schedule, inputs.tasks, inputs.record.ended, inputs.stageIssues));
  const forecast = computeForecast({ schedule, actuals, today: todayOf(ctx), dues: inputs.dues });
  let record = recordActuals(inputs.record, actuals);
  if (change) record = change(record, forecast);
  const base = buildTemplateContext(config, schedule, { vars, repo: repoOf(run, ctx.repo), milestones: inputs.milestones });
  // A due date a re-plan moved is the tool's own doing, not a person's edit.
  const operations = run.plan.operations.filter((op) => !(op.op === 'drift' && op.field === 'due_on' && record.baseline[op.stage] !== undefined));
  const input = { config, schedule, actuals, forecast, base, drift: driftItems(operations), record, summaryUrl: null };
  const view = buildDashboardView(input);
  const { body } = renderDashboard(new Renderer(run.templates), input);
  return { view, forecast, body, existing: inputs.dashboard };
}

export async function dashboard(ctx: SyncContext, run: Linked, change?: RecordChange): Promise<Dashboarded> {
  const none = { number: null, url: null, view: null, forecast: null, body: null, message: null };
  if (run.config.dashboard === false) return { ...run, dashboard: { ...none, action: 'off' } };
  if (run.scope) return { ...run, dashboard: { ...none, action: 'left' } };
  const { view, forecast, body, existing } = dashboardText(ctx, run, change);
  const shown = { ...none, view, forecast, body, number: existing?.number ?? null, url: existing?.htmlUrl ?? null };
  if (ctx.dryRun) return { ...run, dashboard: { ...shown, action: 'dry-run' } };
  try {
    const issue = await writeDashboard(ctx.client, ctx.repo, run, existing, body);
    const after = { ...run.after, issues: replaceIssue(run.after.issues, issue.issue) };
    return { ...run, after, dashboard: { ...shown, action: issue.action, number: issue.issue.number, url: issue.issue.htmlUrl } };
  } catch (error) {
    const message = `the dashboard issue could not be written: ${error instanceof Error ? error.message : String(error)}`;
    return { ...run, dashboard: { ...shown, action: 'failed', message } };
  }
}

async function writeDashboard(client: GitHubClient, repo: RepoRef, run: Linked, existing: CurrentIssue | null, body: string) {
  const title = `Dashboard: ${run.config.project.name}`;
  if (existing) {
    // A ticked box is not an edit of the text: the command handler unticks it.
    if (untickCommands(existing.body ?? '') === body) return { action: 'unchanged' as const, issue: existing };
    return { action: 'updated' as const, issue: await updateIssue(client, repo, existing.number, { body }) };
  }
  const fields = { title, body, labels: [run.desired.managedLabel], assignees: [], milestone: null };
  try {
    return { action: 'created' as const, issue: await createIssue(client, repo, fields) };
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    // No answer: it may have landed. Look among the newest managed issues before creating again.
    const newest = await listManagedIssuesSince(client, repo, run.desired.managedLabel, run.newestNumber, 3);
    const landed = findDashboardIssue(newest);
    if (landed) return { action: 'created' as const, issue: landed };
    return { action: 'created' as const, issue: await createIssue(client, repo, fields) };
  }
}

function replaceIssue(issues: readonly CurrentIssue[], issue: CurrentIssue): CurrentIssue[] {
  return [...issues.filter((i) => i.number !== issue.number), issue];
}

function repoOf(run: Linked, repo: RepoRef) {
  // The repository's URL, as the rendered bodies have it.
  const url = run.rendered.views.repo?.url ?? `https://github.com/${repo.owner}/${repo.name}`;
  return { owner: repo.owner, name: repo.name, url };
}

/** The job summary leads with the dashboard's status line and table. */
export function summaryLead(outcome: DashboardOutcome): string {
  if (!outcome.body) return '';
  const lines = outcome.body.split('\n');
  const status = lines[0] ?? '';
  const table = lines.filter((l) => l.startsWith('|'));
  return `${status}\n\n${table.join('\n')}\n\n`;
}

/** The sync's result with the dashboard: its summary leads with the status line and table. */
export function withDashboard(result: SyncResult, outcome: DashboardOutcome): SyncResult {
  const warnings = outcome.message ? [...result.warnings, outcome.message] : result.warnings;
  return { ...result, ok: result.ok && outcome.action !== 'failed', warnings, dashboard: outcome, summaryMarkdown: summaryLead(outcome) + result.summaryMarkdown };
}
