// The mutation score per folder and the surviving mutants per file, from Stryker's JSON report(s)
// (docs/testing.md keeps the table this prints).
//
//   npx tsx scripts/mutation-score.ts                         # reports/mutation/mutation.json
//   npx tsx scripts/mutation-score.ts a.json b.json           # several runs, merged by file
//   npx tsx scripts/mutation-score.ts --survivors             # and every survivor, by file
//   npx tsx scripts/mutation-score.ts a.json b.json --write reports/stryker-incremental.json
//                                                             # one report (or incremental file) from several runs
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
  testFiles?: Record<string, unknown>;
}

// Stryker's definition: detected (killed, timed out) over detected and undetected (survived, no
// coverage); ignored mutants and those that did not compile or crashed count for neither.
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

const FOLDERS: [string, RegExp][] = [
  ['config', /^src\/config\//],
  ['schedule', /^src\/schedule\//],
  ['plan', /^src\/plan\//],
  ['render', /^src\/render\//],
  ['guide', /^src\/guide\//],
  ['github/apply', /^src\/github\/apply(\.ts$|\/)/],
];

const args = process.argv.slice(2);
const showSurvivors = args.includes('--survivors');
const writeTo = args.includes('--write') ? args[args.indexOf('--write') + 1] : undefined;
const paths = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--write');
const files = new Map<string, Mutant[]>();
// Later reports win for a file they share; test ids name the test file and test, so they merge too.
const merged: Required<Report> = { files: {}, testFiles: {} };
let base: Record<string, unknown> = {};
for (const path of paths.length > 0 ? paths : ['reports/mutation/mutation.json']) {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  for (const [file, { mutants }] of Object.entries(report.files)) files.set(file, mutants);
  base = { ...base, ...report };
  Object.assign(merged.files, report.files);
  Object.assign(merged.testFiles, report.testFiles ?? {});
}
if (writeTo !== undefined) writeFileSync(writeTo, `${JSON.stringify({ ...base, ...merged })}\n`);

interface Tally {
  detected: number;
  undetected: number;
  ignored: number;
}
const tally = (mutants: readonly Mutant[]): Tally => ({
  detected: mutants.filter((m) => DETECTED.has(m.status)).length,
  undetected: mutants.filter((m) => UNDETECTED.has(m.status)).length,
  ignored: mutants.filter((m) => m.status === 'Ignored').length,
});
const score = (t: Tally) => (t.detected + t.undetected === 0 ? '—' : `${((100 * t.detected) / (t.detected + t.undetected)).toFixed(1)}%`);
const row = (name: string, t: Tally) => `| ${name} | ${score(t)} | ${t.detected} | ${t.undetected} | ${t.ignored} |`;

console.log('| folder | score | killed or timed out | survived or not covered | ignored (static) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const all: Mutant[] = [];
for (const [name, pattern] of FOLDERS) {
  const mutants = [...files].filter(([file]) => pattern.test(file)).flatMap(([, m]) => m);
  if (mutants.length === 0) continue;
  all.push(...mutants);
  console.log(row(name, tally(mutants)));
}
console.log(row('**all**', tally(all)));

if (showSurvivors) {
  for (const [file, mutants] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const left = mutants.filter((m) => UNDETECTED.has(m.status)).sort((a, b) => a.location.start.line - b.location.start.line);
    if (left.length === 0) continue;
    console.log(`\n${file} (${left.length})`);
    for (const m of left) {
      const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100);
      console.log(`  ${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName}: ${replacement}`);
    }
  }
}
