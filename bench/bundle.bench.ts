// npm run bench:bundle [-- --runs 15 --ref HEAD]
//
// The shipped bundles: dist/index.js (the Action) and dist/cli/index.js (the CLI), each with the
// chunk files beside it that its dynamic imports load (dist/<id>.index.js).
//   size:    bytes on disk, raw and gzip-compressed, of the entry alone and with its chunks (what a
//            checkout of the Action downloads is the raw files; gzip shows how much is repetition);
//   start:   the time from spawning `node dist/index.js` to the first HTTP request it sends, run as
//            GitHub's runner runs it (INPUT_* from action.yml's defaults, GITHUB_* variables, a
//            workflow_dispatch payload, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) for a dry-run
//            sync against the embedded emulator, plus the whole process's wall time;
//   floors:  `node -e ""` (Node's own start-up), `node dist/cli/index.js --version`, and the Action
//            bundle with an empty token input, which loads, reads its inputs and fails before any
//            other work: what loading the Action bundle costs.
// The emulator runs in this process, so the spawn moment and the request's arrival are read from
// the same monotonic clock (performance.now()); the arrival is taken from Node's
// `http.server.request.start` diagnostics channel, which fires as soon as the request's headers are
// parsed, before the emulator handles it. The emulator's own log times are on its emulated clock
// and are not used for timing. Kinds are interleaved round by round so load from other work on
// the machine spreads evenly over them; one warm-up round is not counted.
// --ref REV measures the bundles committed at REV (extracted with `git show`) instead of the files
// in dist/ as they are.
import { spawn, execFileSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { parseDocument } from 'yaml';
import { createClock, startEmulator, type Emulator } from '../src/emulator/index.js';
import { finishChecks, recordExchange } from './checked.js';
import { workflowDispatchPayload } from '../tests/helpers/payloads.js';
import { parseOutputFile, prepareActionRun, ROOT } from '../tests/helpers/runner.js';

interface Args {
  runs: number;
  ref: string | null;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(get('runs') ?? 15);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of at least 1');
  return { runs, ref: get('ref') ?? null };
}

const OWNER = 'octo-org';
const REPO = 'octo-repo';
const TOKEN = 'bench-actions-token';
const CONFIG_PATH = '.github/lifecycle.yml';

interface Bundles {
  action: string;
  cli: string;
  /** What was measured, for the report. */
  label: string;
  /** A folder to remove afterwards. */
  temporary?: string;
}

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The bundles at a commit, with the templates they look for above their folder. */
async function bundlesAt(ref: string): Promise<Bundles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-bundle-'));
  const archive = execFileSync('git', ['archive', '--format=tar', ref, 'dist', 'templates'], { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  const sha = git(['rev-parse', '--short', ref]).trim();
  return { action: path.join(dir, 'dist/index.js'), cli: path.join(dir, 'dist/cli/index.js'), label: `committed at ${ref} (${sha})`, temporary: dir };
}

/** The bundles in dist/, and whether they are what HEAD holds (chunk files included). */
function workingBundles(): Bundles {
  let same: boolean;
  try {
    same = git(['status', '--porcelain', '--', 'dist']).trim() === '';
  } catch {
    same = false;
  }
  return {
    action: path.join(ROOT, 'dist/index.js'),
    cli: path.join(ROOT, 'dist/cli/index.js'),
    label: same ? 'dist/ as committed at HEAD' : 'dist/ in the working tree (differs from HEAD)',
  };
}

interface Size {
  name: string;
  raw: number;
  gzip: number;
}

async function sizeOf(name: string, file: string): Promise<Size> {
  const bytes = await readFile(file);
  return { name, raw: bytes.length, gzip: gzipSync(bytes).length };
}

/** The entry and the chunk files beside it (`<id>.index.js`, one per dynamic import), together. */
async function sizeWithChunks(name: string, entry: string): Promise<Size> {
  const dir = path.dirname(entry);
  const files = [entry, ...(await readdir(dir)).filter((f) => /^\d+\.index\.js$/.test(f)).map((f) => path.join(dir, f))];
  const parts = await Promise.all(files.map((f) => sizeOf(name, f)));
  return { name: `${name} (${parts.length} file${parts.length === 1 ? '' : 's'})`, raw: parts.reduce((n, p) => n + p.raw, 0), gzip: parts.reduce((n, p) => n + p.gzip, 0) };
}

/** What the runner puts in the environment: the same as the end-to-end tests, from tests/helpers/runner.ts. */
async function runnerEnvironment(emulator: Emulator): Promise<{ env: Record<string, string>; outputFile: string; workspace: string; tmp: string }> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'lifecycle-bench-runner-'));
  const workspace = path.join(tmp, 'workspace');
  await mkdir(path.join(workspace, '.github'), { recursive: true });
  const doc = parseDocument(await readFile(path.join(ROOT, 'templates/genai/editions/1/lifecycle.yml'), 'utf8'));
  doc.setIn(['project', 'start'], '2027-01-04');
  await writeFile(path.join(workspace, CONFIG_PATH), doc.toString());
  const target = { apiUrl: emulator.url, owner: OWNER, repo: REPO };
  const event = workflowDispatchPayload(target);
  const { env, outputFile } = await prepareActionRun({
    workspace,
    eventName: event.eventName,
    eventPayload: event.payload,
    repository: `${OWNER}/${REPO}`,
    apiUrl: emulator.url,
    token: TOKEN,
    inputs: { command: 'sync', 'dry-run': 'true', 'write-delay-ms': '0' },
  });
  return { env, outputFile, workspace, tmp };
}

interface ProcessRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Spawn to exit, ms. */
  wall: number;
  /** Spawn to the first request's arrival at the emulator, ms; null when none arrived. */
  firstRequest: number | null;
}

/** Set while a run waits for its first request; the diagnostics channel fills it in. */
let pendingFirstRequest: { at: number | null } | null = null;

function runProcess(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<ProcessRun> {
  const first = { at: null as number | null };
  pendingFirstRequest = first;
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env ?? { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let exited = 0;
  child.on('exit', () => (exited = performance.now()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      pendingFirstRequest = null;
      resolve({ exitCode: code ?? -1, stdout, stderr, wall: exited - started, firstRequest: first.at === null ? null : first.at - started });
    });
  });
}

interface Samples {
  nodeFloor: number[];
  cliVersion: number[];
  actionLoad: number[];
  actionFirstRequest: number[];
  actionWall: number[];
}

interface ActionFacts {
  firstRoute: string;
  reads: number;
  writes: number;
  plannedCreates: string;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const bundles = args.ref ? await bundlesAt(args.ref) : workingBundles();
  const version = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  const sizes = [
    await sizeOf('Action: dist/index.js', bundles.action),
    await sizeWithChunks('Action: dist/index.js and its chunks', bundles.action),
    await sizeOf('CLI: dist/cli/index.js', bundles.cli),
    await sizeWithChunks('CLI: dist/cli/index.js and its chunks', bundles.cli),
  ];

  subscribe('http.server.request.start', () => {
    if (pendingFirstRequest && pendingFirstRequest.at === null) pendingFirstRequest.at = performance.now();
  });
  const emulator = await startEmulator({
    clock: createClock({ start: '2027-01-04T09:00:00Z' }),
    onExchange: recordExchange,
    seed: { tokens: [{ token: TOKEN, kind: 'actions' }], repos: [{ owner: OWNER, name: REPO }] },
  });
  const loadBefore = loadavg();
  const samples: Samples = { nodeFloor: [], cliVersion: [], actionLoad: [], actionFirstRequest: [], actionWall: [] };
  const temporary: string[] = [];
  let facts: ActionFacts | null = null;
  try {
    for (let round = 0; round <= args.runs; round++) {
      const counted = round > 0;

      const floor = await runProcess(['-e', ''], { cwd: ROOT });
      if (floor.exitCode !== 0) throw new Error(`node -e "" exited ${floor.exitCode}: ${floor.stderr}`);

      const cli = await runProcess([bundles.cli, '--version'], { cwd: ROOT });
      if (cli.exitCode !== 0 || cli.stdout.trim() !== version) throw new Error(`the CLI bundle's --version gave ${JSON.stringify(cli.stdout)} (exit ${cli.exitCode}): ${cli.stderr}`);

      // A fresh workspace and output files each run, as each job on a runner gets.
      const runner = await runnerEnvironment(emulator);
      temporary.push(runner.tmp);

      const load = await runProcess([bundles.action], { cwd: runner.workspace, env: { ...runner.env, INPUT_TOKEN: '' } });
      if (load.exitCode !== 1 || !load.stdout.includes('The "token" input is empty') || load.firstRequest !== null) {
        throw new Error(`the Action bundle without a token should fail at once (exit ${load.exitCode}):\n${load.stdout}\n${load.stderr}`);
      }
      await writeFile(runner.outputFile, '');

      emulator.log.clear();
      emulator.resetRateLimits();
      const action = await runProcess([bundles.action], { cwd: runner.workspace, env: runner.env });
      const outputs = parseOutputFile(await readFile(runner.outputFile, 'utf8'));
      const counts = emulator.log.counts();
      const firstEntry = emulator.log.entries[0];
      if (action.exitCode !== 0 || outputs.command !== 'sync' || action.firstRequest === null || !firstEntry) {
        throw new Error(`the Action bundle's dry-run sync failed (exit ${action.exitCode}, command ${outputs.command ?? 'none'}):\n${action.stdout}\n${action.stderr}`);
      }
      if (counts.writes !== 0) throw new Error(`a dry run wrote ${counts.writes} times`);
      facts = { firstRoute: `${firstEntry.method} ${firstEntry.route ?? firstEntry.path}`, reads: counts.reads, writes: counts.writes, plannedCreates: outputs.created ?? '?' };

      if (!counted) continue;
      samples.nodeFloor.push(floor.wall);
      samples.cliVersion.push(cli.wall);
      samples.actionLoad.push(load.wall);
      samples.actionFirstRequest.push(action.firstRequest);
      samples.actionWall.push(action.wall);
    }
  } finally {
    await emulator.stop();
    await Promise.all(temporary.map((dir) => rm(dir, { recursive: true, force: true })));
    if (bundles.temporary) await rm(bundles.temporary, { recursive: true, force: true });
  }
  report(args, bundles, sizes, samples, facts, { before: loadBefore, after: loadavg() });
  finishChecks('bundle benchmark');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const bytes = (n: number) => n.toLocaleString('en-US');
const loads = (l: number[]) => l.map((n) => n.toFixed(2)).join(' / ');

function report(args: Args, bundles: Bundles, sizes: Size[], samples: Samples, facts: ActionFacts | null, load: { before: number[]; after: number[] }): void {
  const lines: string[] = [];
  lines.push(`Bundles: ${bundles.label}; Node ${process.version}; ${args.runs} run${args.runs === 1 ? '' : 's'} after one warm-up.`);
  lines.push(`Load average (1 / 5 / 15 min): ${loads(load.before)} before, ${loads(load.after)} after.`);
  lines.push('');
  lines.push('| bundle | bytes | size | gzip bytes | gzip size | gzip ratio |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const s of sizes) lines.push(`| ${s.name} | ${bytes(s.raw)} | ${kib(s.raw)} | ${bytes(s.gzip)} | ${kib(s.gzip)} | ${((s.gzip / s.raw) * 100).toFixed(0)}% |`);
  lines.push('');
  lines.push('| measure | median | min | max |');
  lines.push('| --- | ---: | ---: | ---: |');
  const row = (name: string, values: number[]) => lines.push(`| ${name} | ${ms(median(values))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`);
  row('`node -e ""`: spawn to exit (the Node floor)', samples.nodeFloor);
  row('`node dist/cli/index.js --version`: spawn to exit', samples.cliVersion);
  row('`node dist/index.js` with an empty token (load, then fail): spawn to exit', samples.actionLoad);
  row('`node dist/index.js` (sync, dry run): spawn to first request', samples.actionFirstRequest);
  row('`node dist/index.js` (sync, dry run): spawn to exit', samples.actionWall);
  if (facts) {
    lines.push('');
    lines.push(`Each Action run: first request \`${facts.firstRoute}\`, ${facts.reads} reads, ${facts.writes} writes; the dry-run plan would create ${facts.plannedCreates} objects.`);
  }
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
