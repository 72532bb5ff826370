// Runs the built Action the way GitHub's runner does: `node dist/index.js` with INPUT_* variables
// (defaults filled in from action.yml, as the runner does), GITHUB_* context variables, and the
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, then reads back outputs, annotations and the summary.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { assertFreshBundle } from './bundle-sources.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ACTION_ENTRY = path.join(ROOT, 'dist/index.js');

export interface RunActionOptions {
  inputs?: Record<string, string>;
  workspace: string;
  eventName?: string;
  eventPayload?: unknown;
  repository?: string;
  apiUrl?: string;
  token?: string;
  env?: Record<string, string>;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  properties: Record<string, string>;
  message: string;
}

export interface RunActionResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
}

interface ActionYml {
  inputs: Record<string, { default?: string }>;
}

async function inputDefaults(token: string): Promise<Record<string, string>> {
  const action = parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    if (spec.default === undefined) continue;
    defaults[name] = spec.default === '${{ github.token }}' ? token : spec.default;
  }
  return defaults;
}

/** Parses the `name<<DELIMITER ... DELIMITER` records the toolkit writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc && heredoc[1] && heredoc[2]) {
      const value: string[] = [];
      i++;
      while (i < lines.length && lines[i] !== heredoc[2]) value.push(lines[i++] ?? '');
      outputs[heredoc[1]] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/** Reads `::error file=a,line=1::message` workflow commands from stdout. */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const at = pair.indexOf('=');
      properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1));
    }
    annotations.push({ level: m[1] as Annotation['level'], properties, message: unescapeData(m[3] ?? '') });
  }
  return annotations;
}

export interface PreparedRun {
  env: Record<string, string>;
  outputFile: string;
  summaryFile: string;
}

/** The environment GitHub's runner gives a step, with the files it reads back afterwards. */
export async function prepareActionRun(options: RunActionOptions): Promise<PreparedRun> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'lifecycle-runner-'));
  const outputFile = path.join(tmp, 'output');
  const summaryFile = path.join(tmp, 'summary');
  const eventFile = path.join(tmp, 'event.json');
  await Promise.all([
    writeFile(outputFile, ''),
    writeFile(summaryFile, ''),
    writeFile(eventFile, JSON.stringify(options.eventPayload ?? {})),
  ]);
  const token = options.token ?? '';
  const inputs = { ...(await inputDefaults(token)), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: tmp,
    RUNNER_TEMP: tmp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_EVENT_NAME: options.eventName ?? 'workflow_dispatch',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: options.repository ?? 'octo-org/octo-repo',
    GITHUB_API_URL: options.apiUrl ?? 'https://api.github.com',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_GRAPHQL_URL: `${options.apiUrl ?? 'https://api.github.com'}/graphql`,
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_JOB: 'lifecycle',
    GITHUB_WORKFLOW: 'lifecycle',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return { env, outputFile, summaryFile };
}

export async function runAction(options: RunActionOptions): Promise<RunActionResult> {
  assertFreshBundle(ROOT);
  const { env, outputFile, summaryFile } = await prepareActionRun(options);
  const child = spawn(process.execPath, [ACTION_ENTRY], { cwd: options.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exitCode = await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    annotations: parseAnnotations(stdout),
  };
}
