// `lifecycle` run as a user runs it, two ways with the same answer (exit code, stdout, stderr):
//
// - `runCli` runs the program in this test process: `main(argv)` from src/cli/program.ts, with the
//   working folder, the environment and the standard streams of a separate run (no terminal). It is
//   the same code as the command; starting a process for each of a hundred runs cost more CPU than
//   the rest of the suite's CLI tests together.
// - `runCliProcess` starts a separate process on the CLI bundled from the current sources for this
//   test run (tests/setup/cli-bundle.ts): real exit codes, a real process's environment. The tests
//   that need one (a memory limit through NODE_OPTIONS, two runs at the same moment, the process
//   ending on its own) use it, and a few others keep the bundle honest.
import { spawn } from 'node:child_process';
import { inject } from 'vitest';
import { main } from '../../src/cli/program.js';
import { reportFatal } from '../../src/cli/io.js';
import { ROOT } from './runner.js';

/** The CLI bundled from the current sources for this test run. */
export const CLI_ENTRY: string = inject('cliEntry');

/** Settings a developer's shell may carry that would change what the command does or prints. */
const SCRUBBED = ['FORCE_COLOR', 'NO_COLOR', 'GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_API_URL'];

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function environment(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !SCRUBBED.includes(key)) base[key] = value;
  return { ...base, ...env };
}

export function runCliProcess(args: string[], cwd: string = ROOT, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd, env: environment(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// The process's folder, environment and streams are global: runs in this process take turns, even
// when their tests are concurrent.
let turn: Promise<unknown> = Promise.resolve();

export function runCli(args: string[], cwd: string = ROOT, env: Record<string, string> = {}): Promise<CliRun> {
  const run = turn.then(() => runHere(args, cwd, env));
  turn = run.catch(() => undefined);
  return run;
}

type Write = typeof process.stdout.write;

/** A stream's `write` that keeps the text and answers as a pipe would. */
function capture(into: string[]): Write {
  return ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (done) queueMicrotask(() => done(null));
    return true;
  }) as Write;
}

async function runHere(args: string[], cwd: string, env: Record<string, string>): Promise<CliRun> {
  const saved = { env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode };
  const streams = [process.stdin, process.stdout, process.stderr] as const;
  const ttys = streams.map((stream) => Object.getOwnPropertyDescriptor(stream, 'isTTY'));
  const writes = [process.stdout.write, process.stderr.write] as const;
  const out: string[] = [];
  const err: string[] = [];
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, environment(env));
  process.chdir(cwd);
  process.exitCode = undefined;
  // No terminal, as with a spawned process whose streams are pipes.
  for (const stream of streams) Object.defineProperty(stream, 'isTTY', { value: false, configurable: true, writable: true });
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  let code: number;
  try {
    code = await main(args);
  } catch (error) {
    code = reportFatal(error);
  } finally {
    process.stdout.write = writes[0];
    process.stderr.write = writes[1];
    streams.forEach((stream, i) => {
      const descriptor = ttys[i];
      if (descriptor) Object.defineProperty(stream, 'isTTY', descriptor);
      else delete (stream as { isTTY?: boolean }).isTTY;
    });
    process.exitCode = saved.exitCode;
    process.chdir(saved.cwd);
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved.env);
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
