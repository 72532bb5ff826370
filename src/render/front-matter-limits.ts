// For `validate`: what GitHub would refuse in the front matter of the repository's issue templates,
// at the template's own line and column. Each label written there without Handlebars is held to 50
// characters, and the labels an issue would carry in all (managed, stage, defaults.labels, the
// task's and the template's) to 100. Values that use Handlebars are checked when rendered.
import type { Diagnostic } from '../config/diagnostics.js';
import type { LifecycleConfig } from '../config/schema.js';
import { DEFAULT_TEMPLATES, MAX_LABELS_PER_ISSUE, stageLabel } from '../config/schema.js';
import { checkFrontMatter, isLiteral, splitFrontMatter } from './front-matter.js';
import { partialName, resolveTemplate } from './templates.js';
import type { TemplateFile, TemplateSet } from './templates.js';

export interface FrontMatterLimitOptions {
  /** How diagnostics name the repository's templates folder, ending in "/" (".github/lifecycle/"). */
  repoDisplay?: string;
}

/**
 * Diagnostics for every repository template that has front matter (only issue templates may), and,
 * with a valid config, for each task whose issue would carry more labels than GitHub allows.
 */
export function checkFrontMatterLimits(templates: TemplateSet, config: LifecycleConfig | null, options: FrontMatterLimitOptions = {}): Diagnostic[] {
  const shown = (file: TemplateFile, origin: 'repo' | 'builtin') => (origin === 'repo' && options.repoDisplay ? `${options.repoDisplay}${file.name}` : file.path);
  const diagnostics: Diagnostic[] = [];
  for (const file of templates.repo.values()) {
    if (partialName(file.name) !== null) continue;
    for (const problem of checkFrontMatter(file.text)) {
      diagnostics.push({ file: shown(file, 'repo'), line: problem.line, column: problem.column, severity: 'error', message: problem.message });
    }
  }
  if (config) diagnostics.push(...labelCounts(templates, config, shown));
  return diagnostics;
}

function labelCounts(templates: TemplateSet, config: LifecycleConfig, shown: (file: TemplateFile, origin: 'repo' | 'builtin') => string): Diagnostic[] {
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
      const file = shown(resolved.file, resolved.origin);
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
