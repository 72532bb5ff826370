import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ABORTED } from '../../src/init/run.js';
import type { Prompter } from '../../src/init/run.js';
import { init, snapshot, tempDir } from './helpers.js';

const CONFIG = '.github/lifecycle.yml';
const WORKFLOW = '.github/workflows/lifecycle.yml';

async function config(dir: string): Promise<Record<string, unknown> & { project: Record<string, unknown>; variables: Record<string, unknown>; defaults: Record<string, unknown> }> {
  return parse(await readFile(join(dir, CONFIG), 'utf8'));
}

describe('init --yes in an empty folder', () => {
  it('writes the config and the workflow and lists them as create', async () => {
    const dir = await tempDir();
    const result = await init(dir);
    expect(result.exitCode).toBe(0);
    expect(result.outcome).toBe('written');
    expect([...(await snapshot(dir)).keys()]).toEqual([CONFIG, WORKFLOW]);
    expect(result.out.filter((l) => l.includes('create'))).toHaveLength(2);
    expect(result.out.join('\n')).toMatch(/Next steps[\s\S]*git commit[\s\S]*git push[\s\S]*milestones/);
  });

  it('records the defaults: folder name, the Monday after today, the preset variables', async () => {
    const dir = await tempDir('support-bot-');
    await init(dir);
    const written = await config(dir);
    expect(written.project.name).toMatch(/^support-bot-/);
    expect(written.project.start).toBe('2027-01-04'); // 2027-01-01 is a Friday
    expect(written.variables).toMatchObject({ foundation_model: true, hosting: 'api', adaptation: 'none', alignment: 'none', reward_model: false, rag: true, agent: false });
  });
});

describe('re-running', () => {
  it('is a no-op: every file unchanged, nothing rewritten', async () => {
    const dir = await tempDir();
    await init(dir, { skeleton: true, set: ['foundation_model=false', 'assignees=ada,grace'] });
    const before = await snapshot(dir);
    await new Promise((r) => setTimeout(r, 20));
    // No flags this time: the answers recorded in the config are proposed again.
    const again = await init(dir, { skeleton: true });
    expect(again.exitCode).toBe(0);
    expect(again.outcome).toBe('up-to-date');
    expect(again.written).toEqual([]);
    expect(again.files.every((f) => f.status === 'unchanged')).toBe(true);
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('conflicts', () => {
  async function withEditedWorkflow(): Promise<string> {
    const dir = await tempDir();
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(join(dir, WORKFLOW), 'name: mine\n');
    return dir;
  }

  it('without a terminal fails, lists the conflict, and writes nothing at all', async () => {
    const dir = await withEditedWorkflow();
    const result = await init(dir);
    expect(result.exitCode).toBe(1);
    expect(result.outcome).toBe('conflicts');
    expect(result.err.join('\n')).toContain(`conflict   ${WORKFLOW}`);
    expect(result.err.join('\n')).toContain('nothing was written');
    // Not even the config, which did not conflict.
    expect([...(await snapshot(dir)).keys()]).toEqual([WORKFLOW]);
    expect(await readFile(join(dir, WORKFLOW), 'utf8')).toBe('name: mine\n');
  });

  it('--on-conflict skip writes the rest and keeps the person\'s file', async () => {
    const dir = await withEditedWorkflow();
    const result = await init(dir, { onConflict: 'skip' });
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(dir, WORKFLOW), 'utf8')).toBe('name: mine\n');
    expect(result.written).toEqual([CONFIG]);
    expect(result.out.join('\n')).toMatch(/skip\s+\.github\/workflows\/lifecycle\.yml \(differs; kept yours\)/);
  });

  it('--on-conflict overwrite replaces the file', async () => {
    const dir = await withEditedWorkflow();
    const result = await init(dir, { onConflict: 'overwrite' });
    expect(result.exitCode).toBe(0);
    expect(result.written).toEqual([CONFIG, WORKFLOW]);
    expect(await readFile(join(dir, WORKFLOW), 'utf8')).toContain('lifecycle-action/lifecycle-action@v1');
  });

  it.each(['overwrite', 'skip'])('a folder where the workflow goes is a conflict under --on-conflict %s: exit 1, named, nothing written', async (onConflict) => {
    const dir = await tempDir();
    await mkdir(join(dir, WORKFLOW), { recursive: true });
    const result = await init('.', { onConflict }, { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.outcome).toBe('conflicts');
    expect(result.written).toEqual([]);
    expect(result.err).toEqual([
      'lifecycle init: something other than a file is where init writes a file in .; nothing was written.',
      `  conflict   ${WORKFLOW} (a folder is in the way)`,
      'Move or rename what is in the way (init never deletes anything), then run init again.',
    ]);
    expect([...(await snapshot(dir)).keys()]).toEqual([]);
  });

  it('a file where a folder goes (.github as a file) is a conflict too', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.github'), 'not a folder\n');
    const result = await init(dir, { onConflict: 'overwrite' });
    expect(result.exitCode).toBe(1);
    expect(result.err.join('\n')).toContain(`conflict   ${CONFIG} (the file .github is in the way)`);
    expect(await readFile(join(dir, '.github'), 'utf8')).toBe('not a folder\n');
  });

  it('one differing file is "1 file … differs"; two are "2 files … differ"', async () => {
    const dir = await withEditedWorkflow();
    expect((await init('.', {}, { cwd: dir })).err[0]).toBe('lifecycle init: 1 file in . differs from what init would write; nothing was written.');
    await writeFile(join(dir, CONFIG), 'version: 1\n');
    expect((await init('.', {}, { cwd: dir })).err[0]).toBe('lifecycle init: 2 files in . differ from what init would write; nothing was written.');
  });

  it('after skipping a differing file, says which file was kept rather than "already as init would make them"', async () => {
    const dir = await withEditedWorkflow();
    expect((await init(dir, { onConflict: 'skip' })).exitCode).toBe(0);
    const again = await init(dir, { onConflict: 'skip' });
    expect(again.exitCode).toBe(0);
    expect(again.written).toEqual([]);
    const out = again.out.join('\n');
    expect(out).not.toContain('already as init would make them.\n');
    expect(again.out.at(-1)).toBe(
      `Nothing written: kept yours of ${WORKFLOW}, which differs from what init would write (--on-conflict overwrite replaces it); the other files are already as init would make them.`,
    );
  });

  it('"next steps" stages only the files this run wrote', async () => {
    const dir = await withEditedWorkflow();
    await writeFile(join(dir, '.github/CODEOWNERS'), '* @ada\n');
    const result = await init('.', { onConflict: 'skip' }, { cwd: dir });
    expect(result.written).toEqual([CONFIG]);
    expect(result.out.find((l) => l.includes('git add'))).toBe(`  1. Commit:  git add ${CONFIG} && git commit -m "Plan the project life cycle"`);
  });

  it('a file given as the folder to write into is a usage error that says so', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'x\n');
    for (const target of ['notes.txt', 'notes.txt/sub']) {
      const result = await init(target, {}, { cwd: dir });
      expect(result.exitCode).toBe(2);
      expect(result.err).toEqual([
        `lifecycle init: ${target === 'notes.txt' ? 'notes.txt' : 'notes.txt (in notes.txt/sub)'} is a file, not a folder; give the folder of the repository to write into, e.g. lifecycle init path/to/repo`,
      ]);
    }
  });

  it('--on-conflict ask without a terminal is a usage error', async () => {
    const dir = await tempDir();
    const result = await init(dir, { onConflict: 'ask' });
    expect(result.exitCode).toBe(2);
    expect(result.err.join('\n')).toContain('needs a terminal');
  });
});

describe('--dry-run', () => {
  it('lists create, unchanged and conflict and writes nothing', async () => {
    const dir = await tempDir();
    await init(dir);
    await writeFile(join(dir, WORKFLOW), 'name: mine\n');
    const before = await snapshot(dir);
    const result = await init(dir, { dryRun: true, skeleton: true });
    expect(result.exitCode).toBe(0);
    expect(result.outcome).toBe('dry-run');
    const status = Object.fromEntries(result.files.map((f) => [f.path, f.status]));
    expect(status[CONFIG]).toBe('unchanged');
    expect(status[WORKFLOW]).toBe('conflict');
    expect(status['prompts/README.md']).toBe('create');
    expect(result.out[0]).toContain('nothing was written');
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('answers', () => {
  it('--set values land in the config', async () => {
    const dir = await tempDir();
    const result = await init(dir, {
      set: ['name=Support assistant', 'start=2027-03-01', 'reward_model=yes', 'adaptation=Prompt tuning', 'assignees=@ada, grace'],
    });
    expect(result.exitCode).toBe(0);
    const written = await config(dir);
    expect(written.project).toMatchObject({ name: 'Support assistant', start: '2027-03-01' });
    expect(written.variables).toMatchObject({ reward_model: true, adaptation: 'prompt-tuning' });
    expect(written.defaults.assignees).toEqual(['ada', 'grace']);
  });

  it('an answers file (YAML or JSON) is read, and --set wins over it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'answers.yml'), 'name: From file\nfoundation_model: false\nadaptation: full\n');
    await init(dir, { answersFile: 'answers.yml', set: ['adaptation=lora'] });
    const written = await config(dir);
    expect(written.project.name).toBe('From file');
    expect(written.variables).toMatchObject({ foundation_model: false, adaptation: 'lora' });

    const other = await tempDir();
    await writeFile(join(other, 'answers.json'), JSON.stringify({ name: 'From JSON', start: null }));
    await init(other, { answersFile: 'answers.json' });
    const fromJson = await config(other);
    expect(fromJson.project.name).toBe('From JSON');
    expect(fromJson.project).not.toHaveProperty('start');
  });

  it('a missing required answer fails fast with exit 2 and writes nothing', async () => {
    const dir = await tempDir();
    const result = await init(dir, { set: ['name='] });
    expect(result.exitCode).toBe(2);
    expect(result.err.join('\n')).toContain('missing required answer "name"');
    expect((await snapshot(dir)).size).toBe(0);
  });

  it('bad values and unknown keys are all reported at once', async () => {
    const dir = await tempDir();
    const result = await init(dir, { set: ['start=2027-02-30', 'adaptation=adapters', 'colour=blue', 'oops'] });
    expect(result.exitCode).toBe(2);
    const text = result.err.join('\n');
    expect(text).toContain('"2027-02-30" is not a date');
    expect(text).toContain('must be one of none, prompt-tuning, lora, qlora, full');
    expect(text).toContain('unknown answer "colour"');
    expect(text).toContain('--set oops: expected key=value');
    expect((await snapshot(dir)).size).toBe(0);
  });

  it('an unreadable answers file and an unknown preset are usage errors', async () => {
    const dir = await tempDir();
    expect((await init(dir, { answersFile: 'nope.yml' })).exitCode).toBe(2);
    expect((await init(dir, { preset: 'waterfall' })).err.join('\n')).toContain('unknown preset "waterfall"');
  });
});

describe('the conversation', () => {
  function scripted(answers: Record<string, unknown>, conflict: 'overwrite' | 'skip' | 'abort' = 'skip'): Prompter & { asked: string[] } {
    const asked: string[] = [];
    return {
      asked,
      intro() {},
      async ask(question, initial) {
        asked.push(question.key);
        return question.key in answers ? (answers[question.key] as never) : initial;
      },
      async resolveConflict() {
        return conflict;
      },
    };
  }

  it('asks every question not given by a flag and writes the answers', async () => {
    const dir = await tempDir();
    const prompter = scripted({ name: 'Chat helper', alignment: 'rlhf', reward_model: true });
    const result = await init(dir, { yes: false, set: ['adaptation=full'] }, { interactive: true, prompter });
    expect(result.exitCode).toBe(0);
    expect(prompter.asked).toEqual(['name', 'start', 'foundation_model', 'hosting', 'rag', 'agent', 'alignment', 'reward_model', 'assignees', 'skeleton']);
    const written = await config(dir);
    expect(written.project.name).toBe('Chat helper');
    expect(written.variables).toMatchObject({ alignment: 'rlhf', reward_model: true, adaptation: 'full' });
  });

  it('asks about a reward model only when RLHF is the alignment method', async () => {
    const dir = await tempDir();
    const prompter = scripted({ name: 'Chat helper', alignment: 'dpo' });
    await init(dir, { yes: false }, { interactive: true, prompter });
    expect(prompter.asked).not.toContain('reward_model');
    expect((await config(dir)).variables).toMatchObject({ alignment: 'dpo', reward_model: false });
  });

  it('Ctrl+C at a question aborts with nothing written', async () => {
    const dir = await tempDir();
    const prompter: Prompter = {
      intro() {},
      async ask(question, initial) {
        return question.key === 'hosting' ? ABORTED : initial;
      },
      async resolveConflict() {
        return 'overwrite';
      },
    };
    const result = await init(dir, { yes: false }, { interactive: true, prompter });
    expect(result.exitCode).toBe(130);
    expect(result.err).toEqual(['Aborted; nothing was written.']);
    expect((await snapshot(dir)).size).toBe(0);
  });

  it('in a terminal, conflicts are asked per file; an abort there writes nothing either', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, '.github/workflows'), { recursive: true });
    await writeFile(join(dir, WORKFLOW), 'name: mine\n');
    const aborted = await init(dir, { yes: false }, { interactive: true, prompter: scripted({}, 'abort') });
    expect(aborted.exitCode).toBe(130);
    expect([...(await snapshot(dir)).keys()]).toEqual([WORKFLOW]);

    let shownDiff = '';
    const prompter = scripted({});
    prompter.resolveConflict = async (_conflict, diff) => {
      shownDiff = diff;
      return 'overwrite';
    };
    const result = await init(dir, { yes: false }, { interactive: true, prompter });
    expect(result.exitCode).toBe(0);
    expect(shownDiff).toMatch(/^--- \.github\/workflows\/lifecycle\.yml \(yours\)\n\+\+\+ .*\(init\)\n@@ /);
    expect(shownDiff).toContain('-name: mine');
    expect(await readFile(join(dir, WORKFLOW), 'utf8')).toContain('lifecycle-action/lifecycle-action@v1');
  });
});
