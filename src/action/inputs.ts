// The Action's inputs, read once into one typed object (the edge: nothing below reads process.env).
import * as core from '@actions/core';
import { parseLogin } from '../github/identity.js';
import { templatesFolder } from '../config/templates-folder.js';

export type ActionCommand = 'auto' | 'sync' | 'guide' | 'validate' | 'upgrade';

export interface ActionInputs {
  command: ActionCommand;
  token: string;
  config: string;
  templates: string;
  dryRun: boolean;
  prune: boolean;
  overwrite: boolean;
  /** Move the remaining milestones' due dates to the forecast. */
  replan: boolean;
  labelPrs: boolean;
  /** The login the token writes as; null: asked of GitHub when needed (see src/github/identity.ts). */
  identity: string | null;
  /** Least gap between two writes, in milliseconds (GitHub asks for a second; GHES with limits off can go lower). */
  writeDelayMs: number;
}

const COMMANDS: readonly ActionCommand[] = ['auto', 'sync', 'guide', 'validate', 'upgrade'];

function bool(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim().toLowerCase();
  if (raw === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(raw)) return true;
  if (['false', 'no', '0', 'off'].includes(raw)) return false;
  throw new Error(`Input "${name}" must be true or false, not "${raw}".`);
}

function nonNegativeInt(name: string, fallback: number): number {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`Input "${name}" must be a whole number of milliseconds, not "${raw}".`);
  return Number(raw);
}

function login(name: string): string | null {
  const raw = core.getInput(name).trim();
  if (raw === '') return null;
  const parsed = parseLogin(raw, `Input "${name}"`);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.login;
}

export function readInputs(): ActionInputs {
  const command = (core.getInput('command').trim() || 'auto') as ActionCommand;
  if (!COMMANDS.includes(command)) {
    throw new Error(`Input "command" must be one of ${COMMANDS.join(', ')}, not "${command}".`);
  }
  const token = core.getInput('token');
  if (token) core.setSecret(token);
  const config = core.getInput('config').trim() || '.github/lifecycle.yml';
  const inputs: ActionInputs = {
    command,
    token,
    config,
    // The CLI's rule: "lifecycle/" beside the config unless the input names a folder.
    templates: templatesFolder(config, core.getInput('templates')),
    dryRun: bool('dry-run', false),
    prune: bool('prune', false),
    overwrite: bool('overwrite', false),
    replan: bool('replan', false),
    labelPrs: bool('label-prs', false),
    identity: login('identity'),
    writeDelayMs: nonNegativeInt('write-delay-ms', 1000),
  };
  core.debug(`inputs: ${JSON.stringify({ ...inputs, token: token ? '***' : '' })}`);
  return inputs;
}

const PR_EVENTS = new Set(['pull_request', 'pull_request_target']);
const SYNC_EVENTS = new Set(['push', 'workflow_dispatch', 'schedule', 'issues', 'milestone', 'repository_dispatch']);

/** `auto`: pull requests get guidance, everything else a sync. */
export function resolveCommand(command: ActionCommand, eventName: string): Exclude<ActionCommand, 'auto'> {
  if (command !== 'auto') return command;
  if (PR_EVENTS.has(eventName)) return 'guide';
  if (SYNC_EVENTS.has(eventName)) return 'sync';
  throw new Error(
    `command "auto" does not know what to do on a "${eventName}" event. Set the "command" input to sync, guide or validate.`,
  );
}
