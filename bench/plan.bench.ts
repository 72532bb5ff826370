// Render and plan N tasks against N existing issues (most unchanged, some edited by people, some
// ticked, some renamed in the config, some new), for N = 2,000 and 20,000.
//
//   npm run bench:plan            both sizes, each in a fresh process
//
// Each size runs in its own child process, so its peak memory (max RSS) is its own. The timed part
// is what a sync does between reading GitHub and writing: render the desired state from the config
// and templates, then plan() against the current state. Building the fixture is not timed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LifecycleConfigInput } from '../src/config/schema.js';
import { configSchema } from '../src/config/schema.js';
import type { CurrentState } from '../src/plan/model.js';
import { isWrite } from '../src/plan/model.js';
import { plan } from '../src/plan/plan.js';
import { applyPlanToState } from '../src/plan/simulate.js';
import { renderDesiredState } from '../src/render/desired.js';
import { loadTemplateSet } from '../src/render/templates.js';

const SIZES = [2_000, 20_000];
const STAGES = 20;

interface Result {
  tasks: number;
  runs: number;
  medianMs: number;
  /** CPU time (user + system) of the same runs: steadier than wall time on a shared machine. */
  cpuMs: number;
  renderMs: number;
  planMs: number;
  maxRssMb: number;
  operations: Record<string, number>;
}

function config(tasks: number, renamed: (i: number) => boolean): LifecycleConfigInput {
  const perStage = Math.ceil(tasks / STAGES);
  return {
    version: 1,
    project: { name: 'Benchmark', start: '2027-01-04', calendar: 'workdays' },
    stages: Array.from({ length: STAGES }, (_, s) => ({
      id: `stage-${s}`,
      name: `Stage ${s}`,
      description: `What stage ${s} is for, in a sentence or two.`,
      estimate: { duration: `${1 + (s % 4)}w`, complexity: 'medium' as const },
      exit_criteria: ['Results reviewed', 'Decision recorded'],
      tasks: Array.from({ length: Math.min(perStage, tasks - s * perStage) }, (_, t) => {
        const i = s * perStage + t;
        return {
          id: `task-${t}`,
          title: renamed(i) ? `Task ${i}, reworded` : `Task ${i}`,
          description: `Do the work of task ${i} and write down what was learned.`,
          checklist: ['Plan the work', 'Do the work', 'Review the result', 'Record the decision'],
          labels: t % 3 === 0 ? ['data'] : [],
        };
      }),
    })),
  };
}

/** The repository after an earlier sync of the same config, then a few weeks of people's work. */
function existingState(first: CurrentState): CurrentState {
  const issues = first.issues
    .filter((i) => i.number % 50 !== 7) // 2% deleted by nobody, but absent: planned as new
    .map((i) => {
      if (i.number % 20 === 3) return { ...i, body: `A note from a person.\n${i.body ?? ''}` }; // 5% edited
      if (i.number % 10 === 5) return { ...i, body: (i.body ?? '').replace('- [ ] Plan the work', '- [x] Plan the work') }; // 10% ticked
      if (i.number % 25 === 11) return { ...i, state: 'closed' as const, stateReason: 'completed' }; // 4% closed
      return i;
    });
  return { ...first, issues };
}

async function measure(tasks: number, runs: number): Promise<Result> {
  const templates = await loadTemplateSet(null);
  const before = configSchema.parse(config(tasks, () => false));
  const after = configSchema.parse(config(tasks, (i) => i % 33 === 1)); // 3% retitled in the config
  const empty: CurrentState = { labels: [], milestones: [], issues: [] };
  const seeded = renderDesiredState(before, { templates, repo: null }).desired;
  const current = existingState(applyPlanToState(empty, plan(seeded, empty)));

  const totals: number[] = [];
  const cpus: number[] = [];
  const renders: number[] = [];
  const plans: number[] = [];
  let operations: Record<string, number> = {};
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { desired } = renderDesiredState(after, { templates, repo: null });
    const t1 = performance.now();
    const result = plan(desired, current, {});
    const t2 = performance.now();
    const cpu = process.cpuUsage(c0);
    cpus.push((cpu.user + cpu.system) / 1000);
    renders.push(t1 - t0);
    plans.push(t2 - t1);
    totals.push(t2 - t0);
    operations = {};
    for (const op of result.operations) operations[op.op] = (operations[op.op] ?? 0) + 1;
    if (result.operations.filter(isWrite).length === 0) throw new Error('the fixture should need writes');
  }
  return {
    tasks,
    runs,
    medianMs: median(totals),
    cpuMs: median(cpus),
    renderMs: median(renders),
    planMs: median(plans),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    operations,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const m = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(m);
}

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf('--size');
  if (sizeArg !== -1) {
    const tasks = Number(process.argv[sizeArg + 1]);
    process.stdout.write(`${JSON.stringify(await measure(tasks, tasks > 5_000 ? 5 : 9))}\n`);
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  for (const tasks of SIZES) {
    const child = spawnSync(process.execPath, [...process.execArgv, self, '--size', String(tasks)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`benchmark at ${tasks} tasks failed:\n${child.stderr}`);
    results.push(JSON.parse(child.stdout) as Result);
  }
  console.log(`Node ${process.version}, ${STAGES} stages, tasks spread evenly; median of 9 runs (2,000) and 5 runs (20,000)`);
  console.log('tasks     render+plan   (CPU)     render    plan      peak RSS');
  for (const r of results) {
    const cells = [`${r.medianMs} ms`, `${r.cpuMs} ms`, `${r.renderMs} ms`, `${r.planMs} ms`];
    console.log(`${String(r.tasks).padEnd(9)} ${cells[0]?.padEnd(13)} ${cells[1]?.padEnd(9)} ${cells[2]?.padEnd(9)} ${cells[3]?.padEnd(9)} ${r.maxRssMb} MB`);
  }
  for (const r of results) {
    const ops = Object.entries(r.operations)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    console.log(`operations at ${r.tasks}: ${ops}`);
  }
  const [small, large] = results;
  if (small && large) console.log(`growth 2,000 → 20,000: ×${(large.medianMs / Math.max(1, small.medianMs)).toFixed(1)} time for ×10 tasks`);
}

await main();
