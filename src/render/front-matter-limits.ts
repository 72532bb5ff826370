// For `validate`: the labels an issue would carry in all (managed, stage, defaults.labels, the
// task's and its template's front matter) held to GitHub's 100, at the template's line and column.
// Values that use Handlebars are checked when rendered.
import type { Diagnostic } from '../config/diagnostics.js';
import type { LifecycleConfig } from '../config/schema.js';
import { DEFAULT_TEMPLATES, MAX_LABELS_PER_ISSUE, stageLabel } from '../config/schema.js';
import { isLiteral, splitFrontMatter } from './front-matter.js';
import { resolveTemplate } from './templates.js';
import type { TemplateSet } from './templates.js';

/**
 * With a valid config, a diagnostic for each repository template whose front matter would give a
 * task more labels than GitHub allows on an issue. The front matter's own problems (a label over 50
 * characters, an unknown key) are reported by the template check, file by file.
 */
export function checkLabelCounts(templates: TemplateSet, config: LifecycleConfig): Diagnostic[] {
  const over = new Map<string, { file: string; line: number; column: number; tasks: { name: string; count: number }[] }>();
  for (const stage of config.stages) {
    for (const task of stage.tasks) {
      if (task.body !== undefined) continue; // lifecycle.yml's own checks cover an inline body
      const resolved = resolveTemplate(templates, task.template ?? DEFAULT_TEMPLATES.task);
      if (!resolved) continue;
      let fm;
      try {
        fm = splitFrontMatter(resolved.file.text).frontMatter;
      } catch {
        continue; // its problems are reported with the file
      }
      const key = fm?.at.labelsKey;
      if (!fm || !key) continue;
      const names = new Set([config.project.label, stageLabel(stage), ...config.defaults.labels, ...(task.labels ?? []), ...fm.labels.filter(isLiteral)].map((l) => l.toLowerCase()));
      if (names.size <= MAX_LABELS_PER_ISSUE) continue;
      const file = resolved.file.path;
      const entry = over.get(file) ?? { file, line: key.line, column: key.column, tasks: [] };
      entry.tasks.push({ name: `task "${task.id}" of stage "${stage.id}"`, count: names.size });
      over.set(file, entry);
    }
  }
  return [...over.values()].map(({ file, line, column, tasks }) => {
    const first = tasks[0] as { name: string; count: number };
    const more = tasks.length > 1 ? ` (and ${tasks.length - 1} more task${tasks.length === 2 ? '' : 's'})` : '';
    return {
      file,
      line,
      column,
      severity: 'error' as const,
      message:
        `with these labels, ${first.name}${more} would carry ${first.count} labels (the managed and stage labels, defaults.labels, ` +
        `its own and this template's); GitHub allows at most ${MAX_LABELS_PER_ISSUE} on an issue`,
    };
  });
}
