import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigReadError, MAX_CONFIG_BYTES, firstInvalidUtf8, loadConfigBytes, loadConfigFile, loadConfigText } from '../../src/config/load.js';
import { SourceMap } from '../../src/config/positions.js';
import { validateConfig } from '../../src/config/validate.js';

const MINIMAL = 'version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifecycle-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('size limit', () => {
  const big = `${MINIMAL}# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`;

  it('refuses a file over 1 MiB before parsing it', async () => {
    const path = join(dir, 'big.yml');
    await writeFile(path, big);
    const result = await loadConfigFile(path, { displayPath: 'big.yml' });
    expect(result.diagnostics).toEqual([expect.objectContaining({ file: 'big.yml', line: 1, column: 1, severity: 'error', message: expect.stringContaining('larger than 1 MiB') })]);
    expect(result.doc).toBeNull();
  });

  it('applies the same limit to text and bytes, counting UTF-8 bytes rather than characters', () => {
    expect(loadConfigText(big, 'big.yml').diagnostics[0]?.message).toContain('larger than 1 MiB');
    const multibyte = `${MINIMAL}# ${'é'.repeat(MAX_CONFIG_BYTES / 2)}\n`; // fewer characters than the limit, more bytes
    expect(multibyte.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect(loadConfigText(multibyte, 'big.yml').diagnostics[0]?.message).toContain('larger than 1 MiB');
    expect(loadConfigBytes(new TextEncoder().encode(big), 'big.yml').diagnostics[0]?.message).toContain('larger than 1 MiB');
  });

  it('refuses one byte over the limit and accepts a file of exactly the limit', () => {
    const tooLarge = 'the file is larger than';
    // 19 bytes in 10 characters: the characters alone are within a limit of 10, the bytes are not.
    const text = `#${'é'.repeat(9)}`;
    expect(loadConfigText(text, 'x.yml', { maxBytes: 10 }).diagnostics).toEqual([expect.objectContaining({ message: expect.stringContaining('larger than 10 bytes') })]);
    expect(loadConfigText(text, 'x.yml', { maxBytes: 18 }).diagnostics[0]?.message).toContain(tooLarge);
    expect(loadConfigText(text, 'x.yml', { maxBytes: 19 }).diagnostics[0]?.message).not.toContain(tooLarge);
    const bytes = new TextEncoder().encode(MINIMAL);
    expect(loadConfigBytes(bytes, 'x.yml', { maxBytes: bytes.length - 1 }).diagnostics[0]?.message).toContain(`larger than ${bytes.length - 1} bytes`);
    expect(loadConfigBytes(bytes, 'x.yml', { maxBytes: bytes.length }).diagnostics).toEqual([]);
    expect(loadConfigText(MINIMAL, 'x.yml', { maxBytes: MINIMAL.length }).diagnostics).toEqual([]);
    expect(loadConfigText(`${MINIMAL}#${'x'.repeat(2 * MAX_CONFIG_BYTES)}`, 'x.yml', { maxBytes: 2 * MAX_CONFIG_BYTES }).diagnostics[0]?.message).toContain('larger than 2 MiB');
  });

  it('lets a caller raise the limit', () => {
    expect(loadConfigText(big, 'big.yml', { maxBytes: 2 * MAX_CONFIG_BYTES }).diagnostics).toEqual([]);
    expect(loadConfigBytes(new TextEncoder().encode(big), 'big.yml', { maxBytes: 2 * MAX_CONFIG_BYTES }).diagnostics).toEqual([]);
  });
});

describe('encoding and line endings', () => {
  it('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('ok é € 😀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc3]))).toBe(1); // truncated sequence
    expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong
    expect(firstInvalidUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // beyond U+10FFFF
  });

  // Each lead byte's range of second bytes, at both ends, and a sequence cut short at each byte.
  it.each([
    [[0x7f], -1],
    [[0x80], 0], // a continuation byte cannot start a character
    [[0xc1, 0xbf], 0], // overlong two-byte form
    [[0xc2, 0x80], -1],
    [[0xdf, 0xbf], -1],
    [[0xc2, 0x7f], 0],
    [[0xc2, 0xc0], 0],
    [[0xe0, 0x9f, 0x80], 0], // overlong three-byte form
    [[0xe0, 0xa0, 0x80], -1],
    [[0xe1, 0x80, 0x80], -1],
    [[0xec, 0xbf, 0xbf], -1],
    [[0xed, 0x9f, 0xbf], -1],
    [[0xed, 0xa0, 0x80], 0], // a surrogate
    [[0xee, 0xbf, 0xbf], -1],
    [[0xef, 0xbf, 0xbf], -1],
    [[0xe2, 0x82], 0],
    [[0xe2, 0x82, 0x41], 0],
    [[0xe2, 0x82, 0xc0], 0],
    [[0xf0, 0x8f, 0xbf, 0xbf], 0], // overlong four-byte form
    [[0xf0, 0x90, 0x80, 0x80], -1],
    [[0xf1, 0x80, 0x80, 0x80], -1],
    [[0xf3, 0xbf, 0xbf, 0xbf], -1],
    [[0xf4, 0x8f, 0xbf, 0xbf], -1],
    [[0xf4, 0x90, 0x80, 0x80], 0], // beyond U+10FFFF
    [[0xf5, 0x80, 0x80, 0x80], 0],
    [[0xf0, 0x90, 0x80, 0x41], 0],
    [[0xf0, 0x90, 0x80], 0],
    [[0x61, 0xe2, 0x82, 0xac, 0xff], 4],
    [[0xf0, 0x9f, 0x98, 0x80, 0x62, 0x80], 5],
    [[0xc3, 0xa9, 0xc3], 2],
    // Bytes that start no sequence, though as many continuation bytes follow as a longer one needs.
    [[0x80, 0x80, 0x80], 0],
    [[0xc1, 0xbf, 0xbf, 0xbf], 0],
  ])('firstInvalidUtf8 %j is %i', (bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
  });

  it('points at the line and column of the bad byte', () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode('version: 1\nproject:\n  name: Ü'), 0xff, 0x0a]);
    expect(loadConfigBytes(bytes, 'x.yml').diagnostics).toEqual([
      expect.objectContaining({ line: 3, column: 10, severity: 'error', message: expect.stringContaining('not valid UTF-8 (byte 0xFF)') }),
    ]);
  });

  it('counts the column of a bad byte after the BOM, which no editor shows', () => {
    expect(loadConfigBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x62, 0xff]), 'x.yml').diagnostics).toEqual([
      expect.objectContaining({ line: 1, column: 3, message: expect.stringContaining('(byte 0xFF)') }),
    ]);
    // The same character further on is no BOM: it takes a column.
    const inside = Uint8Array.from([0x61, 0xef, 0xbb, 0xbf, 0x62, 0xff]);
    expect(loadConfigBytes(inside, 'x.yml').diagnostics).toEqual([expect.objectContaining({ line: 1, column: 4 })]);
  });

  it('counts columns after a BOM and before a CR as the editor shows them', () => {
    const text = '\uFEFFversion: 1\r\nproject:\r\n  name: P\r\n  colour: red\r\nstages:\r\n  - id: a\r\n    name: A\r\n';
    expect(loadConfigText(text, 'x.yml').diagnostics).toEqual([expect.objectContaining({ line: 4, column: 3, message: expect.stringContaining('unknown key "colour"') })]);
    const first = loadConfigText('\uFEFFversion: 7\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n', 'x.yml').diagnostics;
    expect(first).toEqual([expect.objectContaining({ line: 1, column: 10 })]);
  });
});

describe('YAML features', () => {
  it('allows anchors shared between stages, and merge keys', () => {
    const text = `version: 1
project: { name: P }
stages:
  - id: a
    name: A
    checklist: &review [Reviewed by a second person, Tests pass]
    estimate: &small { duration: 2d, complexity: low }
  - id: b
    name: B
    checklist: *review
    estimate:
      <<: *small
      duration: 3d
`;
    const result = loadConfigText(text, 'x.yml');
    expect(result.diagnostics).toEqual([]);
    expect(result.config?.stages[1]?.checklist).toEqual(['Reviewed by a second person', 'Tests pass']);
    expect(result.config?.stages[1]?.estimate).toEqual({ duration: '3d', complexity: 'low' });
  });

  it('reads YAML 1.2: yes/no and dates stay text', () => {
    const result = loadConfigText('version: 1\nproject: { name: P, start: 2027-01-04 }\nvariables: { answer: yes }\nstages: [{ id: a, name: A, estimate: { duration: 1d } }]\n', 'x.yml');
    expect(result.diagnostics).toEqual([]);
    expect(result.config?.variables.answer).toBe('yes');
    expect(result.config?.project.start).toBe('2027-01-04');
  });

  it('reports every problem in one pass, sorted by position', () => {
    const text = 'version: 1\nproject:\n  name: P\n  calender: days\nstages:\n  - id: B\n    name: B\n    dependson: [a]\n  - id: c\n    name: C\n    depends_on: [d]\n';
    const diagnostics = loadConfigText(text, 'x.yml').diagnostics;
    expect(diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['4:3', '6:9', '8:5', '11:18']);
  });

  it('gives each diagnostic the end of what it points at', () => {
    const [d] = loadConfigText('version: 1\nproject: { name: P }\nstages:\n  - id: a\n    name: A\n    depends_on: [missing-stage]\n', 'x.yml').diagnostics;
    expect(d).toMatchObject({ line: 6, column: 18, endLine: 6, endColumn: 31 });
  });

  it('reports an alias to no anchor along with a syntax error, and gives no data', () => {
    const result = loadConfigText('version: 1\nproject: { name: P\nstages:\n  - id: a\n    checklist: *nope\n', 'x.yml');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.severity, d.message])).toEqual([
      [3, 1, 3, 2, 'error', 'YAML syntax: flow map in block collection must be sufficiently indented and end with a }'],
      [5, 16, 5, 21, 'error', 'alias *nope refers to no anchor; declare &nope before using it'],
    ]);
    expect([result.config, result.parsed]).toEqual([null, null]);
  });

  it('reports an alias to no anchor in a file that is otherwise well formed', () => {
    const result = loadConfigText('version: 1\nproject: { name: P }\nstages:\n  - id: a\n    name: A\n    checklist: [*x]\n', 'x.yml');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.severity, d.message])).toEqual([[6, 17, 'error', 'alias *x refers to no anchor; declare &x before using it']]);
    expect(result.parsed).toBeNull();
  });

  it('says where a repeated key was first set beside another YAML problem', () => {
    expect(loadConfigText('version: 1\nversion: 2\nproject:\n\tname: P\n', 'x.yml').diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [2, 1, 'duplicate key "version"; it is already set on line 1, and YAML allows each key once'],
      [4, 1, 'a tab is used for indentation; YAML indents with spaces only'],
    ]);
  });

  it('reads a checklist shared by 150 stages: far from an expansion attack', () => {
    const stages = Array.from({ length: 150 }, (_, i) => `  - id: s${i}\n    name: S${i}\n    checklist: *review`).join('\n');
    const result = loadConfigText(`version: 1\nproject: { name: P }\nstages:\n  - id: a\n    name: A\n    checklist: &review [Reviewed]\n${stages}\n`, 'x.yml');
    expect(result.diagnostics).toEqual([]);
    expect(result.config?.stages[150]?.checklist).toEqual(['Reviewed']);
  });

  it('gives the data, the positions for later checks and the document of a file with anchors', () => {
    const result = loadConfigText('version: 1\nproject: { name: P }\nstages:\n  - id: a\n    name: A\n    checklist: &c [x]\n    colour: red\n', 'x.yml');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[7, 5, 'unknown key "colour" in stage "a"']]);
    expect(result.doc?.getIn(['stages', 0, 'name'])).toBe('A');
    expect(result.parsed?.data).toEqual({ version: 1, project: { name: 'P' }, stages: [{ id: 'a', name: 'A', checklist: ['x'], colour: 'red' }] });
  });

  it('says where each repeated key was first set, in any mapping', () => {
    const text = 'version: 1\nproject:\n  name: P\n  name: Q\nstages:\n  - { id: a, name: A, id: b }\n';
    expect(loadConfigText(text, 'x.yml').diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.message])).toEqual([
      [4, 3, 4, 4, 'duplicate key "name"; it is already set on line 3, and YAML allows each key once'],
      [6, 23, 6, 24, 'duplicate key "id"; it is already set on line 6, and YAML allows each key once'],
    ]);
  });

  it('passes on what the YAML parser warns about, where it is, as a warning', () => {
    const result = loadConfigText('version: 1\nproject: {name: P}\nstages:\n  - id: a\n    name: A\n    checklist: !!foo [x]\n', 'x.yml');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.severity, d.message])).toEqual([
      [6, 16, 6, 21, 'warning', 'YAML syntax: unresolved tag: tag:yaml.org,2002:foo'],
    ]);
  });

  const conflict = '# CONFLICT (lifecycle upgrade, both renamed) stage "scope" name';
  const conflictMessage = 'unresolved upgrade conflict (both renamed) stage "scope" name; keep one side, then delete the conflict comment';
  it.each([
    ['version: 1\nproject:\n\tname: P\n', [3, 1, 3, 2, 'a tab is used for indentation; YAML indents with spaces only']],
    ['version: 1\n---\nproject: x\n', [2, 1, 4, 1, 'the file holds more than one YAML document (a "---" line in the middle); keep everything in one']],
    ['version: 1\nproject:\n  name: A: B\n', [3, 9, 3, 10, 'a value contains ": " (a colon and a space); quote the value, for example name: "A: B"']],
    // The parser's own words, without where (the diagnostic says it) and starting in lower case.
    ['version: 1\nproject: "abc\n', [3, 1, 3, 2, 'YAML syntax: missing closing "quote']],
    [
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
      [2, 8, 2, 8, 'anchors and aliases expand into far too much data (each alias repeats everything its anchor holds); write the values out or use fewer nested aliases'],
    ],
    [`version: 1\n${conflict}\nproject: { name: P }\nstages: [{ id: a, name: A }]\n`, [2, 1, 2, 64, conflictMessage]],
  ])('says a YAML problem in plain words, where it is: %j', (text, expected) => {
    const got = loadConfigText(text, 'x.yml').diagnostics;
    expect(got.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.message])).toEqual([expected]);
    expect(got.map((d) => d.severity)).toEqual(['error']);
  });

  it('reports a conflict mark in a file the YAML parser reads in full too', () => {
    const text = `version: 1\n${conflict}\nproject: { name: P, name: Q }\nstages: [{ id: a, name: A }]\n`;
    expect(loadConfigText(text, 'x.yml').diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [2, 1, conflictMessage],
      [3, 21, 'duplicate key "name"; it is already set on line 3, and YAML allows each key once'],
    ]);
  });

  it('returns the YAML document for callers that need positions or comments', () => {
    const { doc } = loadConfigText(`# top comment\n${MINIMAL}`, 'x.yml');
    expect(doc?.toString()).toContain('# top comment');
    expect(doc?.getIn(['stages', 0, 'id'])).toBe('a');
  });
});

describe('reading files', () => {
  it('throws ConfigReadError, not a diagnostic, when the file is missing or a folder', async () => {
    await expect(loadConfigFile(join(dir, 'nope.yml'), { displayPath: 'nope.yml' })).rejects.toThrow(new ConfigReadError('cannot find nope.yml'));
    await mkdir(join(dir, 'folder.yml'), { recursive: true });
    await expect(loadConfigFile(join(dir, 'folder.yml'), { displayPath: 'folder.yml' })).rejects.toThrow(/folder.yml is a directory/);
    await expect(loadConfigFile('/dev/null')).rejects.toThrow(new ConfigReadError('/dev/null is a device, not a lifecycle.yml file'));
  });
});

describe('validateConfig', () => {
  const check = (data: unknown) => {
    const text = JSON.stringify(data);
    return validateConfig({ file: 'x.yml', data, source: new SourceMap(() => parseDocument(text), new LineCounter(), text) });
  };
  const stage = { id: 'a', name: 'A' };

  it('gives the config with defaults applied when there is no error, a warning or not', () => {
    expect(check({ version: 1, project: { name: 'P' }, stages: [stage] }).config?.project.calendar).toBe('workdays');
    const warned = check({ version: 1, project: { name: 'P' }, stages: [stage, { id: 'b', name: 'B', depends_on: ['a', 'a'] }] });
    expect(warned.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(warned.config).not.toBeNull();
  });

  it('gives no config when a check across fields fails, though the schema is satisfied', () => {
    const result = check({ version: 1, project: { name: 'P' }, stages: [{ ...stage, depends_on: ['nope'] }] });
    expect(result.diagnostics.map((d) => d.message)).toEqual(['stage "a" depends on "nope", which is not declared']);
    expect(result.config).toBeNull();
  });
});
