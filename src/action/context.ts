// Everything the Action knows about its run, read once from the runner's environment at the edge,
// as @actions/github's `context` reads it. Read here rather than through that package so that a
// run which never talks to GitHub (validate, or an input error) does not load its client code.
import { existsSync, readFileSync } from 'node:fs';
import type { RepoRef } from '../github/repo.js';

export interface RunContext {
  eventName: string;
  repo: RepoRef;
  sha: string;
  apiUrl: string;
  /** Link to this run, where the job summary is. */
  runUrl: string | null;
  workspace: string;
  payload: Record<string, unknown>;
  /** YYYY-MM-DD in UTC, for "late" and "on track". */
  today: string;
}

/** The webhook payload of the event that started the run; empty when the runner gave none. */
function eventPayload(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  if (!existsSync(file)) {
    process.stdout.write(`GITHUB_EVENT_PATH ${file} does not exist\n`);
    return {};
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  if (!repository.includes('/')) throw new Error('GITHUB_REPOSITORY is not set: run this Action from a GitHub workflow, or use the lifecycle CLI.');
  const [owner = '', name = ''] = repository.split('/');
  const runId = Number.parseInt(env.GITHUB_RUN_ID ?? '', 10);
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    repo: { owner, name },
    sha: env.GITHUB_SHA ?? '',
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    runUrl: runId ? `${serverUrl}/${owner}/${name}/actions/runs/${runId}` : null,
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    payload: eventPayload(env.GITHUB_EVENT_PATH),
    today: new Date().toISOString().slice(0, 10),
  };
}
