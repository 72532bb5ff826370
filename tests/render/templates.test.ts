import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtinTemplatesDir, loadTemplateSet, makeTemplateSet, normalizeName, partialFiles, partialName, resolveTemplate, templateNames } from '../../src/render/templates.js';

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

  it('shows paths under the display name given, without doubling its slash', async () => {
    const set = await loadTemplateSet(join(dir, '.github', 'lifecycle'), { display: '.github/lifecycle/' });
    expect([...set.repo.values()].map((f) => f.path)).toEqual(['.github/lifecycle/_footer.md.hbs', '.github/lifecycle/stages/fine-tuning.md.hbs', '.github/lifecycle/task.md.hbs']);
  });

  it.each([
    ['a folder named explicitly that is missing', 'does-not-exist', { required: true }, 'cannot find the templates folder shown/'],
    ['a file where the folder should be', join('.github', 'lifecycle', 'notes.txt'), {}, 'the templates folder shown/ is a file, not a folder'],
    ['a file where the folder should be, even if named explicitly', join('.github', 'lifecycle', 'notes.txt'), { required: true }, 'the templates folder shown/ is a file, not a folder'],
  ])('refuses %s', async (_what, folder, options, message) => {
    await expect(loadTemplateSet(join(dir, folder), { display: 'shown/', ...options })).rejects.toThrow(message);
  });

  it('refuses a folder it cannot read, even one not named explicitly, keeping the reason', async () => {
    // Under a file: stat fails with ENOTDIR, not ENOENT, so this is no "built-ins only".
    const under = join(dir, '.github', 'lifecycle', 'notes.txt', 'templates');
    const failure = loadTemplateSet(under, { display: 'shown/' });
    await expect(failure).rejects.toThrow('cannot read the templates folder shown/');
    await expect(failure).rejects.toMatchObject({ cause: { code: 'ENOTDIR' } });
  });

  it('refuses a template over 1 MiB unread, naming it', async () => {
    const big = await mkdtemp(join(tmpdir(), 'lifecycle-templates-big-'));
    try {
      await writeFile(join(big, 'huge.md.hbs'), 'x'.repeat(1024 * 1024 + 1));
      await expect(loadTemplateSet(big, { display: 'big' })).rejects.toThrow('the template big/huge.md.hbs is larger than 1 MiB; what it renders must fit in 65536 characters');
    } finally {
      await rm(big, { recursive: true, force: true });
    }
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
    ['_.md.hbs', null],
    ['_row.md', null],
    ['row_.md.hbs', null],
    ['a/b/_c.d.md.hbs', 'a/b/c.d'],
    ['_a.hbs.md.hbs', 'a.hbs'],
    ['_a.md.x.hbs', 'a.md.x'],
  ])('names the partial of %s', (file, name) => {
    expect(partialName(file)).toBe(name);
  });

  it.each([
    ['./task.md.hbs', 'task.md.hbs'],
    ['stages\\fine-tuning.md.hbs', 'stages/fine-tuning.md.hbs'],
    ['.\\stages\\x.md.hbs', 'stages/x.md.hbs'],
    ['stages/./x.md.hbs', 'stages/./x.md.hbs'],
  ])('reads the name %s as %s', (name, normal) => {
    expect(normalizeName(name)).toBe(normal);
  });

  it('orders names by code unit, the same on every machine', () => {
    const files = ['b.hbs', 'B.hbs', 'a.hbs', 'é.hbs'].map((name) => ({ name, path: name, text: '' }));
    expect([...makeTemplateSet(files, []).repo.keys()]).toEqual(['B.hbs', 'a.hbs', 'b.hbs', 'é.hbs']);
    expect([...templateNames(makeTemplateSet(files.slice(0, 2), files.slice(2)))]).toEqual(['B.hbs', 'a.hbs', 'b.hbs', 'é.hbs']);
  });

  it("takes a repository's partial over the built-in of the same name", () => {
    const partials = partialFiles(
      makeTemplateSet(
        [{ name: '_footer.md.hbs', path: 'r/_footer.md.hbs', text: 'r' }],
        [
          { name: '_footer.md.hbs', path: 'b/_footer.md.hbs', text: 'b' },
          { name: '_header.hbs', path: 'b/_header.hbs', text: 'h' },
          { name: 'task.md.hbs', path: 'b/task.md.hbs', text: 't' },
        ],
      ),
    );
    expect([...partials].map(([name, file]) => [name, file.path])).toEqual([
      ['footer', 'r/_footer.md.hbs'],
      ['header', 'b/_header.hbs'],
    ]);
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
    expect(() => builtinTemplatesDir(tmpdir())).toThrow(`cannot find the built-in templates (templates/common) above ${tmpdir()}`);
  });
});
