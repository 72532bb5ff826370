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

/** `path:line:col: error: message` */
export function formatDiagnostic(diagnostic: Diagnostic, options: FormatOptions = {}): string {
  const severity = options.color ? paintSeverity(diagnostic.severity) : diagnostic.severity;
  return `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}: ${severity}: ${diagnostic.message}`;
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
