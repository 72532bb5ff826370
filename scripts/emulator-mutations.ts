// Mutation check of the emulator's fidelity: applies each deliberate bug in
// tests/mutations/emulator.json to the source, one at a time, runs the tests it names, and reports
// which were caught (a test failed) and which stayed alive. Every listed bug must be caught; grow
// the list whenever a fidelity bug is found.
//
//   npm run test:mutations                  # all of them, with a baseline run first
//   npm run test:mutations -- --only a,b    # some of them
//   npm run test:mutations -- --no-baseline
//
// The source is restored after each mutation, also on Ctrl+C. One vitest process at a time.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Mutation {
  id: string;
  bug: string;
  file: string;
  find: string;
  replace: string;
  tests: string[];
}

type Outcome = 'caught' | 'alive' | 'not applied';

const root = join(import.meta.dirname, '..');
const list = JSON.parse(readFileSync(join(root, 'tests/mutations/emulator.json'), 'utf8')) as Mutation[];
const args = process.argv.slice(2);
const only = args.includes('--only') ? new Set((args[args.indexOf('--only') + 1] ?? '').split(',')) : null;
const selected = list.filter((m) => only === null || only.has(m.id));

let restore: (() => void) | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    restore?.();
    process.exit(130);
  });
}

function vitest(files: string[]): { ok: boolean; output: string } {
  const run = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...files, '--reporter=dot'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 600_000,
  });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** The first failed test vitest printed, and how many more failed, for the report. */
function failures(output: string): string {
  const names = new Set<string>();
  for (const match of output.matchAll(/FAIL\s+\S+\s+>\s+(.+)/g)) names.add(match[1]!.trim().split(' > ').at(-1)!);
  const [first, ...rest] = [...names];
  if (first === undefined) return 'the run failed';
  return `"${first}"${rest.length > 0 ? ` and ${rest.length} more` : ''}`;
}

function applyOne(mutation: Mutation): { outcome: Outcome; detail: string } {
  const path = join(root, mutation.file);
  const original = readFileSync(path, 'utf8');
  const at = original.indexOf(mutation.find);
  if (at < 0 || original.indexOf(mutation.find, at + 1) >= 0) {
    return { outcome: 'not applied', detail: at < 0 ? 'the text to change is not in the file any more' : 'the text to change is there more than once' };
  }
  restore = () => writeFileSync(path, original);
  try {
    writeFileSync(path, original.slice(0, at) + mutation.replace + original.slice(at + mutation.find.length));
    const run = vitest(mutation.tests);
    return run.ok ? { outcome: 'alive', detail: 'every test passed' } : { outcome: 'caught', detail: failures(run.output) };
  } finally {
    restore();
    restore = null;
  }
}

if (!args.includes('--no-baseline')) {
  const files = [...new Set(selected.flatMap((m) => m.tests))];
  process.stderr.write(`baseline: ${files.length} test files without any mutation…\n`);
  const base = vitest(files);
  if (!base.ok) {
    process.stderr.write(`${base.output}\nThe tests fail without any mutation; fix that first.\n`);
    process.exit(1);
  }
}

const rows: string[] = [];
let bad = 0;
for (const [index, mutation] of selected.entries()) {
  process.stderr.write(`[${index + 1}/${selected.length}] ${mutation.id}… `);
  const { outcome, detail } = applyOne(mutation);
  process.stderr.write(`${outcome}\n`);
  if (outcome !== 'caught') bad += 1;
  rows.push(`| \`${mutation.id}\` | ${mutation.bug} | ${mutation.tests.map((t) => `\`${t}\``).join(', ')} | **${outcome}** | ${detail.replace(/\|/g, '\\|')} |`);
}

process.stdout.write(
  [
    `| mutation | deliberate bug | tests run | result | caught by |`,
    `|---|---|---|---|---|`,
    ...rows,
    '',
    `${selected.length - bad} of ${selected.length} caught.`,
    '',
  ].join('\n'),
);
process.exitCode = bad === 0 ? 0 : 1;
