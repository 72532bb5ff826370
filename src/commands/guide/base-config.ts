// Phase 2: lifecycle.yml at the pull request's BASE commit, never its head, so a pull request
// cannot change the rules it is judged by. A missing or broken config is not acted on here: the
// files are still listed and a proposed config still checked (a pull request may be the one that
// adds or fixes it), and the guidance stops after that (see reportConfigProblem).
import { loadConfigBytes } from '../../config/load.js';
import { hasErrors } from '../../config/diagnostics.js';
import type { LifecycleConfig } from '../../config/schema.js';
import { readContent } from '../../github/contents.js';
import type { AtBase, GuideEvent, WithFiles } from './types.js';

export async function readBaseConfig(run: GuideEvent): Promise<AtBase> {
  const { configPath, baseSha } = run;
  const file = await readContent(run.client, run.repo, configPath, baseSha);
  if (file?.text == null) {
    const configProblem = `No ${configPath} at the base commit (${baseSha.slice(0, 7)}): nothing to guide by. Guidance starts once it is merged.`;
    return { ...run, config: null, configDiagnostics: [], configProblem };
  }
  const loaded = loadConfigBytes(Buffer.from(file.text, 'utf8'), configPath);
  if (!loaded.config || hasErrors(loaded.diagnostics)) {
    const configProblem = `${configPath} at the base commit has errors, so no guidance was given. Run \`lifecycle validate\` to see them.`;
    return { ...run, config: null, configDiagnostics: loaded.diagnostics, configProblem };
  }
  return { ...run, config: loaded.config, configDiagnostics: loaded.diagnostics, configProblem: null };
}

export function hasConfig<T extends AtBase>(run: T): run is T & { config: LifecycleConfig } {
  return run.config !== null;
}

/** The end of a run without a usable config: said once, after the files were listed and checked. */
export function reportConfigProblem(run: WithFiles): WithFiles {
  if (run.configProblem !== null) run.warnings.push(run.configProblem);
  return run;
}
