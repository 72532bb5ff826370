// The Action's GitHub client: the run's API root (GitHub, GHES or the emulator), the token input,
// the write spacing input, and log lines through the runner's own channels.
import * as core from '@actions/core';
import { createClient, type GitHubClient, type Logger } from '../github/client.js';
import type { ActionInputs } from './inputs.js';

const actionsLogger: Logger = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  error: (message) => core.error(message),
};

export function actionClient(inputs: Pick<ActionInputs, 'token' | 'writeDelayMs'>, apiUrl: string): GitHubClient {
  return createClient({ token: inputs.token, baseUrl: apiUrl, log: actionsLogger, timing: { writeSpacingMs: inputs.writeDelayMs } });
}
