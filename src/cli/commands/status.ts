// `lifecycle status`: the dashboard's status line and table in a terminal (coloured on a TTY), or
// as JSON for scripts. Reads only. The token and API URL come from the environment, as for sync.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, summarize } from '../../config/diagnostics.js';
import { ConfigReadError } from '../../config/load.js';
import { ConfigInvalidError } from '../../commands/sync.js';
import { runStatus } from '../../commands/status.js';
import type { StatusResult } from '../../commands/status.js';
import type { DashboardRowView } from '../../forecast/dashboard.js';
import { parseRepo } from '../../github/repo.js';
import { parseDay } from '../../schedule/calendar.js';
import { cliClient, type GitHubEnv } from '../github.js';
import { EXIT, paint, UsageError, useColor } from '../io.js';
import type { Color } from '../io.js';
import { addConfigOptions, addFormatOptions, outputFormat } from '../options.js';
import { displayPath, templatesDirFor } from '../paths.js';
import { localToday } from './sync.js';

const COLUMNS = ['stage', 'state', 'planned', 'due', 'started', 'ended', 'forecast', 'tasks', 'flag'] as const;

function cells(row: DashboardRowView): string[] {
  const d = (v: string | null) => v ?? '–';
  return [row.name.replace(/&#124;/g, '|'), row.state, d(row.plannedStart), d(row.plannedDue), d(row.actualStart), d(row.actualEnd), d(row.forecastEnd), `${row.tasksDone}/${row.tasksTotal}`, row.note];
}

function rowColor(row: DashboardRowView): Color | null {
  if (row.flag === 'late') return 'red';
  if (row.flag === 'at-risk') return 'yellow';
  if (row.state === 'done') return 'green';
  if (row.state === 'skipped') return 'dim';
  return null;
}

/** The status line and the table, aligned; colours only when `color`. */
export function formatStatus(result: StatusResult, color: boolean): string {
  const lines = [paint(result.status.replace(/\*\*/g, ''), 'bold', color), ''];
  const table = result.stages.map(cells);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...table.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  lines.push(paint(line(COLUMNS), 'dim', color));
  result.stages.forEach((row, i) => {
    const text = line(table[i] ?? []);
    const c = rowColor(row);
    lines.push(c === null ? text : paint(text, c, color));
  });
  lines.push('', paint(`Forecast: remaining estimates × ${result.ratio.text}. As of ${result.today}.`, 'dim', color));
  return `${lines.join('\n')}\n`;
}

export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .description('Show where the project is: each stage planned against actual, the forecast, what is late.')
    .requiredOption('--repo <owner/name>', 'the repository to read');
  addConfigOptions(command);
  command
    .option('--api-url <url>', 'REST API root (GitHub Enterprise Server: https://HOST/api/v3; default $GITHUB_API_URL or api.github.com)')
    .option('--today <YYYY-MM-DD>', 'the day to judge late and at-risk on (default: today where you are)');
  addFormatOptions(command, 'JSON of the status');
  command.action(async (opts: Record<string, unknown>) => {
    const repo = parseRepo(String(opts.repo ?? ''));
    if (!repo) throw new UsageError(`--repo must look like owner/name, not "${String(opts.repo)}"`);
    const today = opts.today === undefined ? localToday() : String(opts.today);
    if (parseDay(today) === null) throw new UsageError(`--today must be a date such as 2027-01-11, not "${today}"`);
    const cwd = process.cwd();
    const configPath = String(opts.config);
    const templatesDir = await templatesDirFor(cwd, configPath, opts.templates === undefined ? undefined : String(opts.templates));
    const client = cliClient({ apiUrl: opts.apiUrl === undefined ? undefined : String(opts.apiUrl), env: process.env as GitHubEnv });
    let result: StatusResult;
    try {
      result = await runStatus({
        client,
        repo,
        configPath: displayPath(cwd, resolve(cwd, configPath), configPath),
        templatesDir: displayPath(cwd, templatesDir, templatesDir),
        today,
      });
    } catch (error) {
      if (error instanceof ConfigInvalidError) {
        const errColor = useColor(process.stderr);
        for (const d of error.diagnostics) process.stderr.write(`${formatDiagnostic(d, { color: errColor })}\n`);
        process.stderr.write(`${summarize(error.diagnostics)}\n`);
        process.exitCode = EXIT.failed;
        return;
      }
      if (error instanceof ConfigReadError) throw new UsageError(error.message);
      throw error;
    }
    if (outputFormat(opts) === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(formatStatus(result, useColor(process.stdout)));
    process.exitCode = EXIT.ok;
  });
}
