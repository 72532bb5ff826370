// A ticked box on the dashboard issue (an `issues: edited` event): the run does what the box says
// (Sync now, Re-plan), unticks it and says what it did in one comment. Only a person with write
// access to the repository may run a command, as GitHub reports the event's sender permission; a
// tick by anyone else is unticked with a note, and nothing else runs.
import { tickedCommands, untickCommands } from '../forecast/dashboard.js';
import type { CommandId } from '../forecast/dashboard.js';
import type { GitHubClient } from '../github/client.js';
import { createIssueComment } from '../github/issue-comments.js';
import { updateIssue } from '../github/issues.js';
import type { RepoRef } from '../github/repo.js';
import { parseMarker } from '../plan/marker.js';
import { runSync } from './sync.js';
import type { SyncOptions, SyncResult } from './sync.js';

export interface DashboardCommandOutcome {
  commands: CommandId[];
  /** False when the sender may not run commands: the boxes were unticked with a note. */
  allowed: boolean;
  sync: SyncResult | null;
  comment: string;
}

export interface EditedPayload {
  issue?: { number?: number; body?: string | null };
  sender?: { login?: string };
}

/** The commands ticked on the dashboard issue the event is about; none for any other issue. */
export function commandsOf(payload: EditedPayload): CommandId[] {
  const body = payload.issue?.body ?? '';
  if (parseMarker(body)?.kind !== 'dashboard') return [];
  return tickedCommands(body);
}

/** Write, maintain and admin may run commands; triage and read may not. */
export async function canRunCommands(client: GitHubClient, repo: RepoRef, login: string): Promise<boolean> {
  const { data } = await client.octokit.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.name, username: login });
  return data.permission === 'admin' || data.permission === 'write' || data.user?.permissions?.push === true;
}

export interface CommandClaim {
  number: number;
  login: string;
  commands: CommandId[];
  allowed: boolean;
  /** The note posted when the sender may not run commands. */
  comment: string | null;
}

/**
 * The first half of a command: the boxes unticked (first, so that a second event for the same tick
 * finds nothing to run) and the sender's permission checked; a refusal is posted here. Null when
 * the event is not a ticked box on the dashboard.
 */
export async function claimDashboardCommand(client: GitHubClient, repo: RepoRef, payload: EditedPayload): Promise<CommandClaim | null> {
  const commands = commandsOf(payload);
  const number = payload.issue?.number;
  const login = payload.sender?.login ?? '';
  if (commands.length === 0 || number === undefined) return null;
  await updateIssue(client, repo, number, { body: untickCommands(payload.issue?.body ?? '') });
  if (login && (await canRunCommands(client, repo, login))) return { number, login, commands, allowed: true, comment: null };
  const comment = `@${login} ticked a command on this dashboard, but only people with write access to the repository can run one; the box was unticked and nothing ran.`;
  await createIssueComment(client, repo, number, comment);
  return { number, login, commands, allowed: false, comment };
}

/** The second half: the one comment saying what the run did. */
export async function reportDashboardCommand(client: GitHubClient, repo: RepoRef, claim: CommandClaim, sync: SyncResult): Promise<string> {
  const comment = commandComment(claim.login, claim.commands.includes('replan'), sync);
  await createIssueComment(client, repo, claim.number, comment);
  return comment;
}

/** Handles one `issues: edited` event; null when it is not a ticked box on the dashboard. */
export async function runDashboardCommand(payload: EditedPayload, options: SyncOptions): Promise<DashboardCommandOutcome | null> {
  const { client, repo } = options;
  const claim = await claimDashboardCommand(client, repo, payload);
  if (!claim) return null;
  if (!claim.allowed) return { commands: claim.commands, allowed: false, sync: null, comment: claim.comment ?? '' };
  const sync = await runSync({ ...options, replan: claim.commands.includes('replan') });
  const comment = await reportDashboardCommand(client, repo, claim, sync);
  return { commands: claim.commands, allowed: true, sync, comment };
}

function commandComment(login: string, replan: boolean, sync: SyncResult): string {
  const lines = [`@${login}: ${replan ? 'Re-planned the remaining stages from today and synced.' : 'Synced.'} ${sync.resultLine}`];
  if (replan) {
    const moves = sync.replanned ?? [];
    if (moves.length === 0) lines.push('', 'Every remaining milestone was already due on its forecast end: no due date moved.');
    else lines.push('', ...moves.map((m) => `- ${m.stage}: due ${m.from ?? 'none'} → ${m.to}`));
  }
  return lines.join('\n');
}
