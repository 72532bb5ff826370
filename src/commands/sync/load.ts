// Phase load: the config and the templates it uses, validated as `lifecycle validate` validates
// them. A broken template stops the run here, before anything is read from or written to GitHub.
import { formatDiagnostic, hasErrors, summarize, type Diagnostic } from '../../config/diagnostics.js';
import { loadTemplateSet } from '../../render/templates.js';
import { validateLifecycle, validateLifecycleFile } from '../validate.js';
import type { Loaded, SyncContext } from './types.js';

export const DEFAULT_CONFIG = '.github/lifecycle.yml';

/** The config or a template it uses has errors: nothing was written to GitHub, nor read beyond `firstReads`. */
export class ConfigInvalidError extends Error {
  override name = 'ConfigInvalidError';
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d)).join('\n')}\n${summarize(diagnostics)}`);
  }
}

export async function load({ options, progress }: SyncContext): Promise<Loaded> {
  progress('load', 'Loading the config and templates');
  const display = options.templatesDisplay;
  const templates = options.templates ?? (await loadTemplateSet(options.templatesDir ?? null, display === undefined ? {} : { display }));
  const path = options.configPath ?? DEFAULT_CONFIG;
  const folder = display ?? options.templatesDir ?? undefined;
  const sources = { file: path, templates, ...(folder ? { templatesDir: folder } : {}) };
  const loaded = options.configText !== undefined ? validateLifecycle(options.configText, sources) : await validateLifecycleFile(path, sources);
  if (!loaded.config || hasErrors(loaded.diagnostics)) throw new ConfigInvalidError(loaded.diagnostics);
  return { config: loaded.config, templates, diagnostics: loaded.diagnostics };
}
