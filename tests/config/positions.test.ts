// Positions cost a second parse, so they are worked out only when there is something to report: a
// valid file is read, validated and its templates checked without them, and every diagnostic of an
// invalid one still points where it did.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { templateUses } from '../../src/commands/validate.js';
import { loadConfigText } from '../../src/config/load.js';
import { SourceMap } from '../../src/config/positions.js';
import { checkTemplates } from '../../src/render/template-check.js';
import { loadTemplateSet } from '../../src/render/templates.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));

describe('SourceMap', () => {
  it('parses the document on the first path to place, once, and not for a bare offset', () => {
    const text = 'project:\n  name: P\n';
    const lineCounter = new LineCounter();
    parseDocument(text, { lineCounter });
    let parses = 0;
    const map = new SourceMap(() => (parses++, parseDocument(text)), lineCounter, text);
    expect(map.rangeAt(11, 12)).toEqual({ line: 2, column: 3, endLine: 2, endColumn: 4 });
    expect([parses, map.hasDocument]).toEqual([0, false]);
    expect(map.range(['project', 'name'])).toEqual({ line: 2, column: 9, endLine: 2, endColumn: 10 });
    expect(map.range(['project'], 'key')).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 8 });
    expect([parses, map.hasDocument]).toEqual([1, true]);
  });
});

describe('a valid file needs no positions', () => {
  it.each(['minimal.yml', 'expressions.yml', 'crlf-bom.yml', 'genai-full.yml'])('%s', async (name) => {
    const dir = join(fixtures, 'valid');
    const templates = await loadTemplateSet(join(dir, 'lifecycle'), { display: 'lifecycle/' });
    const result = loadConfigText(readFileSync(join(dir, name), 'utf8'), name);
    const source = result.parsed?.source;
    expect(result.config).not.toBeNull();
    expect(source?.hasDocument).toBe(false);
    // Inline bodies are checked as templates; where a problem would point is worked out only for a problem.
    const uses = templateUses(result.parsed?.data, source as SourceMap, name);
    expect(checkTemplates({ templates, uses, variables: Object.keys(result.config?.variables ?? {}) })).toEqual([]);
    expect(source?.hasDocument).toBe(false);
  });

  it('an inline body places its problem when there is one', () => {
    const text = readFileSync(join(fixtures, 'valid', 'genai-full.yml'), 'utf8');
    const result = loadConfigText(text, 'genai-full.yml');
    const [inline] = templateUses(result.parsed?.data, result.parsed?.source as SourceMap, 'genai-full.yml').flatMap((use) => ('inline' in use ? [use.inline] : []));
    const body = text.split('\n').findIndex((l) => /^\s+body:/.test(l)) + 1;
    expect(inline?.place(1, 0).line).toBeGreaterThanOrEqual(body);
    expect(result.parsed?.source.hasDocument).toBe(true);
  });
});

describe('an invalid file', () => {
  it('parses again for positions, and the document is still there for callers', () => {
    const result = loadConfigText('version: 1\nproject: { name: P }\nstages:\n  - id: a\n    name: A\n    depends_on: [missing-stage]\n', 'x.yml');
    expect(result.diagnostics).toEqual([expect.objectContaining({ line: 6, column: 18, endLine: 6, endColumn: 31 })]);
    expect(result.parsed?.source.hasDocument).toBe(true);
    expect(result.doc?.getIn(['stages', 0, 'id'])).toBe('a');
  });

  it('reports the YAML problems and the other checks together, each where it is', () => {
    const result = loadConfigText('version: 1\nversion: 1\nproject: { name: P }\nstages:\n  - id: a\n    name: A\n    depends_on: [missing-stage]\n', 'x.yml');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ line: 2, column: 1, message: expect.stringContaining('duplicate key "version"') }),
      expect.objectContaining({ line: 7, column: 18, message: expect.stringContaining('missing-stage') }),
    ]);
    expect(result.parsed?.source.hasDocument).toBe(true);
  });
});
