// Where `lifecycle upgrade` gets base and theirs when the team's file came from a preset: the
// edition recorded in the file (`preset: genai@1`), rendered again with the answers the file holds,
// and the target edition rendered with those answers carried over by the preset's declared mapping
// and changed by --set, as re-answering a template would.
import { ANSWER_MIGRATIONS, migrateAnswers } from '../init/answer-migrations.js';
import { parseSetFlags, recordedAnswers } from '../init/answers.js';
import { editionDefinition, PresetEditionError, renderPresetEdition } from '../init/editions.js';
import type { RenderEditionOptions } from '../init/editions.js';
import { editionRecord, isPresetName, parseEditionRecord, presetDefinition, PRESETS } from '../init/presets.js';
import type { PresetDefinition, PresetName } from '../init/presets.js';
import { recordedPresetEdition } from './recorded-edition.js';
import { EditionError } from './run.js';
import type { EditionRequest, EditionSource, EditionTexts } from './run.js';

/** The preset's editions as an EditionSource; `options` points at another templates folder in tests. */
export function presetEditionSource(options: RenderEditionOptions = {}): EditionSource {
  return (request) => presetEditionTexts(request, options);
}

export async function presetEditionTexts(request: EditionRequest, options: RenderEditionOptions = {}): Promise<EditionTexts> {
  const { file } = request;
  const from = recordedFrom(request.ours, file);
  const to = targetEdition(from, request.to);
  const notes: string[] = [];
  if (!from.recorded) {
    notes.push(`${file} has no preset: line; its variables are those the ${from.definition.name} preset's edition ${from.definition.edition} asked for, so it is upgraded from ${editionRecord(from.definition)}.`);
  }

  const recorded = recordedAnswers(from.definition, request.ours);
  const carried = migrateAnswers(from.definition.name, from.definition.edition, to.edition, recorded);
  const { values: set, problems } = parseSetFlags(request.set);
  const asked = new Set(to.questions.map((q) => q.key));
  for (const key of Object.keys(set)) {
    if (!asked.has(key)) problems.push(`--set ${key}: ${editionRecord(to)} asks no "${key}"; it asks: ${[...asked].join(', ')}`);
  }
  if (problems.length > 0) throw new EditionError(problems.join('\n'));

  notes.push(...migrationNotes(from.definition, to, recorded, set));
  const theirsAnswers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(carried)) {
    if (asked.has(key)) theirsAnswers[key] = value;
    else notes.push(`Answer ${key} (${shown(value)}) is not asked by ${editionRecord(to)}; it is left out.`);
  }
  Object.assign(theirsAnswers, set);

  const base = await render(from.definition, recorded, `${file}: the answers it records`, options);
  const theirs = await render(to, theirsAnswers, Object.keys(set).length > 0 ? '--set' : `${file}: the answers it records, carried over to ${editionRecord(to)}`, options);
  return { base, theirs, baseLabel: editionRecord(from.definition), theirsLabel: editionRecord(to), notes };
}

interface Recorded {
  definition: PresetDefinition;
  /** False when the file has no `preset:` line and the edition was recognised by its answers. */
  recorded: boolean;
}

/** The edition that wrote the team's file; anything else is the person's to fix. */
function recordedFrom(ours: string, file: string): Recorded {
  const found = recordedPresetEdition(ours);
  if (found.found === 'edition') return { definition: found.definition, recorded: found.recorded };
  if (found.found === 'unknown') {
    if (found.name === null) throw new EditionError(`${file}: preset: ${found.text} is not a preset edition such as "genai@2"`);
    if (!isPresetName(found.name)) throw new EditionError(`${file}: preset: ${found.text} names an unknown preset; known presets: ${PRESETS.join(', ')}`);
    return { definition: known(found.name, found.edition ?? 0, file), recorded: true };
  }
  throw new EditionError(
    `${file} names no preset edition (no preset: line, e.g. "preset: genai@1"), so there is nothing to upgrade from. Add the line naming the edition init wrote it from, or give the two texts: lifecycle upgrade --base old.yml --theirs new.yml`,
  );
}

function known(preset: PresetName, edition: number, file: string): PresetDefinition {
  try {
    return editionDefinition(preset, edition);
  } catch (error) {
    if (error instanceof PresetEditionError) throw new EditionError(`${file}: ${error.message}`);
    throw error;
  }
}

/** `--to 2` or `--to genai@2`; the newest edition when absent. An older edition than the file's is refused. */
function targetEdition(from: Recorded, to: string | undefined): PresetDefinition {
  const preset = from.definition.name;
  if (to === undefined) return presetDefinition(preset);
  const asRecord = parseEditionRecord(to);
  const edition = /^[1-9]\d*$/.test(to.trim()) ? Number(to.trim()) : asRecord?.edition;
  if (edition === undefined || (asRecord && asRecord.name !== preset)) {
    throw new EditionError(`--to ${to}: expected an edition of the ${preset} preset, such as ${presetDefinition(preset).edition} or ${editionRecord(presetDefinition(preset))}`);
  }
  let target: PresetDefinition;
  try {
    target = editionDefinition(preset, edition);
  } catch (error) {
    if (error instanceof PresetEditionError) throw new EditionError(`--to ${to}: ${error.message}`);
    throw error;
  }
  if (target.edition < from.definition.edition) {
    throw new EditionError(`--to ${to}: the file is already on ${editionRecord(from.definition)}; an upgrade goes to a newer edition`);
  }
  return target;
}

/** What the declared mapping did to the team's answers, one line each. */
function migrationNotes(from: PresetDefinition, to: PresetDefinition, recorded: Readonly<Record<string, unknown>>, set: Readonly<Record<string, string>>): string[] {
  const notes: string[] = [];
  const present = new Set(Object.keys(recorded));
  for (const step of ANSWER_MIGRATIONS) {
    if (step.preset !== from.name || step.from < from.edition || step.to > to.edition) continue;
    for (const [old, renamed] of Object.entries(step.renamed)) {
      if (!present.has(old)) continue;
      present.delete(old);
      present.add(renamed);
      notes.push(`Answer ${old} is called ${renamed} from edition ${step.to} on; ${renamed}: ${shown(recorded[old])} carried over.`);
    }
    for (const { key, value, why } of step.implied) {
      if (present.has(key)) continue;
      present.add(key);
      if (key in set) continue;
      notes.push(`Answer ${key}: ${shown(value)} set, since ${why}. Change it with --set ${key}=...`);
    }
  }
  return notes;
}

async function render(definition: PresetDefinition, answers: Readonly<Record<string, unknown>>, from: string, options: RenderEditionOptions): Promise<string> {
  try {
    return await renderPresetEdition(definition.name, definition.edition, answers, options);
  } catch (error) {
    if (error instanceof PresetEditionError) {
      throw new EditionError(error.message.split('\n').map((line) => `${from}: ${line}`).join('\n'));
    }
    throw error;
  }
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
