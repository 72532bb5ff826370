// Phase apply: the plan's writes, in its order (none in a dry run), and the state they leave.
import { applyPlan, milestoneNumbers } from '../../github/apply.js';
import { isWrite } from '../../plan/model.js';
import { mergeIssues, mergeMilestones } from './state.js';
import type { Applied, Planned, SyncContext } from './types.js';

export async function apply({ client, repo, dryRun, progress }: SyncContext, planned: Planned): Promise<Applied> {
  const { plan, current, desired } = planned;
  const newestNumber = Math.max(planned.newestRead, ...current.issues.map((i) => i.number));
  if (dryRun) {
    const milestones = Object.fromEntries([...milestoneNumbers(plan, current)].sort(([a], [b]) => a.localeCompare(b)));
    return { ...planned, results: [], milestones, error: null, after: current, newestNumber, createdIssues: [] };
  }

  const writes = plan.operations.filter(isWrite).length;
  progress('apply', writes ? `Writing ${writes} change${writes === 1 ? '' : 's'}` : 'Nothing to write', { done: 0, total: writes });
  const applied = await applyPlan(client, repo, plan, {
    current,
    managedLabel: desired.managedLabel,
    newestNumber,
    onProgress: (event) => progress('apply', `${event.result.status} ${event.result.op}`, { done: event.done, total: event.total }),
  });
  const after = {
    ...current,
    milestones: mergeMilestones(current.milestones, [...applied.createdMilestones, ...applied.updatedMilestones]),
    issues: mergeIssues(current.issues, [...applied.createdIssues, ...applied.updatedIssues]),
  };
  return { ...planned, results: applied.results, milestones: applied.milestones, error: applied.stopped, after, newestNumber, createdIssues: applied.createdIssues };
}
