// Where templates come from. A TemplateSet is plain data (name → file) so the pure renderer never
// reads the disk; loadTemplateSet() is the disk adapter. A repository's templates folder
// (.github/lifecycle/ by default) overrides a built-in of the same name.
//
// Names are paths relative to their folder, with "/" separators: "task.md.hbs",
// "stages/fine-tuning.md.hbs". Files whose name starts with "_" are partials: "_exit-criteria.md.hbs"
// is used as {{> exit-criteria}}.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileReadError, formatLimit, readRegularText } from '../config/read-file.js';
import { BODY_LIMIT, MAX_TEMPLATE_BYTES } from './limits.js';
import { ConfigReadError } from '../config/load.js';

export interface TemplateFile {
  /** Relative to its folder, "/"-separated: "task.md.hbs". */
  name: string;
  /** Shown in error messages: ".github/lifecycle/task.md.hbs" or "templates/common/task.md.hbs". */
  path: string;
  text: string;
}

export interface TemplateSet {
  repo: Map<string, TemplateFile>;
  builtin: Map<string, TemplateFile>;
}

export type TemplateOrigin = 'repo' | 'builtin';

export interface ResolvedTemplate {
  file: TemplateFile;
  origin: TemplateOrigin;
}

const BUILTIN_FOLDER = ['templates', 'common'] as const;
const TEMPLATE_SUFFIX = '.hbs';

export function makeTemplateSet(repo: Iterable<TemplateFile>, builtin: Iterable<TemplateFile>): TemplateSet {
  const byName = (files: Iterable<TemplateFile>) => new Map([...files].sort((a, b) => compare(a.name, b.name)).map((f) => [f.name, f]));
  return { repo: byName(repo), builtin: byName(builtin) };
}

/** The repository's file first, then the built-in; null when neither exists. */
export function resolveTemplate(set: TemplateSet, name: string): ResolvedTemplate | null {
  const key = normalizeName(name);
  const repo = set.repo.get(key);
  if (repo) return { file: repo, origin: 'repo' };
  const builtin = set.builtin.get(key);
  if (builtin) return { file: builtin, origin: 'builtin' };
  return null;
}

/** Every name a config may refer to (repository and built-in), for the validator. */
export function templateNames(set: TemplateSet): Set<string> {
  return new Set([...set.builtin.keys(), ...set.repo.keys()].sort(compare));
}

/** "_exit-criteria.md.hbs" → "exit-criteria"; "parts/_row.hbs" → "parts/row"; null when not a partial. */
export function partialName(templateName: string): string | null {
  const slash = templateName.lastIndexOf('/');
  const base = templateName.slice(slash + 1);
  if (!base.startsWith('_') || !base.endsWith(TEMPLATE_SUFFIX)) return null;
  const bare = base.slice(1).replace(/\.hbs$/, '').replace(/\.md$/, '');
  return bare === '' ? null : templateName.slice(0, slash + 1) + bare;
}

/** Partials by the name templates use, a repository's overriding the built-in of the same name. */
export function partialFiles(set: TemplateSet): Map<string, TemplateFile> {
  const out = new Map<string, TemplateFile>();
  for (const source of [set.builtin, set.repo]) {
    for (const file of source.values()) {
      const name = partialName(file.name);
      if (name !== null) out.set(name, file);
    }
  }
  return out;
}

export function normalizeName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\.\//, '');
}

export interface TemplateFolderOptions {
  /** How file paths in errors start, e.g. ".github/lifecycle/"; default: the folder as given. */
  display?: string;
  /** The folder was named explicitly: missing is an error, not "built-ins only". */
  required?: boolean;
}

/**
 * Reads the repository's templates folder (missing is fine: built-ins only) and the built-ins.
 * `repoDir` is the folder itself, e.g. ".github/lifecycle". A folder that cannot be read throws
 * ConfigReadError.
 */
export async function loadTemplateSet(repoDir: string | null, options: TemplateFolderOptions = {}): Promise<TemplateSet> {
  const [repo, builtin] = await Promise.all([repoDir === null ? [] : readTemplateFolder(repoDir, options), loadBuiltinTemplates()]);
  return makeTemplateSet(repo, builtin);
}

export async function loadBuiltinTemplates(): Promise<TemplateFile[]> {
  const dir = builtinTemplatesDir();
  const files = await readTemplateFolder(dir);
  // A stable display path, the same from a source checkout, node_modules or the bundled Action.
  return files.map((f) => ({ ...f, path: `${BUILTIN_FOLDER.join('/')}/${f.name}` }));
}

/**
 * templates/common/ of this package, found by walking up from this module: the same code runs as
 * src/render/templates.ts, as dist/index.js and as dist/cli/index.js.
 */
export function builtinTemplatesDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, ...BUILTIN_FOLDER);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the built-in templates (${BUILTIN_FOLDER.join('/')}) above ${from}`);
    dir = parent;
  }
}

async function readTemplateFolder(dir: string, options: TemplateFolderOptions = {}): Promise<TemplateFile[]> {
  const shown = options.display ?? dir;
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !options.required) return [];
    throw new ConfigReadError(code === 'ENOENT' ? `cannot find the templates folder ${shown}` : `cannot read the templates folder ${shown}`, { cause: error });
  }
  if (!info.isDirectory()) throw new ConfigReadError(`the templates folder ${shown} is a file, not a folder`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile() && e.name.endsWith(TEMPLATE_SUFFIX))
    .map((e) => {
      const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path?: string }).path ?? dir;
      return join(parent, e.name).slice(dir.length).split(sep).filter(Boolean).join('/');
    })
    .sort(compare);
  return Promise.all(
    names.map(async (name) => {
      const path = joinDisplay(shown, name);
      return { name, path, text: await readTemplateText(join(dir, ...name.split('/')), path) };
    }),
  );
}

/** At most MAX_TEMPLATE_BYTES, from a regular file only; a message that names the file otherwise. */
async function readTemplateText(file: string, shown: string): Promise<string> {
  try {
    return await readRegularText(file, MAX_TEMPLATE_BYTES, shown);
  } catch (error) {
    if (error instanceof FileReadError && error.problem === 'too-large') {
      throw new Error(`the template ${shown} is larger than ${formatLimit(MAX_TEMPLATE_BYTES)}; what it renders must fit in ${BODY_LIMIT} characters`, { cause: error });
    }
    throw error;
  }
}

function joinDisplay(dir: string, name: string): string {
  return `${dir.replace(/[\\/]+$/, '').split(sep).join('/')}/${name}`;
}

// Code-unit order, not locale order: the same on every machine.
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
