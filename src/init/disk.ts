// The generator's disk adapter: finds the preset files shipped with the package, reads what a target
// folder already holds, and writes files atomically (a temporary file renamed into place), never
// deleting anything.
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_CONFIG_BYTES } from '../config/load.js';
import { FileReadError, readRegularText } from '../config/read-file.js';
import type { ExistingEntry, ResolvedFile } from './conflicts.js';
import type { PresetFiles } from './plan.js';
import { presetDefinition } from './presets.js';
import type { PresetDefinition, PresetName } from './presets.js';

/** The folder holding templates/, found by walking up from this module (src/init/ or dist/cli/). */
export function findTemplatesRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'templates', 'common'))) return join(dir, 'templates');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the templates folder above ${from}`);
    dir = parent;
  }
}

/**
 * A preset's lifecycle.yml (of its current edition, or of the edition given), its workflow (the
 * preset's own, else the shared one) and the built-in templates.
 */
export async function loadPresetFiles(preset: PresetName | PresetDefinition, templatesRoot: string = findTemplatesRoot()): Promise<PresetFiles> {
  const definition = typeof preset === 'string' ? presetDefinition(preset) : preset;
  const presetDir = join(templatesRoot, definition.name);
  const commonDir = join(templatesRoot, 'common');
  const lifecycle = await readFile(join(templatesRoot, ...definition.file.split('/')), 'utf8');
  const ownWorkflow = join(presetDir, 'workflow.yml');
  const workflow = await readFile(existsSync(ownWorkflow) ? ownWorkflow : join(commonDir, 'workflow.yml'), 'utf8');
  const names = (await readdir(commonDir)).filter((name) => name.endsWith('.md.hbs')).sort();
  const templates = await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(commonDir, name), 'utf8') })));
  const formsDir = join(presetDir, 'issue-forms');
  const formNames = existsSync(formsDir) ? (await readdir(formsDir)).filter((name) => name.endsWith('.yml')).sort() : [];
  const issueForms = await Promise.all(formNames.map(async (name) => ({ name, text: await readFile(join(formsDir, name), 'utf8') })));
  return { lifecycle, workflow, templates, issueForms };
}

export async function readExisting(root: string, paths: readonly string[]): Promise<Map<string, ExistingEntry>> {
  const entries = new Map<string, ExistingEntry>();
  for (const path of paths) {
    const full = join(root, path);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      if (isCode(error, 'ENOENT')) {
        entries.set(path, { kind: 'missing' });
        continue;
      }
      if (isCode(error, 'ENOTDIR')) {
        // A file where init needs a folder (".github" as a file): nothing can be written below it.
        const file = await fileInPath(full);
        entries.set(path, { kind: 'other', what: file === null ? 'a file' : `the file ${relative(root, file).split(sep).join('/')}` });
        continue;
      }
      throw error;
    }
    if (info.isFile()) entries.set(path, { kind: 'file', content: await readFile(full, 'utf8') });
    else entries.set(path, { kind: 'other', what: info.isDirectory() ? 'a folder' : 'something other than a file' });
  }
  return entries;
}

/**
 * The first existing part of `path` (itself or a parent folder) that is not a folder, or null when
 * the path can be a folder (it is one, or the parts that exist are folders).
 */
export async function fileInPath(path: string): Promise<string | null> {
  let at = resolve(path);
  for (;;) {
    try {
      return (await stat(at)).isDirectory() ? null : at;
    } catch (error) {
      if (!isCode(error, 'ENOENT') && !isCode(error, 'ENOTDIR')) throw error;
    }
    const parent = dirname(at);
    if (parent === at) return null;
    at = parent;
  }
}

/** An answers file is a few lines; more than this is the wrong file. */
export const MAX_ANSWERS_BYTES = 1024 * 1024;

/** Reads a regular file if there is one; null when there is none (or something else is there). */
export async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readRegularText(path, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof FileReadError && (error.problem === 'missing' || error.problem === 'not-a-file')) return null;
    throw error;
  }
}

/**
 * Writes through a temporary file in the same folder and renames it over the target, so a reader
 * (or a crash) never sees half a file. A symbolic link is followed, not replaced.
 */
export async function writeFileAtomic(path: string, content: string, mode?: number): Promise<void> {
  let target = resolve(path);
  // An existing file keeps its permissions.
  let keptMode: number | undefined;
  try {
    if ((await lstat(target)).isSymbolicLink()) target = await realpath(target);
    keptMode = (await stat(target)).mode & 0o777;
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, content, { encoding: 'utf8', flag: 'wx', mode: mode ?? keptMode ?? 0o644 });
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

export async function writeResolved(root: string, files: readonly ResolvedFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const entry of files) {
    if (entry.action !== 'create' && entry.action !== 'overwrite') continue;
    await writeFileAtomic(join(root, entry.file.path), entry.file.content, entry.file.mode);
    written.push(entry.file.path);
  }
  return written;
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
