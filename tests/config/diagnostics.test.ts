import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/config/diagnostics.js';
import { formatDiagnostic, hasErrors, oneLine, sortDiagnostics, summarize } from '../../src/config/diagnostics.js';
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
  });

  it('summarizes counts in words', () => {
    expect(summarize([d(1, 1, 'error'), d(2, 1, 'error'), d(3, 1, 'error'), d(4, 1, 'warning')])).toBe('3 errors, 1 warning');
    expect(summarize([d(1, 1, 'error')])).toBe('1 error');
    expect(summarize([d(1, 1, 'warning'), d(1, 2, 'warning')])).toBe('2 warnings');
    expect(summarize([])).toBe('no problems');
    expect(hasErrors([d(1, 1, 'warning')])).toBe(false);
  });

  it('sorts by file and position, errors first, without repeats', () => {
    const sorted = sortDiagnostics([d(3, 1, 'error'), d(1, 5, 'warning'), d(1, 5, 'error'), d(1, 2, 'error'), d(1, 2, 'error'), d(1, 1, 'error', 'm', 'b.yml')]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.severity}`)).toEqual(['a.yml:1:2:error', 'a.yml:1:5:error', 'a.yml:1:5:warning', 'a.yml:3:1:error', 'b.yml:1:1:error']);
  });
});

describe('did you mean', () => {
  it('measures edits, with a swap of neighbours as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('depnedson', 'dependson')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests close names only', () => {
    expect(closestMatch('dependson', ['depends_on', 'description'])).toBe('depends_on');
    expect(closestMatch('fine-tunning', ['fine-tuning', 'rlhf'])).toBe('fine-tuning');
    expect(closestMatch('Calendar', ['calendar', 'name'])).toBe('calendar');
    expect(closestMatch('xyz', ['calendar', 'name'])).toBeUndefined();
    expect(didYouMean('nme', ['name'])).toBe(' (did you mean "name"?)');
    expect(didYouMean('banana', ['name'])).toBe('');
  });
});
