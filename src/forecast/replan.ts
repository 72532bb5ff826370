// Re-planning is explicit: milestone due dates are the baseline and move only when a person asks.
// Then the remaining stages' milestones take their forecast end, one write per milestone that changes.
import type { Forecast } from './forecast.js';

export interface MilestoneMove {
  stage: string;
  /** The milestone's due date now; null when it has none. */
  from: string | null;
  /** The forecast end it moves to. */
  to: string;
}

/** Stages not done (active or waiting) whose forecast end differs from their due date, in life cycle order. */
export function replanMoves(forecast: Forecast): MilestoneMove[] {
  const moves: MilestoneMove[] = [];
  for (const stage of forecast.stages) {
    if (stage.state !== 'active' && stage.state !== 'waiting') continue;
    if (stage.end === null || stage.end === stage.due) continue;
    moves.push({ stage: stage.id, from: stage.due, to: stage.end });
  }
  return moves;
}
