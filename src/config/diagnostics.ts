// What validation reports: one diagnostic per problem, compiler style, every one of them at once.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  severity: Severity;
  message: string;
  endLine?: number;
  endColumn?: number;
}

export interface FormatOptions {
  /** ANSI colour for the severity word; callers decide (only in a terminal). */
  color?: boolean;
}

/** `path:line:col: error: message`, always one line (see oneLine). */
export function formatDiagnostic(diagnostic: Diagnostic, options: FormatOptions = {}): string {
  const severity = options.color ? paintSeverity(diagnostic.severity) : diagnostic.severity;
  return `${oneLine(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}: ${severity}: ${oneLine(diagnostic.message)}`;
}

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
// Line and paragraph breaks, control characters (escape sequences a terminal or a log would act
// on), and default-ignorable characters (bidi controls, zero-width characters, tag characters).
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * Messages quote keys, values and names from the file, which may hold line breaks, terminal escape
 * sequences, bidi controls or invisible characters. Shown as escapes (`\n`, `\u202E`), a diagnostic
 * stays one line that reads as it is, in a terminal, a log, an annotation and a job summary.
 */
export function oneLine(text: string): string {
  return text.replace(UNPRINTABLE, (c) => NAMED_ESCAPES[c] ?? codePointEscape(c.codePointAt(0) ?? 0));
}

function codePointEscape(code: number): string {
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

function paintSeverity(severity: Severity): string {
  const code = severity === 'error' ? 31 : 33;
  return `\u001b[1;${code}m${severity}\u001b[0m`;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** "3 errors, 1 warning"; "1 warning"; "no problems". */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, 'error'));
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.length > 0 ? parts.join(', ') : 'no problems';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** By file, then position; errors before warnings at the same spot; exact repeats dropped. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const unique: Diagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.file}\u0000${d.line}\u0000${d.column}\u0000${d.severity}\u0000${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(d);
  }
  return unique.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1),
  );
}
