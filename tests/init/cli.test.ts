// The command as a user runs it: real folders, real exit codes, in the test's process
// (tests/helpers/cli.ts) or, for the first case, as a process of its own. The terminal cases start
// the bundled CLI under util-linux `script`, which gives the process a pseudo-terminal.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY, runCli, runCliProcess, type CliRun as Run } from '../helpers/cli.js';
import { snapshot, tempDir } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');


function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const lifecycle = (args: string[], cwd: string) => runCli(args, cwd, { NO_COLOR: '1' });

/**
 * Runs `lifecycle init` in a pseudo-terminal; `onScreen` sees the output so far and returns the keys
 * to type next (or null to wait for more output).
 */
function inTerminal(args: string[], cwd: string, onScreen: (screen: string) => string | null): Promise<Run> {
  return new Promise((done, reject) => {
    const command = ['stty cols 120 rows 40;', process.execPath, CLI_ENTRY, ...args].map((part, i) => (i === 0 ? part : `'${part}'`)).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm' } });
    let screen = '';
    child.stdout.on('data', (d: Buffer) => {
      screen += d.toString();
      const keys = onScreen(screen);
      if (keys !== null) child.stdin.write(keys);
    });
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout: screen, stderr: '' }));
  });
}

describe('lifecycle init', () => {
  it('--yes in an empty folder writes the files and exits 0 (a process)', async () => {
    const dir = await tempDir();
    const run = await runCliProcess(['init', '--yes', '--skeleton', '--set', 'name=Support bot'], dir, { NO_COLOR: '1' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('create     .github/lifecycle.yml');
    expect(await readFile(join(dir, '.github/lifecycle.yml'), 'utf8')).toContain('name: Support bot');
    expect(existsSync(join(dir, 'prompts/README.md'))).toBe(true);
  });

  it('lifecycle validate accepts what init wrote', async () => {
    const dir = await tempDir();
    expect((await lifecycle(['init', '--yes', '--eject-templates', '--set', 'foundation_model=false'], dir)).code).toBe(0);
    const run = await lifecycle(['validate', '--config', '.github/lifecycle.yml'], dir);
    expect(run.stderr + run.stdout).not.toMatch(/error:/);
    expect(run.code).toBe(0);
  });

  it('without a terminal it never waits: a conflict fails with exit 1 and is listed', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '.github'), { recursive: true });
    await writeFile(join(dir, '.github/lifecycle.yml'), 'version: 1\n');
    const run = await lifecycle(['init', dir], ROOT);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('conflict   .github/lifecycle.yml');
    expect([...(await snapshot(dir)).keys()]).toEqual(['.github/lifecycle.yml']);
  });

  it('a file given as the folder exits 2 with a sentence, not ENOTDIR; a folder in the way exits 1', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'x\n');
    const file = await lifecycle(['init', '--yes', 'notes.txt'], dir);
    expect(file).toMatchObject({ code: 2, stdout: '' });
    expect(file.stderr).toBe('lifecycle init: notes.txt is a file, not a folder; give the folder of the repository to write into, e.g. lifecycle init path/to/repo\n');
    await mkdir(join(dir, 'repo/.github/workflows/lifecycle.yml'), { recursive: true });
    const folder = await lifecycle(['init', '--yes', '--on-conflict', 'skip', 'repo'], dir);
    expect(folder.code).toBe(1);
    expect(folder.stderr).toContain('conflict   .github/workflows/lifecycle.yml (a folder is in the way)');
    expect(existsSync(join(dir, 'repo/.github/lifecycle.yml'))).toBe(false);
  });

  it('a bad answer exits 2 before anything is written', async () => {
    const dir = await tempDir();
    const run = await lifecycle(['init', '--yes', '--set', 'start=tomorrow'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('"tomorrow" is not a date');
    expect((await snapshot(dir)).size).toBe(0);
  });

  it.skipIf(!hasScript())('Ctrl+C at the first question aborts: exit 130, nothing written', async () => {
    const dir = await tempDir();
    let sent = false;
    const run = await inTerminal(['init', dir], ROOT, (screen) => {
      if (sent || !screen.includes('Project name')) return null;
      sent = true;
      return '\u0003';
    });
    expect(run.code).toBe(130);
    expect(run.stdout).toContain('Aborted; nothing was written.');
    expect((await snapshot(dir)).size).toBe(0);
  });

  it.skipIf(!hasScript())('Enter through the conversation accepts the proposed answers and writes the files', async () => {
    const dir = await tempDir('chat-');
    let answered = 0;
    // The reward model question comes only with RLHF, which the defaults do not choose.
    const questions = ['Project name', 'Start date', 'foundation model', 'Where will the model run', 'your own documents', 'call tools', 'adapt the model', 'human preferences', 'assigned', 'folder per stage'];
    const run = await inTerminal(['init', dir], ROOT, (screen) => {
      const next = questions[answered];
      if (next === undefined || !screen.includes(next)) return null;
      answered++;
      return '\r';
    });
    expect(run.code).toBe(0);
    expect(answered).toBe(questions.length);
    expect(run.stdout).toContain('Next steps');
    const config = await readFile(join(dir, '.github/lifecycle.yml'), 'utf8');
    expect(config).toMatch(/name: chat-/);
    expect(config).toContain('adaptation: none');
    expect(config).toContain('preset: genai@2');
  });
});
