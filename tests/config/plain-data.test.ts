// The data-only read of a plain lifecycle.yml: it resolves every scalar as the `yaml` package's YAML
// 1.2 core schema does, and declines (null) whatever the full parse must see.
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readPlainData } from '../../src/config/plain-data.js';

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, version: '1.2' } as const;

function full(text: string): unknown {
  return parseDocument(text, PARSE_OPTIONS).toJS();
}

describe('scalars resolve as in the YAML 1.2 core schema', () => {
  const cases: [string, unknown][] = [
    ['~', null],
    ['null', null],
    ['Null', null],
    ['NULL', null],
    ['', null],
    ['nULL', 'nULL'],
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['tRue', 'tRue'],
    ['yes', 'yes'],
    ['on', 'on'],
    ['0', 0],
    ['-0', -0],
    ['+12', 12],
    ['012', 12],
    ['0o17', 15],
    ['0o8', '0o8'],
    ['0O17', '0O17'],
    ['0x1F', 31],
    ['0X1F', '0X1F'],
    ['1_000', '1_000'],
    ['0b101', '0b101'],
    ['123456789012345678901234567890', 1.2345678901234568e29],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['-1.50', -1.5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['1.e3', 1000],
    ['1e400', Infinity],
    ['.inf', Infinity],
    ['-.Inf', -Infinity],
    ['+.INF', Infinity],
    ['.nan', NaN],
    ['.NaN', NaN],
    ['.NAN', NaN],
    ['nan', 'nan'],
    ['inf', 'inf'],
    ['2027-01-04', '2027-01-04'],
    ['12:30', '12:30'],
    ['<<', '<<'],
    ['"1"', '1'],
    ["'true'", 'true'],
    ['"~"', '~'],
  ];
  it.each(cases)('%s', (written, value) => {
    const text = `key: ${written}\n`;
    expect(readPlainData(text)).toEqual({ value: { key: value } });
    expect(Object.is((readPlainData(text)?.value as { key: unknown }).key, value)).toBe(true);
    expect(full(text)).toEqual({ key: value });
  });
});

describe('a plain file gives the same data as the full parse', () => {
  it.each([
    ['nested block and flow collections', 'a:\n  - { id: t1, title: Task 1 }\n  - [x, 2, ~]\nb: {}\nc: []\n'],
    ['block scalars', 'a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: x\n'],
    ['quoted scalars with escapes', 'a: "tab\\t \\u00e9 \\x41 \\/"\nb: \'it\'\'s\'\nc: "two\n  lines"\n'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n'],
    ['an empty file', ''],
    ['only comments', '# nothing\n'],
    ['a document start', '---\na: 1\n'],
    ['a key written as a number or a boolean', '1: one\n0x10: sixteen\ntrue: yes\n'],
    ['__proto__ as a key', '__proto__: { polluted: true }\n'],
    ['an inline template', 'body: |\n  {{#if task.checklist}}{{checklist task.checklist}}{{/if}}\ntitle: Fix "#12", [#3]\n'],
    ['a glob with a star', 'paths: ["s0/**", "{pre,pre-*}/**"]\n'],
    // Line lengths are measured line by line, to the last one, with or without its line break.
    ['no line break at the end', 'a: 1\nb: x'],
    ['over 1,024 characters in short lines', Array.from({ length: 60 }, (_, i) => `key${i}: value number ${i}`).join('\n')],
    ['a line of exactly 1,024 characters', `k: ${'v'.repeat(1021)}\n`],
    // "#" glued to a quote, a comma or a colon is counted in the text and in the data alike.
    ['a key holding a glued hash', '"a,#b": 1\n'],
    ['an escape that glues a hash in a value', 'a: "x\\x22#"\n'],
    ['an escape that glues a hash in a key', '"\\x5d#": 1\n'],
    ['an escaped line break that glues a hash', 'a: "x:\\\n  #"\n'],
  ])('%s', (_, text) => {
    const plain = readPlainData(text);
    expect(plain).not.toBeNull();
    expect(JSON.stringify(plain?.value)).toBe(JSON.stringify(full(text)));
    expect(plain?.value).toEqual(full(text));
  });
});

describe('declines what only the full parse handles', () => {
  it.each([
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['an anchor alone', 'a: &x 1\n'],
    ['an alias to nothing', 'a: *x\n'],
    ['a merge', 'base: &b { x: 1 }\nc:\n  <<: *b\n'],
    ['a merge without an alias', 'c:\n  <<: { x: 1 }\n'],
    ['a merge of nothing', 'c:\n  ? <<\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a local tag', 'a: !thing 1\n'],
    ['a non-specific tag', 'a: ! 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a tab used as indentation', 'a:\n\t- x\n'],
    ['a tab in a value', 'a: "x\ty"\n'],
    ['a carriage return alone', 'a: 1\rb: 2\n'],
    ['a comment right after a quoted value', 'a: "x"#c\n'],
    ['a comment right after a flow collection', 'a: [x]#c\n'],
    ['a comment right after a comma', 'a: { x: 1,#c\n  }\n'],
    ['a comment right after a flow key', 'a: { "x":#c\n  }\n'],
    ['a block scalar indentation indicator', 'a: |2\n   x\n'],
    ['an empty sequence entry', 'a:\n  -\n  - x\n'],
    ['an empty sequence entry with a comment', 'a:\n  - # nothing\n'],
    ['a document marker run into text', '----\na: 1\n'],
    ['a byte order mark inside', '# c\n\uFEFFa: 1\n'],
    ['a line over 1,024 characters', `${'k'.repeat(1030)}: v\n`],
    ['a last line over 1,024 characters, without a line break', `a: 1\n${'k'.repeat(1030)}: v`],
    // js-yaml only warns about this one and reads "x y"; the `yaml` package refuses it.
    ["a quoted value continued under its key's indentation", 'a:\n  b: "x\n y"\n'],
    ['a null key', 'null: x\n'],
    ['an empty key', '? \n: x\n'],
    ['a flow sequence as a key', '[a, b]: x\n'],
    ['a mapping as a key', '? { a: 1 }\n: x\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a syntax error', 'a: [x\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a scalar at the root', 'just text\n'],
    ['a block scalar at the root, its lines at column 0', ' | # c\n# text, not a comment\n'],
  ])('%s', (_, text) => {
    expect(readPlainData(text)).toBeNull();
  });
});
