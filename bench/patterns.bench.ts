// npm run bench:patterns — what matching costs on names and texts built to be slow, before and after
// the linear-time matchers. Times only; the results are checked by the tests.
//
// Before: what the code did until the patterns moved to RE2, inlined here: picomatch's JavaScript
// regular expressions for globs (dot: true), RegExp for branch patterns, and the former regular
// expressions over comment and issue bodies. After: the shipped code (matchStages, the marker and
// checkbox readers). Each row is the median of several runs after one warm-up run; a "before" row
// that would run for minutes is measured at smaller sizes, whose growth the table shows.
import picomatch from 'picomatch';
import { configSchema, type LifecycleConfigInput } from '../src/config/schema.js';
import { closingReferences, matchStages, type PullRequestFacts } from '../src/guide/match.js';
import { tickedItems } from '../src/plan/checkboxes.js';
import { parseMarker, untickAll } from '../src/plan/marker.js';

const BRANCH_PATTERN = '^feature/([a-z0-9]+-?)+$';
const NESTED_GLOB = '**/a/**/b/**/*.py';
const FILES = 3000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Median milliseconds of `runs` calls, after one warm-up call. */
function time(run: () => unknown, runs: number): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function ms(value: number): string {
  if (value >= 3_600_000) return `${(value / 3_600_000).toLocaleString('en-US', { maximumFractionDigits: 0 })} h`;
  if (value >= 60_000) return `${(value / 60_000).toFixed(0)} min`;
  if (value >= 1000) return `${(value / 1000).toFixed(1)} s`;
  if (value >= 10) return `${value.toFixed(0)} ms`;
  return `${value.toFixed(value >= 1 ? 1 : 3)} ms`;
}

/** A Markdown table; the first `textColumns` columns are text, the others figures. */
function table(head: string[], rows: string[][], textColumns = 1): string {
  const align = head.map((_, i) => (i < textColumns ? '---' : '---:'));
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

const pr = (facts: Partial<PullRequestFacts>): PullRequestFacts => ({ files: [], labels: [], branch: 'main', body: '', ...facts });

function config(stages: LifecycleConfigInput['stages']) {
  return configSchema.parse({ version: 1, project: { name: 'Benchmark' }, stages } satisfies LifecycleConfigInput);
}

// ---------------------------------------------------------------------------------------------
// One branch name, one path

function branchRows(): string[][] {
  const before = new RegExp(BRANCH_PATTERN);
  const after = config([{ id: 'feature', name: 'Feature', match: { branches: [BRANCH_PATTERN] } }]);
  const rows: string[][] = [];
  let last = 0;
  for (const n of [16, 20, 24, 26, 30, 45, 246]) {
    const branch = `feature/${'a'.repeat(n)}_`;
    let old: string;
    if (n <= 26) {
      last = time(() => before.test(branch), n <= 20 ? 5 : 1);
      old = ms(last);
    } else {
      old = n < 100 ? `about ${ms(last * 2 ** (n - 26))} (×2 per character)` : 'longer than any job';
    }
    const now = time(() => matchStages(after, ['feature'], pr({ branch }), []), 50);
    rows.push([`${branch.length} bytes`, old, ms(now)]);
  }
  return rows;
}

function pathRows(): string[][] {
  const before = picomatch(NESTED_GLOB, { dot: true });
  const after = config([{ id: 'nested', name: 'Nested', match: { paths: [NESTED_GLOB] } }]);
  const rows: string[][] = [];
  for (const repeat of [125, 250, 500, 1000]) {
    const path = `${'a/b/'.repeat(repeat)}x.pz`;
    const old = time(() => before(path), repeat >= 1000 ? 1 : 3);
    const now = time(() => matchStages(after, ['nested'], pr({ files: [path] }), []), 50);
    rows.push([`${path.length.toLocaleString('en-US')} bytes`, ms(old), ms(now)]);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// One event at the bounds: 3,000 changed files of 4,096 bytes, every stage with hostile globs

function eventRows(): { rows: string[][]; perPathBefore: number } {
  const globs = [NESTED_GLOB, '**/*a*a*a*a*a*b', 'src/**/[a-z]*-?(x)/**', '**/a/**/b/**/c/**/d/**/*.{py,ipynb}', '{a,b}/**/+(a|b)/**/*.md'];
  const stages = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, name: `Stage ${i}`, match: { paths: globs.map((g) => `${g}`), branches: [BRANCH_PATTERN] } }));
  const cfg = config(stages);
  const ids = stages.map((s) => s.id);
  const shapes: [string, string][] = [
    ['a/b/ repeated, no match', `${'a/b/'.repeat(1022)}x.pz`],
    ['a/b/ repeated, matching', `${'a/b/'.repeat(1022)}x.py`],
    ['one 4,096-byte name', 'a'.repeat(4096)],
    ['ordinary paths', 'adapter/train_lora.py'],
  ];
  const rows: string[][] = [];
  for (const [name, path] of shapes) {
    const files = path.length > 100 ? Array.from({ length: FILES }, () => path) : Array.from({ length: FILES }, (_, i) => `src/m${i}/${path}`);
    const branch = `feature/${'a1-'.repeat(82)}`;
    const now = time(() => matchStages(cfg, ids, pr({ files, branch }), []), 3);
    rows.push([name, `${Math.max(...files.map((f) => f.length)).toLocaleString('en-US')} bytes`, String(stages.length * globs.length), ms(now)]);
  }
  const before = picomatch(NESTED_GLOB, { dot: true });
  const perPathBefore = time(() => before(`${'a/b/'.repeat(1000)}x.pz`), 1);
  return { rows, perPathBefore };
}

// ---------------------------------------------------------------------------------------------
// Bodies and comments of 65,536 characters (GitHub's limit)

const LIMIT = 65_536;
const PREFIX = '<!-- lifecycle-action {';

function textRows(): string[][] {
  const oldMarker = /<!-- lifecycle-action (\{[^\n]*?\}) -->/y;
  const oldFind = (text: string) => {
    for (let at = text.indexOf('<!-- lifecycle-action '); at !== -1; at = text.indexOf('<!-- lifecycle-action ', at + 1)) {
      oldMarker.lastIndex = at;
      if (oldMarker.exec(text)) return true;
    }
    return false;
  };
  const oldUntick = (text: string) => text.replace(/^(\s*[-*+] )\[[xX]\]/gm, '$1[ ]');
  const oldBox = /^(\s*[-*+] \[)([ xX])(\](?:[ \t]+(.*))?)$/;
  const cases: [string, string, () => unknown, () => unknown][] = [];
  const prefixes = PREFIX.repeat(Math.floor(LIMIT / PREFIX.length));
  cases.push(['marker in a comment', 'one line of marker openings', () => oldFind(prefixes), () => parseMarker(prefixes)]);
  const blank = `${'\n'.repeat(LIMIT - 3)}[x]`;
  cases.push(['unticking boxes (digest)', 'blank lines, then "[x]"', () => oldUntick(blank), () => untickAll(blank)]);
  const box = `- [x]${' '.repeat(LIMIT - 7)}\rx`;
  cases.push(['ticked boxes of an issue body', 'a box, blanks, a carriage return', () => oldBox.exec(box), () => tickedItems(box)]);
  const body = `${'fixes x.'.repeat(LIMIT / 16)}${'fixes a/'.repeat(LIMIT / 16)}`;
  cases.push(['closing keywords in a pull request body', '"fixes x." and "fixes a/" repeated', () => closingReferences(body), () => closingReferences(body)]);
  return cases.map(([what, shape, before, after]) => [what, shape, ms(time(before, 1)), ms(time(after, 20))]);
}

const out: string[] = [];
out.push(`Node ${process.version}; medians after a warm-up run.`, '');
out.push(`### A branch name against \`${BRANCH_PATTERN}\``, '', table(['branch', 'before (RegExp)', 'after (RE2)'], branchRows()), '');
out.push(`### One changed path against \`${NESTED_GLOB}\``, '', table(['path', 'before (picomatch)', 'after (RE2)'], pathRows()), '');
const event = eventRows();
out.push(
  `### One event at the bounds: ${FILES.toLocaleString('en-US')} changed files, 10 stages of 5 globs and a branch pattern`,
  '',
  table(['paths', 'longest', 'globs', 'after: whole event'], event.rows),
  '',
  `Before, one such path took ${ms(event.perPathBefore)} against \`${NESTED_GLOB}\` alone: ${FILES.toLocaleString('en-US')} of them, about ${ms(event.perPathBefore * FILES)} for that one glob.`,
  '',
);
out.push(`### Texts of ${LIMIT.toLocaleString('en-US')} characters`, '', table(['reader', 'text', 'before', 'after'], textRows(), 2), '');
process.stdout.write(`${out.join('\n')}\n`);
