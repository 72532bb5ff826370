// parseConfigText reads a plain file without the `yaml` package's parse, and must not be told apart
// from that parse: for every fixture and preset, and for each of them with each line dropped in
// turn (which breaks them in most of the ways files break), the same data, the same diagnostics
// byte for byte, and the same positions for every later check (schema, cross-field rules, templates).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateUses } from '../../src/commands/validate.js';
import { parseConfigText, parseConfigTextFully } from '../../src/config/load.js';
import type { ParsedConfig } from '../../src/config/load.js';
import { readPlainData } from '../../src/config/plain-data.js';
import { validateConfig } from '../../src/config/validate.js';
import { checkTemplates } from '../../src/render/template-check.js';
import { loadTemplateSet, templateNames } from '../../src/render/templates.js';
import type { TemplateSet } from '../../src/render/templates.js';
import { ROOT } from '../helpers/runner.js';

function ymlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.yml'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const FIXTURES = [...ymlFiles(join(ROOT, 'tests/fixtures')), ...ymlFiles(join(ROOT, 'templates'))];
const VALID = FIXTURES.filter((path) => /tests\/fixtures\/valid\/[^/]+\.yml$|templates\/.*lifecycle\.yml$/.test(path));

// Key order too: it decides the order of stages, tasks and messages.
function inOrder(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : Object.is(v, -0) ? '-0' : v));
}

let templates: TemplateSet;
beforeAll(async () => {
  templates = await loadTemplateSet(join(ROOT, 'tests/fixtures/invalid/lifecycle'), { display: 'lifecycle/' });
});

// Everything a later check reports, which is where positions are asked for. A template named in
// the file is checked from its own file in the templates folder: what the check says about it
// follows from its name and kind, compared as they are. An inline body is placed in lifecycle.yml
// through the parse's positions, so those go through the check itself.
function everything(parsed: ParsedConfig) {
  const validated = validateConfig(parsed, { templateNames: templateNames(templates) });
  const uses = templateUses(parsed.data, parsed.source, parsed.file);
  const named = uses.filter((use) => !('inline' in use));
  const inline = uses.filter((use) => 'inline' in use);
  const fromInline = checkTemplates({ templates, uses: inline, variables: [] });
  return { data: inOrder(parsed.data), parse: parsed.diagnostics, validate: validated.diagnostics, named, inline: fromInline };
}

function compare(text: string, file: string): void {
  const fast = parseConfigText(text, file);
  const full = parseConfigTextFully(text, file);
  // Without the data-only read, parseConfigText is parseConfigTextFully: nothing more to compare.
  if (readPlainData(text.replace(/^\uFEFF/, '')) === null) return;
  expect(everything(fast), file).toStrictEqual(everything(full));
}

// Every line of a small file; of a large one (the presets), 40 spread over it.
function linesToDrop(count: number): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (count <= 150) return all;
  return all.filter((i) => i % Math.ceil(count / 40) === 0);
}

describe('the data-only read against the full parse', () => {
  it('finds the fixtures and presets', () => {
    expect(FIXTURES.length).toBeGreaterThan(80);
    expect(VALID.map((path) => relative(ROOT, path))).toEqual(expect.arrayContaining(['templates/genai/lifecycle.yml', 'templates/minimal/lifecycle.yml', 'tests/fixtures/valid/genai-full.yml']));
  });

  it('takes the data-only read for every valid fixture and preset', () => {
    for (const path of VALID) expect(readPlainData(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')), relative(ROOT, path)).not.toBeNull();
  });

  it('places the comments an upgrade leaves at a conflict, in a file the data-only read takes', () => {
    const text = readFileSync(join(ROOT, 'tests/fixtures/valid/minimal.yml'), 'utf8').replace(/\n/, '\n# CONFLICT (lifecycle upgrade, both renamed) stage "scope" name\n');
    expect(readPlainData(text)).not.toBeNull();
    const parsed = parseConfigText(text, 'lifecycle.yml');
    expect(parsed.diagnostics).toEqual([expect.objectContaining({ line: 2, column: 1, severity: 'error', message: expect.stringContaining('unresolved upgrade conflict') })]);
    expect(everything(parsed)).toStrictEqual(everything(parseConfigTextFully(text, 'lifecycle.yml')));
  });

  it.each(FIXTURES.map((path) => [relative(ROOT, path), path]))(
    '%s, whole and with lines dropped',
    (name, path) => {
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\n');
      compare(text, name);
      for (const i of linesToDrop(lines.length)) compare([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'), `${name} without line ${i + 1}`);
    },
    120_000,
  );
});
