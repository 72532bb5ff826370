// `lifecycle validate`: every problem in lifecycle.yml and in the templates it uses at once, compiler style.
import { relative, resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { countDiagnostics, formatDiagnostic, summarize } from '../../config/diagnostics.js';
import type { Diagnostic } from '../../config/diagnostics.js';
import { ConfigReadError } from '../../config/load.js';
import type { LifecycleConfig } from '../../config/schema.js';
import { defaultTemplatesDir } from '../../config/template-names.js';
import { validateLifecycleFile } from '../../commands/validate.js';
import { loadTemplateSet } from '../../render/templates.js';
import { EXIT, UsageError, paint, useColor } from '../io.js';
import { jsonAliasOption } from '../options.js';

export const DEFAULT_CONFIG_PATH = '.github/lifecycle.yml';

export interface ValidateCommandOptions {
  config: string;
  templates?: string;
  format: 'text' | 'json';
}

export interface ValidateReport {
  file: string;
  valid: boolean;
  errors: number;
  warnings: number;
  stages: number | null;
  tasks: number | null;
  diagnostics: Diagnostic[];
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Check lifecycle.yml and the templates it uses; report every problem with its file, line and column.')
    .option('-c, --config <path>', 'the file to check', DEFAULT_CONFIG_PATH)
    .option('-t, --templates <dir>', 'the repository templates folder (default: "lifecycle/" beside the config)')
    .addOption(new Option('-f, --format <format>', 'text for people, json for machines').choices(['text', 'json']).default('text'))
    .addOption(jsonAliasOption())
    .addHelpText(
      'after',
      [
        '',
        'Exit status:',
        '  0  valid (warnings are allowed)',
        '  1  the file or a template it uses has errors',
        '  2  the command was misused or a file could not be read',
        '',
        'Examples:',
        '  lifecycle validate',
        '  lifecycle validate --config templates/genai/lifecycle.yml',
        '  lifecycle validate --format json > diagnostics.json',
      ].join('\n'),
    )
    .action(async (opts: ValidateCommandOptions) => {
      const report = await validateCommand(opts, process.cwd());
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        process.stdout.write(formatReport(report, useColor(process.stdout)));
      }
      process.exitCode = report.valid ? EXIT.ok : EXIT.failed;
    });
}

/** Reads the config and templates from `cwd`; throws UsageError when something cannot be read. */
export async function validateCommand(opts: Pick<ValidateCommandOptions, 'config' | 'templates'>, cwd: string): Promise<ValidateReport> {
  const configPath = resolve(cwd, opts.config);
  const display = displayPath(cwd, configPath, opts.config);
  const templatesDir = opts.templates === undefined ? defaultTemplatesDir(configPath) : resolve(cwd, opts.templates);
  const templatesDisplay = `${displayPath(cwd, templatesDir, opts.templates ?? templatesDir)}/`;
  try {
    const templates = await loadTemplateSet(templatesDir, { display: templatesDisplay, required: opts.templates !== undefined });
    const result = await validateLifecycleFile(configPath, { file: display, templates, templatesDir: templatesDisplay });
    const { errors, warnings } = countDiagnostics(result.diagnostics);
    return {
      file: display,
      valid: errors === 0,
      errors,
      warnings,
      stages: result.config ? result.config.stages.length : null,
      tasks: result.config ? countTasks(result.config) : null,
      diagnostics: result.diagnostics,
    };
  } catch (error) {
    if (error instanceof ConfigReadError) {
      const hint = opts.config === DEFAULT_CONFIG_PATH && /^cannot find/.test(error.message) ? '; run "lifecycle init" to create one, or pass --config <path>' : '';
      throw new UsageError(`${error.message}${hint}`, { cause: error });
    }
    throw error;
  }
}

export function formatReport(report: ValidateReport, color: boolean): string {
  const lines = report.diagnostics.map((d) => formatDiagnostic(d, { color }));
  if (report.valid) {
    const counts = report.stages === null ? '' : `: ${plural(report.stages, 'stage')} and ${plural(report.tasks ?? 0, 'task')}`;
    const warnings = report.warnings > 0 ? ` (${plural(report.warnings, 'warning')})` : '';
    lines.push(`${paint(`${report.file} is valid`, 'green', color)}${counts}${warnings}`);
  } else {
    lines.push(paint(summarize(report.diagnostics), 'red', color));
  }
  return `${lines.join('\n')}\n`;
}

function countTasks(config: LifecycleConfig): number {
  return config.stages.reduce((sum, stage) => sum + stage.tasks.length, 0);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

// Diagnostics name files the way the user wrote them, relative to where they stand.
function displayPath(cwd: string, absolute: string, asGiven: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return asGiven;
  return rel.startsWith('..') ? absolute.split('\\').join('/') : rel.split('\\').join('/');
}
