import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtinTemplatesDir, loadTemplateSet, makeTemplateSet, partialName, resolveTemplate, templateNames } from '../../src/render/templates.js';

const repoRoot = resolve(import.meta.dirname, '../..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifecycle-templates-'));
  await mkdir(join(dir, '.github', 'lifecycle', 'stages'), { recursive: true });
  await writeFile(join(dir, '.github', 'lifecycle', 'task.md.hbs'), 'repo task {{task.title}}');
  await writeFile(join(dir, '.github', 'lifecycle', 'stages', 'fine-tuning.md.hbs'), 'ft');
  await writeFile(join(dir, '.github', 'lifecycle', '_footer.md.hbs'), 'footer');
  await writeFile(join(dir, '.github', 'lifecycle', 'notes.txt'), 'not a template');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadTemplateSet', () => {
  it('reads the repository folder recursively and the built-ins, keeping only .hbs files', async () => {
    const set = await loadTemplateSet(join(dir, '.github', 'lifecycle'));
    expect([...set.repo.keys()]).toEqual(['_footer.md.hbs', 'stages/fine-tuning.md.hbs', 'task.md.hbs']);
    expect(set.repo.get('task.md.hbs')).toMatchObject({ text: 'repo task {{task.title}}', path: `${join(dir, '.github', 'lifecycle').split('\\').join('/')}/task.md.hbs` });
    expect([...set.builtin.keys()]).toEqual(expect.arrayContaining(['milestone.md.hbs', 'task.md.hbs', 'guidance.md.hbs', '_exit-criteria.md.hbs']));
    expect(set.builtin.get('task.md.hbs')?.path).toBe('templates/common/task.md.hbs');
  });

  it('treats a missing templates folder as "built-ins only"', async () => {
    const set = await loadTemplateSet(join(dir, 'does-not-exist'));
    expect(set.repo.size).toBe(0);
    expect(set.builtin.size).toBeGreaterThanOrEqual(3);
  });

  it('reads only the built-ins without a repository folder', async () => {
    expect((await loadTemplateSet(null)).repo.size).toBe(0);
  });
});

describe('template lookup', () => {
  const set = makeTemplateSet(
    [{ name: 'task.md.hbs', path: 'r/task.md.hbs', text: 'r' }],
    [
      { name: 'task.md.hbs', path: 'b/task.md.hbs', text: 'b' },
      { name: 'milestone.md.hbs', path: 'b/milestone.md.hbs', text: 'm' },
    ],
  );

  it('resolves the repository first, then the built-in, and says which', () => {
    expect(resolveTemplate(set, 'task.md.hbs')).toEqual({ origin: 'repo', file: { name: 'task.md.hbs', path: 'r/task.md.hbs', text: 'r' } });
    expect(resolveTemplate(set, './milestone.md.hbs')?.origin).toBe('builtin');
    expect(resolveTemplate(set, 'guidance.md.hbs')).toBeNull();
  });

  it('lists every name once, sorted, for the validator', () => {
    expect([...templateNames(set)]).toEqual(['milestone.md.hbs', 'task.md.hbs']);
  });

  it.each([
    ['_exit-criteria.md.hbs', 'exit-criteria'],
    ['_row.hbs', 'row'],
    ['parts/_row.md.hbs', 'parts/row'],
    ['task.md.hbs', null],
    ['_.hbs', null],
  ])('names the partial of %s', (file, name) => {
    expect(partialName(file)).toBe(name);
  });
});

describe('builtinTemplatesDir', () => {
  it.each([
    ['the source tree', join(repoRoot, 'src', 'render')],
    ['the Action bundle', join(repoRoot, 'dist')],
    ['the CLI bundle', join(repoRoot, 'dist', 'cli')],
  ])('finds templates/common from %s', (_where, from) => {
    expect(builtinTemplatesDir(from)).toBe(join(repoRoot, 'templates', 'common'));
  });

  it('says where it looked when there are none', () => {
    expect(() => builtinTemplatesDir(tmpdir())).toThrow(/cannot find the built-in templates/);
  });
});
