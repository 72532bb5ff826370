// The dashboard issue's text: where the project is, every stage planned against actual and
// forecast, a chart, drift and the commands a person can tick. Pure: the run passes GitHub's state
// and the day in; the same state on the same day gives the same text, so an unchanged project is
// not rewritten until the day changes.
import { DEFAULT_TEMPLATES } from '../config/schema.js';
import type { LifecycleConfig } from '../config/schema.js';
import { BODY_LIMIT, fitWithMarker } from '../plan/body-limit.js';
import type { MarkerFields } from '../plan/body-limit.js';
import type { Operation } from '../plan/model.js';
import type { ShapeType } from '../render/context-shape.js';
import type { dashboardRowShape, dashboardShape, templateContextShapes } from '../render/context-shape.js';
import type { TemplateContext } from '../render/context.js';
import { tidy } from '../render/desired.js';
import { markdownLink } from '../render/helpers.js';
import type { Renderer } from '../render/renderer.js';
import type { Schedule } from '../schedule/schedule.js';
import type { StageActuals } from './actuals.js';
import { dashboardGantt } from './dashboard-gantt.js';
import type { Forecast, StageForecast } from './forecast.js';
import { RATIO_BOUNDS } from './forecast.js';
import type { DashboardRecord } from './record.js';
import { recordKeep } from './record.js';

export type DashboardView = ShapeType<typeof dashboardShape>;
export type DashboardRowView = ShapeType<typeof dashboardRowShape>;
export type DashboardContext = ShapeType<(typeof templateContextShapes)['dashboard']>;

export const DASHBOARD_TEMPLATE = DEFAULT_TEMPLATES.dashboard;

export type CommandId = 'sync' | 'replan';

export const COMMANDS: readonly { id: CommandId; label: string }[] = [
  { id: 'sync', label: 'Sync now' },
  { id: 'replan', label: 'Re-plan the remaining stages from today' },
];

/** A person's edit the tool left alone, as the dashboard lists it. */
export interface DriftItem {
  text: string;
  url: string;
}

export interface DashboardInput {
  config: LifecycleConfig;
  schedule: Schedule;
  actuals: readonly StageActuals[];
  forecast: Forecast;
  /** The context every template gets (buildTemplateContext), milestones included for links. */
  base: TemplateContext;
  drift: readonly DriftItem[];
  record: DashboardRecord;
  /** Where the whole table is when the issue cannot hold it: the job summary of the run. */
  summaryUrl: string | null;
}

/** The dashboard's view, every stage included. */
export function buildDashboardView(input: DashboardInput): DashboardView {
  const { config, schedule, forecast } = input;
  const rows = dashboardRows(input);

  const names = (pick: (f: StageForecast) => boolean) => forecast.stages.filter(pick).map((f) => nameOf(schedule, f.id));
  const current = names((f) => f.state === 'active');
  const late = names((f) => f.flag === 'late');
  const atRisk = names((f) => f.flag === 'at-risk');
  const total = schedule.stages.filter((s) => s.active).length;
  const done = forecast.stages.filter((f) => f.state === 'done').length;
  const ratio = forecast.ratio;
  const ratioText =
    ratio.stages === 0
      ? '1 (the plain estimates: no stage has finished yet)'
      : `${formatRatio(ratio.value)} (median of ${ratio.stages} finished stage${ratio.stages === 1 ? '' : 's'}${ratio.bounded ? `, ${formatRatio(ratio.median ?? ratio.value)} kept within ${RATIO_BOUNDS.min}–${RATIO_BOUNDS.max}` : ''})`;

  const view: DashboardView = {
    date: forecast.today,
    status: '',
    current,
    done,
    total,
    late,
    atRisk,
    end: forecast.end,
    plannedEnd: forecast.plannedEnd,
    ratio: { value: ratio.value, stages: ratio.stages, text: ratioText },
    rows,
    gantt: dashboardGantt(config.project.name, schedule.calendar, ganttRows(rows, forecast)),
    drift: input.drift.map((d) => ({ text: d.text, url: d.url })),
    commands: COMMANDS.map((c) => ({ id: c.id, label: c.label, checkbox: commandCheckbox(c.id, c.label) })),
    replanned: input.record.replanned,
    baseline: Object.entries(input.record.baseline).map(([id, due]) => ({ name: nameOf(schedule, id), due: due === 'none' ? null : due })),
    cut: null,
  };
  view.status = statusLine(view);
  return view;
}

function dashboardRows(input: DashboardInput): DashboardRowView[] {
  const { schedule, actuals, forecast } = input;
  const actualById = new Map(actuals.map((a) => [a.id, a]));
  const forecastById = new Map(forecast.stages.map((f) => [f.id, f]));
  const urls = new Map(input.base.stages.map((s) => [s.id, s.milestone.url]));
  const calendarUnit = schedule.calendar === 'workdays' ? 'workday' : 'day';

  const rows: DashboardRowView[] = schedule.stages.map((stage) => {
    const actual = actualById.get(stage.id);
    const f = forecastById.get(stage.id) as StageForecast;
    return {
      id: stage.id,
      name: stage.name.replace(/\|/g, '&#124;'),
      url: urls.get(stage.id) ?? null,
      state: f.state,
      plannedStart: stage.start,
      plannedDue: f.due,
      actualStart: actual?.state === 'done' || actual?.state === 'active' ? actual.start : null,
      actualEnd: actual?.end ?? null,
      forecastEnd: f.end,
      tasksDone: actual?.tasksDone ?? 0,
      tasksTotal: actual?.tasksTotal ?? 0,
      flag: f.flag,
      note: rowNote(f, actual, calendarUnit),
    };
  });
  return rows;
}

function ganttRows(rows: readonly DashboardRowView[], forecast: Forecast) {
  const byId = new Map(forecast.stages.map((f) => [f.id, f]));
  return rows.map((r) => {
    const f = byId.get(r.id) as StageForecast;
    return { id: r.id, name: r.name.replace(/&#124;/g, ' '), state: r.state, plannedStart: r.plannedStart, plannedDue: r.plannedDue, start: f.start, end: f.end, flag: f.flag };
  });
}

function nameOf(schedule: Schedule, id: string): string {
  return schedule.stages.find((s) => s.id === id)?.name ?? id;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function rowNote(f: StageForecast, actual: StageActuals | undefined, unit: string): string {
  const parts: string[] = [];
  if (f.flag === 'late') parts.push(`late by ${plural(f.lateBy, unit)}`);
  else if (f.flag === 'at-risk' && f.slip !== null) parts.push(`at risk: forecast ${plural(f.slip, unit)} after its due date`);
  else if (f.state === 'done' && f.slip !== null) parts.push(f.slip > 0 ? `finished ${plural(f.slip, unit)} late` : f.slip < 0 ? `finished ${plural(-f.slip, unit)} early` : 'finished on time');
  if (actual?.reopened) parts.push(`reopened (first done ${actual.firstEnd ?? ''})`.replace(' ()', ''));
  else if (actual?.firstEnd) parts.push(`first done ${actual.firstEnd}, reopened since`);
  return parts.join('; ');
}

/** "Now: Fine-tuning · Done: 2 of 5 stages · Late: Fine-tuning · Forecast end 25 Jan (planned 15 Jan, 6 workdays later)". */
function statusLine(view: DashboardView): string {
  const parts: string[] = [];
  if (view.total > 0 && view.done === view.total) parts.push('**All stages done**');
  else parts.push(`**Now:** ${view.current.length > 0 ? some(view.current) : 'nothing active'}`);
  parts.push(`**Done:** ${view.done} of ${plural(view.total, 'stage')}`);
  if (view.late.length > 0) parts.push(`**Late:** ${some(view.late)}`);
  if (view.atRisk.length > 0) parts.push(`**At risk:** ${some(view.atRisk)}`);
  if (view.end !== null) {
    let end = `**Forecast end:** ${view.end}`;
    if (view.plannedEnd !== null && view.plannedEnd !== view.end) {
      const later = view.end > view.plannedEnd;
      end += ` (planned ${view.plannedEnd}, ${later ? 'later' : 'earlier'})`;
    } else if (view.plannedEnd !== null) {
      end += ' (as planned)';
    }
    parts.push(end);
  }
  return parts.join(' · ');
}

// One line stays one line at 200 stages.
function some(names: readonly string[], shown = 5): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

function formatRatio(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The task-list line of a command; the hidden tag is how a tick is read back, whatever the label says. */
export function commandCheckbox(id: CommandId, label: string): string {
  return `- [ ] ${label} <!-- lifecycle-command:${id} -->`;
}

/** The commands whose box is ticked in a dashboard's body, in the order they appear. */
export function tickedCommands(body: string): CommandId[] {
  const out: CommandId[] = [];
  for (const m of body.matchAll(/^[ \t]*[-*+] \[[xX]\][^\n]*<!-- lifecycle-command:([a-z]+) -->[ \t]*$/gm)) {
    const id = m[1] as CommandId;
    if (COMMANDS.some((c) => c.id === id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/** The body with every command box unticked, the rest as it was. */
export function untickCommands(body: string): string {
  return body.replace(/^([ \t]*[-*+] )\[[xX]\]([^\n]*<!-- lifecycle-command:[a-z]+ -->[ \t]*)$/gm, '$1[ ]$2');
}

/** The drift operations of a plan, in words, with links. */
export function driftItems(operations: readonly Operation[]): DriftItem[] {
  const what = { body: 'text', description: 'description', title: 'title', milestone: 'milestone', due_on: 'due date' } as const;
  return operations.flatMap((op) => {
    if (op.op !== 'drift') return [];
    const object = op.kind === 'milestone' ? `the milestone of stage ${op.stage}` : `#${op.number} (${op.stage}${op.task ? ` / ${op.task}` : ''})`;
    return [{ text: `${what[op.field]} of ${object} edited by a person`, url: op.htmlUrl }];
  });
}

export interface RenderedDashboard {
  /** The issue body, marker and kept record included, within GitHub's limit. */
  body: string;
  view: DashboardView;
}

/**
 * The dashboard rendered from its template (a repository's dashboard.md.hbs, else the built-in).
 * When the whole table does not fit in an issue, the stages that matter least now (done ones, first
 * the earliest) are left out of the table and chart until it does, and `cut` says so and points to
 * the job summary, which has every stage.
 */
export function renderDashboard(renderer: Renderer, input: DashboardInput, limit: number = BODY_LIMIT): RenderedDashboard {
  const full = buildDashboardView(input);
  const keep = recordKeep(input.record);
  const marker: MarkerFields = { kind: 'dashboard', ...(keep ? { keep } : {}) };
  const text = (view: DashboardView) => tidy(renderer.render(DASHBOARD_TEMPLATE, { ...input.base, dashboard: view } satisfies DashboardContext));
  // Whole, as it would be sent without any cut: fitWithMarker cuts only what is longer than its limit.
  const whole = (content: string) => fitWithMarker(content, marker, Number.MAX_SAFE_INTEGER);
  const first = whole(text(full));
  if (first.length <= limit) return { body: first, view: full };

  const order = priority(full.rows);
  const shown = (count: number): DashboardView => {
    const ids = new Set(order.slice(0, count));
    const rows = full.rows.filter((r) => ids.has(r.id));
    const where = input.summaryUrl === null ? 'the job summary of the last sync run' : markdownLink('the job summary of the last sync run', input.summaryUrl);
    const cut = `${rows.length} of ${full.rows.length} stages are shown here, late, current and next first: GitHub allows at most ${BODY_LIMIT.toLocaleString('en-US')} characters in an issue. Every stage is in ${where}.`;
    const gantt = dashboardGantt(input.config.project.name, input.schedule.calendar, ganttRows(rows, input.forecast));
    return { ...full, rows, gantt, cut };
  };
  // The most stages that fit; rendering is cheap next to a write, and this runs only past the limit.
  let low = 0;
  let high = order.length - 1;
  let best: { body: string; view: DashboardView } | null = null;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const view = shown(mid);
    const body = whole(text(view));
    if (body.length <= limit) {
      best = { body, view };
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  if (best) return best;
  // Not even the status and commands fit (a template that writes a lot): cut at a line, as every body is.
  const view = shown(0);
  return { body: fitWithMarker(text(view), marker, limit), view };
}

// Late, at risk and current first, then what comes next, then what is done (the latest first).
function priority(rows: readonly DashboardRowView[]): string[] {
  const rank = (r: DashboardRowView) => (r.flag !== null ? 0 : r.state === 'active' ? 1 : r.state === 'waiting' ? 2 : r.state === 'done' ? 3 : 4);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || (rank(a.r) === 3 ? b.i - a.i : a.i - b.i))
    .map(({ r }) => r.id);
}
