// From a valid config and its templates to what should exist on GitHub: labels, one milestone per
// active stage, one issue per active task. Pure and deterministic: the same input gives
// byte-identical output on any machine, any day (no clock, no locale, no map-order surprises).
import type { LifecycleConfig, Stage, VariableValue } from '../config/schema.js';
import { DEFAULT_TEMPLATES, MAX_LABELS_PER_ISSUE, stageLabel } from '../config/schema.js';
import { fitWithMarker } from '../plan/body-limit.js';
import type { DesiredIssue, DesiredLabel, DesiredMilestone, DesiredState, StageProgression } from '../plan/model.js';
import { issueRecord, milestoneRecord } from '../plan/record.js';
import { computeSchedule } from '../schedule/schedule.js';
import type { Schedule } from '../schedule/schedule.js';
import { buildTemplateContext, uniqueLabels, uniqueNames } from './context.js';
import type { MilestoneContext, RepoRef, StageIssueContext, StageView, TaskContext, TemplateContext } from './context.js';
import { LABEL_DESCRIPTION_LIMIT, TITLE_LIMIT, truncate } from './limits.js';
import { Renderer, TemplateError } from './renderer.js';
import type { TemplateSource } from './renderer.js';
import type { TemplateSet } from './templates.js';

export interface RenderOptions {
  templates: TemplateSet;
  /** Variables for `when` and expressions; default: the config's own `variables`. */
  vars?: Readonly<Record<string, VariableValue>>;
  repo: RepoRef | null;
  /** Shown in errors about inline bodies; default ".github/lifecycle.yml". */
  configPath?: string;
  /** Reuse a renderer (and its compiled templates) across calls. */
  renderer?: Renderer;
}

export interface RenderResult {
  desired: DesiredState;
  schedule: Schedule;
  /** The template context every template was rendered with (plus `stage` and `task`). */
  views: TemplateContext;
}

export const MANAGED_LABEL_COLOR = '6f42c1';
export const MANAGED_LABEL_DESCRIPTION = 'Created and kept in sync from lifecycle.yml by lifecycle-action';

/** Stage label colours, by the stage's position in lifecycle.yml; skipping a stage moves no colour. */
export const STAGE_LABEL_PALETTE = ['1d76db', '0e8a16', 'fbca04', 'd93f0b', 'b60205', '006b75', 'bfd4f2', 'c2e0c6', 'f9d0c4', 'd4c5f9'] as const;

export function renderDesiredState(config: LifecycleConfig, options: RenderOptions): RenderResult {
  const vars = options.vars ?? config.variables;
  const configPath = options.configPath ?? '.github/lifecycle.yml';
  const schedule = computeSchedule(config, vars);
  const views = buildTemplateContext(config, schedule, { vars, repo: options.repo });
  const renderer = options.renderer ?? new Renderer(options.templates);
  const stagesById = new Map(config.stages.map((s, i) => [s.id, { stage: s, index: i }]));

  const labels: DesiredLabel[] = [{ name: config.project.label, color: MANAGED_LABEL_COLOR, description: MANAGED_LABEL_DESCRIPTION }];
  const milestones: DesiredMilestone[] = [];
  const issues: DesiredIssue[] = [];
  const stageIssues: DesiredIssue[] = [];

  for (const view of views.stages) {
    const { stage, index } = stagesById.get(view.id) as { stage: Stage; index: number };
    labels.push(stageLabelOf(stage, index));
    stageIssues.push(stageIssueOf(config, stage, view, views, renderer));

    const milestoneContext: MilestoneContext = { ...views, stage: view };
    const description = tidy(renderer.render(stage.template ?? DEFAULT_TEMPLATES.milestone, milestoneContext));
    // Fitted with the marker the plan writes, record included, so the plan never has to cut again.
    milestones.push({
      stage: stage.id,
      title: stage.name,
      description: fitWithMarker(description, { kind: 'stage', stage: stage.id, wrote: milestoneRecord(stage.name, view.due) }),
      dueOn: view.due,
    });

    const tasksById = new Map(stage.tasks.map((t) => [t.id, t]));
    for (const taskView of view.tasks) {
      const task = tasksById.get(taskView.id);
      if (!task) continue;
      const source: TemplateSource =
        task.body !== undefined
          ? { inline: task.body, path: `${configPath} (stage "${stage.id}", task "${task.id}", body)` }
          : { name: task.template ?? DEFAULT_TEMPLATES.task };
      const taskContext: TaskContext = { ...views, stage: view, task: taskView };
      const rendered = renderer.renderIssue(source, taskContext);
      const title = truncate(rendered.title || task.title, TITLE_LIMIT);
      const labels = uniqueLabels([...taskView.labels, ...rendered.labels]);
      if (labels.length > MAX_LABELS_PER_ISSUE) throw tooManyLabels(renderer, source, configPath, stage.id, task.id, labels.length);
      const assignees = task.assignees ? taskView.assignees : uniqueNames(rendered.assignees.length > 0 ? rendered.assignees : taskView.assignees);
      issues.push({
        stage: stage.id,
        task: task.id,
        title,
        body: fitWithMarker(tidy(rendered.body), { kind: 'task', stage: stage.id, task: task.id, wrote: issueRecord(title, labels, assignees) }),
        labels,
        assignees,
      });
    }
  }

  return {
    desired: { managedLabel: config.project.label, labels: uniqueByName(labels), milestones, issues, stageIssues, progression: progressionOf(config, schedule, views) },
    schedule,
    views,
  };
}

/** The title of a stage's own issue. */
export function stageIssueTitle(name: string): string {
  return truncate(`Stage: ${name}`, TITLE_LIMIT);
}

/** The stage's own issue (task ""), rendered from stage.md.hbs, in the stage's milestone. */
function stageIssueOf(config: LifecycleConfig, stage: Stage, view: StageView, views: TemplateContext, renderer: Renderer): DesiredIssue {
  const context: StageIssueContext = { ...views, stage: view, dependencies: views.stages.filter((s) => view.depends_on.includes(s.id)) };
  const title = stageIssueTitle(stage.name);
  const labels = uniqueLabels([config.project.label, stageLabel(stage), ...config.defaults.labels]);
  const body = fitWithMarker(tidy(renderer.render(DEFAULT_TEMPLATES.stage, context)), { kind: 'stage-issue', stage: stage.id, wrote: issueRecord(title, labels, []) });
  return { stage: stage.id, task: '', title, body, labels, assignees: [] };
}

/** How the stages follow each other: what the stage states are computed from. */
function progressionOf(config: LifecycleConfig, schedule: Schedule, views: TemplateContext): StageProgression[] {
  const tasksOf = new Map(views.stages.map((s) => [s.id, s.tasks.map((t) => t.id)]));
  const byId = new Map(config.stages.map((s) => [s.id, s]));
  return schedule.stages.map((s) => ({
    stage: s.id,
    name: s.name,
    start: s.start,
    due: s.due,
    enabled: s.active,
    dependsOn: [...s.dependsOn],
    tasks: tasksOf.get(s.id) ?? [],
    open: byId.get(s.id)?.open ?? config.defaults.open ?? 'upfront',
  }));
}

/**
 * GitHub refuses an issue with more than 100 labels. The config's own labels are checked by
 * `validate`; what a template's front matter adds is only known once rendered.
 */
function tooManyLabels(renderer: Renderer, source: TemplateSource, configPath: string, stage: string, task: string, count: number): TemplateError {
  const where = renderer.labelsAt(source);
  const reason =
    `task "${task}" of stage "${stage}" would carry ${count} labels (the managed and stage labels, defaults.labels, ` +
    `its own and its template's); GitHub allows at most ${MAX_LABELS_PER_ISSUE} on an issue`;
  return where ? new TemplateError(where.file, where.line, where.column, reason) : new TemplateError(configPath, null, null, reason);
}

function stageLabelOf(stage: Stage, index: number): DesiredLabel {
  return {
    name: stageLabel(stage),
    color: STAGE_LABEL_PALETTE[index % STAGE_LABEL_PALETTE.length] as string,
    description: truncate(`Life cycle stage: ${stage.name}`, LABEL_DESCRIPTION_LIMIT),
  };
}

// A stage label spelled like the managed label (or like another stage's) is declared once.
function uniqueByName(labels: DesiredLabel[]): DesiredLabel[] {
  const seen = new Set<string>();
  return labels.filter((l) => {
    const key = l.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Conditionals in templates leave blank lines behind; runs of them collapse to one, and the text
 * starts and ends without blank lines, so template authors need not fight whitespace.
 */
export function tidy(markdown: string): string {
  return markdown
    .replace(/\r\n/g, '\n')
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
}

