// Shared loading and evaluation for the preset tests: read a preset's lifecycle.yml from
// templates/<preset>/, parse it as init will, and answer "which stages and tasks are active".
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import type { LifecycleConfig, Stage, Task, VariableValue } from '../../src/config/schema.js';
import { evaluateExpression, isTruthy } from '../../src/config/expressions.js';
import { durationInDays, parseDuration } from '../../src/config/durations.js';
import { loadConfigText } from '../../src/config/load.js';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import type { Diagnostic } from '../../src/config/diagnostics.js';
import { DEFAULT_TEMPLATE_NAMES } from '../../src/config/template-names.js';
import { resolveMatch } from '../../src/config/conditional.js';
import type { ResolvedMatch } from '../../src/config/conditional.js';

export type Vars = Readonly<Record<string, VariableValue>>;

export function presetPath(preset: string): string {
  return fileURLToPath(new URL(`../../templates/${preset}/lifecycle.yml`, import.meta.url));
}

export function presetText(preset: string): string {
  return readFileSync(presetPath(preset), 'utf8');
}

export function presetDocument(preset: string): Document.Parsed {
  return parseDocument(presetText(preset));
}

/** Parses with the zod schema and throws with every issue listed when the preset does not fit it. */
export function loadPreset(preset: string): LifecycleConfig {
  const result = configSchema.safeParse(parse(presetText(preset)));
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`templates/${preset}/lifecycle.yml does not fit the schema:\n${issues.join('\n')}`);
  }
  return result.data;
}

/** Every diagnostic `lifecycle validate` would print for the preset, as it would print them. */
export function validatePreset(preset: string): { diagnostics: Diagnostic[]; lines: string[] } {
  const { diagnostics } = loadConfigText(presetText(preset), `templates/${preset}/lifecycle.yml`, {
    templateNames: new Set(DEFAULT_TEMPLATE_NAMES),
  });
  return { diagnostics, lines: diagnostics.map((d) => formatDiagnostic(d)) };
}

export function holds(when: string | undefined, vars: Vars): boolean {
  return when === undefined || isTruthy(evaluateExpression(when, vars));
}

export function activeStages(config: LifecycleConfig, vars: Vars): Stage[] {
  return config.stages.filter((stage) => holds(stage.when, vars));
}

export function activeTasks(stage: Stage, vars: Vars): Task[] {
  return stage.tasks.filter((task) => holds(task.when, vars));
}

/** A stage's match rules that apply with these answers (by default the preset's own). */
export function rules(s: Stage, vars: Vars = {}): ResolvedMatch {
  return resolveMatch(s.match, vars);
}

export function stage(config: LifecycleConfig, id: string): Stage {
  const found = config.stages.find((s) => s.id === id);
  if (!found) throw new Error(`no stage "${id}"`);
  return found;
}

/** The stage's duration in workdays once its expression (if any) is evaluated with vars. */
export function durationDays(s: Stage, vars: Vars, calendar: LifecycleConfig['project']['calendar']): number {
  const text = s.estimate?.duration;
  if (text === undefined) throw new Error(`stage "${s.id}" has no estimate`);
  const value = text.includes('${{') ? evaluateExpression(text, vars) : text;
  if (typeof value !== 'string') throw new Error(`stage "${s.id}" duration evaluates to ${JSON.stringify(value)}`);
  const duration = parseDuration(value);
  if (!duration) throw new Error(`stage "${s.id}" duration "${value}" is not a duration`);
  return durationInDays(duration, calendar);
}

/** Every combination of the given variable choices, merged over the base answers. */
export function combinations(base: Vars, choices: Readonly<Record<string, readonly VariableValue[]>>): Vars[] {
  let out: Vars[] = [{ ...base }];
  for (const [name, values] of Object.entries(choices)) {
    out = out.flatMap((vars) => values.map((value) => ({ ...vars, [name]: value })));
  }
  return out;
}
