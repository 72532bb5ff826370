// The schedule as a Mermaid `gantt` chart, for job summaries and previews (GitHub renders Mermaid
// in Markdown). Each active stage is one task with an explicit start date and a duration; Mermaid's
// own `excludes weekends` stretches durations over weekends the same way the workdays calendar does.
import type { LifecycleConfig } from '../config/schema.js';
import type { Schedule } from './schedule.js';

/**
 * Mermaid gantt text, or '' when the project has no start date (a chart needs dates to draw).
 * Stages without an estimate are drawn as milestones on the day they can start.
 */
export function ganttChart(config: LifecycleConfig, schedule: Schedule): string {
  if (schedule.start === null) return '';
  const lines = ['gantt', `  title ${taskText(config.project.name)}`, '  dateFormat YYYY-MM-DD', '  axisFormat %d %b'];
  if (schedule.calendar === 'workdays') lines.push('  excludes weekends');
  const active = schedule.stages.filter((s) => s.active && s.start !== null);
  if (active.length > 0) lines.push('  section Stages');
  for (const stage of active) {
    const tags: string[] = [];
    if (stage.critical) tags.push('crit');
    const zero = stage.days === null || stage.days === 0;
    if (zero) tags.push('milestone');
    tags.push(taskId(stage.id));
    lines.push(`  ${taskText(stage.name)} :${tags.join(', ')}, ${stage.start}, ${zero ? 0 : stage.days}d`);
  }
  return `${lines.join('\n')}\n`;
}

// A colon ends a task's text and '#' or ';' start comments or separators in Mermaid's grammar;
// stage names are trusted config text, but must still not break the chart.
export function taskText(text: string): string {
  const cleaned = text.replace(/[:;#\r\n]+/g, ' ').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? 'stage' : cleaned;
}

// Stage ids are slugs; prefixed so an id such as "crit" or "done" is never read as a tag.
function taskId(id: string): string {
  return `s-${id}`;
}
