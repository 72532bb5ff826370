// npm run bench:sync [-- --sizes 100,1000,10000 --unrelated 50000 --speed 3600]
//
// Sync against the embedded emulator, counting requests from the emulator's own log, for a
// project of N issues (100 per milestone) in a repository that also holds many unrelated issues.
// Beside it, the two ways the tools we are compared with work, as small bench-only strategies:
//   search:  one Search API query per issue to find "its" issue by title, then create it when
//            nothing is found (create-an-issue and friends);
//   refresh: one GET per object known from a state file, then writes for what differs
//            (Terraform's refresh of github_issue / github_repository_milestone).
// The emulator clock runs `speed` times faster than the wall and every client's own pacing (one
// write per emulated second, one search per two) is scaled to it; the secondary limit (80 content
// writes a minute) and the search limit (30 a minute) are on, the primary limit off (its hourly
// budget is reported as "hours of GITHUB_TOKEN budget" instead).
import { runSync } from '../src/commands/sync.js';
import { createClock, startEmulator, type Emulator } from '../src/emulator/index.js';
import { finishChecks, recordExchange } from './checked.js';
import { createClient, type GitHubClient } from '../src/github/client.js';
import { createIssue, toCurrentIssue, type ApiIssue } from '../src/github/issues.js';
import type { SyncEvent } from '../src/commands/sync/types.js';
import { parseMarker } from '../src/plan/marker.js';
import { configYaml, REPO, WRITE_TOKEN, type StageSpec } from '../tests/sync/helpers.js';

interface Args {
  sizes: number[];
  unrelated: number;
  speed: number;
  anchors: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (get('sizes') ?? '100,1000,10000').split(',').map(Number),
    unrelated: Number(get('unrelated') ?? 50_000),
    speed: Number(get('speed') ?? 3600),
    anchors: !argv.includes('--no-anchors'),
  };
}

const PRIMARY_PER_HOUR = 1000;

/** 100 tasks a stage (10 at the smallest size, so that its life cycle too has stages to move through). */
function project(issues: number): StageSpec[] {
  const perStage = issues >= 1000 ? 100 : 10;
  const stages = Math.max(1, Math.ceil(issues / perStage));
  return Array.from({ length: stages }, (_, s) => ({
    id: `stage-${s}`,
    name: `Stage ${s}`,
    duration: '2d',
    tasks: Array.from({ length: Math.min(perStage, issues - s * perStage) }, (_, t) => ({ id: `task-${t}`, title: `Task ${s}.${t}` })),
  }));
}

async function start(args: Args, indexDelayMs = 0): Promise<Emulator> {
  const emulator = await startEmulator({
    clock: createClock({ start: '2027-01-04T09:00:00Z', speed: args.speed }),
    onExchange: recordExchange,
    limits: { primary: false, search: 30, contentPerMinute: 80, contentPerHour: false },
    search: { indexDelayMs },
    seed: { users: [{ login: 'someone' }], tokens: [{ token: WRITE_TOKEN, kind: 'actions' }], repos: [{ owner: REPO.owner, name: REPO.name }] },
  });
  // The unrelated issues: other people's, no label of ours, spread over no milestone.
  for (let i = 0; i < args.unrelated; i++) {
    emulator.state.addIssue(`${REPO.owner}/${REPO.name}`, { title: `Unrelated ${i}`, body: 'Someone else’s issue.', user: 'someone' });
  }
  return emulator;
}

function client(emulator: Emulator, args: Args): GitHubClient {
  return createClient({ token: WRITE_TOKEN, baseUrl: emulator.url, timing: { timeScale: args.speed } });
}

interface Measure {
  ms: number;
  peakHeapMb: number;
  reads: number;
  writes: number;
  readPages: number;
}

/** Runs `work`, sampling heap use, and counts what the emulator logged meanwhile. */
async function measure(emulator: Emulator, work: () => Promise<unknown>): Promise<Measure> {
  const from = emulator.log.entries.length;
  global.gc?.();
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 20);
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const entries = emulator.log.entries.slice(from);
  return {
    ms,
    peakHeapMb: peak / 1024 / 1024,
    reads: entries.filter((e) => !e.write).length,
    writes: entries.filter((e) => e.write).length,
    readPages: entries.filter((e) => !e.write && e.method === 'GET').length,
  };
}

interface Row {
  method: string;
  issues: number;
  phase: string;
  m: Measure;
  note: string;
}

async function ours(args: Args, n: number, rows: Row[]): Promise<void> {
  const emulator = await start(args);
  try {
    const stages = project(n);
    const milestones = stages.length;
    const labels = 1 + stages.length;
    const configText = configYaml(stages);
    const first = await measure(emulator, () => runSync({ client: client(emulator, args), repo: REPO, configText, templatesDir: null }));
    // Each stage's own issue, each task a sub-issue of it, each stage blocked by the one before.
    const expectedWrites = labels + milestones + n + milestones + n + (milestones - 1);
    rows.push({
      method: 'lifecycle sync',
      issues: n,
      phase: 'first sync',
      m: first,
      note: `writes ${first.writes === expectedWrites ? '=' : '≠'} ${labels} labels + ${milestones} milestones + ${n + milestones} issues + ${n} sub-issues + ${milestones - 1} dependencies`,
    });
    const again = await measure(emulator, () => runSync({ client: client(emulator, args), repo: REPO, configText, templatesDir: null }));
    // The repository, the labels, the milestones and the managed issues (tasks and stage issues), 100 a page.
    const budget = 1 + Math.ceil(labels / 100) + Math.ceil(milestones / 100) + Math.ceil((n + milestones) / 100);
    rows.push({ method: 'lifecycle sync', issues: n, phase: 'no-change re-sync', m: again, note: `read pages ${again.readPages} ≤ ${budget}: ${again.readPages <= budget ? 'yes' : 'NO'}; writes ${again.writes}` });
    await progression(emulator, args, n, stages, configText, rows);
  } finally {
    await emulator.stop();
  }
}

const HOUR = 3_600_000;
/** What a stage's transition writes: the closing comment, the stage issue, the milestone, the next stage's comment and issue. */
const TRANSITION_WRITES = 5;

/**
 * The life cycle moving: a full sync after a stage's work was closed, then `issues.closed` events'
 * runs (src/commands/sync/read-event.ts), each measured alone. An event's run must cost at most
 * 5 + ⌈issues of the stages it affects / 100⌉ requests whatever the project's size.
 */
async function progression(emulator: Emulator, args: Args, n: number, stages: StageSpec[], configText: string, rows: Row[]): Promise<void> {
  const c = client(emulator, args);
  const sync = (event?: SyncEvent) => runSync({ client: client(emulator, args), repo: REPO, configText, templatesDir: null, ...(event ? { event } : {}) });
  const tasks = taskNumbers(emulator);
  const close = async (numbers: number[]): Promise<SyncEvent> => {
    let last: (ApiIssue & { updated_at: string }) | null = null;
    for (const issue_number of numbers) {
      const { data } = await c.octokit.rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number, state: 'closed', state_reason: 'completed' });
      last = data as unknown as ApiIssue & { updated_at: string };
    }
    if (!last) throw new Error('nothing to close');
    return { issue: toCurrentIssue(last), since: new Date(Date.parse(last.updated_at) - HOUR).toISOString(), htmlUrl: `https://github.com/${REPO.owner}/${REPO.name}` };
  };
  const stageTasks = (i: number) => (stages[i]?.tasks ?? []).map((t) => tasks.get(`stage-${i}/${t.id}`) as number);
  const note = (m: Measure, writes: number, affected: number) => {
    const bound = 5 + Math.ceil(affected / 100);
    return `writes ${m.writes === writes ? '=' : '≠'} ${writes}; reads ${m.reads} ≤ 5 + ⌈${affected} / 100⌉ = ${bound}: ${m.reads <= bound ? 'yes' : 'NO'}`;
  };

  // A full sync after the first stage's work was closed (the daily run, or any run without an event).
  await close(stageTasks(0));
  const full = await measure(emulator, () => sync());
  rows.push({ method: 'lifecycle sync', issues: n, phase: 'a stage finishes (full sync)', m: full, note: `writes ${full.writes === TRANSITION_WRITES ? '=' : '≠'} ${TRANSITION_WRITES}` });
  if (stages.length < 3) throw new Error('the progression rows need three stages');

  // Events come later than the first sync: what it wrote is outside the window.
  emulator.clock.advance(2 * HOUR);
  const one = await close(stageTasks(1));
  const finishing = await measure(emulator, () => sync(one));
  const affected = stageTasks(1).length + stageTasks(2).length + 2;
  rows.push({ method: 'lifecycle sync', issues: n, phase: 'issues.closed: a stage finishes', m: finishing, note: note(finishing, TRANSITION_WRITES, affected) });

  emulator.clock.advance(2 * HOUR);
  const idle = await close(stageTasks(2).slice(0, 1));
  const quiet = await measure(emulator, () => sync(idle));
  rows.push({ method: 'lifecycle sync', issues: n, phase: 'issues.closed: no stage moves', m: quiet, note: note(quiet, 0, stageTasks(2).length + 1) });
}

/** Stage/task → issue number, from the markers. */
function taskNumbers(emulator: Emulator): Map<string, number> {
  const out = new Map<string, number>();
  for (const issue of emulator.state.findRepo(REPO.owner, REPO.name)?.issues.values() ?? []) {
    const marker = parseMarker(issue.body);
    if (marker?.kind === 'task' && marker.stage && marker.task) out.set(`${marker.stage}/${marker.task}`, issue.number);
  }
  return out;
}

/** create-an-issue's way: find the issue by title through the Search API, create it if not found. */
async function searchStrategy(args: Args, n: number, rows: Row[]): Promise<void> {
  // GitHub indexes new issues after a delay (often about a minute). On the accelerated clock a
  // whole run lasts days of emulated time at the larger sizes, so the delay is set to a year: the
  // re-run stands for a run that starts before the index has caught up (a push right after
  // another, a retried job), whatever the size.
  const emulator = await start(args, 365 * 24 * 3_600_000);
  try {
    const stages = project(n);
    // Milestones and labels as ours would make them, so only the issue method differs.
    await runSync({ client: client(emulator, args), repo: REPO, configText: configYaml(stages.map((s) => ({ ...s, tasks: [] }))), templatesDir: null });
    const tasks = stages.flatMap((s, i) => s.tasks.map((t) => ({ stage: s.id, milestone: i + 1, ...t })));
    const run = (c: GitHubClient) => async () => {
      for (const task of tasks) {
        const q = `repo:${REPO.owner}/${REPO.name} is:issue in:title "${task.title}"`;
        const { data } = await c.octokit.rest.search.issuesAndPullRequests({ q, per_page: 1 });
        if (data.total_count > 0) continue;
        await createIssue(c, REPO, { title: task.title, body: `Task ${task.id}`, labels: ['lifecycle'], assignees: [], milestone: task.milestone });
      }
    };
    const first = await measure(emulator, run(client(emulator, args)));
    rows.push({ method: 'search per issue', issues: n, phase: 'first sync', m: first, note: `${n} searches at 30/minute` });
    const again = await measure(emulator, run(client(emulator, args)));
    const total = [...(emulator.state.findRepo(REPO.owner, REPO.name)?.issues.values() ?? [])].filter((i) => i.title.startsWith('Task ')).length;
    rows.push({ method: 'search per issue', issues: n, phase: 're-run before the index caught up', m: again, note: `${total - n} duplicate issues` });
  } finally {
    await emulator.stop();
  }
}

/** Terraform's way: one GET per object recorded in its state, then a write where one differs. */
async function refreshStrategy(args: Args, n: number, rows: Row[]): Promise<void> {
  const emulator = await start(args);
  try {
    const stages = project(n);
    const configText = configYaml(stages);
    await runSync({ client: client(emulator, args), repo: REPO, configText, templatesDir: null });
    const repo = emulator.state.findRepo(REPO.owner, REPO.name);
    const state = {
      labels: [...(repo?.labels.values() ?? [])].map((l) => l.name),
      milestones: [...(repo?.milestones.keys() ?? [])],
      issues: [...(repo?.issues.values() ?? [])].filter((i) => parseMarker(i.body)?.kind === 'task').map((i) => i.number),
    };
    const c = client(emulator, args);
    const again = await measure(emulator, async () => {
      for (const name of state.labels) await c.octokit.rest.issues.getLabel({ owner: REPO.owner, repo: REPO.name, name });
      for (const number of state.milestones) await c.octokit.rest.issues.getMilestone({ owner: REPO.owner, repo: REPO.name, milestone_number: number });
      for (const number of state.issues) await c.octokit.rest.issues.get({ owner: REPO.owner, repo: REPO.name, issue_number: number });
    });
    rows.push({ method: 'GET per object', issues: n, phase: 'no-change refresh', m: again, note: `${state.labels.length + state.milestones.length + state.issues.length} objects` });
  } finally {
    await emulator.stop();
  }
}

function table(rows: Row[]): string {
  const lines = [
    '| method | issues | run | wall time | peak heap | reads | writes | hours of GITHUB_TOKEN budget | check |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const hours = (r.m.reads + r.m.writes) / PRIMARY_PER_HOUR;
    lines.push(
      `| ${r.method} | ${r.issues.toLocaleString('en-US')} | ${r.phase} | ${(r.m.ms / 1000).toFixed(1)} s | ${r.m.peakHeapMb.toFixed(0)} MB | ${r.m.reads} | ${r.m.writes} | ${hours.toFixed(2)} | ${r.note} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rows: Row[] = [];
  for (const n of args.sizes) {
    process.stderr.write(`${n} issues: lifecycle sync…\n`);
    await ours(args, n, rows);
    if (args.anchors) {
      process.stderr.write(`${n} issues: search per issue…\n`);
      await searchStrategy(args, n, rows);
      process.stderr.write(`${n} issues: GET per object…\n`);
      await refreshStrategy(args, n, rows);
    }
  }
  process.stdout.write(`Emulator clock ×${args.speed}; ${args.unrelated.toLocaleString('en-US')} unrelated issues in the repository; Node ${process.version}.\n\n`);
  process.stdout.write(`${table(rows)}\n`);
}

await main();
finishChecks('sync benchmark');
