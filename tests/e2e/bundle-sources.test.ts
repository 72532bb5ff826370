// The tests that run dist/ refuse a bundle older than its sources (see tests/helpers/bundle-sources.ts).
import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBundleSources } from '../helpers/bundle-sources.js';
import { ROOT } from '../helpers/runner.js';

let copies: string[] = [];
afterEach(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  copies = [];
});

/** A checkout with the record and the recorded files, to change without touching this one. */
function copyOfRecordedFiles(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lifecycle-bundle-'));
  copies.push(dir);
  cpSync(path.join(ROOT, 'dist/sources.json'), path.join(dir, 'dist/sources.json'));
  for (const file of ['package.json', 'package-lock.json', 'src']) cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: true });
  return dir;
}

describe('dist/sources.json', () => {
  it('matches the sources in this checkout', () => {
    expect(staleBundleSources(ROOT)).toEqual([]);
  });

  it('names a source edited after the build, and one removed', () => {
    const dir = copyOfRecordedFiles();
    appendFileSync(path.join(dir, 'src/commands/sync.ts'), '\n// edited\n');
    rmSync(path.join(dir, 'src/index.ts'));
    expect(staleBundleSources(dir)).toEqual(['src/commands/sync.ts', 'src/index.ts']);
  });

  it('says when there is no record at all', () => {
    const dir = copyOfRecordedFiles();
    rmSync(path.join(dir, 'dist/sources.json'));
    writeFileSync(path.join(dir, 'dist/other.js'), '');
    expect(staleBundleSources(dir)).toEqual(['dist/sources.json is missing']);
  });

  it('records the Action and the CLI entries and the lockfile', () => {
    const dir = copyOfRecordedFiles();
    appendFileSync(path.join(dir, 'package-lock.json'), ' ');
    appendFileSync(path.join(dir, 'src/cli/main.ts'), ' ');
    expect(staleBundleSources(dir)).toEqual(['package-lock.json', 'src/cli/main.ts']);
  });
});
