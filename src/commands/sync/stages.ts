// Each active stage's progress for the report: its milestone (or the closed one blocking it), due
// date, and how many of its issues are closed.
import type { OpResult } from '../../github/apply.js';
import { dueDateOf } from '../../plan/dates.js';
import { parseMarker } from '../../plan/marker.js';
import type { CurrentState, Plan } from '../../plan/model.js';
import { stageStatus, type ConflictItem, type StageProgress } from '../sync-summary.js';

interface ScheduledStageLike {
  id: string;
  name: string;
  active: boolean;
  due: string | null;
}

/**
 * Each active stage: its milestone (or the closed one blocking it), due date, and closed / total
 * issues (duplicates, pruned ones and issues carrying a copied marker left out).
 */
export function stageProgress(
  scheduled: readonly ScheduledStageLike[],
  state: CurrentState,
  milestones: Record<string, number>,
  results: readonly OpResult[],
  plan: Plan,
  conflicts: readonly ConflictItem[],
  dryRun: boolean,
  today: string | null,
): StageProgress[] {
  const copies = new Set(conflicts.filter((c) => c.kind === 'issue').map((c) => c.number));
  const blockedBy = new Map(conflicts.filter((c) => c.kind === 'milestone').map((c) => [c.stage, { number: c.number, url: c.url }]));
  const closedNow = new Set(results.filter((r) => r.status === 'done' && (r.op === 'close-issue' || r.op === 'close-milestone') && r.number !== undefined).map((r) => `${r.op}:${r.number}`));
  const counts = new Map<string, { total: number; closed: number }>();
  for (const issue of state.issues) {
    const marker = parseMarker(issue.body);
    if (marker?.kind !== 'task' || !marker.stage || copies.has(issue.number)) continue;
    const closed = issue.state === 'closed' || closedNow.has(`close-issue:${issue.number}`);
    const reason = closedNow.has(`close-issue:${issue.number}`) ? 'not_planned' : issue.stateReason;
    if (closed && (reason === 'duplicate' || reason === 'not_planned')) continue;
    const entry = counts.get(marker.stage) ?? { total: 0, closed: 0 };
    entry.total += 1;
    if (closed) entry.closed += 1;
    counts.set(marker.stage, entry);
  }
  if (dryRun) {
    for (const op of plan.operations) {
      if (op.op !== 'create-issue' || op.task === '') continue;
      const entry = counts.get(op.stage) ?? { total: 0, closed: 0 };
      entry.total += 1;
      counts.set(op.stage, entry);
    }
  }
  return scheduled
    .filter((s) => s.active)
    .map((s) => {
      const number = milestones[s.id];
      const found = number !== undefined ? state.milestones.find((m) => m.number === number) : undefined;
      const milestone = found
        ? { number: found.number, url: found.htmlUrl, state: closedNow.has(`close-milestone:${found.number}`) ? ('closed' as const) : found.state }
        : null;
      const { total, closed } = counts.get(s.id) ?? { total: 0, closed: 0 };
      const due = s.due ?? dueDateOf(found?.dueOn);
      const progress = { id: s.id, name: s.name, milestone, blockedBy: milestone ? null : (blockedBy.get(s.id) ?? null), due, total, closed };
      return { ...progress, status: stageStatus(progress, today) };
    });
}
