// `command: validate`: every diagnostic, in lifecycle.yml or in a template it uses, becomes an
// annotation on its file and line, so it shows on the pull request's "Files changed" tab; the step
// fails when there is an error.
import path from 'node:path';
import * as core from '@actions/core';
import { countDiagnostics, formatDiagnostic, oneLine, summarize } from '../config/diagnostics.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { ConfigReadError } from '../config/load.js';
import { validateLifecycleFile } from '../commands/validate.js';
import { htmlCode } from '../render/code-block.js';
import { loadTemplateSet } from '../render/templates.js';
import type { ActionInputs } from './inputs.js';

export interface ValidateOutcome {
  valid: boolean;
  diagnostics: Diagnostic[];
}

export function annotate(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const properties: core.AnnotationProperties = {
      title: d.file.endsWith('.hbs') ? 'lifecycle template' : 'lifecycle.yml',
      file: d.file,
      startLine: d.line,
      startColumn: d.column,
    };
    // GitHub drops columns on annotations that span lines; only give the end when it is on the same line.
    if (d.endLine === d.line && d.endColumn !== undefined) properties.endColumn = d.endColumn;
    // The message may quote a stranger's key or value (a proposed lifecycle.yml): one line, as text.
    const message = oneLine(d.message);
    if (d.severity === 'error') core.error(message, properties);
    else core.warning(message, properties);
  }
}

export async function runValidate(inputs: ActionInputs, workspace: string): Promise<ValidateOutcome> {
  const configPath = path.resolve(workspace, inputs.config);
  const templatesDir = path.resolve(workspace, inputs.templates);
  const display = path.relative(workspace, configPath).split(path.sep).join('/');
  let diagnostics: Diagnostic[];
  try {
    const templates = await loadTemplateSet(templatesDir, { display: inputs.templates });
    diagnostics = (await validateLifecycleFile(configPath, { file: display, templates, templatesDir: inputs.templates })).diagnostics;
  } catch (error) {
    if (error instanceof ConfigReadError) {
      throw new Error(`${error.message}. Check out the repository first (actions/checkout) or set the "config" input.`, { cause: error });
    }
    throw error;
  }
  annotate(diagnostics);
  const { errors } = countDiagnostics(diagnostics);
  core.setOutput('valid', String(errors === 0));
  const lines = diagnostics.map((d) => formatDiagnostic(d));
  await core.summary
    .addHeading(errors === 0 ? `${display} is valid` : `${display} has ${summarize(diagnostics)}`, 2)
    .addCodeBlock(htmlCode(lines.length > 0 ? lines.join('\n') : 'No problems found.'), 'text')
    .write();
  if (errors > 0) core.setFailed(`${display}: ${summarize(diagnostics)}`);
  return { valid: errors === 0, diagnostics };
}
