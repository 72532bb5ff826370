// `lifecycle sync`: the edge of the sync command. Reads the token and API URL from the environment
// once, draws progress on the terminal, and hands plain values to runSync.
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { formatDiagnostic, summarize } from '../../config/diagnostics.js';
import { ConfigReadError } from '../../config/load.js';
import { ConfigInvalidError, runSync, type SyncOptions, type SyncProgressEvent, type SyncResult } from '../../commands/sync.js';
import { findIdentity, parseLogin } from '../../github/identity.js';
import type { DriftField } from '../../plan/model.js';
import { parseRepo } from '../../github/repo.js';
import { cliClient, type GitHubEnv } from '../github.js';
import { EXIT, paint, UsageError, useColor } from '../io.js';
import { addConfigOptions, addFormatOptions, outputFormat } from '../options.js';
import { displayPath, templatesDirFor } from '../paths.js';

/** GitHub asks integrations to space writes by a second; the Action's write-delay-ms has the same default. */
export const DEFAULT_WRITE_DELAY_MS = 1000;

/** Today's date where the person running the command is. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Progress on stderr: one line redrawn in place in a terminal, plain lines (every phase, and every
 * tenth of the writes) when the output is a file or a CI log.
 */
export function progressPrinter(stream: NodeJS.WriteStream): { onProgress: (event: SyncProgressEvent) => void; end: () => void } {
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  let lastTenth = -1;
  let lastPhase = '';
  const onProgress = (event: SyncProgressEvent) => {
    if (event.phase === 'done') return;
    if (event.phase === 'apply' && event.total) {
      const done = event.done ?? 0;
      const line = `Writing ${done}/${event.total}`;
      if (tty) {
        const width = 20;
        const filled = Math.round((done / event.total) * width);
        stream.write(`\r${line} ${'█'.repeat(filled)}${'░'.repeat(width - filled)}\u001b[K`);
        drawn = true;
      } else {
        const tenth = Math.floor((done / event.total) * 10);
        if (tenth !== lastTenth || done === event.total) {
          lastTenth = tenth;
          stream.write(`${line}\n`);
        }
      }
      return;
    }
    if (event.phase === lastPhase && event.phase !== 'apply') return;
    lastPhase = event.phase;
    if (tty) {
      stream.write(`\r${event.message}…\u001b[K`);
      drawn = true;
    } else stream.write(`${event.message}\n`);
  };
  const end = () => {
    if (tty && drawn) stream.write('\r\u001b[K');
  };
  return { onProgress, end };
}

const DRIFT_WORDS: Record<DriftField, string> = {
  body: 'body edited by a person',
  description: 'description edited by a person',
  title: 'title changed by a person',
  milestone: 'moved to another milestone by a person',
  due_on: 'due date set by a person',
};

function printResult(result: SyncResult, color: boolean): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (result.dryRun) out(paint('Dry run: nothing was written.', 'yellow', color));
  out(paint(result.resultLine, result.ok ? 'green' : 'red', color));
  const width = Math.max(5, ...result.stages.map((stage) => stage.name.length));
  if (result.stages.length > 0) out(paint(`  ${'stage'.padEnd(width)}  ${'due'.padEnd(11)} ${'done'.padEnd(7)} ${'status'.padEnd(12)} milestone`, 'dim', color));
  for (const stage of result.stages) {
    const due = stage.due ?? '—';
    const milestone = stage.milestone ? `#${stage.milestone.number}` : '—';
    out(`  ${stage.name.padEnd(width)}  ${due.padEnd(11)} ${`${stage.closed}/${stage.total}`.padEnd(7)} ${stage.status.padEnd(12)} ${milestone}`);
  }
  for (const d of result.drift) out(paint(`  left alone: ${d.kind} #${d.number} (${DRIFT_WORDS[d.field]}) ${d.url}`, 'yellow', color));
  for (const c of result.conflicts) process.stderr.write(`${paint('conflict:', 'yellow', color)} ${c.message}. To resolve: ${c.resolve}. ${c.url}\n`);
  for (const f of result.failures) process.stderr.write(`${paint('failed:', 'red', color)} ${f.message ?? f.op}\n`);
  for (const w of result.warnings) process.stderr.write(`${paint('warning:', 'yellow', color)} ${w}\n`);
  out(paint(`${result.requests.total} API requests (${result.requests.reads} reads, ${result.requests.writes} writes)`, 'dim', color));
}

export function registerSync(program: Command): void {
  const command = program
    .command('sync')
    .description('Create and update the milestones, issues and labels lifecycle.yml declares, in a GitHub repository.')
    .requiredOption('--repo <owner/name>', 'the repository to sync');
  addConfigOptions(command);
  command
    .option('--api-url <url>', 'REST API root (GitHub Enterprise Server: https://HOST/api/v3; default $GITHUB_API_URL or api.github.com)')
    .option('--dry-run', 'compute and show the plan; write nothing')
    .option('--prune', 'close (never delete) issues and milestones the config no longer declares')
    .option('--overwrite', 'rewrite bodies and descriptions people edited')
    .option('--write-delay-ms <ms>', `least time between two writes, in milliseconds (default ${DEFAULT_WRITE_DELAY_MS}, as GitHub asks; 0 against a local emulator)`)
    // The name before it matched the Action's write-delay-ms input; kept so scripts keep working.
    .addOption(new Option('--write-delay <ms>').hideHelp())
    .option('--identity <login>', 'the login the token writes as (default: asked of GitHub), e.g. my-app[bot]');
  addFormatOptions(command, 'JSON of the result');
  command.action(async (opts: Record<string, unknown>) => {
    const flags = await syncFlags(opts);
    const client = cliClient({ apiUrl: flags.apiUrl, env: process.env as GitHubEnv, timing: { writeSpacingMs: flags.writeDelay } });
    const json = outputFormat(opts) === 'json';
    const result = await syncWithProgress({ ...flags.options, client, identity: flags.identity ?? (() => findIdentity(client)), today: localToday() }, json);
    if (!result) return;
    if (json) printJson(result);
    else printResult(result, useColor(process.stdout));
    if (result.error) process.stderr.write(`lifecycle: error: ${result.error.message}\n`);
    process.exitCode = result.ok ? EXIT.ok : EXIT.failed;
  });
}

/** The flags, checked (a bad one is a usage error), as runSync's options and the client's settings. */
async function syncFlags(opts: Record<string, unknown>) {
  const repo = parseRepo(String(opts.repo ?? ''));
  if (!repo) throw new UsageError(`--repo must look like owner/name, not "${String(opts.repo)}"`);
  const writeDelay = writeDelayMs(opts);
  const identity = opts.identity === undefined ? undefined : parseLogin(String(opts.identity), '--identity');
  if (identity && 'error' in identity) throw new UsageError(identity.error);
  const cwd = process.cwd();
  const configPath = String(opts.config);
  const templatesDir = await templatesDirFor(cwd, configPath, opts.templates === undefined ? undefined : String(opts.templates));
  const options = {
    repo,
    configPath: displayPath(cwd, resolve(cwd, configPath), configPath),
    // Relative where it can be: template errors name files the way the user sees them.
    templatesDir: displayPath(cwd, templatesDir, templatesDir),
    dryRun: opts.dryRun === true,
    prune: opts.prune === true,
    overwrite: opts.overwrite === true,
  };
  return { options, identity: identity?.login, writeDelay, apiUrl: opts.apiUrl === undefined ? undefined : String(opts.apiUrl) };
}

/**
 * runSync with progress on stderr (none with JSON output). A config with errors prints its
 * diagnostics and fails the command (null); an unreadable config file is a usage error.
 */
async function syncWithProgress(options: Omit<SyncOptions, 'onProgress'>, json: boolean): Promise<SyncResult | null> {
  const printer = progressPrinter(process.stderr);
  let result: SyncResult;
  try {
    result = await runSync({ ...options, ...(json ? {} : { onProgress: printer.onProgress }) });
  } catch (error) {
    printer.end();
    if (error instanceof ConfigInvalidError) {
      const errColor = useColor(process.stderr);
      for (const d of error.diagnostics) process.stderr.write(`${formatDiagnostic(d, { color: errColor })}\n`);
      process.stderr.write(`${summarize(error.diagnostics)}\n`);
      process.exitCode = EXIT.failed;
      return null;
    }
    if (error instanceof ConfigReadError) throw new UsageError(error.message);
    throw error;
  }
  printer.end();
  return result;
}

function printJson(result: SyncResult): void {
  const { summaryMarkdown: _summary, error, ...rest } = result;
  process.stdout.write(`${JSON.stringify({ ...rest, error: error ? error.message : null }, null, 2)}\n`);
}

/** --write-delay-ms, else the older --write-delay, else GitHub's one second. */
function writeDelayMs(opts: Record<string, unknown>): number {
  const [flag, raw] = opts.writeDelayMs !== undefined ? ['--write-delay-ms', opts.writeDelayMs] : opts.writeDelay !== undefined ? ['--write-delay', opts.writeDelay] : [null, DEFAULT_WRITE_DELAY_MS];
  const value = Number(raw);
  if (flag !== null && (!/^\d+$/.test(String(raw)) || !Number.isSafeInteger(value))) {
    throw new UsageError(`${flag} must be a whole number of milliseconds, not "${String(raw)}"`);
  }
  return value;
}
