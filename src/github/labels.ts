// Repository labels: read all of them (one page holds 100), create and update one at a time.
import type { CurrentLabel, DesiredLabel, LabelFields } from '../plan/model.js';
import type { GitHubClient } from './client.js';
import { PER_PAGE, type RepoRef } from './repo.js';

export async function listLabels(client: GitHubClient, repo: RepoRef): Promise<CurrentLabel[]> {
  const labels = await client.octokit.paginate(client.octokit.rest.issues.listLabelsForRepo, {
    owner: repo.owner,
    repo: repo.name,
    per_page: PER_PAGE,
  });
  return labels.map((l) => ({ name: l.name, color: l.color, description: l.description ?? null }));
}

export async function createLabel(client: GitHubClient, repo: RepoRef, label: DesiredLabel): Promise<void> {
  await client.octokit.rest.issues.createLabel({
    owner: repo.owner,
    repo: repo.name,
    name: label.name,
    color: label.color,
    description: label.description,
    // A lost answer is checked by the caller (a second create answers 422 already_exists).
    request: { retries: 0 },
  });
}

export async function updateLabel(client: GitHubClient, repo: RepoRef, name: string, changes: LabelFields): Promise<void> {
  await client.octokit.rest.issues.updateLabel({ owner: repo.owner, repo: repo.name, name, ...changes });
}
