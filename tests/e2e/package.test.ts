// The package as a user installs it: `npm pack`, then the tarball installed into an empty folder
// with an empty cache and no network. The bundles carry every dependency, so the install must need
// nothing else; then the installed `lifecycle` runs from there.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/runner.js';

const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without throwing on a non-zero exit; the installed bin is found on PATH as a shell would. */
async function sh(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  const base: Record<string, string | undefined> = { ...process.env };
  // Settings `npm test` passes down would point npm at the developer's cache and registry.
  for (const key of Object.keys(base)) if (/^npm_/i.test(key)) delete base[key];
  for (const key of ['GITHUB_TOKEN', 'GH_TOKEN', 'FORCE_COLOR']) delete base[key];
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: { ...base, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let work: string;
let app: string;
let env: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'lifecycle-package-'));
  const cache = path.join(work, 'npm-cache');
  app = path.join(work, 'app');
  await mkdir(app);
  // An empty cache: with --offline, anything the package depends on could not be found.
  env = { npm_config_cache: cache, npm_config_update_notifier: 'false' };
  const packed = await sh('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT, env);
  expect(packed.stderr).not.toMatch(/npm error/);
  expect(packed.code).toBe(0);
}, 180_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('npm pack, then npm install of the tarball, offline', () => {
  it('ships the bundles, the templates, the schema and action.yml, and depends on nothing', async () => {
    const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBe('lifecycle-action-0.1.0.tgz');
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies?: object; bin: Record<string, string> };
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.bin).toEqual({ lifecycle: 'bin/lifecycle.js' });

    const installed = await sh('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(work, tarball ?? '')], app, env);
    expect(installed.stderr).not.toMatch(/ENOTCACHED|npm error/);
    expect(installed.code).toBe(0);
    const pkg = path.join(app, 'node_modules', 'lifecycle-action');
    const shipped = await readdir(pkg);
    for (const name of ['bin', 'dist', 'templates', 'schema', 'action.yml', 'package.json']) expect(shipped).toContain(name);
    expect(await readdir(path.join(pkg, 'dist', 'cli'))).toContain('index.js');
    // Nothing was installed beside it.
    expect((await readdir(path.join(app, 'node_modules'))).filter((name) => !name.startsWith('.'))).toEqual(['lifecycle-action']);
  }, 180_000);

  it('runs as `lifecycle`: --version, then init --yes writes a config that validates', async () => {
    const bin = path.join(app, 'node_modules', '.bin');
    const PATH = `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
    const version = await sh('lifecycle', ['--version'], app, { PATH });
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });

    const repo = path.join(work, 'repo');
    await mkdir(repo);
    const init = await sh('lifecycle', ['init', '--yes', '--set', 'name=Support assistant'], repo, { PATH });
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('create     .github/lifecycle.yml');
    const config = parse(await readFile(path.join(repo, '.github/lifecycle.yml'), 'utf8')) as { version: number; project: { name: string }; stages: unknown[] };
    expect(config).toMatchObject({ version: 1, project: { name: 'Support assistant' } });
    expect(config.stages.length).toBeGreaterThan(3);
    expect(await readFile(path.join(repo, '.github/workflows/lifecycle.yml'), 'utf8')).toContain('lifecycle-action/lifecycle-action@v1');

    // The built-in templates are found inside the installed package.
    const validate = await sh('lifecycle', ['validate'], repo, { PATH });
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(/^\.github\/lifecycle\.yml is valid: \d+ stages and \d+ tasks\n$/);
  }, 120_000);
});
