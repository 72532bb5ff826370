// `command: sync` in the Action: the config from the checkout (or, without one, from the event's
// commit through the contents API), then the same runSync the CLI uses; outputs, annotations and
// the job summary come from its result.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { readRegularText } from '../config/read-file.js';
import type { SyncResult } from '../commands/sync.js';
import type { GitHubClient } from '../github/client.js';
import { readContent } from '../github/contents.js';
import type { FirstReads } from '../github/first-reads.js';
import { startFirstReads } from '../github/first-reads.js';
import { findIdentity } from '../github/identity.js';
import type { EditionNotice } from '../upgrade/edition-notice.js';
import type { RunContext } from './context.js';
import type { EditedPayload } from '../commands/dashboard-command.js';
import type { ActionInputs } from './inputs.js';
import { actionClient } from './client.js';
import { syncEventOf } from '../commands/sync/event.js';
import type { SyncEvent } from '../commands/sync/types.js';

interface ConfigSource {
  configText: string;
  templatesDir: string | null;
}

// What a sync needs once its first reads are on their way (most of the bundle), loaded on demand
// so it loads while those reads travel.
type SyncSteps = typeof import('./sync-steps.js');

async function configSource(inputs: ActionInputs, ctx: RunContext, client: GitHubClient, maxBytes: number): Promise<ConfigSource> {
  const onDisk = path.resolve(ctx.workspace, inputs.config);
  const templatesOnDisk = path.resolve(ctx.workspace, inputs.templates);
  if (existsSync(onDisk)) {
    core.info(`Reading ${inputs.config} from the checkout`);
    // As the CLI reads it: a regular file only, never past the size limit.
    const configText = await readRegularText(onDisk, maxBytes, inputs.config);
    return { configText, templatesDir: existsSync(templatesOnDisk) ? templatesOnDisk : null };
  }
  core.info(`No checkout of ${inputs.config}: reading it at ${ctx.sha.slice(0, 7)} through the contents API`);
  const file = await readContent(client, ctx.repo, inputs.config, ctx.sha);
  if (file?.text == null) {
    throw new Error(`Cannot find ${inputs.config} in the checkout or at commit ${ctx.sha.slice(0, 7)}. Run "lifecycle init" to create it, or set the "config" input.`);
  }
  if (existsSync(templatesOnDisk) === false) {
    const folder = await readContent(client, ctx.repo, inputs.templates, ctx.sha);
    if (folder?.entries?.length) core.warning(`Templates in ${inputs.templates} are used only from a checkout: add actions/checkout before this step (sparse-checkout: .github is enough).`);
  }
  return { configText: file.text, templatesDir: null };
}

export function setSyncOutputs(result: SyncResult): void {
  core.setOutput('plan', JSON.stringify(result.plan.operations));
  core.setOutput('created', String(result.counts.created));
  core.setOutput('updated', String(result.counts.updated));
  core.setOutput('unchanged', String(result.counts.unchanged));
  core.setOutput('drifted', String(result.counts.drifted));
  core.setOutput('closed', String(result.counts.closed));
  core.setOutput('milestones', JSON.stringify(result.milestones));
}

export async function runSyncAction(inputs: ActionInputs, ctx: RunContext): Promise<SyncResult | null> {
  const client = actionClient(inputs, ctx.apiUrl);
  if (ctx.eventName === 'issues' && ctx.payload.action === 'edited' && !inputs.dryRun) {
    // A ticked box on the dashboard: unticked and permission checked before anything runs.
    const commands = await import('../commands/dashboard-command.js');
    const claim = await commands.claimDashboardCommand(client, ctx.repo, ctx.payload as EditedPayload);
    if (claim && !claim.allowed) {
      core.info(claim.comment ?? '');
      return null;
    }
    if (claim) {
      const result = await syncOnce({ ...inputs, replan: inputs.replan || claim.commands.includes('replan') }, ctx, client);
      if (result) await commands.reportDashboardCommand(client, ctx.repo, claim, result);
      return result;
    }
  }
  return syncOnce(inputs, ctx, client);
}

async function syncOnce(inputs: ActionInputs, ctx: RunContext, client: GitHubClient): Promise<SyncResult | null> {
  const event = syncEventOf(ctx.eventName, ctx.payload, inputs.replan);
  // The first requests go out before the config is read: they need nothing from it. An event's run
  // reads less, and reads it once the config says what to look for.
  const firstReads = event ? undefined : startFirstReads(client, ctx.repo);
  const steps = await import('./sync-steps.js');
  const source = await core.group('Read the configuration', () => configSource(inputs, ctx, client, steps.MAX_CONFIG_BYTES));
  const result = await syncOrAnnotate(steps, inputs, ctx, client, source, { firstReads, event });
  // Loaded after the run: it parses the config with positions (the yaml package), which nothing
  // before the first request needs.
  if (result) await publish(result, (await import('../upgrade/edition-notice.js')).newerEditionNotice(source.configText, inputs.config));
  return result;
}

/** runSync in a log group; a config with errors becomes annotations and a failed step (null). */
async function syncOrAnnotate(
  steps: SyncSteps,
  inputs: ActionInputs,
  ctx: RunContext,
  client: GitHubClient,
  source: ConfigSource,
  reads: { firstReads: FirstReads | undefined; event: SyncEvent | undefined },
): Promise<SyncResult | null> {
  const { ConfigInvalidError, annotate, runSync } = steps;
  try {
    return await core.group(`Sync ${ctx.repo.owner}/${ctx.repo.name}${inputs.dryRun ? ' (dry run)' : ''}`, () =>
      runSync({
        client,
        repo: ctx.repo,
        configText: source.configText,
        configPath: inputs.config,
        templatesDir: source.templatesDir,
        templatesDisplay: inputs.templates,
        dryRun: inputs.dryRun,
        prune: inputs.prune,
        overwrite: inputs.overwrite,
        replan: inputs.replan,
        identity: inputs.identity ?? (() => findIdentity(client)),
        today: ctx.today,
        ...(reads.firstReads ? { firstReads: reads.firstReads } : {}),
        ...(reads.event ? { event: reads.event } : {}),
        onProgress: (event) => core.info(event.total ? `${event.message} (${event.done ?? 0}/${event.total})` : event.message),
      }),
    );
  } catch (error) {
    if (!(error instanceof ConfigInvalidError)) throw error;
    annotate(error.diagnostics);
    core.setOutput('valid', 'false');
    core.setFailed(`${inputs.config} has errors; nothing was written to GitHub. See the annotations.`);
    return null;
  }
}

/** Warnings for what a person must look at, the outputs, the job summary, and a failed step when the run did not finish. */
async function publish(result: SyncResult, edition: EditionNotice | null): Promise<void> {
  for (const item of result.drift) {
    const what = item.kind === 'issue' ? `#${item.number}` : `Milestone "${item.title}"`;
    if (item.field === 'milestone') core.warning(`${what} was moved out of its stage milestone by a person; it was left there (${item.url}). Set "overwrite: true" to move it back.`);
    else core.warning(`${what} was edited by a person; its ${item.field === 'due_on' ? 'due date' : item.field} was left alone (${item.url}). Set "overwrite: true" to replace it.`);
  }
  for (const item of result.conflicts) core.warning(`${item.message}. To resolve: ${item.resolve}. (${item.url})`);
  for (const warning of result.warnings) core.warning(warning);
  setSyncOutputs(result);
  core.setOutput('valid', 'true');
  if (edition) core.notice(edition.line);
  await core.summary.addRaw(edition ? `${result.summaryMarkdown.trimEnd()}\n\n${edition.markdown}` : result.summaryMarkdown, true).write();
  core.info(result.resultLine);
  if (!result.ok) {
    const reasons = result.error ? result.error.message : result.failures.map((f) => `${f.op}: ${f.message ?? f.status}`).join('; ');
    core.setFailed(`Sync did not finish: ${reasons}. Run it again to finish the job; nothing is duplicated.`);
  }
}
