// Phase 1: the pull request as the event gives it (or as the API does, when no event is at hand)
// and the settings every later phase reads.
import type { GitHubClient } from '../../github/client.js';
import { httpStatus } from '../../github/errors.js';
import { fullName, type RepoRef } from '../../github/repo.js';
import { getRepository } from '../../github/repository.js';
import type { GuideEvent, GuideOptions, PullRequestPayload } from './types.js';

export async function readEvent(options: GuideOptions): Promise<GuideEvent> {
  const { client, repo } = options;
  const pull = options.payload ?? (await readPull(client, repo, options.pr));
  return {
    client,
    repo,
    configPath: (options.configPath ?? '.github/lifecycle.yml').replace(/^\.\//, ''),
    templatesPath: options.templatesPath ?? '.github/lifecycle/',
    eventName: options.eventName,
    identity: options.identity,
    dryRun: options.dryRun ?? false,
    labelPrs: options.labelPrs ?? false,
    summaryUrl: options.summaryUrl ?? null,
    builtinTemplates: options.builtinTemplates,
    pull,
    baseSha: options.baseSha ?? pull.base.sha,
    pr: { number: pull.number, title: pull.title, branch: pull.head.ref, author: pull.user?.login ?? '', url: pull.html_url },
    body: pull.body ?? '',
    labels: labelNames(pull.labels),
    webUrl: repoWebUrl(pull, repo),
    warnings: [],
  };
}

async function readPull(client: GitHubClient, repo: RepoRef, pr: number): Promise<PullRequestPayload> {
  try {
    const { data } = await client.octokit.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: pr });
    return data as unknown as PullRequestPayload;
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
    // GitHub answers 404 for a missing pull request and for a repository the token cannot see;
    // one more read tells which, so the message points at the right mistake.
    await getRepository(client, repo);
    throw new Error(`pull request #${pr} not found in ${fullName(repo)}`, { cause: error });
  }
}

export function labelNames(labels: PullRequestPayload['labels']): string[] {
  return (labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== '');
}

export function repoWebUrl(pull: PullRequestPayload, repo: RepoRef): string {
  const fromBase = pull.base.repo?.html_url;
  if (fromBase) return fromBase.replace(/\/+$/, '');
  const m = /^(.*)\/pull\/\d+\/?$/.exec(pull.html_url);
  return m?.[1] ?? `https://github.com/${fullName(repo)}`;
}
