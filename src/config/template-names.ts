// Which template names exist, for checking references in lifecycle.yml. Names only: validation never
// needs the text. Names are paths relative to their folder with "/" separators, as the renderer uses.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigReadError } from './load.js';
import { DEFAULT_TEMPLATES } from './schema.js';
import { templatesFolder } from './templates-folder.js';

const TEMPLATE_SUFFIX = '.hbs';

/** The built-in defaults count as existing even where templates/common is not shipped. */
export const DEFAULT_TEMPLATE_NAMES: readonly string[] = Object.values(DEFAULT_TEMPLATES);

/** `.github/lifecycle/` for `.github/lifecycle.yml`: see templatesFolder, the one rule. */
export function defaultTemplatesDir(configPath: string): string {
  return templatesFolder(configPath);
}

/**
 * templates/common of this package, found by walking up from this module (the same code runs from
 * src/ and from the bundle in dist/); null when there is none.
 */
export function findBuiltinTemplatesDir(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'templates', 'common');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Template names in a folder, recursively. A missing folder has none unless `required`; a path that
 * is not a folder, or cannot be read, throws ConfigReadError.
 */
export async function listTemplateNames(dir: string, options: { required?: boolean; displayPath?: string } = {}): Promise<string[]> {
  const shown = options.displayPath ?? dir;
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new ConfigReadError(`the templates folder ${shown} is a file, not a folder`);
  } catch (error) {
    if (error instanceof ConfigReadError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' && !options.required) return [];
    throw new ConfigReadError(code === 'ENOENT' ? `cannot find the templates folder ${shown}` : `cannot read the templates folder ${shown}`, { cause: error });
  }
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    throw new ConfigReadError(`cannot read the templates folder ${shown}`, { cause: error });
  }
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(TEMPLATE_SUFFIX))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Every name a config may use: the repository's folder (if any), the built-ins and the defaults. */
export async function availableTemplateNames(options: {
  repoDir: string | null;
  repoDirRequired?: boolean;
  repoDirDisplay?: string;
  builtinDir?: string | null;
}): Promise<Set<string>> {
  const builtinDir = options.builtinDir === undefined ? findBuiltinTemplatesDir() : options.builtinDir;
  const [repo, builtin] = await Promise.all([
    options.repoDir === null
      ? []
      : listTemplateNames(options.repoDir, {
          ...(options.repoDirRequired ? { required: true } : {}),
          ...(options.repoDirDisplay !== undefined ? { displayPath: options.repoDirDisplay } : {}),
        }),
    builtinDir === null ? [] : listTemplateNames(builtinDir),
  ]);
  return new Set([...DEFAULT_TEMPLATE_NAMES, ...builtin, ...repo]);
}
