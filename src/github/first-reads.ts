// The reads a sync needs that depend on nothing in the config: the repository, its labels and its
// milestones. Started before the config is read, checked and rendered, so they travel meanwhile.
import type { CurrentLabel, CurrentMilestone } from '../plan/model.js';
import type { GitHubClient } from './client.js';
import { listLabels } from './labels.js';
import { listMilestones } from './milestones.js';
import type { RepoRef } from './repo.js';
import { getRepository, type RepositoryInfo } from './repository.js';

export interface FirstReads {
  repository: Promise<RepositoryInfo>;
  labels: Promise<CurrentLabel[]>;
  milestones: Promise<CurrentMilestone[]>;
}

export function startFirstReads(client: GitHubClient, repo: RepoRef): FirstReads {
  const reads: FirstReads = {
    repository: getRepository(client, repo),
    labels: listLabels(client, repo),
    milestones: listMilestones(client, repo),
  };
  // A broken config ends the run before these are awaited; their failure must not then end the
  // process as an unhandled rejection. Whoever awaits one still gets its error.
  for (const read of Object.values(reads) as Promise<unknown>[]) read.catch(() => undefined);
  return reads;
}
