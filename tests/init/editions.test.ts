// Every released edition of a preset stays renderable from the package, unchanged, and init records
// which edition it wrote, so an upgrade can compare the edition a team started from with this one.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withSchemaComment } from '../../src/init/config-text.js';
import { findTemplatesRoot } from '../../src/init/disk.js';
import { PresetEditionError, renderPresetEdition } from '../../src/init/editions.js';
import { editionRecord, parseEditionRecord, presetDefinition, presetEditions, PRESETS, SCHEMA_URL } from '../../src/init/presets.js';
import { init, tempDir } from './helpers.js';

async function config(dir: string): Promise<{ preset?: string; project: Record<string, unknown>; variables: Record<string, unknown> }> {
  return parse(await readFile(join(dir, '.github/lifecycle.yml'), 'utf8'));
}

const ROOT = findTemplatesRoot();

// The bytes of each released edition's lifecycle.yml. A released edition never changes: teams that
// started from it compare against exactly these bytes. A new edition gets a new file and a new line.
const RELEASED: Record<string, string> = {
  'genai@1': 'c63a4a4f',
};

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

describe('preset editions', () => {
  it.each(Object.entries(RELEASED))('%s keeps its released bytes', async (record, hash) => {
    const parsed = parseEditionRecord(record);
    const definition = presetEditions(parsed?.name as 'genai').find((d) => d.edition === parsed?.edition);
    expect(sha(await readFile(join(ROOT, definition?.file ?? ''), 'utf8'))).toBe(hash);
  });

  it('numbers editions from 1 without gaps; the current one is the last, and it records itself', () => {
    for (const name of PRESETS) {
      const editions = presetEditions(name);
      expect(editions.map((d) => d.edition)).toEqual(editions.map((_, i) => i + 1));
      expect(presetDefinition(name)).toBe(editions[editions.length - 1]);
    }
    expect(editionRecord(presetDefinition('genai'))).toBe('genai@2');
  });

  it('renders edition 1 with answers as edition 1 wrote it: no edition record, its own variables', async () => {
    const text = await renderPresetEdition('genai', 1, { name: 'Bot', start: '2027-01-04', tuning_method: 'full', reward_model: true });
    const data = parse(text);
    expect(data.preset).toBeUndefined();
    expect(data.project).toMatchObject({ name: 'Bot', start: '2027-01-04' });
    expect(data.variables).toEqual({ foundation_model: true, reward_model: true, tuning_method: 'full' });
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
  });

  it('renders edition 1 without answers as the released file itself', async () => {
    const file = await readFile(join(ROOT, 'genai/editions/1/lifecycle.yml'), 'utf8');
    expect(await renderPresetEdition('genai', 1, {})).toBe(withSchemaComment(file, SCHEMA_URL));
  });

  it('renders edition 2 with its record beside the answers', async () => {
    const data = parse(await renderPresetEdition('genai', 2, { adaptation: 'lora', hosting: 'self-hosted' }));
    expect(data.preset).toBe('genai@2');
    expect(data.variables).toMatchObject({ adaptation: 'lora', hosting: 'self-hosted' });
  });

  it('names every problem: unknown preset or edition, unknown answer, bad value', async () => {
    await expect(renderPresetEdition('waterfall', 1, {})).rejects.toThrow('unknown preset "waterfall"');
    await expect(renderPresetEdition('genai', 9, {})).rejects.toThrow('no edition 9; released editions: 1, 2');
    const error: unknown = await renderPresetEdition('genai', 1, { adaptation: 'lora', tuning_method: 'qlora' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PresetEditionError);
    expect(String(error)).toContain('unknown answer "adaptation"');
    expect(String(error)).toContain('tuning_method must be one of full, lora, prompt-tuning');
  });

  it('init writes preset: genai@2 beside the answers, and a re-run over edition 1 answers keeps them', async () => {
    const dir = await tempDir();
    await init(dir, { set: ['name=Bot'] });
    const text = await readFile(join(dir, '.github/lifecycle.yml'), 'utf8');
    expect(text).toMatch(/\npreset: genai@2\n/);
    expect(text.indexOf('preset: genai@2')).toBeLessThan(text.indexOf('variables:'));

    const old = await tempDir();
    await mkdir(join(old, '.github'));
    await writeFile(join(old, '.github/lifecycle.yml'), await renderPresetEdition('genai', 1, { name: 'Old', tuning_method: 'full', reward_model: true }));
    const result = await init(old, { onConflict: 'overwrite' });
    expect(result.exitCode).toBe(0);
    const written = await config(old);
    expect(written.preset).toBe('genai@2');
    expect(written.project.name).toBe('Old');
    expect(written.variables).toMatchObject({ adaptation: 'full', alignment: 'rlhf', reward_model: true });
  });
});
