// `lifecycle plan`: what sync would do, without writing anything. Offline (compared with an empty
// repository) unless --repo names one to read. With --out, every rendered milestone and issue is
// written as a Markdown file to read before anything is posted.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, hasErrors, summarize } from '../../config/diagnostics.js';
import { ConfigReadError } from '../../config/load.js';
import { validateLifecycleFile } from '../../commands/validate.js';
import type { GitHubClient } from '../../github/client.js';
import { resolveIdentity } from '../../github/identity.js';
import { readCurrentState } from '../../github/read-state.js';
import { getRepository } from '../../github/repository.js';
import { fullName, parseRepo } from '../../github/repo.js';
import type { RepoRef } from '../../github/repo.js';
import type { LifecycleConfig } from '../../config/schema.js';
import type { CurrentState, DesiredState, Plan } from '../../plan/model.js';
import { isWrite } from '../../plan/model.js';
import { dependsOnIdentity, plan as makePlan } from '../../plan/plan.js';
import { previewFiles } from '../../plan/previews.js';
import { formatPlanReport } from '../../plan/report.js';
import { renderDesiredState } from '../../render/desired.js';
import { loadTemplateSet } from '../../render/templates.js';
import type { TemplateSet } from '../../render/templates.js';
import type { Schedule } from '../../schedule/schedule.js';
import { EXIT, UsageError, paint, useColor } from '../io.js';
import { cliClient, type GitHubEnv } from '../github.js';
import { addConfigOptions, addFormatOptions, DEFAULT_CONFIG_PATH, outputFormat } from '../options.js';
import { displayPath as shown, templatesDirFor } from '../paths.js';

const EMPTY: CurrentState = { labels: [], milestones: [], issues: [] };

export interface PlanCommandOptions {
  config: string;
  templates?: string;
  repo?: string;
  apiUrl?: string;
  json?: boolean;
  out?: string;
  prune?: boolean;
  overwrite?: boolean;
}

export interface PlanJson {
  repo: string | null;
  offline: boolean;
  writes: number;
  plan: Plan;
  schedule: Schedule;
}

export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .description('Show the milestones, issues and labels sync would create or change; write nothing.');
  addConfigOptions(command);
  command
    .option('--repo <owner/name>', 'compare with what this repository holds (token from GITHUB_TOKEN or GH_TOKEN); offline without it')
    .option('--api-url <url>', 'REST API root with --repo (default $GITHUB_API_URL or api.github.com)')
    .option('--prune', 'plan closing what the config no longer declares')
    .option('--overwrite', 'plan rewriting bodies and descriptions people edited');
  addFormatOptions(command, 'JSON of the plan and the schedule');
  command
    .option('-o, --out <dir>', 'write every rendered milestone and issue to this folder as Markdown')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  lifecycle plan',
        '  lifecycle plan --out preview/',
        '  lifecycle plan --config cfg/lifecycle.yml      templates from cfg/lifecycle/, as sync reads them',
        '  GITHUB_TOKEN=$(gh auth token) lifecycle plan --repo acme/support-assistant --format json',
      ].join('\n'),
    )
    .action(async (opts: PlanCommandOptions & { format?: string }) => {
      process.exitCode = await planCommand({ ...opts, json: outputFormat(opts) === 'json' }, process.cwd(), process.env as GitHubEnv);
    });
}

/** Runs the command from `cwd`; returns the exit code. Throws UsageError for unreadable inputs. */
export async function planCommand(opts: PlanCommandOptions, cwd: string, env: GitHubEnv): Promise<number> {
  const repo = opts.repo === undefined ? null : parseRepo(opts.repo);
  if (opts.repo !== undefined && repo === null) throw new UsageError(`--repo must look like owner/name, not "${opts.repo}"`);
  const loaded = await loadCheckedConfig(opts, cwd);
  if (loaded === null) return EXIT.failed;
  const { config, templates, configShown } = loaded;

  let current = EMPTY;
  let repoView: { owner: string; name: string; url: string } | null = null;
  let client: GitHubClient | null = null;
  if (repo) {
    client = cliClient({ apiUrl: opts.apiUrl, env });
    const live = await readRepository(client, repo, config.project.label);
    current = live.current;
    repoView = { owner: repo.owner, name: repo.name, url: live.url };
  }

  const rendered = renderDesiredState(config, { templates, repo: repoView, configPath: configShown });
  const planOptions = { prune: opts.prune === true, overwrite: opts.overwrite === true };
  let result = makePlan(rendered.desired, current, planOptions);
  // As sync does: which of several issues carrying one task's marker is kept depends on who writes.
  if (client && dependsOnIdentity(result)) {
    const identity = await resolveIdentity(client);
    if (identity) result = makePlan(rendered.desired, current, { ...planOptions, identity });
  }
  const subject = repo ? fullName(repo) : config.project.name;

  if (opts.json) {
    const json: PlanJson = { repo: repo ? fullName(repo) : null, offline: repo === null, writes: result.operations.filter(isWrite).length, plan: result, schedule: rendered.schedule };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatPlanReport({ subject, offline: repo === null, plan: result, schedule: rendered.schedule }).join('\n')}\n`);
  }

  if (opts.out !== undefined) await writePreviews(cwd, opts.out, rendered.desired, opts.json === true);
  return EXIT.ok;
}

/**
 * The config and every template it uses, checked before anything is read or rendered; null after
 * printing the diagnostics when they hold an error.
 */
async function loadCheckedConfig(opts: PlanCommandOptions, cwd: string): Promise<{ config: LifecycleConfig; templates: TemplateSet; configShown: string } | null> {
  const configPath = resolve(cwd, opts.config);
  const configShown = shown(cwd, configPath, opts.config);
  const templatesDir = await templatesDirFor(cwd, opts.config, opts.templates);

  const templatesShown = `${shown(cwd, templatesDir, opts.templates ?? templatesDir)}/`;
  const templates = await loadTemplateSet(templatesDir, { display: templatesShown });
  let loaded;
  try {
    loaded = await validateLifecycleFile(configPath, { file: configShown, templates, templatesDir: templatesShown });
  } catch (error) {
    if (error instanceof ConfigReadError) {
      const hint = opts.config === DEFAULT_CONFIG_PATH && /^cannot find/.test(error.message) ? '; run "lifecycle init" to create one, or pass --config <path>' : '';
      throw new UsageError(`${error.message}${hint}`, { cause: error });
    }
    throw error;
  }
  const errColor = useColor(process.stderr);
  for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d, { color: errColor })}\n`);
  if (!loaded.config || hasErrors(loaded.diagnostics)) {
    process.stderr.write(`${paint(summarize(loaded.diagnostics), 'red', errColor)}\n`);
    return null;
  }
  return { config: loaded.config, templates, configShown };
}

/** Every rendered milestone and issue as Markdown under `out`. */
async function writePreviews(cwd: string, out: string, desired: DesiredState, json: boolean): Promise<void> {
  const outDir = resolve(cwd, out);
  const files = previewFiles(desired);
  for (const file of files) {
    const target = join(outDir, ...file.path.split('/'));
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot write ${shown(cwd, target, target)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  const message = `Wrote ${files.length} preview${files.length === 1 ? '' : 's'} to ${shown(cwd, outDir, out).replace(/\/?$/, '/')}\n`;
  // JSON on stdout stays parseable: the note goes to stderr then.
  (json ? process.stderr : process.stdout).write(message);
}

async function readRepository(client: GitHubClient, repo: RepoRef, managedLabel: string): Promise<{ current: CurrentState; url: string }> {
  const repository = await getRepository(client, repo);
  const read = await readCurrentState(client, repo, managedLabel);
  return { current: read.state, url: repository.htmlUrl };
}

