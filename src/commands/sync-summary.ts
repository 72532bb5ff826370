// The job summary of a sync, as Markdown: the result in one line first, then each stage with its
// due date and progress, the Gantt chart, what needs a person (conflicts), what people edited (left
// alone), and what failed. Pure: everything it shows is passed in.
import type { DriftField } from '../plan/model.js';
import { neutralize } from '../render/escape.js';

export type StageStatus = 'done' | 'late' | 'on track' | 'no due date' | 'closed' | 'not created' | 'blocked';

export interface StageProgress {
  id: string;
  name: string;
  milestone: { number: number; url: string; state: 'open' | 'closed' } | null;
  /** A closed milestone that holds the stage's title, so the stage has none of its own. */
  blockedBy?: { number: number; url: string } | null;
  due: string | null;
  /** Issues of the stage (duplicates and pruned ones not counted), and how many are closed. */
  total: number;
  closed: number;
  status: StageStatus;
}

export interface DriftItem {
  kind: 'milestone' | 'issue';
  stage: string;
  task?: string;
  number: number;
  field: DriftField;
  url: string;
  title: string;
}

/** Something only a person can settle (see the plan's `conflict` operation). */
export interface ConflictItem {
  kind: 'milestone' | 'issue';
  stage: string;
  task?: string;
  number: number;
  title: string;
  url: string;
  /** What is in the way, and what to do about it. */
  message: string;
  resolve: string;
}

export interface SyncCounts {
  created: number;
  updated: number;
  unchanged: number;
  drifted: number;
  closed: number;
  failed: number;
}

export interface KindCounts {
  labels: number;
  milestones: number;
  issues: number;
}

export interface SummaryInput {
  repo: string;
  dryRun: boolean;
  counts: SyncCounts;
  createdByKind: KindCounts;
  updatedByKind: KindCounts;
  closedByKind: KindCounts;
  driftByKind: Pick<KindCounts, 'milestones' | 'issues'>;
  stages: StageProgress[];
  gantt: string | null;
  drift: DriftItem[];
  conflicts?: ConflictItem[];
  /** Issues people edited whose new text was proposed in a comment (in a dry run: would be). */
  proposals?: number;
  failures: Array<{ what: string; message: string }>;
  warnings: string[];
  stopped: string | null;
  requests: { total: number; reads: number; writes: number };
  today: string | null;
  /** The stages that can be worked on now, by name, in life cycle order (see src/progress/states.ts). */
  current?: string[];
  /** How the stage issues hold their tasks and dependencies on this server, in words. */
  hierarchy?: string;
  /** An event's run: what it read, in words. */
  scope?: string;
}

/** GitHub keeps at most 1 MiB of summary per step; stay well inside it. */
export const MAX_SUMMARY_BYTES = 1000 * 1024;
/** Long lists are cut here, with a count of the rest. */
const MAX_LIST_ITEMS = 200;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function kindPhrase(counts: Partial<KindCounts>): string {
  const parts: string[] = [];
  if (counts.milestones) parts.push(plural(counts.milestones, 'milestone'));
  if (counts.issues) parts.push(plural(counts.issues, 'issue'));
  if (counts.labels) parts.push(plural(counts.labels, 'label'));
  return joinWords(parts);
}

/** "Created 6 milestones and 28 issues; 2 issues left alone because people edited them." */
export function resultLine(
  input: Pick<SummaryInput, 'dryRun' | 'createdByKind' | 'updatedByKind' | 'closedByKind' | 'driftByKind' | 'counts' | 'stopped' | 'conflicts' | 'proposals'>,
): string {
  const verbs = input.dryRun
    ? { create: 'Would create', update: 'would update', close: 'would close' }
    : { create: 'Created', update: 'updated', close: 'closed' };
  const actions: string[] = [];
  const created = kindPhrase(input.createdByKind);
  const updated = kindPhrase(input.updatedByKind);
  const closed = kindPhrase(input.closedByKind);
  if (created) actions.push(`${verbs.create} ${created}`);
  if (updated) actions.push(`${actions.length ? verbs.update : capitalize(verbs.update)} ${updated}`);
  if (closed) actions.push(`${actions.length ? verbs.close : capitalize(verbs.close)} ${closed}`);
  let line = actions.length ? actions.join(', ') : input.dryRun ? 'Nothing to change' : 'Everything was already in step: nothing written';
  const drifted = kindPhrase(input.driftByKind);
  if (drifted) {
    const n = input.driftByKind.milestones + input.driftByKind.issues;
    line += `; ${drifted} left alone because people edited ${n === 1 ? 'it' : 'them'}`;
  }
  if (input.proposals) line += `; ${input.dryRun ? 'would propose' : 'proposed'} new text in a comment on ${plural(input.proposals, 'issue')}`;
  const conflicts = input.conflicts?.length ?? 0;
  if (conflicts) line += `; ${plural(conflicts, 'conflict')} ${conflicts === 1 ? 'needs' : 'need'} a person`;
  if (input.counts.failed) line += `; ${plural(input.counts.failed, 'change')} failed`;
  if (input.stopped) line += '; stopped early';
  return `${line}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `▓▓▓░░ 3/5`: five cells, filled in proportion to the closed issues. */
export function progressBar(closed: number, total: number, cells = 5): string {
  if (total <= 0) return '—';
  const filled = Math.round((closed / total) * cells);
  return `${'▓'.repeat(filled)}${'░'.repeat(cells - filled)} ${closed}/${total}`;
}

/** Where a stage stands on `today` (YYYY-MM-DD), compared as dates. */
export function stageStatus(
  stage: { due: string | null; total: number; closed: number; milestone: { state: 'open' | 'closed' } | null; blockedBy?: unknown },
  today: string | null,
): StageStatus {
  if (!stage.milestone) return stage.blockedBy ? 'blocked' : 'not created';
  if (stage.milestone.state === 'closed') return 'closed';
  if (stage.total > 0 && stage.closed === stage.total) return 'done';
  if (!stage.due) return 'no due date';
  if (today && stage.due < today) return 'late';
  return 'on track';
}

const STATUS_TEXT: Record<StageStatus, string> = {
  done: '✅ done',
  late: '🔴 late',
  'on track': '🟢 on track',
  'no due date': '⚪ no due date',
  closed: '☑️ closed',
  'not created': '➖ not created yet',
  blocked: '⛔ blocked: a closed milestone has its title',
};

/** What a person changed, as the drift list words it. */
export function driftWords(field: DriftField): string {
  switch (field) {
    case 'milestone':
      return 'it was moved out of its stage milestone by a person, so the sync left it where it is (the `overwrite` option moves it back)';
    case 'due_on':
      return 'its due date was set by a person, so the sync left it as it is (the `overwrite` option replaces it)';
    default:
      return `its ${field} was edited, so the sync left it as it is (the \`overwrite\` option replaces it)`;
  }
}

/** Table cells cannot hold a raw pipe or a line break. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

// Titles of drifted items are as people left them on GitHub (anyone with triage access can edit
// one), so they are untrusted text like a pull request's title.
function titled(prefix: string, title: string, url: string | null | undefined): string {
  return link(`${prefix}${neutralize(title)}`, url);
}

function link(text: string, url: string | null | undefined): string {
  const safe = text.replace(/([[\]])/g, '\\$1');
  return url ? `[${safe}](${url})` : safe;
}

function capped<T>(items: T[], render: (item: T) => string): string[] {
  const lines = items.slice(0, MAX_LIST_ITEMS).map(render);
  if (items.length > MAX_LIST_ITEMS) lines.push(`- … and ${items.length - MAX_LIST_ITEMS} more`);
  return lines;
}

export function summaryMarkdown(input: SummaryInput): string {
  const out: string[] = [];
  out.push(`## Lifecycle sync · ${input.repo}`, '');
  if (input.dryRun) out.push('> [!NOTE]', '> **Dry run: nothing was written.** This is what a sync would do.', '');
  out.push(`**${resultLine(input)}**`, '');
  if (input.current !== undefined) out.push(input.current.length > 0 ? `Current stage${input.current.length === 1 ? '' : 's'}: ${input.current.map((n) => `**${cell(n)}**`).join(', ')}.` : 'No stage is current: every stage is done or skipped.', '');
  if (input.hierarchy) out.push(`<sub>${input.hierarchy}</sub>`, '');
  if (input.scope) out.push(`<sub>${cell(input.scope)}</sub>`, '');
  if (input.stopped) out.push('> [!WARNING]', `> ${input.stopped.replace(/\n/g, '\n> ')}`, '');
  out.push(...stageTable(input));
  if (input.gantt) out.push('### Schedule', '', '```mermaid', input.gantt.trimEnd(), '```', '');
  out.push(...section('Needs a person', input.conflicts ?? [], conflictLine));
  out.push(...section('Left alone: edited by people', input.drift, driftLine));
  out.push(...section('Failed', input.failures, (f) => `- ${cell(f.what)}: ${f.message.replace(/\n/g, ' ')}`));
  out.push(...section('Warnings', input.warnings, (w) => `- ${w.replace(/\n/g, ' ')}`));

  const c = input.counts;
  out.push(
    `<sub>${c.created} created · ${c.updated} updated · ${c.unchanged} unchanged · ${c.drifted} drifted · ${c.closed} closed` +
      ` · ${input.requests.total} API requests (${input.requests.reads} reads, ${input.requests.writes} writes)</sub>`,
    '',
  );
  return capBytes(out.join('\n'), MAX_SUMMARY_BYTES);
}

function stageTable(input: SummaryInput): string[] {
  if (input.stages.length === 0) return [];
  const out = ['| Stage | Status | Due | Progress | Milestone |', '| --- | --- | --- | --- | --- |'];
  for (const stage of input.stages) {
    const milestone = stage.milestone
      ? link(`#${stage.milestone.number}`, stage.milestone.url)
      : stage.blockedBy
        ? `${link(`#${stage.blockedBy.number}`, stage.blockedBy.url)} (closed, not adopted)`
        : '—';
    out.push(`| ${cell(stage.name)} | ${STATUS_TEXT[stage.status]} | ${stage.due ?? '—'} | ${progressBar(stage.closed, stage.total)} | ${milestone} |`);
  }
  if (input.today) out.push('', `<sub>Late or on track as of ${input.today}.</sub>`);
  out.push('');
  return out;
}

/** A heading and a capped list, or nothing when the list is empty. */
function section<T>(heading: string, items: T[], render: (item: T) => string): string[] {
  if (items.length === 0) return [];
  return [`### ${heading}`, '', ...capped(items, render), ''];
}

function conflictLine(c: NonNullable<SummaryInput['conflicts']>[number]): string {
  // The message quotes the title a person gave the milestone or issue in the way.
  const what = `${c.kind === 'milestone' ? 'Milestone ' : ''}${titled(`#${c.number} `, c.title, c.url)}`;
  return `- ${what}: ${neutralize(c.message, { max: 1000 })}. **To resolve:** ${neutralize(c.resolve, { max: 1000 })}.`;
}

function driftLine(d: SummaryInput['drift'][number]): string {
  const what = d.kind === 'milestone' ? `milestone ${titled('', d.title, d.url)}` : titled(`#${d.number} `, d.title, d.url);
  return `- ${what}: ${driftWords(d.field)}.`;
}

/** Cuts text to `max` UTF-8 bytes at a line boundary, saying so. */
export function capBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const note = '\n\n_(summary cut: it reached the size GitHub allows)_\n';
  const budget = max - Buffer.byteLength(note, 'utf8');
  let cut = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  // A cut inside a multi-byte character leaves a replacement character; drop the partial line.
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  return `${cut}${note}`;
}
