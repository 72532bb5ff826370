// `lifecycle upgrade` as a user runs it: a real folder, real exit codes, the file read back; the
// program runs in the test's process (tests/helpers/cli.ts), the first case as a process of its own. Without a terminal the default is to refuse on a conflict.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.js';
import { loadConfigText } from '../../src/config/load.js';
import { runUpgrade } from '../../src/upgrade/run.js';
import type { EditionSource, UpgradeOptions } from '../../src/upgrade/run.js';
import { EditionError } from '../../src/upgrade/run.js';

const BASE = `version: 1
project:
  name: Demo
stages:
  - id: scope
    name: Scope
    estimate:
      duration: 1w
    tasks:
      - id: use-case
        title: Write the use case
`;
const THEIRS = BASE.replace('duration: 1w', 'duration: 2w').replace('name: Scope', 'name: Scope and model selection');
const OURS_NO_CONFLICT = BASE.replace('title: Write the use case', 'title: Write the use case   # ours');
const OURS_CONFLICT = BASE.replace('name: Scope', 'name: Scoping');

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function repo(ours: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lifecycle-upgrade-'));
  made.push(dir);
  await mkdir(join(dir, '.github'));
  await writeFile(join(dir, '.github/lifecycle.yml'), ours);
  await writeFile(join(dir, 'first.yml'), BASE);
  await writeFile(join(dir, 'second.yml'), THEIRS);
  return dir;
}

const upgrade = (dir: string, ...args: string[]) => runCli(['upgrade', '--base', 'first.yml', '--theirs', 'second.yml', ...args], dir, { NO_COLOR: '1' });
/** The same command without a new process, for the cases that only check what it says. */
async function inProcess(dir: string, options: Partial<UpgradeOptions>): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const result = await runUpgrade({ config: '.github/lifecycle.yml', set: [], dryRun: false, ...options }, { cwd: dir, interactive: false, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code: result.exitCode, out, err };
}

const config = (dir: string) => readFile(join(dir, '.github/lifecycle.yml'), 'utf8');

describe('lifecycle upgrade', () => {
  it('merges and writes the file, keeping the team\'s comment (a process)', async () => {
    const dir = await repo(OURS_NO_CONFLICT);
    const run = await runCliProcess(['upgrade', '--base', 'first.yml', '--theirs', 'second.yml'], dir, { NO_COLOR: '1' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Upgrading .github/lifecycle.yml from first.yml to second.yml: written.');
    expect(await config(dir)).toBe(OURS_NO_CONFLICT.replace('duration: 1w', 'duration: 2w').replace('name: Scope', 'name: Scope and model selection'));
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const dir = await repo(OURS_NO_CONFLICT);
    const run = await upgrade(dir, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--- .github/lifecycle.yml (yours)\n+++ .github/lifecycle.yml (upgraded)\n');
    expect(run.stdout).toContain('-      duration: 1w\n+      duration: 2w\n');
    expect(await config(dir)).toBe(OURS_NO_CONFLICT);
  });

  it('without a terminal a conflict fails: nothing written, each conflict as file:line:col', async () => {
    const dir = await repo(OURS_CONFLICT);
    const run = await upgrade(dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      '.github/lifecycle.yml:6:11: error: conflict (both renamed) name of stage "scope": yours: "Scoping"; new edition: "Scope and model selection"; old edition: "Scope"\n',
    );
    expect(run.stderr).toContain('nothing was written');
    expect(await config(dir)).toBe(OURS_CONFLICT);
  });

  it('mark writes both values; validate then fails at the mark until it is settled', async () => {
    const dir = await repo(OURS_CONFLICT);
    const run = await upgrade(dir, '--on-conflict', 'mark');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      '.github/lifecycle.yml:6:5: error: unresolved upgrade conflict (both renamed) name of stage "scope"; keep one side, then delete the conflict comment\n',
    );
    const marked = await config(dir);
    expect(marked).toContain('#   theirs (new edition): Scope and model selection\n');
    expect(marked).toContain('duration: 2w');
    const validate = await runCli(['validate'], dir, { NO_COLOR: '1' });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('.github/lifecycle.yml:6:5: error: unresolved upgrade conflict');
    // A second upgrade refuses while the mark is there.
    const again = await inProcess(dir, { base: 'first.yml', theirs: 'second.yml', onConflict: 'mark' });
    expect(again.code).toBe(1);
    expect(again.err.at(-1)).toBe('lifecycle upgrade: .github/lifecycle.yml still holds 1 conflict from an earlier upgrade; settle it first.');
    const settled = marked.split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    expect(loadConfigText(settled, 'x.yml').config).not.toBeNull();
  });

  it('ours and theirs settle every conflict one way', async () => {
    const mine = await repo(OURS_CONFLICT);
    expect((await inProcess(mine, { base: 'first.yml', theirs: 'second.yml', onConflict: 'ours' })).code).toBe(0);
    expect(await config(mine)).toBe(OURS_CONFLICT.replace('duration: 1w', 'duration: 2w'));
    const new_ = await repo(OURS_CONFLICT);
    const run = await upgrade(new_, '--on-conflict', 'theirs');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 conflict settled as the new edition:\n  .github/lifecycle.yml:6:11: both renamed: name of stage "scope"\n');
    expect(await config(new_)).toBe(THEIRS);
  });

  it('misuse exits 2 with one sentence', async () => {
    const dir = await repo(OURS_CONFLICT);
    expect(await runCli(['upgrade'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'lifecycle upgrade: .github/lifecycle.yml names no preset edition (no preset: line, e.g. "preset: genai@1"), so there is nothing to upgrade from. Add the line naming the edition init wrote it from, or give the two texts: lifecycle upgrade --base old.yml --theirs new.yml\n',
    });
    const cases: [Partial<UpgradeOptions>, string][] = [
      [{ base: 'first.yml' }, 'lifecycle upgrade: --base and --theirs go together: the file as first generated, and the new one'],
      [{ base: 'first.yml', theirs: 'second.yml', onConflict: 'ask' }, 'lifecycle upgrade: --on-conflict must be mark, ours, theirs or fail, not "ask"'],
      [{ base: 'first.yml', theirs: 'second.yml', set: ['a=b'] }, 'lifecycle upgrade: --set changes answers of a preset edition; with --base and --theirs, edit the --theirs file instead'],
      [{ base: 'first.yml', theirs: 'second.yml', to: '2' }, 'lifecycle upgrade: --to picks a preset edition; with --base and --theirs the files say what to merge'],
    ];
    for (const [options, message] of cases) expect(await inProcess(dir, options)).toEqual({ code: 2, out: [], err: [message] });
    const missing = await inProcess(dir, { base: 'nope.yml', theirs: 'second.yml' });
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^lifecycle upgrade: .*nope\.yml/);
  });

  it('a YAML mistake in an input is reported at its line and column', async () => {
    const dir = await repo(OURS_CONFLICT);
    await writeFile(join(dir, 'second.yml'), 'version: 1\nproject:\n\tname: x\n');
    const run = await inProcess(dir, { base: 'first.yml', theirs: 'second.yml' });
    expect(run.code).toBe(1);
    expect(run.err[0]).toMatch(/^second\.yml:3:1: error: /);
  });
});

describe('the edition source', () => {
  it('is asked with the team\'s file, --to and --set, and its notes are printed', async () => {
    const dir = await repo(OURS_NO_CONFLICT);
    const asked: unknown[] = [];
    const editions: EditionSource = async (request) => {
      asked.push(request);
      return { base: BASE, theirs: THEIRS, baseLabel: 'genai@1', theirsLabel: 'genai@2', notes: ['answer "alignment" is new: dpo'] };
    };
    const out: string[] = [];
    const result = await runUpgrade({ config: '.github/lifecycle.yml', to: '2', set: ['alignment=dpo'], dryRun: true }, { cwd: dir, interactive: false, out: (l) => out.push(l), err: (l) => out.push(l), editions });
    expect(asked).toEqual([{ ours: OURS_NO_CONFLICT, file: '.github/lifecycle.yml', to: '2', set: ['alignment=dpo'] }]);
    expect(result).toMatchObject({ exitCode: 0, outcome: 'dry-run' });
    expect(out.slice(0, 2)).toEqual(['answer "alignment" is new: dpo', 'Upgrading .github/lifecycle.yml from genai@1 to genai@2 (dry run; nothing was written).']);
  });

  it('an EditionError is a usage error with its own words', async () => {
    const dir = await repo(OURS_NO_CONFLICT);
    const err: string[] = [];
    const editions: EditionSource = () => Promise.reject(new EditionError('genai has no edition 9; editions: 1, 2'));
    const result = await runUpgrade({ config: '.github/lifecycle.yml', to: '9', set: [], dryRun: false }, { cwd: dir, interactive: false, out: () => undefined, err: (l) => err.push(l), editions });
    expect(result.exitCode).toBe(2);
    expect(err).toEqual(['lifecycle upgrade: genai has no edition 9; editions: 1, 2']);
  });
});
