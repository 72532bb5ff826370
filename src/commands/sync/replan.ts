// Phase replan (only when asked: `lifecycle replan`, the Action's `replan: true`, or the dashboard's
// box): the remaining stages' milestones take their forecast end as due date, one write per
// milestone that changes. Due dates never move otherwise: they are the baseline the dashboard
// measures against, and the dashboard's record keeps the due dates a re-plan replaced.
import { recordReplan } from '../../forecast/record.js';
import { replanMoves } from '../../forecast/replan.js';
import type { MilestoneMove } from '../../forecast/replan.js';
import { dashboardInputsFrom } from '../../forecast/from-github.js';
import { updateMilestone } from '../../github/milestones.js';
import { dueOnValue } from '../../plan/dates.js';
import type { CurrentMilestone } from '../../plan/model.js';
import { dashboardText, todayOf } from './dashboard.js';
import type { RecordChange } from './dashboard.js';
import type { Linked, SyncContext } from './types.js';

export interface Replanned {
  run: Linked;
  /** The milestones moved (in a dry run, the ones that would move). */
  moves: MilestoneMove[];
  /** What the dashboard's record gains: the due dates replaced and the day. */
  change: RecordChange;
}

export async function replan(ctx: SyncContext, run: Linked): Promise<Replanned> {
  const today = todayOf(ctx);
  const { forecast } = dashboardText(ctx, run);
  const moves = replanMoves(forecast);
  const change: RecordChange = (record) => recordReplan(record, moves, today);
  if (ctx.dryRun || moves.length === 0) return { run, moves, change };
  const { milestones } = dashboardInputsFrom(run.after, run.config, { ...run.config.variables, ...ctx.options.vars });
  const updated: CurrentMilestone[] = [];
  const done: MilestoneMove[] = [];
  for (const move of moves) {
    const milestone = milestones.get(move.stage);
    if (!milestone) continue;
    ctx.progress('apply', `Re-planning ${move.stage}: due ${move.from ?? 'none'} → ${move.to}`);
    updated.push(await updateMilestone(ctx.client, ctx.repo, milestone.number, { due_on: dueOnValue(move.to) }));
    done.push(move);
  }
  const byNumber = new Map(updated.map((m) => [m.number, m]));
  const after = { ...run.after, milestones: run.after.milestones.map((m) => byNumber.get(m.number) ?? m) };
  return { run: { ...run, after }, moves: done, change: (record) => recordReplan(record, done, today) };
}
