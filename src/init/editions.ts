// Any released edition of a preset, rendered with given answers: what `init` wrote for a team on
// that edition. Comparing two editions rendered with one team's answers shows what an upgrade
// changes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { coerceAnswer } from './answers.js';
import { renderConfigText } from './config-text.js';
import { findTemplatesRoot } from './disk.js';
import { isPresetName, PRESETS, presetEdition, presetEditions, SCHEMA_URL } from './presets.js';
import type { Answers, PresetDefinition } from './presets.js';

export class PresetEditionError extends Error {
  override name = 'PresetEditionError';
}

export interface RenderEditionOptions {
  /** Where templates/ lives; found from the module location when absent. */
  templatesRoot?: string;
  schemaUrl?: string;
}

/**
 * The lifecycle.yml text `init` writes for `preset` at `edition` with `answers` (question keys of
 * that edition, values as an answers file gives them). An answer left out keeps the value the
 * edition's file has. Throws PresetEditionError, naming every problem, for an unknown preset or
 * edition, an unknown answer or a value that does not fit.
 */
export async function renderPresetEdition(
  preset: string,
  edition: number,
  answers: Readonly<Record<string, unknown>>,
  options: RenderEditionOptions = {},
): Promise<string> {
  const definition = editionDefinition(preset, edition);
  const text = await readFile(join(options.templatesRoot ?? findTemplatesRoot(), ...definition.file.split('/')), 'utf8');
  return renderEditionText(definition, text, answers, options.schemaUrl);
}

/** renderPresetEdition without the disk: the edition's lifecycle.yml text is given. */
export function renderEditionText(definition: PresetDefinition, presetText: string, answers: Readonly<Record<string, unknown>>, schemaUrl: string = SCHEMA_URL): string {
  const byKey = new Map(definition.questions.map((q) => [q.key, q]));
  const coerced: Answers = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(answers)) {
    const question = byKey.get(key);
    if (!question) {
      problems.push(`unknown answer "${key}"; edition ${definition.edition} of the ${definition.name} preset asks: ${[...byKey.keys()].join(', ')}`);
      continue;
    }
    const result = coerceAnswer(question, raw);
    if (result.ok) coerced[key] = result.value;
    else problems.push(`${key} ${result.message}`);
  }
  if (problems.length > 0) throw new PresetEditionError(problems.join('\n'));
  return renderConfigText(definition, coerced, presetText, schemaUrl);
}

export function editionDefinition(preset: string, edition: number): PresetDefinition {
  if (!isPresetName(preset)) throw new PresetEditionError(`unknown preset "${preset}"; choose one of ${PRESETS.join(', ')}`);
  const definition = presetEdition(preset, edition);
  if (!definition) {
    const known = presetEditions(preset).map((d) => d.edition).join(', ');
    throw new PresetEditionError(`the ${preset} preset has no edition ${edition}; released editions: ${known}`);
  }
  return definition;
}
