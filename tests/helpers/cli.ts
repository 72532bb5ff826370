// `lifecycle` run from source as a user runs it: a separate process, no terminal, real exit codes.
// The sources are bundled once per test run (tests/setup/cli-bundle.ts); each process runs that.
import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { ROOT } from './runner.js';

/** The CLI bundled from the current sources for this test run. */
export const CLI_ENTRY: string = inject('cliEntry');

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
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
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
