// A started emulator with one repository and the tokens the sync tests use, and clients for it.
import { createClock, startEmulator, type Emulator, type LimitOptions, type SeedRepo } from '../../src/emulator/index.js';
import { createClient, type ClientTiming, type GitHubClient } from '../../src/github/client.js';
import type { RepoRef } from '../../src/github/repo.js';

export const REPO: RepoRef = { owner: 'acme', name: 'assistant' };
export const REPO_NAME = 'acme/assistant';
export const WRITE_TOKEN = 'ghs_actions_write';
export const READ_TOKEN = 'ghs_actions_read';
export const USER_TOKEN = 'ghp_user_write';

export interface SyncEmulatorOptions {
  repo?: Partial<SeedRepo>;
  limits?: LimitOptions;
  /** Emulated milliseconds per wall millisecond. */
  speed?: number;
  start?: string;
}

export async function startSyncEmulator(options: SyncEmulatorOptions = {}): Promise<Emulator> {
  const clock = createClock({ start: options.start ?? '2027-01-04T09:00:00Z', speed: options.speed ?? 1 });
  return startEmulator({
    clock,
    limits: options.limits ?? { primary: false, contentPerMinute: false, contentPerHour: false },
    seed: {
      users: [{ login: 'alice' }, { login: 'bob' }],
      tokens: [
        { token: WRITE_TOKEN, kind: 'actions' },
        { token: READ_TOKEN, kind: 'actions', permissions: 'read' },
        { token: USER_TOKEN, kind: 'user', login: 'alice' },
      ],
      repos: [{ owner: REPO.owner, name: REPO.name, ...options.repo }],
    },
  });
}

/** A client with no pauses of its own (the emulator's limits are off unless a test turns them on). */
export function clientFor(emulator: Emulator, token = WRITE_TOKEN, timing: ClientTiming = {}): GitHubClient {
  return createClient({
    token,
    baseUrl: emulator.url,
    timing: { writeSpacingMs: 0, searchSpacingMs: 0, retryBackoffMs: 5, ...timing },
  });
}

/** Requests the emulator logged after `from` (an index into its log). */
export function logSince(emulator: Emulator, from: number) {
  return emulator.log.entries.slice(from);
}
