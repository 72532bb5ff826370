import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/config/diagnostics.js';
import { countDiagnostics, formatDiagnostic, hasErrors, oneLine, sortDiagnostics, summarize } from '../../src/config/diagnostics.js';
import { closestMatch, didYouMean, editDistance } from '../../src/config/suggest.js';

const d = (line: number, column: number, severity: Diagnostic['severity'], message = 'm', file = 'a.yml'): Diagnostic => ({ file, line, column, severity, message });

describe('diagnostics', () => {
  it('formats as path:line:col: severity: message', () => {
    expect(formatDiagnostic(d(14, 5, 'error', 'unknown key "x"', '.github/lifecycle.yml'))).toBe('.github/lifecycle.yml:14:5: error: unknown key "x"');
    expect(formatDiagnostic(d(1, 1, 'warning'))).toBe('a.yml:1:1: warning: m');
  });

  it('keeps each diagnostic on one line that reads as it is: breaks, escapes, bidi and invisible characters in quoted text are shown escaped', () => {
    const key = 'a```\n<img src=x>\r\n@org/team\u2028\u001b[31mred\t\u202Eevil\u200B\u{E0041}';
    const line = formatDiagnostic(d(7, 5, 'error', `unknown key "${key}"`, '.github/lifecycle.yml'));
    expect(line).toBe('.github/lifecycle.yml:7:5: error: unknown key "a```\\n<img src=x>\\r\\n@org/team\\u2028\\u001B[31mred\\t\\u202Eevil\\u200B\\u{E0041}"');
    expect(line).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u);
    expect(oneLine('plain text, 日本語 and 👍')).toBe('plain text, 日本語 and 👍');
  });

  it('colours only the severity, and only when asked', () => {
    expect(formatDiagnostic(d(1, 1, 'error'), { color: true })).toBe('a.yml:1:1: \u001b[1;31merror\u001b[0m: m');
    expect(formatDiagnostic(d(1, 1, 'warning'), { color: true })).toBe('a.yml:1:1: \u001b[1;33mwarning\u001b[0m: m');
    expect(formatDiagnostic(d(1, 1, 'warning'), { color: false })).toBe('a.yml:1:1: warning: m');
  });

  it('escapes a character by its code point, four hex digits at least', () => {
    expect(oneLine('a\u0001b\u00ADc\u{1D173}\uFEFF')).toBe('a\\u0001b\\u00ADc\\u{1D173}\\uFEFF');
    expect(formatDiagnostic(d(1, 1, 'error', 'm', 'a\nb.yml'))).toBe('a\\nb.yml:1:1: error: m');
  });

  it('summarizes counts in words', () => {
    expect(summarize([d(1, 1, 'error'), d(2, 1, 'error'), d(3, 1, 'error'), d(4, 1, 'warning')])).toBe('3 errors, 1 warning');
    expect(summarize([d(1, 1, 'error')])).toBe('1 error');
    expect(summarize([d(1, 1, 'warning'), d(1, 2, 'warning')])).toBe('2 warnings');
    expect(summarize([])).toBe('no problems');
    expect(hasErrors([d(1, 1, 'warning')])).toBe(false);
    expect(hasErrors([d(1, 1, 'warning'), d(2, 1, 'error')])).toBe(true);
    expect(countDiagnostics([d(1, 1, 'warning'), d(2, 1, 'error'), d(3, 1, 'warning')])).toEqual({ errors: 1, warnings: 2 });
  });

  it('sorts by file and position, errors first, without repeats', () => {
    const sorted = sortDiagnostics([d(3, 1, 'error'), d(1, 5, 'warning'), d(1, 5, 'error'), d(1, 2, 'error'), d(1, 2, 'error'), d(1, 1, 'error', 'm', 'b.yml')]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.severity}`)).toEqual(['a.yml:1:2:error', 'a.yml:1:5:error', 'a.yml:1:5:warning', 'a.yml:3:1:error', 'b.yml:1:1:error']);
    const other = sortDiagnostics([d(1, 1, 'error', 'm', 'b.yml'), d(5, 1, 'error'), d(5, 1, 'warning'), d(5, 1, 'error', 'other')]);
    expect(other.map((x) => `${x.file}:${x.line}:${x.severity}:${x.message}`)).toEqual(['a.yml:5:error:m', 'a.yml:5:error:other', 'a.yml:5:warning:m', 'b.yml:1:error:m']);
  });
});

describe('did you mean', () => {
  it('measures edits, with a swap of neighbours as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('depnedson', 'dependson')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abcd', 'acbd')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('flaw', 'lawn')).toBe(2);
    expect(editDistance('xab', 'yba')).toBe(2);
  });

  it('suggests close names only', () => {
    expect(closestMatch('dependson', ['depends_on', 'description'])).toBe('depends_on');
    expect(closestMatch('fine-tunning', ['fine-tuning', 'rlhf'])).toBe('fine-tuning');
    expect(closestMatch('Calendar', ['calendar', 'name'])).toBe('calendar');
    expect(closestMatch('xyz', ['calendar', 'name'])).toBeUndefined();
    expect(didYouMean('nme', ['name'])).toBe(' (did you mean "name"?)');
    expect(didYouMean('banana', ['name'])).toBe('');
  });

  it('allows a third of the word in edits, at least 1 and at most 3', () => {
    expect(closestMatch('ab', ['xb'])).toBe('xb');
    expect(closestMatch('ab', ['xy'])).toBeUndefined();
    expect(closestMatch('abcdef', ['abcdxy'])).toBe('abcdxy');
    expect(closestMatch('abcdef', ['abcxyz'])).toBeUndefined();
    expect(closestMatch('abcdefghi', ['abcdefxyz'])).toBe('abcdefxyz');
    expect(closestMatch('abcdefghijklmn', ['abcdefghijwxyz'])).toBeUndefined();
    expect(closestMatch('abcdefghijklmn', ['abcdefghijkxyz'])).toBe('abcdefghijkxyz');
  });

  it('takes case and "-"/"_" differences for near-misses, prefers the first of equals, and skips the word itself', () => {
    expect(closestMatch('DependsOn', ['depends_on'])).toBe('depends_on');
    expect(closestMatch('exit-criteria', ['exit_criterion', 'exit_criteria'])).toBe('exit_criteria');
    expect(closestMatch('nme', ['name', 'nae'])).toBe('name');
    expect(closestMatch('nme', ['nae', 'name'])).toBe('nae');
    expect(closestMatch('name', ['name'])).toBeUndefined();
    expect(closestMatch('name', ['name', 'nam'])).toBe('nam');
    expect(closestMatch('nam', new Set(['name']))).toBe('name');
    // Three edits apart, but the same word once case, "-" and "_" are set aside.
    expect(closestMatch('a_b_c', ['abc'])).toBe('abc');
    expect(closestMatch('A-B', ['a_b', 'ab'])).toBe('a_b');
  });
});
