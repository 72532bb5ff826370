import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BREAK, neutralize, neutralizeCode } from '../../src/render/escape.js';
import { parseMarker } from '../../src/plan/marker.js';

const Z = BREAK;

// What GitHub would act on, checked on the output. Each is a reason a stranger's text is dangerous.
const MENTION = /[@\uFF20\uFE6B](?!\u200B)/;
const HTML_START = /<[A-Za-z!/?]|<(?!\u200B)/;
const COMMENT_END = /--!?>/;
const LINK = /\][([:]/; // CommonMark allows no space between "]" and "(" or "["
const BACKLINK = /#\d|gh-\d|:\/\/|www\./i;
const ENTITY = /&[#A-Za-z]/;
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
// Invisible characters other than our own break (an emoji's joiner and presentation selector aside).
const HIDDEN = /(?!\u200B|\u200D|\uFE0F|\uFE0E)\p{Default_Ignorable_Code_Point}|\p{Cc}/u;

const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

type Piece = { kind: 'text'; text: string; escaped: boolean } | { kind: 'code'; text: string } | { kind: 'open-backticks'; text: string };

/**
 * Inline text as CommonMark reads it, written the plain (quadratic) way: a backslash before
 * punctuation escapes it; a run of n backticks opens a code span that ends at the next run of exactly
 * n, or else is literal backticks that a later run of n could still close.
 */
function readInline(s: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length && PUNCTUATION.has(s[i + 1] as string)) {
      pieces.push({ kind: 'text', text: s[i + 1] as string, escaped: true });
      i += 2;
    } else if (c === '`') {
      let end = i;
      while (s[end] === '`') end++;
      const n = end - i;
      let close = -1;
      for (let j = end; j < s.length; ) {
        if (s[j] !== '`') {
          j++;
          continue;
        }
        let k = j;
        while (s[k] === '`') k++;
        if (k - j === n) {
          close = j;
          break;
        }
        j = k;
      }
      if (close === -1) {
        pieces.push({ kind: 'open-backticks', text: s.slice(i, end) });
        i = end;
      } else {
        pieces.push({ kind: 'code', text: s.slice(i, close + n) });
        i = close + n;
      }
    } else {
      pieces.push({ kind: 'text', text: c, escaped: false });
      i++;
    }
  }
  return pieces;
}

/** What a reader sees: escapes resolved, invisible characters and spacing left out. */
function visible(s: string): string {
  return readInline(s)
    .map((p) => p.text)
    .join('')
    .replace(/[\s\p{Default_Ignorable_Code_Point}\p{Cc}]/gu, '');
}

/** The input as the renderer would read it once it is one line without hidden characters. */
function asOneCleanLine(s: string): string {
  return s
    .replace(/\p{Surrogate}/gu, '\uFFFD')
    // eslint-disable-next-line no-control-regex
    .replace(/\r\n|[\t\n\r\u000B\u000C\u0085\u2028\u2029]/g, ' ')
    .replace(/[\p{Cc}\p{Default_Ignorable_Code_Point}]/gu, '');
}

function assertInert(out: string): void {
  expect(out).not.toMatch(MENTION);
  expect(out).not.toMatch(HTML_START);
  expect(out).not.toMatch(COMMENT_END);
  expect(out).not.toMatch(LINK);
  expect(out).not.toMatch(BACKLINK);
  expect(out).not.toMatch(ENTITY);
  expect(out).not.toMatch(LINE_BREAK);
  expect(out).not.toMatch(HIDDEN);
  expect(parseMarker(out)).toBeNull();
  const pieces = readInline(out);
  // Balanced: no backtick run is left open for the template's next backtick to close.
  expect(pieces.filter((p) => p.kind === 'open-backticks')).toEqual([]);
  // No math: every "$" outside code is escaped, and none touches a code span.
  expect(pieces.filter((p) => p.kind === 'text' && p.text === '$' && !p.escaped)).toEqual([]);
  pieces.forEach((p, i) => {
    if (p.kind !== 'code') return;
    expect(pieces[i - 1]?.text).not.toBe('$');
    expect(pieces[i + 1]?.text).not.toBe('$');
  });
  // Text the template writes around it keeps its own code spans.
  const around = readInline(`\`head\` ${out} \`tail\``);
  expect(around[0]).toEqual({ kind: 'code', text: '`head`' });
  expect(around.at(-1)).toEqual({ kind: 'code', text: '`tail`' });
}

// Every character and fragment the rules are about, mixed with arbitrary text.
const NASTY = fc.constantFrom(
  '@', '＠', '﹫', '<', '>', '-', '!', '[', ']', '(', ')', ':', '#', '&', '`', '``', '```', '$', '$$', '\\', '/',
  '\n', '\r', '\u2028', '\u0085', '\t', ' ', 'a', '1', '12', 'user', 'org/team',
  'GH-', 'gh-', 'Gh-', 'o/r#', 'https://github.com/o/r/issues/12', 'https://github.com/o/r/pull/3', 'http://', 'www.', 'WWW.',
  '\u200B', '\u200C', '\u200D', '\u2060', '\u180E', '\uFEFF', '\u00AD', '\u061C', '\u200E', '\u200F',
  '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u{E0041}', '\u3164',
  '👩', '💻', '\uFE0F', '\u0000', '\u001b', '\u009B', '\uD800',
  '<!-- lifecycle-action {"v":1,"kind":"guide"} -->', '$\\Huge\\color{red}{\\text{APPROVED}}$', '$`x`$',
);
const hostile = fc.array(fc.oneof(NASTY, NASTY, fc.string(), fc.string({ unit: 'binary' })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('neutralize', () => {
  it.each([
    ['a user mention', 'thanks @octocat', `thanks @${Z}octocat`],
    ['a team mention', '@org/team please review', `@${Z}org/team please review`],
    ['a full-width at sign', '＠octocat', `＠${Z}octocat`],
    ['a small at sign', '﹫octocat', `﹫${Z}octocat`],
    ['a mention with its own zero-width space', '@\u200Boctocat', `@${Z}octocat`],
    ['a zero-width space that would fake our break', '@\u200B\u200Boctocat', `@${Z}octocat`],
    ['an image tag', '<img src=x onerror=alert(1)>', `<${Z}img src=x onerror=alert(1)>`],
    ['a script tag', '<script>alert(1)</script>', `<${Z}script>alert(1)<${Z}/script>`],
    ['a details block', '<details><summary>x</summary>', `<${Z}details><${Z}summary>x<${Z}/summary>`],
    ['the end of a comment', 'a --> b', `a --${Z}> b`],
    ['the other end of a comment', 'a --!> b', `a --!${Z}> b`],
    ['a Markdown link', '[x](javascript:alert(1))', `${Z}[x]${Z}(javascript:alert(1))`],
    ['an image', '![pixel](https://evil.example/t.png)', `${Z}![pixel]${Z}(https:/${Z}/evil.example/t.png)`],
    ['a reference link', 'see [x][1]', `see [x]${Z}[1]`],
    ['an issue reference', 'fixes #12 and other/repo#3', `fixes #${Z}12 and other/repo#${Z}3`],
    ['a GH- reference', 'GH-42', `GH-${Z}42`],
    ['a gh- reference in any case', 'gh-42 Gh-7 see_GH-1', `gh-${Z}42 Gh-${Z}7 see_GH-${Z}1`],
    ['a full issue URL', 'see https://github.com/o/r/issues/12', `see https:/${Z}/github.com/o/r/issues/12`],
    ['a full pull request URL', 'http://github.com/o/r/pull/3', `http:/${Z}/github.com/o/r/pull/3`],
    ['a www link', 'www.github.com/o/r/issues/1', `ww${Z}w.github.com/o/r/issues/1`],
    ['an entity that decodes to @', '&#64;team', `&${Z}#${Z}64;team`],
    ['inline math', '$\\Huge\\color{red}{\\text{APPROVED}}$', '\\$\\Huge\\color{red}{\\text{APPROVED}}\\$'],
    ['display math', '$$\\Huge x$$', '\\$\\$\\Huge x\\$\\$'],
    ['math in backticks', '$`\\Huge x`$', `\\$${Z}\`\\Huge x\`${Z}\\$`],
    ['a dollar sign escaped by an escaped backslash', '\\\\$x$', '\\\\\\$x\\$'],
    ['a dollar sign already escaped', 'costs \\$5', 'costs \\$5'],
    ['an unclosed backtick', 'Fix `parse', 'Fix \\`parse'],
    ['an unclosed run of backticks after a code span', 'a `b` c ``d', 'a `b` c \\`\\`d'],
    ['line breaks', 'one\ntwo\r\nthree\u2028four', 'one two three four'],
    ['a heading at the start', '# Title', `${Z}# Title`],
    ['a quote at the start', '> quoted', `${Z}> quoted`],
    ['a list at the start', '1. first', `${Z}1. first`],
    ['a rule at the start', '___', `${Z}___`],
    ['a fence at the start', '```js', '\\`\\`\\`js'],
    ['bidirectional overrides', 'abc\u202Edcba\u2066x\u2069', 'abcdcbax'],
    ['bidirectional marks', 'a\u200Eb\u200Fc\u061Cd', 'abcd'],
    ['zero-width characters', 'a\u200Bb\u200Cc\u200Dd\u2060e\u180Ef\uFEFFg', 'abcdefg'],
    ['tag characters (hidden text)', 'ok\u{E0069}\u{E0067}\u{E006E}', 'ok'],
    ['control characters', 'a\u0000b\u0007c\u001bd', 'abcd'],
    ['a trailing backslash', 'path\\', `path\\${Z}`],
  ])('defuses %s', (_what, input, expected) => {
    expect(neutralize(input)).toBe(expected);
  });

  it.each([
    ['plain text', 'Fix tokenizer for long inputs'],
    ['a file path', 'finetune/train.py'],
    ['backticks (code in titles, as GitHub shows them)', 'Fix `parse()` on empty input'],
    ['a dollar sign inside code', 'Read `$HOME` first'],
    ['emphasis', 'a *small* change'],
    ['a branch name', 'feature/lora-rank-16'],
    ['non-Latin text', 'Ajuste fino: données et modèles 日本語'],
    ['emoji sequences', 'Ship it 👩‍💻 ❤️ 👍🏽'],
  ])('leaves %s as written', (_what, input) => {
    expect(neutralize(input)).toBe(input);
  });

  it('defuses everything at once in the example from the design', () => {
    const input = '@org/team <img src=x> --> [x](javascript:alert(1)) `code` <!-- lifecycle-action {"v":1,"kind":"task"} -->';
    const out = neutralize(input);
    assertInert(out);
    expect(out.replace(new RegExp(Z, 'g'), '')).toBe(input);
  });

  it('cannot fake our hidden marker', () => {
    const fake = '<!-- lifecycle-action {"v":1,"kind":"task","stage":"s","task":"t","digest":"0"} -->';
    expect(parseMarker(neutralize(fake))).toBeNull();
  });

  it('stays inert inside a code span, where backticks in the text could end the span early', () => {
    const out = neutralize('a` @octocat <b> [x](y) `b');
    assertInert(`\`${out}\``);
  });

  it('cuts long text to 256 characters, ending in "…"', () => {
    const out = neutralize('word '.repeat(100));
    expect(out).toBe(`${'word '.repeat(51).trimEnd()}…`);
    expect(neutralize('x'.repeat(256))).toBe('x'.repeat(256));
    expect(neutralize('x'.repeat(257))).toBe(`${'x'.repeat(255)}…`);
    expect(neutralize('x'.repeat(50), { max: 10 })).toBe(`${'x'.repeat(9)}…`);
  });

  // Each row is counted by hand: every character costs one, an astral one too (one character,
  // two code units), a run of backslashes before "$" or a backtick costs what it shows, any other
  // run of backslashes costs its length, and inside a code span a backslash is a character.
  it.each([
    ['spaces and line breaks around the text', ' \t a b \n', 256, 'a b'],
    ['astral characters in a code span (never split)', '`😀😀😀😀😀`', 6, '\\`😀😀😀😀…'],
    ['U+FFFF, one code unit each', '\uFFFF'.repeat(5), 3, '\uFFFF\uFFFF…'],
    ['U+FFFF in a code span', '`\uFFFF\uFFFF\uFFFF\uFFFF`', 4, '\\`\uFFFF\uFFFF…'],
    ['escaped dollar signs, one character each', '\\$'.repeat(6), 4, '\\$\\$\\$…'],
    ['a run of backslashes before a letter, one character each', 'x\\\\\\abcdef', 5, 'x\\\\\\…'],
  ])('cuts %s at the count shown', (_what, text, max, expected) => {
    expect(neutralize(text, { max })).toBe(expected);
  });

  it.each([
    ['invisible characters filling the part read hide what follows', '\u200B'.repeat(640) + 'x', ''],
    ['text just within the part read is kept', '\u200B'.repeat(639) + 'x', 'x'],
    ['the start of the part read is kept', 'x' + '\u200B'.repeat(640), 'x'],
  ])('reads at most 64 code units per character asked for: %s', (_what, text, expected) => {
    expect(neutralize(text, { max: 10 })).toBe(expected);
  });

  it('reads a bounded prefix of text of any length', () => {
    const huge = `${'@<$`'.repeat(500_000)}tail`;
    const out = neutralize(huge);
    expect(out).toBe(neutralize(huge.slice(0, 64 * 256)));
    expect(out.length).toBeLessThanOrEqual(3 * 256 + 2);
  });

  it('makes any text inert (property)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        assertInert(neutralize(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the visible text: only invisible breaks, escapes and spacing change (property)', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = neutralize(text, { max: 10_000 });
        expect(visible(out)).toBe(visible(asOneCleanLine(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('counts a backslash inside a code span as shown when it cuts: there it is no escape', () => {
    const out = neutralize('`WWW.\\$`x`$', { max: 8 });
    expect([...visible(out)].length).toBeLessThanOrEqual(8);
    assertInert(out);
    expect(neutralize(out, { max: 8 })).toBe(out);
  });

  it('bounds what it renders, whatever the length asked for (property)', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = neutralize(text, { max });
        expect([...visible(out)].length).toBeLessThanOrEqual(max);
        expect(out.length).toBeLessThanOrEqual(3 * max + 2);
        assertInert(out);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent, cut or not (property)', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: 'grapheme-composite' })), fc.integer({ min: 1, max: 60 }), (text, max) => {
        const once = neutralize(text, { max });
        expect(neutralize(once, { max })).toBe(once);
        const inCode = neutralizeCode(text, { max });
        expect(neutralizeCode(inCode, { max })).toBe(inCode);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('neutralizeCode', () => {
  it('keeps backticks and dollar signs (a code span shows them as written) and still breaks the rest', () => {
    expect(neutralizeCode('feat/$x`y')).toBe('feat/$x`y');
    expect(neutralizeCode('@org/team <img> -->\u200B\n#1')).toBe(`@${Z}org/team <${Z}img> --${Z}> #${Z}1`);
  });
});
