// The CLI tests run the program in the test's process (tests/helpers/cli.ts). That is only honest
// if it answers as the bundled command does in a process of its own, and leaves nothing behind.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.js';

describe('lifecycle in the test process', () => {
  it.each([
    ['a valid file', ['validate', '--config', 'tests/fixtures/valid/genai-full.yml']],
    ['an invalid file, as JSON', ['validate', '--json', '--config', 'tests/fixtures/invalid/unknown-stage-key.yml']],
    ['a plan offline', ['plan', '--config', 'tests/fixtures/valid/genai-full.yml']],
    ['help', ['guide', '--help']],
    ['a misused option', ['plan', '--format', 'xml']],
    ['a token missing', ['sync', '--repo', 'a/b', '--api-url', 'http://127.0.0.1:9']],
  ])('answers as a process does: %s', async (_name, args) => {
    const [here, there] = [await runCli(args, undefined, { NO_COLOR: '1' }), await runCliProcess(args, undefined, { NO_COLOR: '1' })];
    expect(here).toEqual(there);
    expect(here.stdout + here.stderr).not.toBe('');
  });

  it('leaves the folder, the environment and the exit code as it found them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lifecycle-in-process-'));
    const before = { cwd: process.cwd(), env: { ...process.env }, exitCode: process.exitCode };
    try {
      const run = await runCli(['validate'], dir, { GITHUB_TOKEN: 'ghp_x', LIFECYCLE_PROBE: '1' });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^lifecycle: /);
      expect({ cwd: process.cwd(), env: process.env, exitCode: process.exitCode }).toEqual(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes turns when tests run at the same moment', async () => {
    // Three folders that each give another answer: a valid config, an invalid one, none.
    const dirs = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), 'lifecycle-in-process-'))));
    const [valid, invalid] = dirs as [string, string, string];
    try {
      for (const [dir, key] of [[valid, 'name'], [invalid, 'nmae']] as const) {
        await mkdir(join(dir, '.github'));
        await writeFile(join(dir, '.github', 'lifecycle.yml'), `version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    ${key}: A\n`);
      }
      const runs = await Promise.all(dirs.map((dir) => runCli(['validate'], dir)));
      expect(runs.map((run) => run.code)).toEqual([0, 1, 2]);
      expect(runs[0]?.stdout).toMatch(/^\.github\/lifecycle\.yml is valid: 1 stage/);
      expect(runs[1]?.stdout).toContain('.github/lifecycle.yml:6:5: error: unknown key "nmae"');
      expect(runs[2]?.stderr).toContain('.github/lifecycle.yml');
    } finally {
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });
});
