// `lifecycle plan`: what sync would do, without writing anything. Offline (compared with an empty
// repository) unless --repo names one to read. With --out, every rendered milestone and issue is
// written as a Markdown file to read before anything is posted.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, hasErrors, summarize } from '../../config/diagnostics.js';
import { ConfigReadError } from '../../config/load.js';
import { validateLifecycleFile } from '../../commands/validate.js';
import { defaultTemplatesDir } from '../../config/template-names.js';
import { readCurrentState } from '../../github/read-state.js';
import { getRepository } from '../../github/repository.js';
import { fullName, parseRepo } from '../../github/repo.js';
import type { RepoRef } from '../../github/repo.js';
import type { CurrentState, Plan } from '../../plan/model.js';
import { isWrite } from '../../plan/model.js';
import { plan as makePlan } from '../../plan/plan.js';
import { previewFiles } from '../../plan/previews.js';
import { formatPlanReport } from '../../plan/report.js';
import { renderDesiredState } from '../../render/desired.js';
import { loadTemplateSet } from '../../render/templates.js';
import type { Schedule } from '../../schedule/schedule.js';
import { EXIT, UsageError, paint, useColor } from '../io.js';
import { cliClient, type GitHubEnv } from '../github.js';

const DEFAULT_CONFIG = '.github/lifecycle.yml';
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
  program
    .command('plan')
    .description('Show the milestones, issues and labels sync would create or change; write nothing.')
    .option('-c, --config <path>', 'the config file', DEFAULT_CONFIG)
    .option('-t, --templates <dir>', 'the repository templates folder (default: "lifecycle/" beside the config)')
    .option('--repo <owner/name>', 'compare with what this repository holds (token from GITHUB_TOKEN or GH_TOKEN); offline without it')
    .option('--api-url <url>', 'REST API root with --repo (default $GITHUB_API_URL or api.github.com)')
    .option('--prune', 'plan closing what the config no longer declares')
    .option('--overwrite', 'plan rewriting bodies and descriptions people edited')
    .option('--json', 'print the plan and the schedule as JSON')
    .option('-o, --out <dir>', 'write every rendered milestone and issue to this folder as Markdown')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  lifecycle plan',
        '  lifecycle plan --out preview/',
        '  GITHUB_TOKEN=$(gh auth token) lifecycle plan --repo acme/support-assistant --json',
      ].join('\n'),
    )
    .action(async (opts: PlanCommandOptions) => {
      process.exitCode = await planCommand(opts, process.cwd(), process.env as GitHubEnv);
    });
}

/** Runs the command from `cwd`; returns the exit code. Throws UsageError for unreadable inputs. */
export async function planCommand(opts: PlanCommandOptions, cwd: string, env: GitHubEnv): Promise<number> {
  const repo = opts.repo === undefined ? null : parseRepo(opts.repo);
  if (opts.repo !== undefined && repo === null) throw new UsageError(`--repo must look like owner/name, not "${opts.repo}"`);
  const configPath = resolve(cwd, opts.config);
  const configShown = shown(cwd, configPath, opts.config);
  const templatesDir = opts.templates === undefined ? defaultTemplatesDir(configPath) : resolve(cwd, opts.templates);
  if (opts.templates !== undefined) await requireFolder(templatesDir, opts.templates);

  const templatesShown = `${shown(cwd, templatesDir, opts.templates ?? templatesDir)}/`;
  const templates = await loadTemplateSet(templatesDir, { display: templatesShown });
  let loaded;
  try {
    // The config and every template it uses are checked before anything is read or rendered.
    loaded = await validateLifecycleFile(configPath, { file: configShown, templates, templatesDir: templatesShown });
  } catch (error) {
    if (error instanceof ConfigReadError) {
      const hint = opts.config === DEFAULT_CONFIG && /^cannot find/.test(error.message) ? '; run "lifecycle init" to create one, or pass --config <path>' : '';
      throw new UsageError(`${error.message}${hint}`, { cause: error });
    }
    throw error;
  }
  const errColor = useColor(process.stderr);
  for (const d of loaded.diagnostics) process.stderr.write(`${formatDiagnostic(d, { color: errColor })}\n`);
  if (!loaded.config || hasErrors(loaded.diagnostics)) {
    process.stderr.write(`${paint(summarize(loaded.diagnostics), 'red', errColor)}\n`);
    return EXIT.failed;
  }
  const config = loaded.config;

  let current = EMPTY;
  let repoView: { owner: string; name: string; url: string } | null = null;
  if (repo) {
    const live = await readRepository(repo, opts, env, config.project.label);
    current = live.current;
    repoView = { owner: repo.owner, name: repo.name, url: live.url };
  }

  const rendered = renderDesiredState(config, { templates, repo: repoView, configPath: configShown });
  const result = makePlan(rendered.desired, current, { prune: opts.prune === true, overwrite: opts.overwrite === true });
  const subject = repo ? fullName(repo) : config.project.name;

  if (opts.json) {
    const json: PlanJson = { repo: repo ? fullName(repo) : null, offline: repo === null, writes: result.operations.filter(isWrite).length, plan: result, schedule: rendered.schedule };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatPlanReport({ subject, offline: repo === null, plan: result, schedule: rendered.schedule }).join('\n')}\n`);
  }

  if (opts.out !== undefined) {
    const outDir = resolve(cwd, opts.out);
    const files = previewFiles(rendered.desired);
    for (const file of files) {
      const target = join(outDir, ...file.path.split('/'));
      try {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, file.content, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot write ${shown(cwd, target, target)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    const message = `Wrote ${files.length} preview${files.length === 1 ? '' : 's'} to ${shown(cwd, outDir, opts.out).replace(/\/?$/, '/')}\n`;
    // JSON on stdout stays parseable: the note goes to stderr then.
    (opts.json ? process.stderr : process.stdout).write(message);
  }
  return EXIT.ok;
}

async function readRepository(repo: RepoRef, opts: PlanCommandOptions, env: GitHubEnv, managedLabel: string): Promise<{ current: CurrentState; url: string }> {
  const client = cliClient({ apiUrl: opts.apiUrl, env });
  const repository = await getRepository(client, repo);
  const read = await readCurrentState(client, repo, managedLabel);
  return { current: read.state, url: repository.htmlUrl };
}

async function requireFolder(dir: string, asGiven: string): Promise<void> {
  try {
    if ((await stat(dir)).isDirectory()) return;
  } catch {
    throw new UsageError(`cannot find the templates folder ${asGiven}`);
  }
  throw new UsageError(`the templates folder ${asGiven} is a file, not a folder`);
}

function shown(cwd: string, absolute: string, asGiven: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return asGiven;
  return rel.startsWith('..') ? absolute.split('\\').join('/') : rel.split('\\').join('/');
}
