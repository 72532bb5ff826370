// A started emulator with one repository and the tokens the sync tests use, and clients for it.
import { createClock, type Exchange, type IssueRecord, type LimitOptions, type RepoRecord, type SeedRepo } from '../../src/emulator/index.js';
import { parseMarker } from '../../src/plan/marker.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
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
  /** Sees each exchange right after it is answered, before the next request is handled. */
  onExchange?: (exchange: Exchange) => void;
}

/**
 * Started inside a test: every request and answer is checked against GitHub's OpenAPI description,
 * and the emulator stops when the test ends.
 */
export async function startSyncEmulator(options: SyncEmulatorOptions = {}): Promise<TestEmulator> {
  const clock = createClock({ start: options.start ?? '2027-01-04T09:00:00Z', speed: options.speed ?? 1 });
  return startTestEmulator({
    defaults: false,
    clock,
    limits: options.limits ?? { primary: false, contentPerMinute: false, contentPerHour: false },
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
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
export function clientFor(emulator: { url: string }, token = WRITE_TOKEN, timing: ClientTiming = {}): GitHubClient {
  return createClient({
    token,
    baseUrl: emulator.url,
    timing: { writeSpacingMs: 0, searchSpacingMs: 0, retryBackoffMs: 5, ...timing },
  });
}

/** Requests the emulator logged after `from` (an index into its log). */
export function logSince(emulator: { log: TestEmulator['log'] }, from: number) {
  return emulator.log.entries.slice(from);
}

export interface TaskSpec {
  id: string;
  title: string;
  checklist?: string[];
  assignees?: string[];
  labels?: string[];
}
export interface StageSpec {
  id: string;
  name: string;
  duration?: string;
  tasks: TaskSpec[];
}

const q = (text: string) => JSON.stringify(text);

/** lifecycle.yml text for a project starting on `start`. */
export function configYaml(stages: StageSpec[], options: { start?: string | null; calendar?: 'workdays' | 'days'; assignees?: string[]; dashboard?: boolean } = {}): string {
  // Off unless asked for: these tests count the plan's own issues and writes; the dashboard's tests turn it on.
  const lines = ['version: 1', `dashboard: ${options.dashboard ?? false}`, 'project:', '  name: Support assistant'];
  if (options.start !== null) lines.push(`  start: ${options.start ?? '2027-01-04'}`);
  lines.push(`  calendar: ${options.calendar ?? 'workdays'}`);
  if (options.assignees) lines.push('defaults:', `  assignees: [${options.assignees.map(q).join(', ')}]`);
  lines.push('stages:');
  for (const stage of stages) {
    lines.push(`  - id: ${stage.id}`, `    name: ${q(stage.name)}`);
    if (stage.duration) lines.push('    estimate:', `      duration: ${stage.duration}`);
    lines.push('    tasks:');
    if (stage.tasks.length === 0) lines[lines.length - 1] = '    tasks: []';
    for (const task of stage.tasks) {
      lines.push(`      - id: ${task.id}`, `        title: ${q(task.title)}`);
      if (task.checklist) lines.push(`        checklist: [${task.checklist.map(q).join(', ')}]`);
      if (task.assignees) lines.push(`        assignees: [${task.assignees.map(q).join(', ')}]`);
      if (task.labels) lines.push(`        labels: [${task.labels.map(q).join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Three stages, seven tasks: the shape most tests start from. */
export function smallProject(): StageSpec[] {
  return [
    {
      id: 'scope',
      name: 'Scope',
      duration: '3d',
      tasks: [
        { id: 'brief', title: 'Write the brief', checklist: ['Problem stated', 'Users named'], assignees: ['alice'] },
        { id: 'risks', title: 'List the risks' },
      ],
    },
    {
      id: 'build',
      name: 'Build',
      duration: '2w',
      tasks: [
        { id: 'prototype', title: 'Build a prototype', checklist: ['Runs end to end'] },
        { id: 'evaluate', title: 'Evaluate the prototype' },
        { id: 'harden', title: 'Harden it' },
      ],
    },
    { id: 'ship', name: 'Ship', duration: '1w', tasks: [{ id: 'release', title: 'Release' }, { id: 'announce', title: 'Announce it' }] },
  ];
}

/** The test repository as the emulator holds it. */
export function repoOf(gh: TestEmulator): RepoRecord {
  const repo = gh.state.findRepo(REPO.owner, REPO.name);
  if (!repo) throw new Error('missing repository');
  return repo;
}

/** Its issues (pull requests left out), its stage issues and task issues, found by their markers. */
export const issuesOf = (gh: TestEmulator): IssueRecord[] => [...repoOf(gh).issues.values()].filter((i) => i.pull === null);
export const stageIssue = (gh: TestEmulator, stage: string) => issuesOf(gh).find((i) => parseMarker(i.body)?.kind === 'stage-issue' && parseMarker(i.body)?.stage === stage) as IssueRecord;
export const taskIssue = (gh: TestEmulator, stage: string, task: string) => issuesOf(gh).find((i) => parseMarker(i.body)?.stage === stage && parseMarker(i.body)?.task === task) as IssueRecord;
