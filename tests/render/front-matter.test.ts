// An issue template's front matter: what it sets, where each value is written, and every problem
// with it at its line and column of the template file.
import { describe, expect, it } from 'vitest';
import { checkFrontMatter, FrontMatterError, splitFrontMatter } from '../../src/render/front-matter.js';

const at = (line: number, column: number) => ({ line, column });
const none = { title: null, labels: [], labelsKey: null, assignees: [], assigneesKey: null };

describe('splitFrontMatter', () => {
  it.each<[string, string, object | null, string, number]>([
    ['no front matter', 'Body\n---\ntitle: x\n---\n', null, 'Body\n---\ntitle: x\n---\n', 0],
    ['empty front matter', '---\n---\nBody', { title: null, labels: [], assignees: [], at: none }, 'Body', 2],
    ['front matter of null', '---\n~\n---\nBody', { title: null, labels: [], assignees: [], at: none }, 'Body', 3],
    ['CRLF line ends and spaces after the dashes', '--- \r\ntitle: T\r\n---  \r\nBody\r\n', { title: 'T', labels: [], assignees: [], at: { ...none, title: at(2, 8) } }, 'Body\r\n', 3],
    ['a blank line before the body, kept', '---\ntitle: T\n---\n\nBody', { title: 'T', labels: [], assignees: [], at: { ...none, title: at(2, 8) } }, '\nBody', 3],
    [
      'comma lists and lists, each value at its column',
      '---\ntitle: "T {{x}}"\nlabels: a, b ,  c\nassignees: [" x ", y, ""]\n---\nBody',
      { title: 'T {{x}}', labels: ['a', 'b', 'c'], assignees: ['x', 'y'], at: { title: at(2, 9), labels: [at(3, 9), at(3, 12), at(3, 17)], labelsKey: at(3, 1), assignees: [at(4, 14), at(4, 20)], assigneesKey: at(4, 1) } },
      'Body',
      5,
    ],
    [
      'single quotes',
      "---\nlabels: 'a, b'\ntitle: 'it''s'\n---\n",
      { title: "it's", labels: ['a', 'b'], assignees: [], at: { ...none, title: { ...at(3, 9), chars: [at(3, 9), at(3, 10), at(3, 11), at(3, 13)] }, labels: [at(2, 10), at(2, 13)], labelsKey: at(2, 1) } },
      '',
      4,
    ],
    [
      'a comma list with an escape: each value where it is written, the escape at its backslash',
      '---\nlabels: "a\\\\b, c"\n---\n',
      { title: null, labels: ['a\\b', 'c'], assignees: [], at: { ...none, labels: [{ ...at(2, 10), chars: [at(2, 10), at(2, 11), at(2, 13)] }, { ...at(2, 16), chars: [at(2, 16)] }], labelsKey: at(2, 1) } },
      '',
      3,
    ],
    [
      'a comma list with a tab escape: each value where it is written',
      '---\nlabels: "a\\tb, c"\n---\n',
      { title: null, labels: ['a\tb', 'c'], assignees: [], at: { ...none, labels: [{ ...at(2, 10), chars: [at(2, 10), at(2, 11), at(2, 13)] }, { ...at(2, 16), chars: [at(2, 16)] }], labelsKey: at(2, 1) } },
      '',
      3,
    ],
    [
      'a comma list in a block: each value where it is written',
      '---\nlabels: |\n  a, b\n---\n',
      { title: null, labels: ['a', 'b'], assignees: [], at: { ...none, labels: [{ ...at(3, 3), chars: [at(3, 3)] }, { ...at(3, 6), chars: [at(3, 6)] }], labelsKey: at(2, 1) } },
      '',
      4,
    ],
    [
      'a comma list in a block with an explicit indentation: every value at the start of the block',
      '---\nlabels: |2\n  a, b\n---\n',
      { title: null, labels: ['a', 'b'], assignees: [], at: { ...none, labels: [at(2, 9), at(2, 9)], labelsKey: at(2, 1) } },
      '',
      4,
    ],
    ['an empty block title: no characters to place', '---\ntitle: |\n---\n', { title: '', labels: [], assignees: [], at: { ...none, title: at(2, 8) } }, '', 3],
    ['empty names of a comma list left out', '---\nlabels: a,, b,\n---\n', { title: null, labels: ['a', 'b'], assignees: [], at: { ...none, labels: [at(2, 9), at(2, 13)], labelsKey: at(2, 1) } }, '', 3],
    ['CRLF line ends and a body without a final line end', '---\r\ntitle: T\r\n---\r\nBody', { title: 'T', labels: [], assignees: [], at: { ...none, title: at(2, 8) } }, 'Body', 3],
    ['keys without values', '---\nlabels:\ntitle:\nassignees: ~\n---\n', { title: null, labels: [], assignees: [], at: { ...none, labelsKey: at(2, 1), assigneesKey: at(4, 1) } }, '', 5],
  ])('%s', (_what, text, frontMatter, body, bodyLineOffset) => {
    expect(splitFrontMatter(text)).toEqual({ frontMatter, body, bodyLineOffset });
    expect(checkFrontMatter(text)).toEqual([]);
  });

  it('throws the first problem, at its line and column', () => {
    const error = (() => {
      try {
        splitFrontMatter('---\nlabel: x\nowner: y\n---\n');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(FrontMatterError);
    expect(error).toHaveProperty('name', 'FrontMatterError');
    expect(error).toMatchObject({ line: 2, column: 1, message: 'unknown front matter key "label" (did you mean "labels"?); known keys: title, labels, assignees' });
  });
});

describe('checkFrontMatter', () => {
  const many = (stem: string, n: number) => Array.from({ length: n }, (_, i) => `${stem}${i}`).join(', ');
  it.each<[string, string, string[]]>([
    ['no closing line', '---\n\n', ['1:1: front matter starts with "---" but has no closing "---" line']],
    ['YAML that does not parse', '---\ntitle: "x\n---\n', ['3:1: front matter is not valid YAML: Missing closing "quote']],
    ['a list instead of a mapping', '---\n- a\n---\n', ['2:1: front matter must be a mapping (title, labels, assignees)']],
    ['a title that is a list', '---\ntitle: [a]\n---\n', ['2:1: front matter "title" must be text']],
    ['a title that is a number', '---\ntitle: 3\n---\n', ['2:1: front matter "title" must be text']],
    ['labels that are a number', '---\nlabels: 3\n---\n', ['2:1: front matter "labels" must be a list of text']],
    ['assignees with a list inside', '---\nassignees: [a, [b]]\n---\n', ['2:1: front matter "assignees" must be a list of text']],
    ['a key that is a list', '---\n? [a]\n: x\n---\n', ['2:3: unknown front matter key "["a"]"; known keys: title, labels, assignees']],
    ['labels with a number inside', '---\nlabels: [a, 3]\n---\n', ['2:1: front matter "labels" must be a list of text']],
    ['every unknown key at once', '---\nlabel: x\nowner: y\n---\n', ['2:1: unknown front matter key "label" (did you mean "labels"?); known keys: title, labels, assignees', '3:1: unknown front matter key "owner"; known keys: title, labels, assignees']],
    [
      'a label over 50 characters, unless it uses Handlebars',
      `---\nlabels: [${'l'.repeat(50)}, ${'m'.repeat(51)}, "{{x}}${'n'.repeat(51)}"]\n---\n`,
      [`2:62: label "${'m'.repeat(51)}" is 51 characters; GitHub allows at most 50 in a label name`],
    ],
    ['a label of exactly 60 characters, shown whole', `---\nlabels: [${'L'.repeat(60)}]\n---\n`, [`2:10: label "${'L'.repeat(60)}" is 60 characters; GitHub allows at most 50 in a label name`]],
    ['a long label, shortened in the message', `---\nlabels: [${'L'.repeat(61)}]\n---\n`, [`2:10: label "${'L'.repeat(57)}..." is 61 characters; GitHub allows at most 50 in a label name`]],
    ['100 labels (one spelled twice) and 10 assignees', `---\nlabels: [${many('a', 100)}, A0]\nassignees: [${many('u', 10)}]\n---\n`, []],
    [
      '101 labels and 11 assignees',
      `---\nlabels: [${many('a', 101)}]\nassignees: [${many('u', 11)}]\n---\n`,
      ['2:1: front matter "labels" lists 101 labels; GitHub allows at most 100 on an issue', '3:1: front matter "assignees" names 11 people; GitHub assigns at most 10 to an issue'],
    ],
  ])('reports %s', (_what, text, want) => {
    expect(checkFrontMatter(text).map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual(want);
  });
});

describe('where each character of a value is written', () => {
  // The template's character at each position `chars` gives, read back: a folded line break reads
  // as the break, an escape as its backslash.
  const written = (text: string, chars: { line: number; column: number }[] | undefined) => {
    const lines = text.split('\n');
    return (chars ?? []).map((p) => (lines[p.line - 1] ?? '')[p.column - 1] ?? '\n').join('');
  };
  const values = (text: string) => {
    const fm = splitFrontMatter(text).frontMatter;
    const all = [...(fm?.title === null || fm === null ? [] : [{ text: fm.title, at: fm.at.title }]), ...(fm?.labels ?? []).map((l, i) => ({ text: l, at: fm?.at.labels[i] })), ...(fm?.assignees ?? []).map((a, i) => ({ text: a, at: fm?.at.assignees[i] }))];
    return all.map((v) => ({ text: v.text, line: v.at?.line, column: v.at?.column, written: written(text, v.at?.chars) }));
  };

  it.each<[string, string, { text: string; line: number; column: number; written: string }[]]>([
    ['a label quoted over two lines', '---\nlabels: ["a\n  {{x}}"]\n---\n', [{ text: 'a {{x}}', line: 2, column: 11, written: 'a\n{{x}}' }]],
    ['a title quoted over two lines, spaces around the break dropped', '---\ntitle: "a  \n   b c"\n---\n', [{ text: 'a b c', line: 2, column: 9, written: 'a\nb c' }]],
    ['a blank line read as a line break', '---\ntitle: "a\n\n  b"\n---\n', [{ text: 'a\nb', line: 2, column: 9, written: 'a\nb' }]],
    ['two blank lines and CRLF', '---\r\ntitle: "a\r\n \r\n\r\n  b"\r\n---\r\n', [{ text: 'a\n\nb', line: 2, column: 9, written: 'a\r\rb' }]],
    ['an escaped line break, keeping the space before it', '---\ntitle: "a \\\n   b"\n---\n', [{ text: 'a b', line: 2, column: 9, written: 'a b' }]],
    ['escapes, each at its backslash', '---\ntitle: "\\x41\\u00e9\\U0001F600\\t\\"{{x}} "\n---\n', [{ text: 'Aé😀\t"{{x}} ', line: 2, column: 9, written: '\\\\\\\\\\\\{{x}} ' }]],
    ['single quotes doubled', "---\ntitle: 'it''s\n  {{x}}'\n---\n", [{ text: "it's {{x}}", line: 2, column: 9, written: "it's\n{{x}}" }]],
    ['a plain value over two lines, its trailing spaces dropped', '---\ntitle: a\n  b  \nlabels: [c\n  d]\n---\n', [{ text: 'a b', line: 2, column: 8, written: 'a\nb' }, { text: 'c d', line: 4, column: 10, written: 'c\nd' }]],
    ['a padded label over two lines, from its first letter', '---\nassignees: ["  a\n  b "]\n---\n', [{ text: 'a b', line: 2, column: 14, written: 'a\nb' }]],
    ['a comma list over two lines, each name where it is written', '---\nlabels: "a,\n  {{x}}, c"\n---\n', [{ text: 'a', line: 2, column: 10, written: 'a' }, { text: '{{x}}', line: 3, column: 3, written: '{{x}}' }, { text: 'c', line: 3, column: 10, written: 'c' }]],
    ['a comma list in a plain value over two lines', '---\nlabels: a,\n  b\n---\n', [{ text: 'a', line: 2, column: 9, written: 'a' }, { text: 'b', line: 3, column: 3, written: 'b' }]],
    ['a literal block, its lines and blank lines kept', '---\ntitle: |-\n  a\n\n   {{x}}\n---\n', [{ text: 'a\n\n {{x}}', line: 2, column: 8, written: 'a\n\n {{x}}' }]],
    ['a literal block keeping its final blank lines, CRLF', '---\r\ntitle: |+\r\n  a\r\n\r\n---\r\n', [{ text: 'a\n\n', line: 2, column: 8, written: 'a\r\r' }]],
    ['a folded block, more indented lines kept apart', '---\ntitle: > # note\n  a\n  b\n\n  c\n    d\n  e\n---\n', [{ text: 'a b\nc\n  d\ne\n', line: 2, column: 8, written: 'a\nb\nc\n  d\ne\n' }]],
    ['a block label in a list', '---\nlabels:\n  - >-\n    x\n    y\n---\n', [{ text: 'x y', line: 3, column: 5, written: 'x\ny' }]],
    ['tabs around a folded line break', '---\ntitle: "a\t\n \tb"\n---\n', [{ text: 'a b', line: 2, column: 9, written: 'a\nb' }]],
    ['a literal block of two lines of text', '---\ntitle: |-\n  a\n  b\n---\n', [{ text: 'a\nb', line: 2, column: 8, written: 'a\nb' }]],
    ['a folded block with spaces inside its lines and a line of spaces', '---\ntitle: >-\n  a b\n  c d\n  \n  e\n---\n', [{ text: 'a b c d\ne', line: 2, column: 8, written: 'a b\nc d\ne' }]],
    ['a folded block with a blank line before a more indented one', '---\ntitle: >-\n  a\n\n    b\n---\n', [{ text: 'a\n\n  b', line: 2, column: 8, written: 'a\n\n  b' }]],
    ["a backslash in single quotes and a quote in double ones", "---\ntitle: 'a\\b''c\n  d'\nlabels: [\"it's\n  e\"]\n---\n", [{ text: "a\\b'c d", line: 2, column: 9, written: "a\\b'c\nd" }, { text: "it's e", line: 4, column: 11, written: "it's\ne" }]],
    ['a value written as is: no characters listed', '---\ntitle: "a {{x}}"\nlabels: [b]\n---\n', [{ text: 'a {{x}}', line: 2, column: 9, written: '' }, { text: 'b', line: 3, column: 10, written: '' }]],
  ])('%s', (_what, text, want) => {
    expect(values(text)).toEqual(want);
    expect(checkFrontMatter(text)).toEqual([]);
  });

  it('places a long label of a comma list quoted over two lines at the name itself', () => {
    const long = 'b'.repeat(51);
    expect(checkFrontMatter(`---\nlabels: "a,\n  ${long}"\n---\n`)).toEqual([{ line: 3, column: 3, message: `label "${long}" is 51 characters; GitHub allows at most 50 in a label name` }]);
  });
});
