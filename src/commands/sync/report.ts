// Phase report: what was done (or, in a dry run, what would be), counted by kind and verb; drift
// and conflicts with their links; each stage's progress; the Gantt chart; and the result line and
// summary the CLI prints and the Action writes to the job summary.
import { formatDiagnostic } from '../../config/diagnostics.js';
import type { OpResult } from '../../github/apply.js';
import { ALREADY_PROPOSED } from '../../github/apply/propose.js';
import { fullName } from '../../github/repo.js';
import type { CurrentState, Operation } from '../../plan/model.js';
import { ganttChart } from '../../schedule/gantt.js';
import { resultLine, summaryMarkdown, type ConflictItem, type DriftItem, type KindCounts, type SyncCounts } from '../sync-summary.js';
import { stageProgress } from './stages.js';
import { stageStatesOf } from '../../progress/inputs.js';
import type { Linked, SyncContext, SyncResult, Verified } from './types.js';

type Kind = keyof KindCounts;
type Verb = 'created' | 'updated' | 'closed';

function kindOf(op: Operation): Kind | null {
  switch (op.op) {
    case 'create-label':
    case 'update-label':
      return 'labels';
    case 'create-milestone':
    case 'update-milestone':
    case 'adopt-milestone':
    case 'close-milestone':
      return 'milestones';
    case 'create-issue':
    case 'update-issue':
    case 'close-issue':
    case 'close-stage-issue':
    case 'reopen-stage-issue':
    case 'announce-stage':
      return 'issues';
    default:
      return null;
  }
}

function verbOf(op: Operation['op']): Verb | null {
  if (op.startsWith('create-')) return 'created';
  if (op.startsWith('update-') || op === 'adopt-milestone' || op === 'reopen-stage-issue' || op === 'announce-stage') return 'updated';
  if (op.startsWith('close-')) return 'closed';
  return null;
}

/** Changes by verb and kind: from what was done, or in a dry run from what would be. */
export function changesByVerb(ops: readonly Operation[], results: readonly OpResult[], dryRun: boolean): Record<Verb, KindCounts> {
  const zero = (): KindCounts => ({ labels: 0, milestones: 0, issues: 0 });
  const byVerb = { created: zero(), updated: zero(), closed: zero() };
  const count = (verb: Verb | null, kind: Kind | null) => {
    if (verb && kind) byVerb[verb][kind] += 1;
  };
  if (dryRun) {
    for (const op of ops) count(verbOf(op.op), kindOf(op));
    return byVerb;
  }
  for (const r of results) {
    if (r.status !== 'done') continue;
    const op = ops[r.index];
    // Results past the plan's operations are the duplicates closed after the writes.
    count(verbOf(r.op), op ? kindOf(op) : r.op.endsWith('-issue') ? 'issues' : null);
  }
  return byVerb;
}

/** What a person edited and the plan left alone, titled as GitHub holds it. */
export function driftItems(ops: readonly Operation[], current: CurrentState): DriftItem[] {
  return ops
    .filter((op): op is Extract<Operation, { op: 'drift' }> => op.op === 'drift')
    .map((op) => ({
      kind: op.kind,
      stage: op.stage,
      ...(op.task ? { task: op.task } : {}),
      number: op.number,
      field: op.field,
      url: op.htmlUrl,
      title:
        op.kind === 'milestone'
          ? (current.milestones.find((m) => m.number === op.number)?.title ?? `#${op.number}`)
          : (current.issues.find((i) => i.number === op.number)?.title ?? `#${op.number}`),
    }));
}

export function conflictItems(ops: readonly Operation[]): ConflictItem[] {
  return ops
    .filter((op): op is Extract<Operation, { op: 'conflict' }> => op.op === 'conflict')
    .map((op) => ({
      kind: op.kind,
      stage: op.stage,
      ...(op.task ? { task: op.task } : {}),
      number: op.number,
      title: op.title,
      url: op.htmlUrl,
      message: op.reason,
      resolve: op.resolve,
    }));
}

/** Proposal comments posted (a dry run: planned); one found from an earlier run does not count. */
export function proposalCount(ops: readonly Operation[], results: readonly OpResult[], dryRun: boolean): number {
  if (dryRun) return ops.filter((op) => op.op === 'propose-text').length;
  return results.filter((r) => r.op === 'propose-text' && r.status === 'done' && r.message !== ALREADY_PROPOSED).length;
}

/** The Gantt chart of the schedule, or null when it cannot be drawn (the report goes on without it). */
function ganttOf(run: Verified): string | null {
  try {
    return ganttChart(run.config, run.rendered.schedule);
  } catch {
    return null;
  }
}

/** The numbers of the result line: changes by verb and kind, objects drifted, writes that failed. */
export function tally(ops: readonly Operation[], results: readonly OpResult[], drift: readonly DriftItem[], dryRun: boolean) {
  const byVerb = changesByVerb(ops, results, dryRun);
  const sum = (k: KindCounts) => k.labels + k.milestones + k.issues;
  const driftedObjects = new Set(drift.map((d) => `${d.kind}:${d.number}`));
  const driftByKind = {
    milestones: [...driftedObjects].filter((k) => k.startsWith('milestone:')).length,
    issues: [...driftedObjects].filter((k) => k.startsWith('issue:')).length,
  };
  const failures = results.filter((r) => r.status === 'failed' || r.status === 'skipped');
  const counts: SyncCounts = {
    created: sum(byVerb.created),
    updated: sum(byVerb.updated),
    closed: sum(byVerb.closed),
    unchanged: ops.filter((op) => op.op === 'noop').length,
    drifted: driftedObjects.size,
    failed: failures.length,
  };
  return { byVerb, driftByKind, failures, counts };
}

/** How the stage issues hold their tasks and dependencies on this server, in words. */
export function hierarchyWords(features: { subIssues: boolean; dependencies: boolean }): string {
  if (features.subIssues && features.dependencies) return 'Stage issues hold their tasks as sub-issues and are blocked by the stage issues they wait for.';
  if (!features.subIssues && !features.dependencies) return 'This server has no sub-issue or dependency endpoints: task lists in the stage issues stand in for sub-issues, and links for dependencies.';
  if (!features.subIssues) return 'This server has no sub-issue endpoints: task lists in the stage issues stand in for sub-issues; dependencies are native.';
  return 'This server has no dependency endpoints: links in the stage issues stand in for dependencies; tasks are sub-issues.';
}

/** The stages the run can speak for: an event's run knows the stages it read, and only those. */
function scheduledOf(run: Linked) {
  const all = run.rendered.schedule.stages;
  return run.scope ? all.filter((s) => run.scope?.stages.includes(s.id)) : all;
}

function scopeWords(stages: readonly string[], updated: number): string {
  const read = stages.length === 0 ? 'no stage could have moved, so none was read' : `read ${stages.length === 1 ? 'the stage' : 'the stages'} it can have moved: ${stages.join(', ')}`;
  return `Event run: ${updated} managed issue${updated === 1 ? '' : 's'} changed lately; ${read}. The daily run reads everything.`;
}

export function report({ options, client, repo, dryRun, progress }: SyncContext, run: Linked): SyncResult {
  const { plan, results, error } = run;
  const drift = driftItems(plan.operations, run.current);
  const conflicts = conflictItems(plan.operations);
  const { byVerb, driftByKind, failures, counts } = tally(plan.operations, results, drift, dryRun);
  const stages = stageProgress(scheduledOf(run), run.after, run.milestones, results, plan, conflicts, dryRun, options.today ?? null);
  const gantt = ganttOf(run);
  const warnings = [...run.diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d)), ...plan.warnings, ...run.identityWarnings, ...run.hierarchy.warnings];
  const stageStates = stageStatesOf(run.desired.progression ?? [], run.after.issues, run.planOptions.identity, run.planOptions.outside);
  const names = new Map((run.desired.progression ?? []).map((p) => [p.stage, p.name]));
  const requests = { total: client.stats.total, reads: client.stats.reads, writes: client.stats.writes, secondaryLimitWaits: client.stats.secondaryLimitWaits };
  const failureLines = failures.map((f) => ({ what: `${f.op} ${f.task ?? f.stage ?? f.name ?? ''}`.trim(), message: f.message ?? f.status }));
  const summaryInput = {
    repo: fullName(repo),
    dryRun,
    counts,
    createdByKind: byVerb.created,
    updatedByKind: byVerb.updated,
    closedByKind: byVerb.closed,
    driftByKind,
    stages,
    gantt,
    drift,
    conflicts,
    proposals: proposalCount(plan.operations, results, dryRun),
    failures: failureLines,
    warnings,
    stopped: error ? error.message : null,
    requests,
    today: options.today ?? null,
    current: stageStates.current.map((id) => names.get(id) ?? id),
    hierarchy: hierarchyWords(run.hierarchy.features),
    ...(run.scope ? { scope: scopeWords(run.scope.stages.map((id) => names.get(id) ?? id), run.scope.updated) } : {}),
  };
  progress('done', resultLine(summaryInput));
  return {
    repo: fullName(repo),
    dryRun,
    ok: error === null && failures.length === 0,
    counts,
    plan,
    milestones: run.milestones,
    drift,
    conflicts,
    stages,
    gantt,
    results,
    failures,
    warnings,
    duplicatesClosed: run.duplicatesClosed,
    stageStates,
    hierarchy: run.hierarchy,
    error,
    requests,
    ...(run.scope ? { scope: run.scope } : {}),
    resultLine: resultLine(summaryInput),
    summaryMarkdown: summaryMarkdown(summaryInput),
  };
}
