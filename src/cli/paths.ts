// Paths as the user sees them, and the templates folder every command reads (see templatesFolder).
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { templatesFolder } from '../config/templates-folder.js';
import { UsageError } from './io.js';

/** Relative to where the user stands when inside it, absolute otherwise; "/"-separated. */
export function displayPath(cwd: string, absolute: string, asGiven: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return asGiven;
  return rel.startsWith('..') ? absolute.split('\\').join('/') : rel.split('\\').join('/');
}

/**
 * The templates folder for a config, resolved from `cwd`. A folder the user named must exist; the
 * default one may be missing (the built-ins then serve every name).
 */
export async function templatesDirFor(cwd: string, config: string, templates: string | undefined): Promise<string> {
  const dir = resolve(cwd, templatesFolder(config, templates));
  if (templates === undefined) return dir;
  let isFolder: boolean;
  try {
    isFolder = (await stat(dir)).isDirectory();
  } catch {
    throw new UsageError(`cannot find the templates folder ${templates}`);
  }
  if (!isFolder) throw new UsageError(`the templates folder ${templates} is a file, not a folder`);
  return dir;
}
