// Reads a generated folder back into memory: the demo seeds the emulator's repository with it.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Every file under `root`, by forward-slash relative path, sorted. */
export async function snapshotDir(root: string): Promise<Map<string, string>> {
  const found: [string, string][] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) found.push([relative(root, full).split(sep).join('/'), await readFile(full, 'utf8')]);
    }
  }
  await walk(root);
  return new Map(found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
