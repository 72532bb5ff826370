// A life cycle as a whole: lifecycle.yml (its schema and the rules across fields) and every template
// it uses, in the templates folder or among the built-ins it falls back to. `lifecycle validate`,
// the Action's validate command, the check of a pull request's proposed files, and plan and sync
// before they do anything all call these, so each reports the same problems the same way.
import type { Diagnostic } from '../config/diagnostics.js';
import { hasErrors, sortDiagnostics } from '../config/diagnostics.js';
import { loadConfigBytes, loadConfigFile, loadConfigText } from '../config/load.js';
import type { LoadResult } from '../config/load.js';
import type { PathSegment, SourceMap, SourceRange } from '../config/positions.js';
import { isRecord } from '../config/report.js';
import { DEFAULT_TEMPLATES } from '../config/schema.js';
import type { LifecycleConfig } from '../config/schema.js';
import type { TemplateKind } from '../render/context-shape.js';
import { checkLabelCounts } from '../render/front-matter-limits.js';
import { checkTemplates } from '../render/template-check.js';
import type { Place, TemplateUse } from '../render/template-check.js';
import { templateNames } from '../render/templates.js';
import type { TemplateSet } from '../render/templates.js';

export interface LifecycleSources {
  /** How diagnostics name lifecycle.yml, e.g. ".github/lifecycle.yml". */
  file: string;
  /** The repository's templates and the built-ins (render/templates.ts). */
  templates: TemplateSet;
  /** How messages name the repository's templates folder, e.g. ".github/lifecycle/". */
  templatesDir?: string;
}

export interface LifecycleValidation {
  /** The config with defaults applied; null when there is any error, in it or in a template. */
  config: LifecycleConfig | null;
  diagnostics: Diagnostic[];
}

/** Validates lifecycle.yml given as text or bytes, and its templates. Pure. */
export function validateLifecycle(config: string | Uint8Array, sources: LifecycleSources): LifecycleValidation {
  const options = loadOptions(sources);
  const loaded = typeof config === 'string' ? loadConfigText(config, sources.file, options) : loadConfigBytes(config, sources.file, options);
  return withTemplates(loaded, sources);
}

/** Reads lifecycle.yml from `path` and validates it with its templates; throws ConfigReadError when it cannot be read. */
export async function validateLifecycleFile(path: string, sources: LifecycleSources): Promise<LifecycleValidation> {
  const loaded = await loadConfigFile(path, { ...loadOptions(sources), displayPath: sources.file });
  return withTemplates(loaded, sources);
}

function loadOptions(sources: LifecycleSources) {
  return { templateNames: templateNames(sources.templates), ...(sources.templatesDir !== undefined ? { templatesDir: sources.templatesDir } : {}) };
}

function withTemplates(loaded: LoadResult, sources: LifecycleSources): LifecycleValidation {
  if (!loaded.parsed) return { config: loaded.config, diagnostics: loaded.diagnostics };
  const { data, source } = loaded.parsed;
  const found = checkTemplates({ templates: sources.templates, uses: templateUses(data, source, sources.file), variables: declaredVariables(data) });
  if (loaded.config) found.push(...checkLabelCounts(sources.templates, loaded.config));
  if (found.length === 0) return { config: loaded.config, diagnostics: loaded.diagnostics };
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...found]);
  return { config: hasErrors(diagnostics) ? null : loaded.config, diagnostics };
}

/**
 * Every template the config renders, whatever `when` says today (variables change): each stage's
 * milestone and guidance templates, each task's template or inline body, and the dashboard's
 * (a repository's own dashboard.md.hbs is checked before it is first rendered). Read from the raw data, so
 * templates are checked even while the config itself has errors.
 */
export function templateUses(data: unknown, source: SourceMap, file: string): TemplateUse[] {
  const uses: TemplateUse[] = [];
  const stages = isRecord(data) && Array.isArray(data.stages) ? (data.stages as unknown[]) : [];
  const named = (value: unknown, fallback: string, kind: TemplateKind) => {
    const name = value === undefined ? fallback : value;
    if (typeof name === 'string' && name.trim() !== '') uses.push({ kind, name });
  };
  // The stage issue's template is the same for every stage: checked once.
  if (stages.length > 0) named(undefined, DEFAULT_TEMPLATES.stage, 'stage');
  stages.forEach((stage, s) => {
    if (!isRecord(stage)) return;
    named(stage.template, DEFAULT_TEMPLATES.milestone, 'milestone');
    named(stage.guidance, DEFAULT_TEMPLATES.guidance, 'guidance');
    const tasks = Array.isArray(stage.tasks) ? (stage.tasks as unknown[]) : [];
    tasks.forEach((task, t) => {
      if (!isRecord(task)) return;
      if (typeof task.body === 'string') {
        const path = ['stages', s, 'tasks', t, 'body'];
        uses.push({ kind: 'task', inline: { text: task.body, file, place: inlinePlace(source, path) } });
      } else {
        named(task.template, DEFAULT_TEMPLATES.task, 'task');
      }
    });
  });
  if (stages.length > 0) uses.push({ kind: 'dashboard', name: DEFAULT_TEMPLATES.dashboard });
  return uses;
}

// A problem in an inline body points into lifecycle.yml; where the body is folded or escaped, at the
// value, saying where in the body. Worked out on the first problem only: placing needs the positions,
// which a valid file never loads.
function inlinePlace(source: SourceMap, path: PathSegment[]): Place {
  let place: Place | undefined;
  return (line, column) => {
    place ??= source.placeInValue(path) ?? folded(source.range(path));
    return place(line, column);
  };
}

function folded(at: SourceRange): Place {
  return (line, column) => ({ line: at.line, column: at.column, note: `(line ${line}, column ${column + 1} of the body)` });
}

function declaredVariables(data: unknown): string[] {
  return isRecord(data) && isRecord(data.variables) ? Object.keys(data.variables) : [];
}
