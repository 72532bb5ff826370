import { actualsInput, computeActuals } from '../../src/forecast/actuals.js';
import type { StageActuals, TaskIssue } from '../../src/forecast/actuals.js';
import { computeForecast } from '../../src/forecast/forecast.js';
import type { Forecast } from '../../src/forecast/forecast.js';
import type { LifecycleConfig } from '../../src/config/schema.js';
import { computeSchedule } from '../../src/schedule/schedule.js';
import type { Schedule } from '../../src/schedule/schedule.js';

let next = 1;

/** A closed task issue, closed at noon UTC of `day`. */
export function closed(day: string): TaskIssue {
  return { number: next++, state: 'closed', closedAt: `${day}T12:00:00Z` };
}

export function open(): TaskIssue {
  return { number: next++, state: 'open', closedAt: null };
}

export interface Run {
  schedule: Schedule;
  actuals: StageActuals[];
  forecast: Forecast;
}

/** Plan, actuals and forecast of a config with these task issues, on `today`. */
export function run(config: LifecycleConfig, tasks: Record<string, TaskIssue[]>, today: string, firstEnds?: Record<string, string>, dues?: Map<string, string | null>): Run {
  const schedule = computeSchedule(config);
  const actuals = computeActuals(actualsInput(schedule, new Map(Object.entries(tasks)), firstEnds));
  const forecast = computeForecast({ schedule, actuals, today, ...(dues ? { dues } : {}) });
  return { schedule, actuals, forecast };
}

/** id → [state, start, end, flag] of the forecast, for one-line assertions. */
export function rows(r: Run): Record<string, [string, string | null, string | null, string | null]> {
  return Object.fromEntries(r.forecast.stages.map((s) => [s.id, [s.state, s.start, s.end, s.flag]]));
}
