// Bundles the Action and the CLI into dist/ with ncc. The output is committed; CI rebuilds it and
// fails when it differs. ncc type-checks through src/tsconfig.json, which covers the shipped sources only.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const entries = [
  ['src/index.ts', 'dist'],
  ['src/cli/main.ts', 'dist/cli'],
];
rmSync('dist', { recursive: true, force: true });
for (const [entry, out] of entries) {
  const args = ['ncc', 'build', entry, '-o', out, '--minify', '--no-source-map-register', '--license', 'licenses.txt', '--quiet'];
  const { status } = spawnSync('npx', args, { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`build: ncc failed on ${entry}`);
    process.exit(1);
  }
}
