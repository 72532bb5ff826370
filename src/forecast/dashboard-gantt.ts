// The dashboard's Mermaid chart: for each stage, its baseline bar and, beside it, what happened or
// is forecast. Bars are given explicit end dates (the day after their last day, as Mermaid's ends
// are exclusive), which Mermaid draws as given, weekends or not, so the bars show the calendar's
// own dates.
import type { Calendar } from '../config/durations.js';
import { formatDay, parseDay } from '../schedule/calendar.js';
import { taskText } from '../schedule/gantt.js';
import type { StageState } from './actuals.js';

export interface GanttRow {
  id: string;
  name: string;
  state: StageState;
  plannedStart: string | null;
  plannedDue: string | null;
  /** Actual start, else the forecast one. */
  start: string | null;
  /** Actual end, else the forecast one. */
  end: string | null;
  flag: 'late' | 'at-risk' | null;
}

/** Mermaid gantt text, or '' when no stage has dates. */
export function dashboardGantt(title: string, calendar: Calendar, rows: readonly GanttRow[]): string {
  const lines = ['gantt', `  title ${taskText(title)}`, '  dateFormat YYYY-MM-DD', '  axisFormat %d %b'];
  if (calendar === 'workdays') lines.push('  excludes weekends');
  let bars = 0;
  for (const row of rows) {
    if (row.state === 'skipped') continue;
    const plan = bar('Plan', [], `p-${row.id}`, row.plannedStart, row.plannedDue);
    const tags = row.state === 'done' ? ['done'] : row.state === 'active' ? ['active'] : [];
    if (row.flag !== null) tags.unshift('crit');
    const actual = bar(row.state === 'done' ? 'Actual' : 'Forecast', tags, `a-${row.id}`, row.start, row.end);
    if (plan === null && actual === null) continue;
    lines.push(`  section ${taskText(row.name)}`);
    if (plan !== null) lines.push(plan);
    if (actual !== null) lines.push(actual);
    bars++;
  }
  return bars === 0 ? '' : `${lines.join('\n')}\n`;
}

function bar(label: string, tags: string[], id: string, start: string | null, last: string | null): string | null {
  if (start === null || last === null) return null;
  const from = parseDay(start);
  const to = parseDay(last);
  if (from === null || to === null) return null;
  // A stage that ends the day before it starts (found done when unlocked) is a point in time.
  if (to < from) return `  ${label} :${[...tags, 'milestone', id].join(', ')}, ${start}, 0d`;
  return `  ${label} :${[...tags, id].join(', ')}, ${start}, ${formatDay(to + 1)}`;
}
