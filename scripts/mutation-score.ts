// The mutation score per folder and the surviving mutants per file, from Stryker's JSON report(s)
// (docs/testing.md keeps the table this prints).
//
//   npx tsx scripts/mutation-score.ts                         # reports/mutation/mutation.json
//   npx tsx scripts/mutation-score.ts a.json b.json           # several runs, merged by file
//   npx tsx scripts/mutation-score.ts --survivors             # and every survivor, by file
//   npx tsx scripts/mutation-score.ts a.json b.json --write reports/stryker-incremental.json
//                                                             # one report (or incremental file) from several runs
//   npx tsx scripts/mutation-score.ts all.json 'b.json:src/plan/*.ts,src/render/x.ts' --write out.json
//                                                             # b.json gives only the files its globs match
//   npx tsx scripts/mutation-score.ts all.json 'b.json:src/config/checks.ts:kills' --write out.json
//                                                             # b.json gives only the mutants it detected that
//                                                             # all.json left undetected (a run over fewer tests)
import { readFileSync, writeFileSync } from 'node:fs';
import picomatch from 'picomatch';

interface Mutant {
  id?: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end?: { line: number; column: number } };
  coveredBy?: string[];
  killedBy?: string[];
}
interface TestFile {
  tests: { id: string; name: string }[];
  source?: string;
}
interface Report {
  files: Record<string, { mutants: Mutant[] }>;
  testFiles?: Record<string, TestFile>;
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
// Later reports win for a file they share (only the files `report.json:glob,glob` names, when
// given). A test's id is a number local to its report: merged, each test file and test name gets
// one id, and the mutants' covering and killing tests are renumbered to match.
const merged: Required<Report> = { files: {}, testFiles: {} };
const ids = new Map<string, string>();
const idOf = (file: string, name: string): string => {
  const key = JSON.stringify([file, name]);
  if (!ids.has(key)) ids.set(key, String(ids.size));
  return ids.get(key)!;
};
// The same mutant in two reports of the same source: same place, same mutator, same replacement.
const mutantKey = (m: Mutant): string => JSON.stringify([m.location, m.mutatorName, m.replacement ?? '']);
let base: Record<string, unknown> = {};
for (const arg of paths.length > 0 ? paths : ['reports/mutation/mutation.json']) {
  const [path = arg, globs, mode] = arg.split(':');
  const owns = globs === undefined ? () => true : picomatch(globs.split(','));
  // A run over a narrower set of tests reports as survivors mutants that tests left out of it kill:
  // from such a run take only its kills, each of a mutant the merged reports had not detected.
  const killsOnly = mode === 'kills';
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const renumber = new Map<string, string>();
  for (const [file, testFile] of Object.entries(report.testFiles ?? {})) {
    const tests = new Map((merged.testFiles[file]?.tests ?? []).map((t) => [t.name, t]));
    for (const test of testFile.tests) {
      const id = idOf(file, test.name);
      renumber.set(test.id, id);
      tests.set(test.name, { ...test, id });
    }
    merged.testFiles[file] = { ...testFile, tests: [...tests.values()] };
  }
  const mapIds = (list?: string[]) => list?.flatMap((id) => renumber.get(id) ?? []);
  for (const [file, entry] of Object.entries(report.files)) {
    if (!owns(file)) continue;
    let mutants: Mutant[] = entry.mutants.map((m) => ({ ...m, coveredBy: mapIds(m.coveredBy), killedBy: mapIds(m.killedBy) }));
    if (killsOnly) {
      const detected = new Map(mutants.filter((m) => DETECTED.has(m.status)).map((m) => [mutantKey(m), m]));
      mutants = (files.get(file) ?? []).map((m) => (UNDETECTED.has(m.status) ? (detected.get(mutantKey(m)) ?? m) : m));
    }
    files.set(file, mutants);
    merged.files[file] = { ...entry, mutants };
  }
  base = { ...base, ...report };
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
