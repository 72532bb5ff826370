// npm run bench:validate — how long `lifecycle validate` takes on very large configs, and how much
// memory it needs. Each size runs in its own process so the peak resident memory belongs to it alone.
//
//   tsx bench/validate.bench.ts                     every shape and size, a table
//   tsx bench/validate.bench.ts compact 1000 7      one shape, size (stages) and run count: one JSON line
//
// Two shapes of config, both 20 tasks per stage:
//   compact  what the 1 MiB limit admits at 1,000 stages: a task is an id and a title
//   rich     every stage and task uses most fields (over 1 MiB at 1,000 stages; the limit is lifted)
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GCProfiler } from 'node:v8';
import { parseConfigText, loadConfigText } from '../src/config/load.js';
import { DEFAULT_TEMPLATE_NAMES } from '../src/config/template-names.js';

const TASKS_PER_STAGE = 20;
const SIZES = [100, 1000];
const RUNS = 7;
const SHAPES = ['compact', 'rich'] as const;
type Shape = (typeof SHAPES)[number];

export function generateConfig(stages: number, shape: Shape = 'rich'): string {
  return shape === 'rich' ? generateRichConfig(stages) : generateCompactConfig(stages);
}

/** Stages with an estimate, dependencies and globs; tasks with an id and a title. */
export function generateCompactConfig(stages: number): string {
  const out: string[] = ['version: 1', 'project:', '  name: Benchmark project', '  start: 2027-01-04', 'variables:', '  team_size: 6', 'stages:'];
  for (let s = 0; s < stages; s++) {
    out.push(
      `  - id: s${s}`,
      `    name: Stage ${s}`,
      `    depends_on: [${s === 0 ? '' : `s${s - 1}`}]`,
      `    estimate: { duration: ${(s % 9) + 1}d }`,
      ...(s % 10 === 0 ? ['    when: vars.team_size > 2', `    match: { paths: ["s${s}/**"] }`] : []),
      '    tasks:',
    );
    for (let t = 0; t < TASKS_PER_STAGE; t++) out.push(`      - { id: t${t}, title: Task ${t} }`);
  }
  return `${out.join('\n')}\n`;
}

/** A config shaped like a thorough real one: descriptions, estimates, globs, regexes, checklists, expressions. */
export function generateRichConfig(stages: number): string {
  const out: string[] = [
    'version: 1',
    'project:',
    '  name: Benchmark project',
    '  start: 2027-01-04',
    '  calendar: workdays',
    'variables:',
    '  foundation_model: true',
    '  team_size: 6',
    'defaults:',
    '  labels: [lifecycle]',
    'stages:',
  ];
  for (let s = 0; s < stages; s++) {
    const deps = s === 0 ? '[]' : s % 10 === 0 ? `[stage-${s - 1}, stage-${s - 10}]` : `[stage-${s - 1}]`;
    out.push(
      `  - id: stage-${s}`,
      `    name: Stage ${s}`,
      `    description: Work package ${s}, with enough words to look like a real description of a stage.`,
      `    depends_on: ${deps}`,
      s % 7 === 0 ? '    when: "!vars.foundation_model || vars.team_size > 3"' : '    when: vars.team_size > 2',
      '    estimate:',
      s % 5 === 0 ? `      duration: "\${{ vars.team_size > 4 && '${(s % 4) + 1}w' || '3d' }}"` : `      duration: ${(s % 9) + 1}d`,
      '      complexity: medium',
      '      expertise: medium-high',
      '    match:',
      `      paths: ["stage-${s}/**", "!stage-${s}/docs/**"]`,
      `      branches: ["^stage-${s}/"]`,
      '    checklist: [Reviewed by a second person, Evaluation attached]',
      '    exit_criteria: [Metrics recorded]',
      '    tasks:',
    );
    for (let t = 0; t < TASKS_PER_STAGE; t++) {
      out.push(
        `      - id: task-${t}`,
        `        title: Task ${t} of stage ${s}`,
        '        checklist: [Write it down, Get it reviewed]',
        ...(t % 4 === 0 ? ['        labels: [needs-review]'] : []),
        ...(t % 10 === 0 ? ['        when: vars.team_size >= 3'] : []),
      );
    }
  }
  return `${out.join('\n')}\n`;
}

interface Measurement {
  shape: Shape;
  stages: number;
  tasks: number;
  bytes: number;
  runs: number;
  medianMs: number;
  medianCpuMs: number;
  parseMedianMs: number;
  baselineRssMb: number;
  peakRssMb: number;
  /** The most heap in use at any moment of a run (median over the runs). */
  peakHeapMb: number;
  /** Heap still in use after a run, with its result held and garbage collected. */
  keptHeapMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

type Options = Parameters<typeof loadConfigText>[2];

/** One measured run. Its result lives in this frame only, so no run's heap holds another's result. */
function measureRun(text: string, options: Options): { ms: number; cpuMs: number; peakHeap: number; keptHeap: number } {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  // The heap in use only grows between collections, so its peak is the largest figure V8 saw just
  // before one, or the figure at the end.
  const profiler = new GCProfiler();
  profiler.start();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = loadConfigText(text, 'bench.yml', options);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const after = process.memoryUsage().heapUsed;
  const gcs = profiler.stop()?.statistics ?? [];
  collectGarbage();
  const keptHeap = process.memoryUsage().heapUsed - before;
  // Checked after the collection, so that the result is still held during it.
  if (result.config === null) throw new Error(`generated config is not clean: ${result.diagnostics[0]?.message ?? ''}`);
  return { ms, cpuMs: (used.user + used.system) / 1000, peakHeap: Math.max(after, ...gcs.map((gc) => gc.beforeGC.heapStatistics.usedHeapSize)), keptHeap };
}

function measure(shape: Shape, stages: number, runs: number): Measurement {
  collectGarbage();
  const baselineRss = process.memoryUsage().rss;
  const text = generateConfig(stages, shape);
  const templateNames = new Set(DEFAULT_TEMPLATE_NAMES);
  const options = { templateNames, maxBytes: shape === 'rich' ? Infinity : undefined };
  // One warm-up run, so the figures are for steady state rather than the JIT's first pass.
  measureRun(text, options);
  const parses: number[] = [];
  const measured: ReturnType<typeof measureRun>[] = [];
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const start = performance.now();
    parseConfigText(text, 'bench.yml');
    parses.push(performance.now() - start);
    measured.push(measureRun(text, options));
  }
  return {
    shape,
    stages,
    tasks: stages * TASKS_PER_STAGE,
    bytes: Buffer.byteLength(text),
    runs,
    medianMs: median(measured.map((m) => m.ms)),
    medianCpuMs: median(measured.map((m) => m.cpuMs)),
    parseMedianMs: median(parses),
    baselineRssMb: baselineRss / (1024 * 1024),
    // maxRSS is the peak of this whole process (KiB), which measures one shape and size only.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: median(measured.map((m) => m.peakHeap)) / (1024 * 1024),
    keptHeapMb: median(measured.map((m) => m.keptHeap)) / (1024 * 1024),
  };
}

function runChild(shape: Shape, stages: number, runs: number): Measurement {
  const loader = pathToFileURL(join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules/tsx/dist/loader.mjs')).href;
  const output = execFileSync(process.execPath, ['--expose-gc', '--import', loader, fileURLToPath(import.meta.url), shape, String(stages), String(runs)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Measurement;
}

function table(rows: Measurement[]): string {
  const f = (n: number, digits = 0) => n.toFixed(digits);
  const lines = [
    '| shape | stages | tasks | file size | median time | median CPU | YAML parse alone | RSS before | peak RSS | peak heap | heap kept |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.shape} | ${r.stages} | ${r.tasks} | ${f(r.bytes / (1024 * 1024), 2)} MiB | ${f(r.medianMs)} ms | ${f(r.medianCpuMs)} ms | ${f(r.parseMedianMs)} ms | ${f(r.baselineRssMb)} MB | ${f(r.peakRssMb)} MB | ${f(r.peakHeapMb)} MB | ${f(r.keptHeapMb, 1)} MB |`,
    ),
  ];
  return lines.join('\n');
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const [shapeArg, sizeArg, runsArg] = process.argv.slice(2);
if (!isMain) {
  // Imported for its generators: run nothing.
} else if (shapeArg !== undefined) {
  if (!SHAPES.includes(shapeArg as Shape)) throw new Error(`shape must be one of ${SHAPES.join(', ')}`);
  const [shape, size, runs] = [shapeArg as Shape, Number(sizeArg ?? 1000), Number(runsArg ?? RUNS)];
  // Without --expose-gc no collection runs between measured runs, and the heap figures count garbage.
  const measurement = typeof (globalThis as { gc?: unknown }).gc === 'function' ? measure(shape, size, runs) : runChild(shape, size, runs);
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
} else {
  const rows = SHAPES.flatMap((shape) => SIZES.map((size) => runChild(shape, size, RUNS)));
  console.log(`validate: median of ${RUNS} runs per row after one warm-up; each row in its own process (Node ${process.version})\n`);
  console.log(table(rows));
  for (const shape of SHAPES) {
    const [small, large] = rows.filter((r) => r.shape === shape);
    if (!small || !large) continue;
    const ratio = large.medianCpuMs / small.medianCpuMs;
    const ok = large.medianMs <= 600 && large.peakHeapMb <= 100;
    console.log(
      `\n${shape}: ${large.stages / small.stages}x the stages took ${ratio.toFixed(1)}x the CPU time; ` +
        `target at ${large.stages} stages (600 ms and 100 MB of heap at most): ${ok ? 'met' : 'missed'}`,
    );
  }
}
