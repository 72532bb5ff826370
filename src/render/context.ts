// What templates see. Every field always exists (null when unknown, [] when empty), which is what
// lets strict mode treat any missing path as a misspelling. The shapes are declared in
// context-shape.ts and listed in docs/templates.md.
import type { LifecycleConfig, Stage, Task, VariableValue } from '../config/schema.js';
import { stageLabel } from '../config/schema.js';
import { checklistTexts, reviewTexts } from '../config/conditional.js';
import { compilePathGlobs } from '../guide/match.js';
import type { Schedule, ScheduledStage } from '../schedule/schedule.js';
import { whenHolds } from '../schedule/schedule.js';
import type { ShapeType } from './context-shape.js';
import type { baseContextShape, milestoneShape, projectShape, repoShape, scheduleShape, stageShape, taskShape, templateContextShapes } from './context-shape.js';

export interface RepoRef {
  owner: string;
  name: string;
  /** https://github.com/owner/name, or the Enterprise Server equivalent. */
  url: string;
}

// The view types are read off the declared shapes (context-shape.ts), which the template check and
// the docs use too.
export type ProjectView = ShapeType<typeof projectShape>;
export type RepoView = ShapeType<typeof repoShape>;
export type TaskView = ShapeType<typeof taskShape>;
export type MilestoneView = ShapeType<typeof milestoneShape>;
export type StageView = ShapeType<typeof stageShape>;
export type ScheduleView = ShapeType<typeof scheduleShape>;
export type TemplateContext = ShapeType<typeof baseContextShape>;
/** The root context of a milestone, task or guidance template. */
export type MilestoneContext = ShapeType<(typeof templateContextShapes)['milestone']>;
export type TaskContext = ShapeType<(typeof templateContextShapes)['task']>;
export type StageIssueContext = ShapeType<(typeof templateContextShapes)['stage']>;
export type GuidanceContext = ShapeType<(typeof templateContextShapes)['guidance']>;

export interface ContextOptions {
  vars: Readonly<Record<string, VariableValue>>;
  repo: RepoRef | null;
  /** Milestones that exist on GitHub, by stage id, for links in guidance. */
  milestones?: ReadonlyMap<string, { number: number; url: string }>;
}

/** The tasks of a stage whose `when` holds, in declared order. */
export function activeTasks(stage: Stage, vars: Readonly<Record<string, VariableValue>>): Task[] {
  return stage.tasks.filter((task) => whenHolds(task.when, vars, `task "${stage.id}/${task.id}"`));
}

export function buildTemplateContext(config: LifecycleConfig, schedule: Schedule, options: ContextOptions): TemplateContext {
  const byId = new Map(schedule.stages.map((s) => [s.id, s]));
  const stages: StageView[] = [];
  for (const stage of config.stages) {
    const scheduled = byId.get(stage.id);
    if (!scheduled?.active) continue;
    stages.push(stageView(config, stage, scheduled, options));
  }
  return {
    project: {
      name: config.project.name,
      start: schedule.start,
      calendar: config.project.calendar,
      label: config.project.label,
    },
    vars: { ...options.vars },
    repo: options.repo ? { owner: options.repo.owner, name: options.repo.name, fullName: `${options.repo.owner}/${options.repo.name}`, url: options.repo.url } : null,
    stages,
    schedule: {
      start: schedule.start,
      end: schedule.end,
      calendar: schedule.calendar,
      criticalPath: [...schedule.criticalPath],
      totalDays: schedule.totalDays,
    },
  };
}

function stageView(config: LifecycleConfig, stage: Stage, scheduled: ScheduledStage, options: ContextOptions): StageView {
  const label = stageLabel(stage);
  const milestone = options.milestones?.get(stage.id);
  return {
    id: stage.id,
    name: stage.name,
    description: stage.description ?? '',
    label,
    estimate:
      stage.estimate && scheduled.duration !== null
        ? { duration: scheduled.duration, complexity: stage.estimate.complexity ?? null, expertise: stage.estimate.expertise ?? null }
        : null,
    start: scheduled.start,
    due: scheduled.due,
    days: scheduled.days,
    depends_on: [...scheduled.dependsOn],
    critical: scheduled.critical,
    checklist: reviewChecklist(stage, options.vars, null),
    exit_criteria: checklistTexts(stage.exit_criteria, options.vars, `exit criterion of stage "${stage.id}"`),
    tasks: activeTasks(stage, options.vars).map((task) => taskView(config, stage, task, options.vars)),
    milestone: { title: stage.name, number: milestone?.number ?? null, url: milestone?.url ?? null },
  };
}

function taskView(config: LifecycleConfig, stage: Stage, task: Task, vars: ContextOptions['vars']): TaskView {
  return {
    id: task.id,
    title: task.title,
    description: task.description ?? '',
    checklist: checklistTexts(task.checklist, vars, `checklist item of task "${stage.id}/${task.id}"`),
    labels: uniqueLabels([config.project.label, stageLabel(stage), ...config.defaults.labels, ...(task.labels ?? [])]),
    assignees: uniqueNames(task.assignees ?? config.defaults.assignees),
  };
}

/**
 * A stage's review items whose `when` holds; with a pull request's changed files, also only those
 * whose `paths` match one of them (so a routine change is not asked about rollback plans).
 */
export function reviewChecklist(stage: Pick<Stage, 'id' | 'checklist'>, vars: ContextOptions['vars'], files: readonly string[] | null): string[] {
  return reviewTexts(stage.checklist, vars, files, (globs, changed) => changed.some(compilePathGlobs(globs)), `review item of stage "${stage.id}"`);
}

/** First spelling wins; GitHub treats label names case-insensitively. */
export function uniqueLabels(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of names) {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** Logins, without a leading "@", case-insensitively unique. */
export function uniqueNames(names: Iterable<string>): string[] {
  return uniqueLabels([...names].map((n) => n.trim().replace(/^@/, '')));
}
