// `lifecycle sync` as a person runs it: a real process, a config file in a real folder, the token
// from the environment, against the emulator over HTTP.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configYaml, READ_TOKEN, REPO_NAME, smallProject, startSyncEmulator, WRITE_TOKEN } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
// The TypeScript loader, by absolute path: the child runs in a temporary folder without node_modules.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function lifecycle(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-sync-'));
  await mkdir(path.join(dir, '.github'), { recursive: true });
  await writeFile(path.join(dir, '.github', 'lifecycle.yml'), configYaml(smallProject()));
  return dir;
}

describe('lifecycle sync', () => {
  it('asks for a token when GITHUB_TOKEN and GH_TOKEN are both missing', async () => {
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', 'http://127.0.0.1:9'], await workspace(), {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GITHUB_TOKEN');
  });

  it('shows a dry run with plain progress lines when not in a terminal, and writes nothing', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--dry-run'], await workspace(), { GH_TOKEN: WRITE_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Dry run: nothing was written.');
    expect(run.stdout).toContain('Would create 3 milestones, 7 issues and 4 labels.');
    expect(run.stderr).toContain('Reading labels, milestones and issues of acme/assistant\n');
    expect(run.stderr).not.toContain('\r');
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
  });

  it('fails with exit 1 and names the missing permission for a read-only token', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--write-delay', '0'], await workspace(), { GITHUB_TOKEN: READ_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"issues: write" permission');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
