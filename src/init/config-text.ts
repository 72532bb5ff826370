// Writes the answers into the preset's lifecycle.yml through the YAML document model, so every comment,
// quote style and `${{ }}` expression of the preset comes out as the preset wrote it. Handlebars never
// touches YAML: it would eat GitHub Actions expressions.
import { isMap, isScalar, isSeq, Pair, parseDocument, Scalar } from 'yaml';
import type { Document, YAMLMap } from 'yaml';
import { editionRecord, SCHEMA_URL } from './presets.js';
import type { AnswerValue, Answers, PresetDefinition } from './presets.js';

const SCHEMA_COMMENT_RE = /^#\s*yaml-language-server:\s*\$schema=.*$/;

/** Options that keep the output close to hand-written YAML: no line folding, `[a, b]` flow lists. */
export const YAML_OUTPUT = { lineWidth: 0, flowCollectionPadding: false } as const;

export class PresetFileError extends Error {
  override name = 'PresetFileError';
}

export function renderConfigText(preset: PresetDefinition, answers: Answers, presetText: string, schemaUrl: string = SCHEMA_URL): string {
  const doc = parseDocument(presetText);
  if (doc.errors.length > 0) {
    throw new PresetFileError(`the ${preset.name} preset's lifecycle.yml does not parse: ${doc.errors[0]?.message ?? ''}`);
  }
  if (preset.recordsEdition) setValue(doc, ['preset'], editionRecord(preset));
  for (const question of preset.questions) {
    const value = answers[question.key];
    if (value === undefined) continue;
    const target = question.target;
    switch (target.to) {
      case 'project.name':
        setValue(doc, ['project', 'name'], value);
        break;
      case 'project.start':
        if (typeof value === 'string' && value !== '') setProjectStart(doc, value);
        else doc.deleteIn(['project', 'start']);
        break;
      case 'variable':
        setValue(doc, ['variables', target.name], value);
        break;
      case 'defaults.assignees':
        setValue(doc, ['defaults', 'assignees'], value);
        break;
      case 'option.skeleton':
        break;
    }
  }
  return withSchemaComment(doc.toString(YAML_OUTPUT), schemaUrl);
}

/** Replaces a scalar's value in place (its comment and quoting stay), or sets a new node. */
function setValue(doc: Document, path: readonly string[], value: AnswerValue): void {
  const node = doc.getIn(path, true);
  if (isScalar(node) && !Array.isArray(value)) {
    if (node.value === value) return;
    node.value = value;
    // A quoted string style cannot carry a boolean; let the stringifier pick.
    if (typeof value !== 'string') node.type = Scalar.PLAIN;
    return;
  }
  if (isSeq(node) && Array.isArray(value)) {
    const current = node.items.map((item) => (isScalar(item) ? item.value : undefined));
    if (current.length === value.length && current.every((item, i) => item === value[i])) return;
    const flow = node.flow ?? false;
    const fresh = doc.createNode(value, { flow });
    fresh.comment = node.comment;
    fresh.commentBefore = node.commentBefore;
    doc.setIn(path, fresh);
    return;
  }
  doc.setIn(path, Array.isArray(value) ? doc.createNode(value, { flow: true }) : value);
}

/** project.start goes right after project.name when the preset has none, where a reader looks for it. */
function setProjectStart(doc: Document, start: string): void {
  const project = doc.get('project', true);
  if (!isMap(project) || project.has('start')) {
    setValue(doc, ['project', 'start'], start);
    return;
  }
  const map = project as YAMLMap<unknown, unknown>;
  const nameAt = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === 'name');
  map.items.splice(nameAt + 1, 0, new Pair(doc.createNode('start'), doc.createNode(start)));
}

/** The editor hint on the first line, replacing any the preset carries. */
export function withSchemaComment(text: string, schemaUrl: string): string {
  const lines = text.split('\n');
  const kept = lines.filter((line, i) => !(i < 5 && SCHEMA_COMMENT_RE.test(line)));
  return [`# yaml-language-server: $schema=${schemaUrl}`, ...kept].join('\n');
}
