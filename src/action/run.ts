// The Action: inputs → command → outputs. The single catch that fails the step lives here.
import * as core from '@actions/core';
import { readInputs, resolveCommand } from './inputs.js';

export async function run(): Promise<void> {
  try {
    const inputs = readInputs();
    const eventName = process.env.GITHUB_EVENT_NAME ?? '';
    const command = resolveCommand(inputs.command, eventName);
    core.info(`lifecycle-action: ${command} (event: ${eventName || 'none'})`);
    switch (command) {
      case 'validate':
      case 'sync':
      case 'guide':
        throw new Error(`command "${command}" is not available in this build`);
    }
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
