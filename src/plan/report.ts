// The plan as a person reads it in a terminal: one row per stage (due date, what happens to its
// milestone and issues), the labels, warnings and the critical path. Pure: lines in, lines out.
import type { Schedule } from '../schedule/schedule.js';
import type { Operation, Plan } from './model.js';
import { isWrite } from './model.js';

export interface PlanReportInput {
  /** What the plan is for: "owner/name", or the project name offline. */
  subject: string;
  /** True when GitHub was not read: every object is compared with an empty repository. */
  offline: boolean;
  plan: Plan;
  schedule: Schedule;
}

/** One word for what an operation does, as the table shows it. */
export function verb(op: Operation): string {
  switch (op.op) {
    case 'create-label':
    case 'create-milestone':
    case 'create-issue':
      return 'create';
    case 'update-label':
    case 'update-milestone':
    case 'update-issue':
      return 'update';
    case 'adopt-milestone':
      return 'adopt';
    case 'close-milestone':
    case 'close-issue':
    case 'close-stage-issue':
      return 'close';
    case 'reopen-stage-issue':
      return 'reopen';
    case 'announce-stage':
      return 'announce';
    case 'drift':
      return 'edited by a person';
    case 'conflict':
      return 'conflict';
    case 'propose-text':
      return 'propose new text';
    case 'noop':
      if (op.reason.startsWith('closed')) return 'closed';
      if (op.reason.startsWith('no longer declared')) return 'not declared';
      if (op.reason.startsWith('duplicate')) return 'duplicate';
      return 'unchanged';
  }
}

const ORDER = ['create', 'adopt', 'update', 'close', 'reopen', 'announce', 'propose new text', 'conflict', 'edited by a person', 'unchanged', 'closed', 'not declared', 'duplicate'];

/** "3 create, 1 update" in a fixed order of verbs. */
export function countVerbs(ops: readonly Operation[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(verb(op), (counts.get(verb(op)) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map(([word, n]) => `${n} ${word}`)
    .join(', ');
}

function isMilestoneOp(op: Operation): boolean {
  return op.op.endsWith('-milestone') || ((op.op === 'noop' || op.op === 'drift' || op.op === 'conflict') && op.kind === 'milestone');
}

function isIssueOp(op: Operation): boolean {
  return op.op.endsWith('-issue') || op.op === 'announce-stage' || op.op === 'propose-text' || ((op.op === 'noop' || op.op === 'drift' || op.op === 'conflict') && op.kind === 'issue');
}

/** A conflict as one line a person can act on: what is in the way, and what to do about it. */
export function conflictLine(op: Extract<Operation, { op: 'conflict' }>): string {
  return `${op.reason}. To resolve: ${op.resolve}.`;
}

function stageOf(op: Operation): string | undefined {
  return 'stage' in op ? op.stage : undefined;
}

export function formatPlanReport(input: PlanReportInput): string[] {
  const { plan, schedule } = input;
  const byStage = new Map<string, { milestone: Operation[]; issues: Operation[] }>();
  const bucket = (stage: string) => {
    let found = byStage.get(stage);
    if (!found) byStage.set(stage, (found = { milestone: [], issues: [] }));
    return found;
  };
  for (const op of plan.operations) {
    const stage = stageOf(op);
    if (stage === undefined) continue;
    if (isMilestoneOp(op)) bucket(stage).milestone.push(op);
    else if (isIssueOp(op)) bucket(stage).issues.push(op);
  }

  const rows: [string, string, string, string][] = [];
  const declared = new Set<string>();
  for (const stage of schedule.stages) {
    declared.add(stage.id);
    if (!stage.active) {
      rows.push([stage.id, '—', `skipped (${stage.skippedReason ?? 'its when condition is false'})`, '']);
      continue;
    }
    const ops = byStage.get(stage.id);
    rows.push([stage.id, stage.due ?? '—', ops ? [...new Set(ops.milestone.map(verb))].join(', ') : '', ops ? countVerbs(ops.issues) : '']);
  }
  // Stages GitHub still holds that the config no longer declares.
  for (const [stage, ops] of byStage) {
    if (declared.has(stage)) continue;
    rows.push([stage, '—', [...new Set(ops.milestone.map(verb))].join(', ') || '—', countVerbs(ops.issues)]);
  }

  const header: [string, string, string, string] = ['stage', 'due', 'milestone', 'issues'];
  // A skipped stage's reason runs on past the milestone column rather than widening it.
  const measured = [header, ...rows.filter((r) => r[3] !== '')];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((r) => (i < 2 || measured.includes(r) ? (r[i]?.length ?? 0) : 0))));
  const line = (r: [string, string, string, string]) =>
    `  ${r
      .map((cell, i) => (i < 3 && r[i + 1] !== '' ? cell.padEnd(widths[i] ?? 0) : cell))
      .join('   ')
      .trimEnd()}`;

  const start = schedule.start === null ? 'no start date' : `start ${schedule.start}`;
  const lines = [`Plan for ${input.subject} (${input.offline ? 'offline, ' : ''}${start}, ${schedule.calendar})`, line(header), ...rows.map(line)];

  const labelOps = plan.operations.filter((op) => op.op === 'create-label' || op.op === 'update-label' || (op.op === 'noop' && op.kind === 'label'));
  lines.push(`  labels: ${labelOps.length === 0 ? 'none' : countVerbs(labelOps)}`);

  if (schedule.criticalPath.length > 0) {
    const total = schedule.totalDays === null ? '' : ` (${schedule.totalDays} ${schedule.calendar === 'workdays' ? 'workday' : 'day'}${schedule.totalDays === 1 ? '' : 's'})`;
    lines.push(`Critical path: ${schedule.criticalPath.join(' → ')}${total}`);
  }
  for (const op of plan.operations) if (op.op === 'conflict') lines.push(`conflict: ${conflictLine(op)}`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  const writes = plan.operations.filter(isWrite).length;
  lines.push(writes === 0 ? 'Nothing to write.' : `${writes} write${writes === 1 ? '' : 's'} planned${input.offline ? ' for an empty repository' : ''}; nothing was written.`);
  return lines;
}
