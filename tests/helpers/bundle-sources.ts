// Whether dist/ was built from the sources in this checkout. The build records a hash of each of
// the project's files it bundled (dist/sources.json); a test that runs the bundle checks them first,
// so an edit to src/ without `npm run build` fails loudly instead of testing yesterday's code.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The files that differ from what dist/ was built from, or why the record cannot be read. */
export function staleBundleSources(root: string): string[] {
  const record = path.join(root, 'dist/sources.json');
  if (!existsSync(record)) return ['dist/sources.json is missing'];
  const hashes = JSON.parse(readFileSync(record, 'utf8')) as Record<string, string>;
  return Object.entries(hashes)
    .filter(([file, hash]) => {
      const full = path.join(root, file);
      return !existsSync(full) || createHash('sha256').update(readFileSync(full)).digest('hex') !== hash;
    })
    .map(([file]) => file);
}

let checked = false;

/** Throws, naming the files, when dist/ is older than its sources; checks once per test file. */
export function assertFreshBundle(root: string): void {
  if (checked) return;
  const stale = staleBundleSources(root);
  if (stale.length > 0) {
    const shown = stale.slice(0, 5).join(', ') + (stale.length > 5 ? `, and ${stale.length - 5} more` : '');
    throw new Error(`dist/ is older than its sources (${shown}): run \`npm run build\` before the tests that run the bundle`);
  }
  checked = true;
}
