// Writes a stage's hierarchy on GitHub: its tasks as sub-issues (added, then put in declared order
// when a listing shows them out of it) and its dependencies' stage issues as "blocked by". A 404
// from either family of routes means the server lacks it (an older Enterprise Server): the caller
// then falls back to the stage issue's body. Adds are not retried blindly: after a lost answer the
// parent is listed first.
import type { LinkPlan, StageLinkInput } from '../progress/hierarchy.js';
import { reorderMoves } from '../progress/hierarchy.js';
import type { GitHubClient } from './client.js';
import { addBlockedBy, listBlockedBy } from './dependencies.js';
import { errorMessage, isAmbiguous, isFeatureAbsent, validationMessages } from './errors.js';
import type { RepoRef } from './repo.js';
import { addSubIssue, listSubIssues, reprioritizeSubIssue } from './sub-issues.js';

export interface LinkOutcome {
  /** Features found missing (404) while writing; the stage issues' bodies stand in for them. */
  absent: { subIssues: boolean; dependencies: boolean };
  subIssuesAdded: number;
  reordered: number;
  blockersAdded: number;
  /** Requests refused for a reason a person must see (GitHub's 422 messages), and held-back tasks. */
  warnings: string[];
}

export async function writeLinks(client: GitHubClient, repo: RepoRef, stages: readonly StageLinkInput[], plan: LinkPlan): Promise<LinkOutcome> {
  const out: LinkOutcome = { absent: { subIssues: false, dependencies: false }, subIssuesAdded: 0, reordered: 0, blockersAdded: 0, warnings: [] };
  const byStage = new Map(stages.map((s) => [s.stage, s]));
  for (const held of plan.heldElsewhere) {
    const where = held.parent === 'elsewhere' ? 'an issue in another repository' : `#${held.parent}`;
    out.warnings.push(`task issue #${held.child} of stage "${held.stage}" is a sub-issue of ${where}, where a person put it; left there`);
  }
  try {
    await addChildren(client, repo, plan, out);
    await reorder(client, repo, plan.listChildren, byStage, out);
  } catch (error) {
    if (!isFeatureAbsent(error, 'sub-issues')) throw error;
    out.absent.subIssues = true;
  }
  try {
    await addBlockers(client, repo, plan.listBlockers, byStage, out);
  } catch (error) {
    if (!isFeatureAbsent(error, 'dependencies')) throw error;
    out.absent.dependencies = true;
  }
  return out;
}

async function addChildren(client: GitHubClient, repo: RepoRef, plan: LinkPlan, out: LinkOutcome): Promise<void> {
  for (const add of plan.add) {
    try {
      await addSubIssue(client, repo, add.parent, add.childId);
      out.subIssuesAdded += 1;
    } catch (error) {
      if (isFeatureAbsent(error)) throw error;
      if (isAmbiguous(error)) {
        // The add may have landed: look before trying again.
        const listed = await listSubIssues(client, repo, add.parent);
        if (!listed.some((i) => i.id === add.childId)) await addSubIssue(client, repo, add.parent, add.childId);
        out.subIssuesAdded += 1;
        continue;
      }
      const why = validationMessages(error).join('; ') || errorMessage(error);
      out.warnings.push(`task issue #${add.child} could not be made a sub-issue of #${add.parent} (stage "${add.stage}"): ${why}`);
    }
  }
}

async function reorder(client: GitHubClient, repo: RepoRef, stages: readonly string[], byStage: ReadonlyMap<string, StageLinkInput>, out: LinkOutcome): Promise<void> {
  for (const id of stages) {
    const stage = byStage.get(id);
    if (!stage) continue;
    const listed = (await listSubIssues(client, repo, stage.issue.number)).map((i) => i.id);
    const wanted = stage.tasks.map((t) => t.id).filter((x): x is number => x !== undefined);
    for (const move of reorderMoves(listed, wanted)) {
      const place = 'afterId' in move ? { afterId: move.afterId } : { beforeId: move.beforeId };
      await reprioritizeSubIssue(client, repo, stage.issue.number, move.id, place);
      out.reordered += 1;
    }
  }
}

async function addBlockers(client: GitHubClient, repo: RepoRef, stages: readonly string[], byStage: ReadonlyMap<string, StageLinkInput>, out: LinkOutcome): Promise<void> {
  for (const id of stages) {
    const stage = byStage.get(id);
    if (!stage) continue;
    const listed = new Set((await listBlockedBy(client, repo, stage.issue.number)).map((i) => i.id));
    for (const blocker of stage.blockers) {
      if (blocker.id === undefined || listed.has(blocker.id)) continue;
      try {
        await addBlockedBy(client, repo, stage.issue.number, blocker.id);
        out.blockersAdded += 1;
      } catch (error) {
        if (isFeatureAbsent(error)) throw error;
        if (isAmbiguous(error)) {
          const again = new Set((await listBlockedBy(client, repo, stage.issue.number)).map((i) => i.id));
          if (!again.has(blocker.id)) await addBlockedBy(client, repo, stage.issue.number, blocker.id);
          out.blockersAdded += 1;
          continue;
        }
        out.warnings.push(`#${stage.issue.number} (stage "${stage.stage}") could not be marked blocked by #${blocker.number}: ${validationMessages(error).join('; ') || errorMessage(error)}`);
      }
    }
  }
}
