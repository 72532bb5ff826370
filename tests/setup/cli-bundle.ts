// Bundles src/cli/main.ts once per test run, so the tests that start `lifecycle` as a process run
// plain JavaScript instead of compiling the TypeScript sources afresh in every process. Still the
// current sources, still a separate process with real exit codes.
//
// The bundle sits at <folder>/cli/index.js with <folder>/templates pointing at the project's
// templates/: the layout of dist/cli/index.js, so the CLI finds its built-in templates and presets
// by walking up from itself, as the published package does.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';

const ROOT = resolve(import.meta.dirname, '../..');

declare module 'vitest' {
  export interface ProvidedContext {
    cliEntry: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const folder = mkdtempSync(join(tmpdir(), 'lifecycle-cli-'));
  symlinkSync(join(ROOT, 'templates'), join(folder, 'templates'), 'dir');
  await build({
    absWorkingDir: ROOT,
    entryPoints: { index: 'src/cli/main.ts' },
    outdir: join(folder, 'cli'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Bundled CommonJS packages call require() for Node's own modules; ESM output has no require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  project.provide('cliEntry', join(folder, 'cli', 'index.js'));
  return () => rmSync(folder, { recursive: true, force: true });
}
