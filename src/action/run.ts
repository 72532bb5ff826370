// The Action: inputs → command → outputs. The single catch that fails the step lives here.
import * as core from '@actions/core';
import { htmlCode } from '../render/code-block.js';
import { readInputs, resolveCommand } from './inputs.js';
import { readRunContext } from './context.js';
import { normalizeBaseUrl } from '../github/base-url.js';
import { dropEarlyReads, startEarlyReads } from '../github/early-reads.js';
import { isScopedEvent } from '../commands/sync/event-kind.js';

// Each command is imported when it runs: a run loads the code of its own command only, and an
// input error fails the step before the config checks, templates and renderer are loaded at all.
export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const ctx = readRunContext();
    const command = resolveCommand(inputs.command, ctx.eventName);
    core.info(`lifecycle-action: ${command} (event: ${ctx.eventName || 'none'})`);
    core.setOutput('command', command);
    switch (command) {
      case 'validate':
        await (await import('./validate.js')).runValidate(inputs, ctx.workspace);
        return;
      case 'sync':
        if (!inputs.token) throw new Error('The "token" input is empty: the sync needs a token with issues: write.');
        // A run that reads the whole project sends its first reads before loading the client and
        // the sync; an event's run reads less, once its config says what to look for.
        if (!isScopedEvent(ctx.eventName, ctx.payload, inputs.replan)) {
          startEarlyReads({ baseUrl: normalizeBaseUrl(ctx.apiUrl), token: inputs.token, repo: ctx.repo });
        }
        await (await import('./sync.js')).runSyncAction(inputs, ctx);
        return;
      case 'guide':
        if (!inputs.token) throw new Error('The "token" input is empty: guidance needs a token with pull-requests: write.');
        await (await import('./guide.js')).runGuideAction(inputs, ctx);
        return;
      case 'upgrade':
        if (!inputs.token) throw new Error('The "token" input is empty: the upgrade needs a token with contents: write and pull-requests: write.');
        await (await import('./upgrade.js')).runUpgradeAction(inputs, ctx);
        return;
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    core.setFailed(message);
    await writeFailureSummary(message);
  } finally {
    dropEarlyReads();
  }
}

// Every run leaves a job summary, a failed one included; a summary that cannot be written
// (no GITHUB_STEP_SUMMARY outside a runner) must not hide the real failure.
async function writeFailureSummary(message: string): Promise<void> {
  try {
    await core.summary.addHeading('lifecycle-action failed', 2).addCodeBlock(htmlCode(message), 'text').write();
  } catch {
    // Nothing more to say than setFailed already did.
  }
}
