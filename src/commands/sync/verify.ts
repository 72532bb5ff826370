// Phase verify: a run racing this one may have created the same issues between our read and our
// writes. Everything created since the read is numbered above `newestNumber`: list just that, and
// close the newer of any pair, by the planner's own duplicate rule. An event's run reads the
// milestones it created issues in instead (see createdAlongside).
import { applyPlan } from '../../github/apply.js';
import type { GitHubClient } from '../../github/client.js';
import { listIssuesInMilestone, listManagedIssuesSince } from '../../github/issues.js';
import type { RepoRef } from '../../github/repo.js';
import type { CurrentIssue } from '../../plan/model.js';
import { plan as makePlan } from '../../plan/plan.js';
import { mergeIssues, reading } from './state.js';
import type { Applied, SyncContext, Verified } from './types.js';

export async function verify({ client, repo, dryRun, progress }: SyncContext, applied: Applied): Promise<Verified> {
  // Nothing created, nothing to race with; a run that stopped early leaves it to the next one.
  if (dryRun || applied.error || applied.createdIssues.length === 0) return { ...applied, duplicatesClosed: [] };

  progress('verify', 'Checking for issues a concurrent run created');
  const { desired, newestNumber } = applied;
  const recent = applied.scope ? await createdAlongside(client, repo, applied) : await reading(listManagedIssuesSince(client, repo, desired.managedLabel, newestNumber));
  const after = { ...applied.after, issues: mergeIssues(applied.after.issues, recent) };
  const recheck = makePlan(desired, after, applied.planOptions);
  const duplicates = recheck.operations.filter((op) => op.op === 'close-issue' && op.stateReason === 'duplicate');
  if (duplicates.length === 0) return { ...applied, after, duplicatesClosed: [] };

  const closing = await applyPlan(client, repo, { operations: duplicates, warnings: [] }, { current: after, managedLabel: desired.managedLabel, newestNumber });
  const duplicatesClosed = closing.results.filter((r) => r.status === 'done' && r.number !== undefined).map((r) => r.number as number);
  return { ...applied, after, results: [...applied.results, ...closing.results], error: closing.stopped, duplicatesClosed };
}

/**
 * An event's run creates issues only in the milestone of a stage that opens now, and a racing run
 * would create its copies there too: reading those milestones again costs what the stages hold,
 * where the newest-first listing could page through every issue numbered above the scoped ones.
 */
async function createdAlongside(client: GitHubClient, repo: RepoRef, applied: Applied): Promise<CurrentIssue[]> {
  const numbers = new Set(applied.createdIssues.map((i) => i.milestone).filter((n): n is number => n !== null));
  const found: CurrentIssue[] = [];
  for (const number of numbers) found.push(...(await reading(listIssuesInMilestone(client, repo, number))));
  return found;
}
