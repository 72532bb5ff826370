// Phase 3b: a pull request that edits lifecycle.yml or a template gets the proposed versions
// checked, as `lifecycle validate` would: read and parsed at the head, never rendered or used.
// Only under `pull_request`, or when the event is not named (docs/security.md).
import { makeTemplateSet, loadBuiltinTemplates } from '../../render/templates.js';
import { readContent } from '../../github/contents.js';
import { readTemplateFiles } from '../../github/template-files.js';
import { validateLifecycle } from '../validate.js';
import type { WithFiles } from './types.js';

export async function checkProposedConfig(run: WithFiles): Promise<WithFiles> {
  const { client, repo, configPath } = run;
  const templatesFolder = run.templatesPath.replace(/^\.?\/+|\/+$/g, '');
  if (!editsRules(run.changed, configPath, templatesFolder)) return run;
  if (run.eventName !== undefined && run.eventName !== 'pull_request') return run;
  const head = await readContent(client, repo, configPath, run.pull.head.sha);
  if (head?.text == null) return run;
  const [proposed, builtin] = await Promise.all([readTemplateFiles(client, repo, templatesFolder, run.pull.head.sha), run.builtinTemplates ?? loadBuiltinTemplates()]);
  if (proposed.truncated) run.warnings.push(`The templates folder ${templatesFolder}/ holds more templates than are read for a check; some of the proposed templates were not checked.`);
  const headConfigDiagnostics = validateLifecycle(Buffer.from(head.text, 'utf8'), {
    file: configPath,
    templates: makeTemplateSet(proposed.files, builtin),
    templatesDir: `${templatesFolder}/`,
  }).diagnostics;
  return { ...run, headConfigDiagnostics };
}

/** Whether the changed files include the config or a template in its folder. */
export function editsRules(changed: readonly string[], configPath: string, templatesFolder: string): boolean {
  return changed.includes(configPath) || changed.some((f) => f.startsWith(`${templatesFolder}/`) && f.endsWith('.hbs'));
}
