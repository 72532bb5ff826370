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

describe('SourceMap, where each kind of value is written', () => {
  const text = [
    'plain: hello world',
    'double: "say hi"',
    "single: 'it''s'",
    'escaped: "a\\tb"',
    'block: |',
    '  first line',
    '    second',
    'folded: >',
    '  one',
    '  two',
    'empty:',
    'list:',
    '  - &x alpha',
    '  - *x',
    'map: { a: 1 }',
    'ref: *x',
    'chomp: |-',
    '  kept',
    'indented: |2',
    '   x',
    '',
  ].join('\n');
  let parses = 0;
  const map = new SourceMap(
    () => (parses++, parseDocument(text)),
    () => {
      const lines = new LineCounter();
      parseDocument(text, { lineCounter: lines });
      return lines;
    },
    text,
  );
  const at = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });
  const whole = at(1, 1, 21, 1);

  it.each([
    [['plain'], 'value', at(1, 8, 1, 19)],
    [['plain'], 'key', at(1, 1, 1, 6)],
    // An empty value has nothing to point at but its key.
    [['empty'], 'value', at(11, 1, 11, 6)],
    // A missing key: the deepest thing that exists.
    [['map', 'b'], 'value', at(15, 6, 15, 14)],
    [['map', 'b'], 'key', at(15, 6, 15, 14)],
    [['nope', 'deeper'], 'value', whole],
    [[], 'value', whole],
    [['list', 5], 'value', at(13, 3, 15, 1)],
    [['list', 'a'], 'value', at(13, 3, 15, 1)],
    // The alias where it is written, and what it stands for on the way to a deeper path.
    [['list', 1], 'value', at(14, 5, 14, 7)],
    [['ref'], 'value', at(16, 6, 16, 8)],
    [['list', 1, 'x'], 'value', at(13, 8, 13, 13)],
    // A mapping is a value, not an empty one: it is pointed at, not its key.
    [['map'], 'value', at(15, 6, 15, 14)],
  ] as const)('range %j (%s)', (path, anchor, expected) => {
    expect(map.range(path, anchor)).toEqual(expected);
  });

  it.each([
    [['plain'], 6, 5, at(1, 14, 1, 19)],
    [['plain'], -3, 1, at(1, 8, 1, 9)],
    [['plain'], 50, 3, at(1, 19, 1, 19)],
    [['plain'], 2, 0, at(1, 10, 1, 11)],
    [['double'], 4, 2, at(2, 14, 2, 16)],
    // Written otherwise than read ('' and \t): the whole value.
    [['single'], 1, 1, at(3, 9, 3, 16)],
    [['escaped'], 1, 1, at(4, 10, 4, 16)],
    [['map', 'a'], 0, 1, at(15, 11, 15, 12)],
    [['nope'], 0, 1, whole],
  ] as const)('rangeWithin %j from %i for %i', (path, index, length, expected) => {
    expect(map.rangeWithin(path, index, length)).toEqual(expected);
  });

  it('places a line and column of a literal block on the file, and of a one-line value', () => {
    expect(map.rangeAtLine(['block'], 2, 3)).toEqual(at(7, 5, 7, 6));
    expect(map.rangeAtLine(['block'], 1, 1)).toEqual(at(6, 3, 6, 4));
    expect(map.rangeAtLine(['block'], 9, 1)).toEqual(at(5, 8, 8, 1));
    expect(map.rangeAtLine(['plain'], 1, 7)).toEqual(at(1, 14, 1, 15));
    expect(map.rangeAtLine(['folded'], 2, 1)).toEqual(at(8, 9, 11, 1));
    expect(map.rangeAtLine(['chomp'], 1, 2)).toEqual(at(18, 4, 18, 5));
    // An indentation indicator: the lines are not the value's lines after the first one's indent.
    expect(map.rangeAtLine(['indented'], 1, 1)).toEqual(at(19, 11, 21, 1));
  });

  it('maps positions inside a value written as is, and nothing folded or escaped', () => {
    const block = map.placeInValue(['block']);
    expect(block && [block(1, 0), block(2, 4)]).toEqual([
      { line: 6, column: 3 },
      { line: 7, column: 7 },
    ]);
    expect(map.placeInValue(['chomp'])?.(1, 1)).toEqual({ line: 18, column: 4 });
    expect(map.placeInValue(['double'])?.(1, 4)).toEqual({ line: 2, column: 14 });
    expect(map.placeInValue(['plain'])?.(1, 6)).toEqual({ line: 1, column: 14 });
    for (const path of [['folded'], ['escaped'], ['single'], ['map', 'a'], ['nope'], ['indented']]) expect(map.placeInValue(path), path.join('.')).toBeNull();
  });

  it('points a key of a mapping, and an offset range never backwards', () => {
    expect(map.keyRange(['map'], 'a')).toEqual(at(15, 8, 15, 9));
    expect(map.rangeAt(20, 2)).toEqual(at(2, 2, 2, 2));
    expect(parses).toBe(1);
  });
});

describe('SourceMap, values that look placeable and are not', () => {
  const text = [
    'plain: hello world',
    'multi: a',
    '  b',
    "single: 'ok go'",
    "quoted: ''",
    'nul: null',
    '? explicit',
    'lead: |',
    // A blank line before the first one, with fewer spaces than the block's indentation.
    ' ',
    '  x',
    'folded: >',
    '  single',
    'm:',
    '  ? ',
    '  : v',
    '  k: 1',
    'block: |',
    '  first',
    '    second',
    '',
  ].join('\n');
  const lines = new LineCounter();
  parseDocument(text, { lineCounter: lines });
  const map = new SourceMap(() => parseDocument(text), lines, text);
  const at = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });

  it.each([
    // A path going on through a scalar stops at the scalar.
    [['plain', 0], at(1, 8, 1, 19)],
    [['multi'], at(2, 8, 3, 4)],
    // An empty string and a written null are values; a key without any value has only its key.
    [['quoted'], at(5, 9, 5, 11)],
    [['nul'], at(6, 6, 6, 10)],
    [['explicit'], at(7, 3, 7, 11)],
    [['explicit', 'x'], at(7, 3, 7, 11)],
    // A mapping holding a pair with no key is still searched.
    [['m', 'k'], at(16, 6, 16, 7)],
  ] as const)('range %j', (path, expected) => {
    expect(map.range(path)).toEqual(expected);
  });

  it('points inside a value only when the path reaches it and it is written as read', () => {
    expect(map.rangeWithin(['single'], 1, 1)).toEqual(at(4, 11, 4, 12));
    expect(map.rangeWithin(['multi'], 2, 1)).toEqual(at(2, 8, 3, 4));
    expect(map.rangeWithin(['plain', 'x'], 2, 3)).toEqual(at(1, 8, 1, 19));
    expect(map.rangeAtLine(['lead'], 2, 1)).toEqual(at(10, 3, 10, 4));
    expect(map.rangeAtLine(['folded'], 1, 2)).toEqual(at(11, 9, 13, 1));
    expect(map.rangeAtLine(['plain'], 2, 3)).toEqual(at(1, 8, 1, 19));
    expect(map.rangeAtLine(['block', 'x'], 2, 3)).toEqual(at(17, 8, 20, 1));
  });

  it('maps positions only for a value reached by the whole path and written as read', () => {
    expect(map.placeInValue(['single'])?.(1, 1)).toEqual({ line: 4, column: 11 });
    expect(map.placeInValue(['lead'])?.(2, 0)).toEqual({ line: 10, column: 3 });
    expect(map.placeInValue(['multi'])).toBeNull();
    expect(map.placeInValue(['plain', 'x'])).toBeNull();
  });

  it('places anything in an empty document at its start', () => {
    const empty = new SourceMap(() => parseDocument(''), new LineCounter(), '');
    expect([empty.range(['x']), empty.range([])]).toEqual([at(1, 1, 1, 1), at(1, 1, 1, 1)]);
  });
});
