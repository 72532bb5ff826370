// `lifecycle guide`: the pull request comment, previewed offline from made-up facts (--files,
// --labels, --branch) or run for real on a pull request (--repo, --pr).
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { formatDiagnostic, summarize } from '../../config/diagnostics.js';
import { ConfigReadError, loadConfigFile } from '../../config/load.js';
import { availableTemplateNames, defaultTemplatesDir } from '../../config/template-names.js';
import { previewGuide, runGuide, type GuidePreview, type GuideResult } from '../../commands/guide.js';
import type { LifecycleConfig } from '../../config/schema.js';
import { parseLogin } from '../../github/identity.js';
import { closingReferences } from '../../guide/match.js';
import { parseRepo } from '../../github/repo.js';
import { stripMarker } from '../../plan/marker.js';
import { loadTemplateSet } from '../../render/templates.js';
import { EXIT, UsageError, UserFacingError, paint, useColor } from '../io.js';
import { cliClient, type GitHubEnv } from '../github.js';
import { jsonAliasOption, outputFormat } from '../options.js';
import { templatesFolder } from '../../config/templates-folder.js';

const DEFAULT_CONFIG = '.github/lifecycle.yml';

interface GuideCliOptions {
  files?: string;
  labels?: string;
  branch?: string;
  title?: string;
  body?: string;
  config: string;
  templates?: string;
  repo?: string;
  pr?: string;
  apiUrl?: string;
  dryRun?: boolean;
  labelPrs?: boolean;
  identity?: string;
  format?: string;
  json?: boolean;
}

/** "a, b,,c" → ["a", "b", "c"]. */
export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function registerGuide(program: Command): void {
  program
    .command('guide')
    .description('Show the guidance comment for a pull request: previewed offline, or posted on a real one.')
    .option('--files <a,b>', 'offline: changed file paths, comma-separated')
    .option('--labels <x,y>', 'offline: pull request labels, comma-separated')
    .option('--branch <name>', 'offline: head branch name')
    .option('--title <text>', 'offline: pull request title')
    .option('--body <text>', 'offline: pull request body (its closing keywords, such as "fixes #12", need --repo: see below)')
    .option('-c, --config <path>', 'the config file (with --repo, its path in the repository)', DEFAULT_CONFIG)
    .option('-t, --templates <dir>', 'offline: the templates folder (default: "lifecycle/" beside the config); with --repo, the folder in the repository')
    .option('--repo <owner/name>', 'run on a real pull request of this repository')
    .option('--pr <number>', 'the pull request number (with --repo)')
    .option('--api-url <url>', 'REST API root (GitHub Enterprise Server: https://HOST/api/v3; default $GITHUB_API_URL or api.github.com)')
    .option('--dry-run', 'with --repo: compute the comment and say what would change; write nothing')
    .option('--label-prs', "with --repo: add the matched stages' labels to the pull request")
    .option('--identity <login>', 'with --repo: the login the token writes as (default: asked of GitHub), e.g. my-app[bot]')
    .addOption(new Option('-f, --format <format>', 'text for people, JSON of the result for machines').choices(['text', 'json']).default('text'))
    .addOption(jsonAliasOption())
    .addHelpText(
      'after',
      [
        '',
        'Offline, the config and templates come from disk and nothing is sent anywhere. With --repo,',
        'they come from the pull request\'s base commit on GitHub, as in the Action; the token comes',
        'from GITHUB_TOKEN or GH_TOKEN.',
        '',
        'A closing keyword ("fixes #12") matches the stage of the issue it closes. Which stage issue #12',
        'belongs to is known only on GitHub, so offline a --body with closing keywords matches no stage',
        'by them; run on the real pull request (--repo, --pr) to see them count.',
        '',
        'Examples:',
        '  lifecycle guide --files finetune/train.py,prompts/system.txt',
        '  lifecycle guide --files README.md --labels "stage: deployment" --branch ft/lora',
        '  GITHUB_TOKEN=$(gh auth token) lifecycle guide --repo acme/assistant --pr 42 --dry-run',
      ].join('\n'),
    )
    .action(async (opts: GuideCliOptions) => {
      opts.json = outputFormat(opts) === 'json';
      if (opts.repo !== undefined || opts.pr !== undefined) {
        await online(opts);
      } else {
        await offline(opts);
      }
    });
}

async function offline(opts: GuideCliOptions): Promise<void> {
  if (opts.files === undefined && opts.labels === undefined && opts.branch === undefined && opts.body === undefined) {
    throw new UsageError('say what the pull request changes: --files a,b (and/or --labels, --branch, --body), or run on a real one with --repo owner/name --pr N');
  }
  const { config, templatesDir } = await loadLocalConfig(opts);
  const templates = await loadTemplateSet(templatesDir);
  const preview = previewGuide({
    config,
    templates,
    files: splitList(opts.files),
    labels: splitList(opts.labels),
    branch: opts.branch ?? '',
    title: opts.title ?? '',
    body: opts.body ?? '',
  });
  printPreview(preview, offlineNotes(opts.body ?? ''), opts.json ?? false);
  process.exitCode = EXIT.ok;
}

/** The config from disk, with the templates folder its names are checked against. */
async function loadLocalConfig(opts: GuideCliOptions): Promise<{ config: LifecycleConfig; templatesDir: string }> {
  const cwd = process.cwd();
  const configPath = resolve(cwd, opts.config);
  const templatesDir = opts.templates === undefined ? defaultTemplatesDir(configPath) : resolve(cwd, opts.templates);
  let loaded;
  try {
    const templateNames = await availableTemplateNames({ repoDir: templatesDir, repoDirRequired: opts.templates !== undefined, repoDirDisplay: templatesDir });
    loaded = await loadConfigFile(configPath, { displayPath: opts.config, templateNames });
  } catch (error) {
    if (error instanceof ConfigReadError) throw new UsageError(error.message);
    throw error;
  }
  if (!loaded.config) {
    const color = useColor(process.stderr);
    for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d, { color })}\n`);
    throw new UserFacingError(`${opts.config} is not valid (${summarize(loaded.diagnostics)}); fix it first (lifecycle validate).`);
  }
  return { config: loaded.config, templatesDir };
}

function printPreview(preview: GuidePreview, notes: string[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ matchedStages: preview.matches.map((m) => m.stage), matches: preview.matches, body: preview.body, notes }, null, 2)}\n`);
    return;
  }
  for (const note of notes) process.stderr.write(`${paint('note:', 'cyan', useColor(process.stderr))} ${note}\n`);
  if (preview.body === null) process.stderr.write('No stage matches: this pull request would get no comment (an existing one would be removed).\n');
  else process.stdout.write(`${stripMarker(preview.body)}\n`);
}

/**
 * A closing keyword matches the stage of the issue it closes, and which stage an issue belongs to
 * is known only on GitHub (its marker, its stage label): offline it can match nothing, and saying
 * nothing would look like a matching bug.
 */
export function offlineNotes(body: string): string[] {
  const closes = closingReferences(body);
  if (closes.length === 0) return [];
  const refs = closes.map((n) => `#${n}`).join(', ');
  return [
    `--body closes ${refs}, but offline there are no issues to look up: a closing keyword matches the stage of the issue it closes, ` +
      'which only GitHub knows. Run on the pull request itself to see it count: --repo owner/name --pr N.',
  ];
}

async function online(opts: GuideCliOptions): Promise<void> {
  if (opts.repo === undefined) throw new UsageError(`--pr needs --repo owner/name: the repository pull request #${opts.pr ?? ''} is in`);
  const repo = parseRepo(opts.repo);
  if (!repo) throw new UsageError(`--repo must look like owner/name, not "${opts.repo}"`);
  if (opts.pr === undefined) throw new UsageError(`--repo needs --pr N: the number of the pull request in ${opts.repo} to guide`);
  const pr = /^\d+$/.test(opts.pr.trim()) ? Number(opts.pr) : NaN;
  if (!Number.isSafeInteger(pr) || pr <= 0) throw new UsageError(`--pr must be a pull request number, such as --pr 42, not "${opts.pr}"`);
  if (opts.files !== undefined || opts.labels !== undefined || opts.branch !== undefined) {
    throw new UsageError('--files, --labels and --branch are for the offline preview; with --repo the pull request says what it changes');
  }
  const identity = opts.identity === undefined ? undefined : parseLogin(opts.identity, '--identity');
  if (identity && 'error' in identity) throw new UsageError(identity.error);
  const color = useColor(process.stdout);
  const client = cliClient({ apiUrl: opts.apiUrl, env: process.env as GitHubEnv });
  const result = await runGuide({
    client,
    repo,
    pr,
    configPath: opts.config,
    // The same rule as offline, sync and plan: "lifecycle/" beside the config unless named.
    templatesPath: templatesFolder(opts.config, opts.templates),
    dryRun: opts.dryRun ?? false,
    labelPrs: opts.labelPrs ?? false,
    identity: identity?.login ?? null,
  });
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    printResult(result, color, client.stats);
  }
  process.exitCode = EXIT.ok;
}

const ACTION_TEXT: Record<GuideResult['action'], string> = {
  created: 'Comment posted',
  updated: 'Comment updated',
  unchanged: 'Comment already current: nothing written',
  deleted: 'Comment removed: no stage matches any more',
  none: 'No stage matches: no comment',
  skipped: 'No comment written',
};

function printResult(result: GuideResult, color: boolean, stats: { reads: number; writes: number; total: number }): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (result.dryRun) out(paint('Dry run: nothing was written.', 'yellow', color));
  out(paint(`${ACTION_TEXT[result.action]}${result.commentUrl ? `: ${result.commentUrl}` : ''}`, 'green', color));
  for (const m of result.matches) out(`  ${m.stage}: ${m.reasons.join('; ')}`);
  for (const d of result.headConfigDiagnostics) process.stderr.write(`${formatDiagnostic(d, { color })}\n`);
  for (const w of result.warnings) process.stderr.write(`${paint('warning:', 'yellow', color)} ${w}\n`);
  if (result.body) out(`\n${stripMarker(result.body)}\n`);
  out(paint(`${stats.total} API requests (${stats.reads} reads, ${stats.writes} writes)`, 'dim', color));
}
