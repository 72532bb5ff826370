// What the three planning steps share while one plan is built.
import type { Operation } from './model.js';

export interface PlanContext {
  overwrite: boolean;
  prune: boolean;
  operations: Operation[];
  warnings: string[];
}

/** Stage id → the milestone its issues belong in: a number, or null when this plan creates it. */
export type StageTargets = Map<string, number | null>;

export function quote(text: string): string {
  return JSON.stringify(text);
}
