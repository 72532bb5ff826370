// The optional folder skeleton: one folder per folder-shaped glob of the active stages' match.paths,
// each with a README. A folder is only proposed when its README is itself matched by the stage, so
// work put there always reaches that stage's guidance.
import { evaluateExpression, isTruthy } from '../config/expressions.js';
import type { LifecycleConfig, Stage } from '../config/schema.js';
import { compilePathGlobs } from '../guide/match.js';
import { resolveMatch } from '../config/conditional.js';

export interface SkeletonFolder {
  /** Folder path relative to the repository root, without a trailing slash. */
  path: string;
  stages: Pick<Stage, 'id' | 'name' | 'description'>[];
}

const MAGIC = /[*?[\]{}()!+@]/;

/**
 * The folder a plain folder glob names: "finetune/**" or "data/raw/**" (literal names, then "**").
 * Anything else (braces, wildcards in a name, a single file) routes pull requests without naming a
 * folder, which lets a preset match many spellings while creating one folder.
 */
export function globFolder(glob: string): string | null {
  const segments = glob.trim().replace(/^\.\//, '').split('/');
  const last = segments.pop();
  if (last !== '**' || segments.length === 0) return null;
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..' || MAGIC.test(segment))) return null;
  return segments.join('/');
}

export function isStageActive(stage: Pick<Stage, 'when'>, vars: LifecycleConfig['variables']): boolean {
  if (stage.when === undefined || stage.when.trim() === '') return true;
  try {
    return isTruthy(evaluateExpression(stage.when, vars));
  } catch {
    // A broken expression is for `validate` to report; a folder too many is harmless.
    return true;
  }
}

/**
 * One folder per plain folder glob of the active stages, in life cycle order. A folder is kept only
 * when its README is matched by the stage (so a "!" exclusion cannot orphan it); a folder claimed by
 * several stages lists them all.
 */
export function skeletonFolders(config: LifecycleConfig): SkeletonFolder[] {
  const active = config.stages
    .filter((stage) => isStageActive(stage, config.variables))
    .map((stage) => {
      const globs = resolveMatch(stage.match, config.variables).paths;
      return { stage, globs, matches: compilePathGlobs(globs) };
    });
  const candidates = active.flatMap(({ globs }) => globs.map(globFolder).filter((f): f is string => f !== null));
  const folders: SkeletonFolder[] = [];
  for (const path of new Set(candidates)) {
    const owners = active.filter(({ matches }) => matches(`${path}/README.md`)).map(({ stage }) => stage);
    if (owners.length === 0) continue;
    folders.push({ path, stages: owners.map((s) => ({ id: s.id, name: s.name, description: s.description })) });
  }
  return folders;
}

export function skeletonReadme(folder: SkeletonFolder, configPath: string): string {
  const lines = [`# ${folder.path}/`, ''];
  const [only] = folder.stages;
  if (folder.stages.length === 1 && only) {
    lines.push(`Work of the **${only.name}** stage.${only.description ? ` ${oneLine(only.description)}` : ''}`);
  } else {
    lines.push('Work shared by these stages:', '');
    for (const stage of folder.stages) lines.push(`- **${stage.name}**${stage.description ? `: ${oneLine(stage.description)}` : ''}`);
  }
  const names = folder.stages.map((s) => s.name).join(' and ');
  lines.push(
    '',
    `A pull request that changes files here gets the ${names} review checklist as a comment.`,
    `Which folders belong to which stage is set by \`match.paths\` in \`${configPath}\`.`,
    '',
  );
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
