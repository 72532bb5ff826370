// `lifecycle upgrade` with nothing but the team's file: the preset edition recorded in it (or
// recognised by its answers) is rendered again and merged toward the newest edition. Each case runs the
// program (tests/helpers/cli.ts) in a temporary repository holding what edition 1 of the preset wrote.
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { renderPresetEdition } from '../../src/init/editions.js';
import { presetEditionSource } from '../../src/upgrade/preset-editions.js';
import { runUpgrade } from '../../src/upgrade/run.js';
import { firstEditionFile, teamEdits } from './team-plan.js';

const made: string[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function repo(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lifecycle-upgrade-preset-'));
  made.push(dir);
  await mkdir(join(dir, '.github'));
  await writeFile(join(dir, '.github/lifecycle.yml'), text);
  return dir;
}

const cli = (dir: string, ...args: string[]) => runCli(args, dir, { NO_COLOR: '1' });
const config = (dir: string) => readFile(join(dir, '.github/lifecycle.yml'), 'utf8');
const variables = (text: string) => (parse(text) as { variables: Record<string, unknown> }).variables;

describe('lifecycle upgrade from a preset edition', () => {
  it('brings edition 2 into an edited edition-1 file; the team\'s edits stay and validate passes', async () => {
    const dir = await repo(teamEdits(await firstEditionFile()));
    const run = await cli(dir, 'upgrade');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 4)).toEqual([
      ".github/lifecycle.yml has no preset: line; its variables are those the genai preset's edition 1 asked for, so it is upgraded from genai@1.",
      'Answer tuning_method is called adaptation from edition 2 on; adaptation: lora carried over.',
      'Answer alignment: rlhf set, since edition 1 always planned RLHF, with reward_model choosing between days and weeks; edition 2 asks, and keeps reward_model for rlhf. Change it with --set alignment=...',
      'Upgrading .github/lifecycle.yml from genai@1 to genai@2: written.',
    ]);
    const merged = await config(dir);
    expect(merged).toContain('\npreset: genai@2\n');
    expect(merged).toContain('    name: Prompting   # what we call it\n');
    expect(merged).toContain('      - Legal has signed off\n');
    expect(merged).not.toContain('id: pruning');
    expect(merged).toContain('  - id: evaluation\n');
    expect(variables(merged)).toMatchObject({ adaptation: 'lora', alignment: 'rlhf', reward_model: true });
    expect(variables(merged)).not.toHaveProperty('tuning_method');
    expect(parse(merged)).toMatchObject({ project: { name: 'Support bot' } });

    const validate = await cli(dir, 'validate');
    expect(validate.code).toBe(0);

    // The file now records genai@2: a second upgrade finds nothing to bring.
    const again = await cli(dir, 'upgrade');
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toBe('.github/lifecycle.yml already has everything genai@2 brings; nothing to write.\n');
  }, 120_000);

  it('--set changes an answer on the way: alignment=dpo', async () => {
    const dir = await repo(teamEdits(await firstEditionFile()));
    const run = await cli(dir, 'upgrade', '--set', 'alignment=dpo');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).not.toContain('alignment: rlhf set');
    const merged = await config(dir);
    expect(variables(merged)).toMatchObject({ adaptation: 'lora', alignment: 'dpo' });
    expect((await cli(dir, 'validate')).code).toBe(0);
  }, 120_000);

  it('a conflict is marked and validate fails at the mark', async () => {
    // Edition 2 renames the deployment stage; so did the team.
    const ours = teamEdits(await firstEditionFile()).replace('    name: Deployment and application integration\n', '    name: Shipping\n');
    const dir = await repo(ours);
    const refused = await cli(dir, 'upgrade');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^\.github\/lifecycle\.yml:\d+:\d+: error: conflict \(both renamed\) name of stage "deployment": yours: "Shipping"; new edition: "Deployment and operations"/m);
    expect(await config(dir)).toBe(ours);

    const marked = await cli(dir, 'upgrade', '--on-conflict', 'mark');
    expect(marked.code).toBe(1);
    expect(marked.stderr).toMatch(/^\.github\/lifecycle\.yml:\d+:5: error: unresolved upgrade conflict \(both renamed\) name of stage "deployment"/m);
    const validate = await cli(dir, 'validate');
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('unresolved upgrade conflict (both renamed) name of stage "deployment"');
  }, 120_000);

  it('--dry-run --to 2 on an edition-2 file with --set writes nothing and shows the answer changing', async () => {
    const dir = await repo(await renderPresetEdition('genai', 2, { name: 'Support bot', alignment: 'none' }));
    const before = await config(dir);
    const run = await cli(dir, 'upgrade', '--to', 'genai@2', '--set', 'alignment=dpo', '--dry-run');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Upgrading .github/lifecycle.yml from genai@2 to genai@2 (dry run; nothing was written).\n');
    expect(run.stdout).toContain('-  alignment: none\n+  alignment: dpo\n');
    expect(await config(dir)).toBe(before);
  }, 120_000);

  it('what the person must fix is one message and exit status 2', async () => {
    const first = await firstEditionFile();
    const recorded = (record: string) => first.replace('\nproject:\n', `\npreset: ${record}\nproject:\n`);
    const cases: [string, string[], string][] = [
      ['version: 1\nproject:\n  name: x\nstages: []\n', [], 'names no preset edition (no preset: line, e.g. "preset: genai@1")'],
      [recorded('acme@1'), [], '.github/lifecycle.yml: preset: acme@1 names an unknown preset; known presets: genai, minimal'],
      [recorded('genai@9'), [], '.github/lifecycle.yml: the genai preset has no edition 9; released editions: 1, 2'],
      [recorded('genai'), [], '.github/lifecycle.yml: preset: genai is not a preset edition such as "genai@2"'],
      [first, ['--to', '7'], '--to 7: the genai preset has no edition 7; released editions: 1, 2'],
      [first, ['--to', 'minimal@1'], '--to minimal@1: expected an edition of the genai preset'],
      [first, ['--set', 'alignment'], '--set alignment: expected key=value'],
      [first, ['--set', 'tone=warm'], '--set tone: genai@2 asks no "tone"'],
      [first, ['--set', 'alignment=ppo'], '--set: alignment must be one of'],
    ];
    const dir = await repo(first);
    for (const [text, args, message] of cases) {
      await writeFile(join(dir, '.github/lifecycle.yml'), text);
      const to = args[0] === '--to' ? { to: args[1] } : {};
      const set = args[0] === '--set' ? [args[1] ?? ''] : [];
      const out: string[] = [];
      const err: string[] = [];
      const result = await runUpgrade(
        { config: '.github/lifecycle.yml', set, dryRun: false, ...to },
        { cwd: dir, interactive: false, out: (l) => out.push(l), err: (l) => err.push(l), editions: presetEditionSource() },
      );
      expect({ args, code: result.exitCode, out }).toEqual({ args, code: 2, out: [] });
      expect(err.join('\n')).toContain(message);
      expect(err[0]?.startsWith('lifecycle upgrade: ')).toBe(true);
      expect(await config(dir)).toBe(text);
    }
    // The process says the same.
    await writeFile(join(dir, '.github/lifecycle.yml'), first);
    const run = await cli(dir, 'upgrade', '--to', '7');
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'lifecycle upgrade: --to 7: the genai preset has no edition 7; released editions: 1, 2\n' });
  }, 60_000);
});
