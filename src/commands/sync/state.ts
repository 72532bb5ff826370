// Folding what a later read or a write returned into the state the run holds: by number, the later
// copy wins, in number order.
import type { CurrentIssue, CurrentMilestone } from '../../plan/model.js';
import { rateLimitErrorFrom } from '../../github/errors.js';

export function mergeIssues(base: readonly CurrentIssue[], extra: readonly CurrentIssue[]): CurrentIssue[] {
  const byNumber = new Map(base.map((i) => [i.number, i]));
  for (const issue of extra) byNumber.set(issue.number, issue);
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

export function mergeMilestones(base: readonly CurrentMilestone[], extra: readonly CurrentMilestone[]): CurrentMilestone[] {
  const byNumber = new Map(base.map((m) => [m.number, m]));
  for (const milestone of extra) byNumber.set(milestone.number, milestone);
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

/**
 * A read that runs into a rate limit ends the run with the same clean error a write would give
 * (when the limit resets, and that the next run finishes the job), not with GitHub's raw answer.
 */
export async function reading<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw rateLimitErrorFrom(error) ?? error;
  }
}
