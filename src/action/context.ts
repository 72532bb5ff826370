// Everything the Action knows about its run, read once from @actions/github's context at the edge.
import { context } from '@actions/github';
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

export function readRunContext(): RunContext {
  const repository = process.env.GITHUB_REPOSITORY ?? '';
  if (!repository.includes('/')) throw new Error('GITHUB_REPOSITORY is not set: run this Action from a GitHub workflow, or use the lifecycle CLI.');
  const { owner, repo } = context.repo;
  const runUrl = context.runId ? `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}` : null;
  return {
    eventName: context.eventName,
    repo: { owner, name: repo },
    sha: context.sha,
    apiUrl: context.apiUrl,
    runUrl,
    workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    payload: context.payload as Record<string, unknown>,
    today: new Date().toISOString().slice(0, 10),
  };
}
