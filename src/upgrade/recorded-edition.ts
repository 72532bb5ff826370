// Which preset edition wrote a lifecycle.yml: the one its `preset:` line records, or, for a file
// from before the line existed, the edition whose own answers its `variables` hold. Shared by
// `lifecycle upgrade` (base is that edition) and the Action (which says when a newer one is out).
import { parseDocument } from 'yaml';
import { parseEditionRecord, presetEdition, presetEditions, PRESETS } from '../init/presets.js';
import type { PresetDefinition } from '../init/presets.js';

export type EditionRecord =
  /** `preset: genai@1` names a released edition, or the file has none but holds that edition's answers. */
  | { found: 'edition'; definition: PresetDefinition; recorded: boolean }
  /** A `preset:` line that is not a released edition of a known preset; `text` as written. */
  | { found: 'unknown'; text: string; name: string | null; edition: number | null }
  | { found: 'none' };

export function recordedPresetEdition(configText: string): EditionRecord {
  const doc = parseDocument(configText);
  const data: unknown = doc.errors.length === 0 ? doc.toJS() : undefined;
  const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  if (record.preset !== undefined) {
    const text = typeof record.preset === 'string' ? record.preset : JSON.stringify(record.preset);
    const parsed = parseEditionRecord(record.preset);
    if (!parsed) return { found: 'unknown', text, name: null, edition: null };
    const definition = (PRESETS as readonly string[]).includes(parsed.name) ? presetEdition(parsed.name as PresetDefinition['name'], parsed.edition) : null;
    return definition ? { found: 'edition', definition, recorded: true } : { found: 'unknown', text, name: parsed.name, edition: parsed.edition };
  }
  const variables = record.variables;
  const names = typeof variables === 'object' && variables !== null && !Array.isArray(variables) ? new Set(Object.keys(variables)) : new Set<string>();
  for (const preset of PRESETS) {
    for (const definition of presetEditions(preset).filter((d) => !d.recordsEdition)) {
      const own = definition.questions.flatMap((q) => (q.target.to === 'variable' ? [q.target.name] : []));
      if (own.length > 0 && own.every((name) => names.has(name))) return { found: 'edition', definition, recorded: false };
    }
  }
  return { found: 'none' };
}
