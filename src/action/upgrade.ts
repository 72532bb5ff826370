// `command: upgrade` in the Action: the config as it is on the default branch, merged in memory with
// the newest edition of its preset (conflicts marked, as `lifecycle upgrade --on-conflict mark`),
// proposed through one pull request from one branch per edition. Nothing is written when the file
// already has everything the edition brings; a re-run updates the same branch and pull request.
import * as core from '@actions/core';
import { readContent } from '../github/contents.js';
import { proposeFile } from '../github/upgrade-pull.js';
import type { ProposalResult } from '../github/upgrade-pull.js';
import { presetEditionSource } from '../upgrade/preset-editions.js';
import { upgradeBranch, upgradePullText } from '../upgrade/pull-body.js';
import { mergeUpgradeText, UpgradeRefusedError } from '../upgrade/run.js';
import type { MergedUpgrade } from '../upgrade/run.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { actionClient } from './client.js';

export async function runUpgradeAction(inputs: ActionInputs, ctx: RunContext): Promise<void> {
  const client = actionClient(inputs, ctx.apiUrl);
  const { data: repository } = await client.octokit.rest.repos.get({ owner: ctx.repo.owner, repo: ctx.repo.name });
  const base = repository.default_branch;
  const file = await readContent(client, ctx.repo, inputs.config, base);
  if (file?.text == null) throw new Error(`Cannot find ${inputs.config} on ${base}. Run "lifecycle init" to create it, or set the "config" input.`);
  const ours = file.text;
  const merged = await core.group(`Merge ${inputs.config} (${base}) with the newest edition of its preset`, () => merge(ours, inputs.config));
  for (const note of merged.notes) core.info(note);
  if (merged.text === ours) {
    core.info(`${inputs.config} already has everything ${merged.theirsLabel} brings; nothing to propose.`);
    core.setOutput('upgrade', 'up-to-date');
    await core.summary.addRaw(`## Upgrade\n\n${inputs.config} on ${base} already has everything ${merged.theirsLabel} brings. Nothing was written.\n`, true).write();
    return;
  }
  const text = upgradePullText(merged, ours, inputs.config);
  const branch = upgradeBranch(merged.theirsLabel);
  if (inputs.dryRun) {
    core.setOutput('upgrade', 'dry-run');
    await core.summary.addRaw(`## Upgrade (dry run: nothing was written)\n\nWould propose from the branch ${branch}:\n\n${text.body}\n`, true).write();
    return;
  }
  const result = await core.group(`Propose the upgrade from ${branch}`, () =>
    proposeFile(client, ctx.repo, { base, branch, path: inputs.config, text: merged.text, ...text }),
  );
  publish(result, merged);
  await core.summary.addRaw(`## Upgrade\n\n${summaryLine(result, merged)}\n`, true).write();
}

async function merge(ours: string, file: string): Promise<MergedUpgrade> {
  try {
    return await mergeUpgradeText(ours, file, presetEditionSource());
  } catch (error) {
    if (error instanceof UpgradeRefusedError) throw new Error(`Cannot upgrade ${file}:\n${error.lines.join('\n')}`, { cause: error });
    throw error;
  }
}

function publish(result: ProposalResult, merged: MergedUpgrade): void {
  core.setOutput('upgrade', result.outcome);
  core.setOutput('pull-request-number', String(result.number));
  core.setOutput('pull-request-url', result.url);
  core.info(summaryLine(result, merged));
  if (merged.conflicts.length > 0) core.warning(`The upgrade to ${merged.theirsLabel} has ${merged.conflicts.length} conflict(s), marked in the file and listed in ${result.url}.`);
}

function summaryLine(result: ProposalResult, merged: MergedUpgrade): string {
  const what = { opened: 'Opened', updated: 'Updated', unchanged: 'Already proposed, unchanged:', declined: 'Not opened again: a person closed' }[result.outcome];
  const conflicts = merged.conflicts.length === 0 ? 'no conflicts' : `${merged.conflicts.length} conflict(s) to settle`;
  return `${what} pull request #${result.number} (${result.url}): the upgrade to ${merged.theirsLabel}, ${conflicts}.`;
}
