// What GitHub holds, as the planner sees it: every label, every milestone (open and closed), and
// every managed issue. Reads only; three listings in the common case.
//
// Finding a managed issue whose managed label a person removed, cheaply: the milestone listing
// already tells how many issues and pull requests each milestone holds (open_issues +
// closed_issues). When a managed milestone holds more than the label listing saw in it, some of
// its issues lack the label, and only that milestone is listed (`milestone=N&state=all`). In the
// common case that costs no request at all. An issue that lost both its label and its milestone is
// not seen by this; `findUnlabelledIssues` (by creator, bounded) covers it when a plan is about to
// create issues.
import type { CurrentIssue, CurrentState } from '../plan/model.js';
import { parseMarker } from '../plan/marker.js';
import type { GitHubClient } from './client.js';
import type { FirstReads } from './first-reads.js';
import { httpStatus, isNotAccessible, PermissionError, RepositoryNotFoundError, rateLimitErrorFrom } from './errors.js';
import { hasTaskMarker, listIssuesByLabel, listIssuesInMilestone, listMarkedIssuesByCreator } from './issues.js';
import { listLabels } from './labels.js';
import { listMilestones } from './milestones.js';
import { fullName, type RepoRef } from './repo.js';

export interface ReadStateReport {
  state: CurrentState;
  /** Milestones listed one by one because they held issues without the managed label. */
  milestonesListed: number[];
  /** Managed issues found without the managed label. */
  unlabelled: number[];
  /** The highest issue number read: anything created after the read has a higher one. */
  newestNumber: number;
}

/** Translates the failures of a read into errors that say what to do. */
export function readError(error: unknown, repo: RepoRef): unknown {
  const limited = rateLimitErrorFrom(error);
  if (limited) return limited;
  if (httpStatus(error) === 404) return new RepositoryNotFoundError(fullName(repo), { cause: error });
  if (isNotAccessible(error)) return new PermissionError('issues: write', `read the issues and milestones of ${fullName(repo)}`, { cause: error });
  if (httpStatus(error) === 401) return new Error('GitHub rejected the token (401 Bad credentials). Check that the token is valid and not expired.', { cause: error });
  return error;
}

export async function readState(client: GitHubClient, repo: RepoRef, managedLabel: string): Promise<CurrentState> {
  return (await readCurrentState(client, repo, managedLabel)).state;
}

/** `started`: the label and milestone listings when they are already on their way (see first-reads.ts). */
export async function readCurrentState(
  client: GitHubClient,
  repo: RepoRef,
  managedLabel: string,
  started?: Pick<FirstReads, 'labels' | 'milestones'>,
): Promise<ReadStateReport> {
  try {
    const [labels, milestones, labelled] = await Promise.all([
      started?.labels ?? listLabels(client, repo),
      started?.milestones ?? listMilestones(client, repo),
      listIssuesByLabel(client, repo, managedLabel),
    ]);
    const issues = labelled.issues;
    const known = new Set(issues.map((i) => i.number));
    const milestonesListed: number[] = [];
    const unlabelled: number[] = [];
    for (const milestone of milestones) {
      if (parseMarker(milestone.description)?.kind !== 'stage') continue;
      const holds = milestone.openIssues + milestone.closedIssues;
      if (holds <= (labelled.perMilestone.get(milestone.number) ?? 0)) continue;
      milestonesListed.push(milestone.number);
      for (const issue of await listIssuesInMilestone(client, repo, milestone.number)) {
        if (known.has(issue.number) || !hasTaskMarker(issue.body)) continue;
        known.add(issue.number);
        unlabelled.push(issue.number);
        issues.push(issue);
      }
    }
    issues.sort((a, b) => a.number - b.number);
    const newestNumber = issues.reduce((max, i) => Math.max(max, i.number), 0);
    return { state: { labels, milestones, issues }, milestonesListed, unlabelled, newestNumber };
  } catch (error) {
    throw readError(error, repo);
  }
}

/**
 * Managed issues that lost the managed label and their milestone, found among the issues the tool's
 * own identity opened (`creator=`: the login the token writes as, see identity.ts). Bounded to
 * `maxPages` pages, newest first. Returns only issues not in `known`.
 */
export async function findUnlabelledIssues(
  client: GitHubClient,
  repo: RepoRef,
  identity: string,
  known: ReadonlySet<number>,
  maxPages: number,
): Promise<CurrentIssue[]> {
  try {
    const marked = await listMarkedIssuesByCreator(client, repo, identity, maxPages);
    return marked.filter((i) => !known.has(i.number));
  } catch (error) {
    // An unknown login answers 422 on GitHub; the fallback then has nothing to add.
    if (httpStatus(error) === 422 || httpStatus(error) === 404) return [];
    throw readError(error, repo);
  }
}
