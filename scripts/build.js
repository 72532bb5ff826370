// Bundles the Action and the CLI into dist/ with ncc. The output is committed; CI rebuilds it and
// fails when it differs. ncc type-checks through src/tsconfig.json, which covers the shipped sources only.
//
// A dynamic import() becomes a chunk file beside the entry (dist/<id>.index.js), loaded when that
// code first runs: each command loads only what it needs. Two things ncc leaves undone for chunks
// are done here: it minifies the entry file only, and its licenses.txt lists the packages of the
// chunks but not those of the entry. The licenses are therefore written from the module list ncc
// reports (--stats-out), every bundled package once, in the layout ncc uses.
//
// dist/sources.json records a hash of each of the project's own files the bundles were built from
// (and of package-lock.json, which pins the rest), so the tests that run the bundle can refuse a
// dist/ older than its sources instead of quietly testing a stale bundle (tests/helpers/bundle-sources.ts).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { transformSync } from 'esbuild';

const entries = [
  ['src/index.ts', 'dist'],
  ['src/cli/main.ts', 'dist/cli'],
];
const LICENSES = 'licenses.txt';
const CHUNK = /^\d+\.index\.js$/;
const SOURCES = 'dist/sources.json';
const ownSources = new Set(['package-lock.json']);

rmSync('dist', { recursive: true, force: true });
const scratch = mkdtempSync(path.join(tmpdir(), 'lifecycle-build-'));
try {
  for (const [entry, out] of entries) {
    const stats = path.join(scratch, 'stats.json');
    const args = ['ncc', 'build', entry, '-o', out, '--minify', '--no-source-map-register', '--license', LICENSES, '--stats-out', stats, '--quiet'];
    const { status } = spawnSync('npx', args, { stdio: 'inherit' });
    if (status !== 0) {
      console.error(`build: ncc failed on ${entry}`);
      process.exit(1);
    }
    for (const file of readdirSync(out).filter((name) => CHUNK.test(name))) minifyChunk(path.join(out, file));
    const report = JSON.parse(readFileSync(stats, 'utf8'));
    writeFileSync(path.join(out, LICENSES), licenses(bundledPackages(report)));
    for (const file of projectFiles(report)) ownSources.add(file);
  }
  writeFileSync(SOURCES, `${JSON.stringify(sourceHashes([...ownSources].sort()), null, 2)}\n`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function minifyChunk(file) {
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'js', format: 'esm', minify: true, legalComments: 'inline' });
  writeFileSync(file, code);
}

/** Every module the stats name, as a path relative to the project, outside node_modules. */
function projectFiles(stats) {
  const root = process.cwd();
  const files = new Set();
  const visit = (modules) => {
    for (const module of modules ?? []) {
      visit(module.modules);
      const resource = (module.nameForCondition ?? module.identifier ?? '').split('!').pop() ?? '';
      const relative = path.relative(root, resource.split('?')[0]);
      if (!path.isAbsolute(resource) || relative.startsWith('..') || relative.split(path.sep).includes('node_modules')) continue;
      if (existsSync(resource)) files.add(relative.split(path.sep).join('/'));
    }
  };
  visit(stats.modules);
  for (const child of stats.children ?? []) visit(child.modules);
  return files;
}

function sourceHashes(files) {
  return Object.fromEntries(files.map((file) => [file, createHash('sha256').update(readFileSync(file)).digest('hex')]));
}

/** The folders under node_modules that any bundled module comes from, by package name. */
function bundledPackages(stats) {
  const folders = new Map();
  const visit = (modules) => {
    for (const module of modules ?? []) {
      visit(module.modules);
      const resource = module.nameForCondition ?? module.identifier ?? '';
      const match = /^(.*[\\/]node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(resource.split('!').pop() ?? '');
      if (!match) continue;
      const folder = match[1];
      const manifest = path.join(folder, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
      if (!folders.has(name)) folders.set(name, folder);
    }
  };
  visit(stats.modules);
  for (const child of stats.children ?? []) visit(child.modules);
  return folders;
}

function licenses(folders) {
  const sections = [...folders.keys()].sort().map((name) => {
    const folder = folders.get(name);
    const { license } = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    const file = readdirSync(folder).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    const text = file ? readFileSync(path.join(folder, file), 'utf8') : '';
    return `${name}\n${license ?? ''}\n${text}`;
  });
  return sections.join('\n\n');
}
