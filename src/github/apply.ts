// Carries out a plan: labels, then milestones, then issues, one write at a time, in the plan's order.
//
// Creates are the writes that can hurt: when a create gets no answer (a 5xx, a dropped
// connection), it may still have landed, and creating again would make a duplicate. So a create is
// never retried blindly: the applier first looks for the object by its marker (milestones: the
// full state=all list; issues: the newest managed issues) and only creates again when it is not
// there. A lost answer that slips past this (or a second run racing this one) is caught on the
// next run by the same marker identity.
import { parseMarker } from '../plan/marker.js';
import type { CurrentIssue, CurrentMilestone, CurrentState, Operation, Plan } from '../plan/model.js';
import { isWrite } from '../plan/model.js';
import { applyOperation, describeOperation } from './apply/handlers.js';
import type { ApplyContext, OpResult } from './apply/types.js';
import type { GitHubClient } from './client.js';
import { errorMessage, fatalErrorFrom, httpStatus, RateLimitError } from './errors.js';
import { fullName, type RepoRef } from './repo.js';

export type { OpResult, OpStatus } from './apply/types.js';

export interface ProgressEvent {
  /** Writes finished so far (done, failed or skipped) and the total the plan asks for. */
  done: number;
  total: number;
  result: OpResult;
}

export interface ApplyOptions {
  /** What the plan was made from: resolves stages to milestone numbers. */
  current: CurrentState;
  /** The managed label, to look for an issue whose create got no answer. */
  managedLabel: string;
  /** The highest issue number in `current`: issues above it were created after the read. */
  newestNumber?: number;
  /** Attempts per create when no answer comes back (each after looking for the object). */
  createAttempts?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ApplyResult {
  results: OpResult[];
  /** Stage id → milestone number, after this run (existing, adopted and created). */
  milestones: Record<string, number>;
  /** Milestones and issues this run created, as GitHub returned them. */
  createdMilestones: CurrentMilestone[];
  updatedMilestones: CurrentMilestone[];
  createdIssues: CurrentIssue[];
  updatedIssues: CurrentIssue[];
  /** Set when the run stopped early (permission missing, rate limit out); `undone` counts what was left. */
  stopped: Error | null;
  undone: number;
}

/** Stage → milestone number as the plan and the current state say (the plan's choice wins). */
export function milestoneNumbers(plan: Plan, current: CurrentState): Map<string, number> {
  const byStage = new Map<string, number>();
  for (const m of [...current.milestones].sort((a, b) => b.number - a.number)) {
    const marker = parseMarker(m.description);
    if (marker?.kind === 'stage' && marker.stage) byStage.set(marker.stage, m.number);
  }
  for (const op of plan.operations) {
    if ((op.op === 'update-milestone' || op.op === 'adopt-milestone') && op.number) byStage.set(op.stage, op.number);
    if ((op.op === 'noop' || op.op === 'drift') && op.kind === 'milestone' && op.stage && op.number) byStage.set(op.stage, op.number);
  }
  return byStage;
}

function identityOf(op: Operation): Pick<OpResult, 'stage' | 'task' | 'name'> {
  const id: Pick<OpResult, 'stage' | 'task' | 'name'> = {};
  if ('stage' in op && op.stage) id.stage = op.stage;
  if ('task' in op && op.task) id.task = op.task;
  if (op.op === 'create-label') id.name = op.label.name;
  if (op.op === 'update-label') id.name = op.name;
  return id;
}

/** Each write in the plan's order, through the handler of its kind; stops at the first fatal error. */
export async function applyPlan(client: GitHubClient, repo: RepoRef, plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const ctx: ApplyContext = {
    client,
    repo,
    managedLabel: options.managedLabel,
    newestNumber: options.newestNumber ?? options.current.issues.reduce((max, i) => Math.max(max, i.number), 0),
    createAttempts: Math.max(1, options.createAttempts ?? 3),
    commentless: new Set(options.current.issues.filter((i) => i.comments === 0).map((i) => i.number)),
    byStage: milestoneNumbers(plan, options.current),
    createdMilestones: [],
    updatedMilestones: [],
    createdIssues: [],
    updatedIssues: [],
  };
  const results: OpResult[] = [];
  const total = plan.operations.filter(isWrite).length;
  let finished = 0;
  let stopped: Error | null = null;
  const report = (result: OpResult) => {
    results.push(result);
    finished += 1;
    options.onProgress?.({ done: finished, total, result });
  };

  for (const [index, op] of plan.operations.entries()) {
    if (!isWrite(op)) continue;
    const id = { index, op: op.op, ...identityOf(op) };
    try {
      report({ ...id, ...(await applyOperation(op, ctx)) });
    } catch (error) {
      stopped = fatalErrorFrom(error, { repo: fullName(repo), action: describeOperation(op), permission: 'issues: write' });
      // A fatal error ends the run: its result is kept, but it is not counted as a write finished.
      if (stopped) {
        results.push({ ...id, status: 'failed', message: stopped.message });
        break;
      }
      report({ ...id, status: 'failed', message: failureMessage(op, error) });
    }
  }

  const undone = stopped ? total - finished : 0;
  if (stopped instanceof RateLimitError) stopped.withUndone(undone);
  const milestones = Object.fromEntries([...ctx.byStage].sort(([a], [b]) => a.localeCompare(b)));
  return { results, milestones, createdMilestones: ctx.createdMilestones, updatedMilestones: ctx.updatedMilestones, createdIssues: ctx.createdIssues, updatedIssues: ctx.updatedIssues, stopped, undone };
}

function failureMessage(op: Operation, error: unknown): string {
  const status = httpStatus(error);
  return `${describeOperation(op)} failed${status ? ` (${status})` : ''}: ${errorMessage(error)}`;
}
