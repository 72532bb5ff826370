// The Action: inputs → command → outputs. The single catch that fails the step lives here.
import * as core from '@actions/core';
import { readInputs, resolveCommand } from './inputs.js';
import { readRunContext } from './context.js';
import { runGuideAction } from './guide.js';
import { runSyncAction } from './sync.js';
import { runValidate } from './validate.js';

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const ctx = readRunContext();
    const command = resolveCommand(inputs.command, ctx.eventName);
    core.info(`lifecycle-action: ${command} (event: ${ctx.eventName || 'none'})`);
    core.setOutput('command', command);
    switch (command) {
      case 'validate':
        await runValidate(inputs, ctx.workspace);
        return;
      case 'sync':
        if (!inputs.token) throw new Error('The "token" input is empty: the sync needs a token with issues: write.');
        await runSyncAction(inputs, ctx);
        return;
      case 'guide':
        if (!inputs.token) throw new Error('The "token" input is empty: guidance needs a token with pull-requests: write.');
        await runGuideAction(inputs, ctx);
        return;
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
