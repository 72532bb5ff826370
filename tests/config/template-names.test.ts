// Which template names a config may use: the repository's folder, the built-ins and the defaults.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigReadError } from '../../src/config/load.js';
import { DEFAULT_TEMPLATE_NAMES, availableTemplateNames, defaultTemplatesDir, findBuiltinTemplatesDir, listTemplateNames } from '../../src/config/template-names.js';
import { templatesFolder } from '../../src/config/templates-folder.js';
import { ROOT } from '../helpers/runner.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifecycle-names-'));
  await mkdir(join(dir, 'tpl/issues/deep'), { recursive: true });
  await writeFile(join(dir, 'tpl/b.hbs'), '');
  await writeFile(join(dir, 'tpl/z.hbs'), '');
  await writeFile(join(dir, 'tpl/issues/a.hbs'), '');
  await writeFile(join(dir, 'tpl/issues/deep/c.hbs'), '');
  await writeFile(join(dir, 'tpl/notes.md'), '');
  await writeFile(join(dir, 'tpl/x.hbs.bak'), '');
  await mkdir(join(dir, 'tpl/folder.hbs'));
  await writeFile(join(dir, 'file'), '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('listTemplateNames', () => {
  it('lists the .hbs files below a folder, "/"-separated and sorted', async () => {
    // A folder's own files are listed before its subfolders' ones; the names come out sorted all the same.
    expect(await listTemplateNames(join(dir, 'tpl'))).toEqual(['b.hbs', 'issues/a.hbs', 'issues/deep/c.hbs', 'z.hbs']);
  });

  it('has none for a missing folder unless it is required', async () => {
    expect(await listTemplateNames(join(dir, 'none'))).toEqual([]);
    await expect(listTemplateNames(join(dir, 'none'), { required: true, displayPath: 'shown/' })).rejects.toThrow(new ConfigReadError('cannot find the templates folder shown/'));
  });

  it('refuses a file, naming it as shown', async () => {
    await expect(listTemplateNames(join(dir, 'file'), { displayPath: 'shown' })).rejects.toThrow(new ConfigReadError('the templates folder shown is a file, not a folder'));
    await expect(listTemplateNames(join(dir, 'file'))).rejects.toThrow(`the templates folder ${join(dir, 'file')} is a file`);
  });

  it('says it cannot read a path below a file', async () => {
    await expect(listTemplateNames(join(dir, 'file', 'sub'), { displayPath: 'shown' })).rejects.toThrow(new ConfigReadError('cannot read the templates folder shown'));
  });
});

describe('availableTemplateNames', () => {
  it('joins the repository folder, the built-ins and the defaults', async () => {
    const names = await availableTemplateNames({ repoDir: join(dir, 'tpl'), builtinDir: join(dir, 'tpl/issues') });
    expect([...names]).toEqual([...DEFAULT_TEMPLATE_NAMES, 'a.hbs', 'deep/c.hbs', 'b.hbs', 'issues/a.hbs', 'issues/deep/c.hbs', 'z.hbs'].filter((n, i, all) => all.indexOf(n) === i));
    expect([...(await availableTemplateNames({ repoDir: null, builtinDir: join(dir, 'tpl/issues') }))]).toEqual([...DEFAULT_TEMPLATE_NAMES, 'a.hbs', 'deep/c.hbs']);
  });

  it('passes on whether the repository folder is required and how to name it', async () => {
    expect([...(await availableTemplateNames({ repoDir: join(dir, 'none'), builtinDir: null }))]).toEqual([...DEFAULT_TEMPLATE_NAMES]);
    await expect(availableTemplateNames({ repoDir: join(dir, 'none'), repoDirRequired: true, repoDirDisplay: 'mine/', builtinDir: null })).rejects.toThrow(
      'cannot find the templates folder mine/',
    );
    await expect(availableTemplateNames({ repoDir: join(dir, 'none'), repoDirRequired: true, builtinDir: null })).rejects.toThrow(`cannot find the templates folder ${join(dir, 'none')}`);
  });

  it('finds the package built-ins by default', async () => {
    const names = await availableTemplateNames({ repoDir: null });
    expect(findBuiltinTemplatesDir()).toBe(join(ROOT, 'templates/common'));
    expect(names.size).toBeGreaterThan(DEFAULT_TEMPLATE_NAMES.length);
  });
});

describe('the templates folders', () => {
  it('walks up to templates/common, or finds none', () => {
    expect(findBuiltinTemplatesDir(join(ROOT, 'src/config'))).toBe(join(ROOT, 'templates/common'));
    expect(findBuiltinTemplatesDir(dir)).toBeNull();
  });

  it('puts the repository folder beside the config', () => {
    expect(defaultTemplatesDir('.github/lifecycle.yml')).toBe('.github/lifecycle');
    expect([templatesFolder('cfg\\lifecycle.yml'), templatesFolder('cfg/lifecycle.yml', '  '), templatesFolder('cfg/lifecycle.yml', ' tpl '), templatesFolder('x.yml', null)]).toEqual([
      'cfg/lifecycle',
      'cfg/lifecycle',
      'tpl',
      'lifecycle',
    ]);
  });
});
