// The code spans of a stranger's text, read as CommonMark reads inline text (escapes first, then a
// run of n backticks up to the next run of exactly n), and the escaping neutralize() builds on them.
import { describe, expect, it } from 'vitest';
import { codeSpans, escapeCodeAndMath } from '../../src/render/code-spans.js';

describe('codeSpans', () => {
  it.each<[string, string, [number, number][]]>([
    ['no backticks', 'plain $text$', []],
    ['a span at the start', '`b`', [[0, 3]]],
    ['a span after text', 'a`b`', [[1, 4]]],
    ['a span of two backticks', 'a``b`c``d', [[1, 8]]],
    ['an unclosed run', 'a`b', []],
    ['a run after a span, closing nothing', 'a`b`c`', [[1, 4]]],
    ['two spans', 'x`a`y`b`', [[1, 4], [5, 8]]],
    ['a backtick escaped, the next one unclosed', '\\`a`', []],
    ['an escaped backslash before a span', '\\\\`a`', [[2, 5]]],
    ['a backslash before a letter, then a span', '\\a`b`', [[2, 5]]],
    ['an escape inside a longer run', '\\``a`', [[2, 5]]],
    ['a shorter run inside a longer span, then a span of that length', '``a`b`` `c`', [[0, 7], [8, 11]]],
  ])('%s', (_what, text, spans) => {
    expect([...codeSpans(text)]).toEqual(spans);
  });
});

describe('escapeCodeAndMath', () => {
  const M = '|';
  it.each([
    ['nothing to escape', 'plain text', 'plain text'],
    ['a dollar sign', 'a $5', 'a \\$5'],
    ['a trailing backslash after a dollar sign', 'a$\\', 'a\\$\\'],
    ['an escaped dollar sign', 'a \\$5', 'a \\$5'],
    ['a backslash before a letter', '\\a $', '\\a \\$'],
    ['an unclosed run', 'a ``b $', 'a \\`\\`b \\$'],
    ['a closed span, kept as written', 'a `$x` $', 'a `$x` \\$'],
    ['a dollar sign right before a span', '$`x`', `\\$${M}\`x\``],
    ['a dollar sign right after a span', '`x`$', `\`x\`${M}\\$`],
    ['an escaped dollar sign right after a span', '`x`\\$', `\`x\`${M}\\$`],
    ['a backslash after a span, not before a dollar sign', '`x`\\a $', '`x`\\a \\$'],
    ['a dollar sign one character after a span', '`x`\\ $', '`x`\\ \\$'],
  ])('%s', (_what, text, expected) => {
    expect(escapeCodeAndMath(text, M)).toBe(expected);
  });
});
