// `lifecycle` run from source as a user runs it: a separate process, no terminal, real exit codes.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './runner.js';

const MAIN = join(ROOT, 'src/cli/main.ts');
// By file URL, so the loader is found whatever the working directory.
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** Settings a developer's shell may carry that would change what the command does or prints. */
const SCRUBBED = ['FORCE_COLOR', 'NO_COLOR', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_API_URL'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string = ROOT, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done, reject) => {
    const base: Record<string, string | undefined> = { ...process.env };
    for (const key of SCRUBBED) delete base[key];
    const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, ...args], {
      cwd,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
