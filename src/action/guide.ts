// `command: guide` in the Action: one pull request event → the sticky guidance comment. Nothing of
// the pull request is checked out or run; the config comes from its base commit (see runGuide).
import * as core from '@actions/core';
import { hasErrors, summarize } from '../config/diagnostics.js';
import { runGuide } from '../commands/guide.js';
import type { GuideResult, PullRequestPayload } from '../commands/guide.js';
import { annotate } from './validate.js';
import type { RunContext } from './context.js';
import type { ActionInputs } from './inputs.js';
import { actionClient } from './client.js';

export async function runGuideAction(inputs: ActionInputs, ctx: RunContext): Promise<GuideResult> {
  const pull = eventPull(ctx);
  const client = actionClient(inputs, ctx.apiUrl);
  const result = await core.group(`Guide pull request #${pull.number}`, () =>
    runGuide({
      client,
      repo: ctx.repo,
      pr: pull.number,
      payload: pull,
      eventName: ctx.eventName,
      configPath: inputs.config,
      templatesPath: inputs.templates,
      dryRun: inputs.dryRun,
      labelPrs: inputs.labelPrs,
      identity: inputs.identity,
      summaryUrl: ctx.runUrl,
    }),
  );
  await publishResult(result);
  reportProposedConfig(result, inputs.config);
  return result;
}

function eventPull(ctx: RunContext): PullRequestPayload {
  const pull = ctx.payload.pull_request as PullRequestPayload | undefined;
  if (!pull || typeof pull.number !== 'number') {
    throw new Error(`command "guide" needs a pull_request or pull_request_target event; this run is a "${ctx.eventName}" event.`);
  }
  return pull;
}

/** Warnings, outputs, the job summary and one log line. */
async function publishResult(result: GuideResult): Promise<void> {
  for (const warning of result.warnings) core.warning(warning);
  core.setOutput('matched-stages', JSON.stringify(result.matchedStages));
  core.setOutput('comment-id', result.commentId === null ? '' : String(result.commentId));
  core.setOutput('comment-url', result.commentUrl ?? '');
  await core.summary.addRaw(result.summaryMarkdown, true).write();
  core.info(
    result.matchedStages.length > 0
      ? `Matched ${result.matchedStages.join(', ')}; comment ${result.action}${result.commentUrl ? ` (${result.commentUrl})` : ''}`
      : `No stage matched; comment ${result.action}`,
  );
}

/** A pull request that edits lifecycle.yml or a template is checked too: its problems show on the diff. */
function reportProposedConfig(result: GuideResult, configPath: string): void {
  const diagnostics = result.headConfigDiagnostics;
  if (diagnostics.length === 0) return;
  annotate(diagnostics);
  core.setOutput('valid', String(!hasErrors(diagnostics)));
  if (hasErrors(diagnostics)) {
    core.setFailed(`The ${configPath} this pull request proposes, with its templates, has ${summarize(diagnostics)}. See the annotations.`);
  }
}
