// Bundles the Action and the CLI into dist/ with ncc. Output is committed and CI checks it is current.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const entries = [
  ['src/index.ts', 'dist'],
  ['src/cli/main.ts', 'dist/cli'],
];
rmSync('dist', { recursive: true, force: true });
for (const [entry, out] of entries) {
  execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--minify', '--no-source-map-register', '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
  });
}
