// Shared pieces of the init tests: real temporary folders and a captured environment.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach } from 'vitest';
import { runInit } from '../../src/init/run.js';
import type { InitEnvironment, InitOptions, InitResult, Prompter } from '../../src/init/run.js';

const made: string[] = [];

/** A fresh folder under the system temp dir, removed after the test. */
export async function tempDir(prefix = 'lifecycle-init-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export const TODAY = '2027-01-01';

export interface Captured extends InitResult {
  out: string[];
  err: string[];
}

export async function init(dir: string, options: Partial<InitOptions> = {}, env: Partial<InitEnvironment> = {}): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runInit(
    { dir, preset: 'genai', yes: true, set: [], dryRun: false, skeleton: false, ejectTemplates: false, ...options },
    {
      cwd: dir,
      today: TODAY,
      interactive: false,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      color: (text) => text,
      ...env,
    },
  );
  return { ...result, out, err };
}

/** Every file under `dir` (relative paths, sorted) with its content and modification time. */
export async function snapshot(dir: string): Promise<Map<string, { content: string; mtimeMs: number }>> {
  const files = new Map<string, { content: string; mtimeMs: number }>();
  async function walk(at: string): Promise<void> {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files.set(relative(dir, full), { content: await readFile(full, 'utf8'), mtimeMs: (await stat(full)).mtimeMs });
    }
  }
  await walk(dir);
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export type { Prompter };
