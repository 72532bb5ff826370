import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BREAK, neutralize } from '../../src/render/escape.js';
import { parseMarker } from '../../src/plan/marker.js';

const Z = BREAK;

// What GitHub would act on, checked on the output. Each is a reason a stranger's text is dangerous.
const MENTION = /(^|[^\w`])[@\uFF20\uFE6B][A-Za-z0-9]/;
const HTML_START = /<[A-Za-z!/?]/;
const COMMENT_END = /--!?>/;
const LINK = /\][([:]/; // CommonMark allows no space between "]" and "(" or "["
const ISSUE_REF = /#\d|\bGH-\d/i;
const ENTITY = /&[#A-Za-z]/;

function assertInert(out: string): void {
  expect(out).not.toMatch(MENTION);
  expect(out).not.toMatch(HTML_START);
  expect(out).not.toMatch(COMMENT_END);
  expect(out).not.toMatch(LINK);
  expect(out).not.toMatch(ISSUE_REF);
  expect(out).not.toMatch(ENTITY);
  expect(out).not.toMatch(/[\r\n]/);
  expect(parseMarker(out)).toBeNull();
}

describe('neutralize', () => {
  it.each([
    ['a user mention', 'thanks @octocat', `thanks @${Z}octocat`],
    ['a team mention', '@org/team please review', `@${Z}org/team please review`],
    ['a full-width at sign', '＠octocat', `＠${Z}octocat`],
    ['an image tag', '<img src=x onerror=alert(1)>', `<${Z}img src=x onerror=alert(1)>`],
    ['a script tag', '<script>alert(1)</script>', `<${Z}script>alert(1)<${Z}/script>`],
    ['a details block', '<details><summary>x</summary>', `<${Z}details><${Z}summary>x<${Z}/summary>`],
    ['the end of a comment', 'a --> b', `a --${Z}> b`],
    ['the other end of a comment', 'a --!> b', `a --!${Z}> b`],
    ['a Markdown link', '[x](javascript:alert(1))', `${Z}[x]${Z}(javascript:alert(1))`],
    ['an image', '![pixel](https://evil.example/t.png)', `${Z}![pixel]${Z}(https://evil.example/t.png)`],
    ['a reference link', 'see [x][1]', `see [x]${Z}[1]`],
    ['an issue reference', 'fixes #12 and other/repo#3', `fixes #${Z}12 and other/repo#${Z}3`],
    ['a GH- reference', 'GH-42', `GH-${Z}42`],
    ['an entity that decodes to @', '&#64;team', `&${Z}#${Z}64;team`],
    ['line breaks', 'one\ntwo\r\nthree\u2028four', 'one two three four'],
    ['a heading at the start', '# Title', `${Z}# Title`],
    ['a quote at the start', '> quoted', `${Z}> quoted`],
    ['a list at the start', '1. first', `${Z}1. first`],
    ['a fence at the start', '```js', `${Z}\`\`\`js`],
    ['bidirectional overrides', 'abc\u202Edcba\u2066x\u2069', 'abcdcbax'],
    ['control characters', 'a\u0000b\u0007c\u001bd', 'abcd'],
    ['a trailing backslash', 'path\\', `path\\${Z}`],
  ])('defuses %s', (_what, input, expected) => {
    expect(neutralize(input)).toBe(expected);
  });

  it.each([
    ['plain text', 'Fix tokenizer for long inputs'],
    ['a file path', 'finetune/train.py'],
    ['backticks (code in titles, as GitHub shows them)', 'Fix `parse()` on empty input'],
    ['emphasis', 'a *small* change'],
    ['a branch name', 'feature/lora-rank-16'],
    ['non-Latin text', 'Ajuste fino: données et modèles 日本語'],
  ])('leaves %s as written', (_what, input) => {
    expect(neutralize(input)).toBe(input);
  });

  it('defuses everything at once in the example from the design', () => {
    const out = neutralize('@org/team <img src=x> --> [x](javascript:alert(1)) `code` <!-- lifecycle-action {"v":1,"kind":"task"} -->');
    assertInert(out);
    expect(out.replace(new RegExp(Z, 'g'), '')).toBe('@org/team <img src=x> --> [x](javascript:alert(1)) `code` <!-- lifecycle-action {"v":1,"kind":"task"} -->');
  });

  it('cannot fake our hidden marker', () => {
    const fake = '<!-- lifecycle-action {"v":1,"kind":"task","stage":"s","task":"t","digest":"0"} -->';
    expect(parseMarker(neutralize(fake))).toBeNull();
  });

  it('stays inert inside a code span, where backticks in the text could end the span early', () => {
    const out = neutralize('a` @octocat <b> [x](y) `b');
    assertInert(`\`${out}\``);
  });

  it('makes any text inert (property)', () => {
    const nasty = fc.constantFrom('@', '＠', '<', '>', '-', '!', '[', ']', '(', ')', ':', '#', '&', '`', '\n', '\u202E', 'a', '1', 'GH-', ' ', '/', '\\');
    fc.assert(
      fc.property(fc.array(fc.oneof(nasty, fc.string()), { maxLength: 40 }), (parts) => {
        assertInert(neutralize(parts.join('')));
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite' }), (text) => {
        const once = neutralize(text);
        expect(neutralize(once)).toBe(once);
      }),
    );
  });

  it('only adds invisible breaks and spaces, never drops visible text (apart from controls)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (text) => {
        const visible = (s: string) => s.replace(/[\s\u200B]/g, '');
        // eslint-disable-next-line no-control-regex
        expect(visible(neutralize(text))).toBe(visible(text.replace(/[\u0000-\u001F\u007F]/g, '')));
      }),
    );
  });
});
