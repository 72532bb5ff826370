// What `init --skeleton` writes besides the stage folders, so the repository reads like one built
// for this life cycle: a pull request template whose checklist follows the active stages, the
// preset's issue forms, and a section for the README that explains the stages.
import { resolveMatch } from '../config/conditional.js';
import type { LifecycleConfig } from '../config/schema.js';
import { describeDuration } from '../config/durations.js';
import { computeSchedule } from '../schedule/schedule.js';
import { globFolder } from './skeleton.js';

export const PULL_REQUEST_TEMPLATE_PATH = '.github/pull_request_template.md';
export const ISSUE_FORMS_DIR = '.github/ISSUE_TEMPLATE';
/** A section to paste into the README, kept apart so init never edits a file it does not own. */
export const LIFE_CYCLE_SECTION_PATH = 'docs/life-cycle.md';

function activeStages(config: LifecycleConfig) {
  const schedule = computeSchedule(config);
  return schedule.stages
    .filter((s) => s.active)
    .map((scheduled) => ({ scheduled, stage: config.stages.find((s) => s.id === scheduled.id) }))
    .filter((x): x is { scheduled: typeof x.scheduled; stage: NonNullable<typeof x.stage> } => x.stage !== undefined);
}

/** The plain folders a stage's globs name, as `folder/`, for a reader to recognize the stage's work. */
function folders(config: LifecycleConfig, stage: LifecycleConfig['stages'][number]): string[] {
  return resolveMatch(stage.match, config.variables)
    .paths.map(globFolder)
    .filter((f): f is string => f !== null)
    .map((f) => `\`${f}/\``);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function pullRequestTemplate(config: LifecycleConfig, configPath: string): string {
  const lines = [
    `<!-- Written by lifecycle init from ${configPath}; yours to edit. -->`,
    '## What this changes',
    '',
    '',
    '## Stage',
    '',
    "Tick the stage this pull request works on. The Lifecycle comment adds that stage's review checklist; files in a stage's folders, a `stage: <id>` label or closing one of the stage's issues bring it too.",
    '',
  ];
  for (const { stage } of activeStages(config)) {
    const where = folders(config, stage);
    lines.push(`- [ ] ${stage.name}${where.length > 0 ? ` (${where.join(', ')})` : ''}`);
  }
  lines.push(
    '',
    '## Before merging',
    '',
    '- [ ] The issue this works on is linked ("Closes #…")',
    "- [ ] The stage's review checklist in the Lifecycle comment is gone through",
    '',
  );
  return lines.join('\n');
}

export function lifeCycleSection(config: LifecycleConfig, configPath: string): string {
  const stages = activeStages(config);
  const schedule = computeSchedule(config);
  const lines = [
    `<!-- Written by lifecycle init from ${configPath}: a section for the README. Copy it there, or link to this file. -->`,
    '## Life cycle',
    '',
    `This repository plans its work as the stages below. Each stage is a milestone with one issue per task; a pull request that changes a stage's files gets that stage's review checklist as a comment. The plan lives in \`${configPath}\`.`,
    '',
    '| Stage | Estimate | After | Folders |',
    '|---|---|---|---|',
  ];
  const names = new Map(config.stages.map((s) => [s.id, s.name]));
  for (const { scheduled, stage } of stages) {
    const after = scheduled.dependsOn.map((id) => names.get(id) ?? id).join(', ') || 'the start';
    const estimate = scheduled.duration === null ? 'none' : describeDuration(scheduled.duration);
    lines.push(`| ${stage.name} | ${estimate} | ${after} | ${folders(config, stage).join(', ')} |`);
  }
  if (schedule.totalDays !== null) lines.push('', `In all: ${schedule.totalDays} ${config.project.calendar === 'workdays' ? 'workdays' : 'days'}, stages side by side counted once.`);
  for (const { stage } of stages) {
    lines.push('', `### ${stage.name}`, '', oneLine(stage.description ?? ''));
  }
  lines.push('');
  return lines.join('\n');
}
