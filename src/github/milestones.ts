// Milestones: listed with state=all (closed ones too, or a closed stage would be created again),
// 100 a page; created without blind retries, since a retried create could make a second one.
import type { CurrentMilestone, MilestoneFields } from '../plan/model.js';
import type { GitHubClient } from './client.js';
import { PER_PAGE, type RepoRef } from './repo.js';

interface ApiMilestone {
  number: number;
  title: string;
  description: string | null;
  state: string;
  due_on: string | null;
  open_issues: number;
  closed_issues: number;
  html_url: string;
  created_at: string;
  closed_at?: string | null;
}

export function toCurrentMilestone(m: ApiMilestone): CurrentMilestone {
  return {
    number: m.number,
    title: m.title,
    description: m.description ?? null,
    state: m.state === 'closed' ? 'closed' : 'open',
    dueOn: m.due_on ?? null,
    openIssues: m.open_issues,
    closedIssues: m.closed_issues,
    htmlUrl: m.html_url,
    createdAt: m.created_at,
    // Only when closed, so an open milestone reads as it always has.
    ...(m.closed_at ? { closedAt: m.closed_at } : {}),
  };
}

export async function listMilestones(client: GitHubClient, repo: RepoRef): Promise<CurrentMilestone[]> {
  const milestones = await client.octokit.paginate(client.octokit.rest.issues.listMilestones, {
    owner: repo.owner,
    repo: repo.name,
    state: 'all',
    per_page: PER_PAGE,
  });
  return milestones.map(toCurrentMilestone);
}

export async function createMilestone(
  client: GitHubClient,
  repo: RepoRef,
  fields: { title: string; description: string; due_on: string | null },
): Promise<CurrentMilestone> {
  const { data } = await client.octokit.rest.issues.createMilestone({
    owner: repo.owner,
    repo: repo.name,
    title: fields.title,
    description: fields.description,
    ...(fields.due_on ? { due_on: fields.due_on } : {}),
    request: { retries: 0 },
  });
  return toCurrentMilestone(data);
}

export async function updateMilestone(client: GitHubClient, repo: RepoRef, number: number, changes: MilestoneFields): Promise<CurrentMilestone> {
  const { due_on, ...rest } = changes;
  const { data } = await client.octokit.rest.issues.updateMilestone({
    owner: repo.owner,
    repo: repo.name,
    milestone_number: number,
    ...rest,
    // The REST schema types due_on as a string; null clears it, as GitHub documents in prose.
    ...(due_on !== undefined ? { due_on: due_on as string } : {}),
  });
  return toCurrentMilestone(data);
}
