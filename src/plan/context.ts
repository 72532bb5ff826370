// What the three planning steps share while one plan is built.
import type { HierarchyFeatures } from '../progress/hierarchy.js';
import type { StageState } from '../progress/states.js';
import type { Operation } from './model.js';

export interface PlanContext {
  overwrite: boolean;
  prune: boolean;
  /** The login the token writes as, when known. */
  identity: string | null;
  operations: Operation[];
  warnings: string[];
  /** Each declared stage's state, when the desired state says how stages follow each other. */
  states?: Map<string, StageState>;
  /** Whether the server has sub-issues and dependencies, or stage issues carry task lists instead. */
  hierarchy: HierarchyFeatures;
  /** Stages whose due date a re-plan set (PlanOptions.replanned). */
  replanned: ReadonlySet<string>;
}

/**
 * Stage id → the milestone its issues belong in: a number, null when this plan creates it, or
 * 'blocked' when a closed milestone holds the stage's title and none may be used (see
 * src/plan/milestones.ts).
 */
export type StageTarget = number | null | 'blocked';
export type StageTargets = Map<string, StageTarget>;

export function quote(text: string): string {
  return JSON.stringify(text);
}
