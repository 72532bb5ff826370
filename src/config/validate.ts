// Validation of parsed lifecycle.yml data: the schema first, then the rules that span fields.
// Both run every time, so a user sees every problem at once.
import type { Diagnostic } from './diagnostics.js';
import { hasErrors, sortDiagnostics } from './diagnostics.js';
import { checkSemantics } from './checks.js';
import type { CheckOptions } from './checks.js';
import type { SourceMap } from './positions.js';
import { Reporter } from './report.js';
import { configSchema } from './schema.js';
import type { LifecycleConfig } from './schema.js';
import { reportSchemaIssues } from './schema-issues.js';

export type ValidateOptions = CheckOptions;

export interface ValidationInput {
  /** How diagnostics name the file. */
  file: string;
  /** Plain data from the YAML document. */
  data: unknown;
  /** Positions of the YAML nodes the data came from. */
  source: SourceMap;
}

export interface ValidationResult {
  /** The config with defaults applied; null when there is any error. */
  config: LifecycleConfig | null;
  diagnostics: Diagnostic[];
}

export function validateConfig(input: ValidationInput, options: ValidateOptions = {}): ValidationResult {
  const reporter = new Reporter(input.file, input.source);
  const parsed = configSchema.safeParse(input.data, { reportInput: true });
  if (!parsed.success) reportSchemaIssues(parsed.error.issues, input.data, reporter);
  checkSemantics(input.data, reporter, options);
  const diagnostics = sortDiagnostics(reporter.diagnostics);
  return { config: parsed.success && !hasErrors(diagnostics) ? parsed.data : null, diagnostics };
}
