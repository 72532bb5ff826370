// desired × current → operations. Pure and deterministic: the same input always gives the same
// plan, in the order the applier runs it (labels, then milestones, then issues; within each, the
// declared order first, then duplicates and objects no longer declared).
import { ALL_HIERARCHY } from '../progress/hierarchy.js';
import { stageStatesOf } from '../progress/inputs.js';
import type { PlanContext } from './context.js';
import { planIssues } from './issues.js';
import { planLabels } from './labels.js';
import { planMilestones } from './milestones.js';
import { planTransitions } from './transitions.js';
import type { CurrentState, DesiredState, Plan, PlanOptions } from './model.js';

export function plan(desired: DesiredState, current: CurrentState, options: PlanOptions = {}): Plan {
  const ctx: PlanContext = {
    overwrite: options.overwrite === true,
    prune: options.prune === true,
    identity: options.identity ?? null,
    hierarchy: options.hierarchy ?? ALL_HIERARCHY,
    replanned: options.replanned ?? new Set(),
    operations: [],
    warnings: [],
  };
  const statuses = desired.progression ? stageStatesOf(desired.progression, current.issues, ctx.identity, options.outside).stages : [];
  if (desired.progression) ctx.states = new Map(statuses.map((s) => [s.id, s.state]));
  planLabels(desired.labels, current.labels, ctx);
  const targets = planMilestones(desired, current, ctx);
  planIssues(desired, current, targets, ctx);
  planTransitions(desired, current, statuses, ctx);
  return { operations: ctx.operations, warnings: ctx.warnings };
}

/**
 * Whether knowing who the tool writes as could change this plan: several issues carry one task's
 * marker, and which of them is the tool's own decides which one is kept. Callers ask for the
 * identity (a request, for some tokens) only then, and plan again with it.
 */
export function dependsOnIdentity(result: Plan): boolean {
  return result.operations.some((op) => (op.op === 'close-issue' && op.stateReason === 'duplicate') || (op.op === 'conflict' && op.kind === 'issue'));
}
