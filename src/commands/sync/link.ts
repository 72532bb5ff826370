// Phase link: after the writes, each stage issue gets its tasks as sub-issues and its dependencies'
// stage issues as "blocked by" (src/progress/hierarchy.ts says what, src/github/hierarchy.ts writes
// it). What the server lacks is stood in for by the stage issue's body: the plan writes that text,
// and this phase writes it again only when it knows more than the plan did (issues created in this
// run have numbers now, or a 404 just showed a feature missing), with the same function, so the
// next run has nothing to change.
import { applyPlan } from '../../github/apply.js';
import { writeLinks } from '../../github/hierarchy.js';
import { stageIssueKey, taskKey } from '../../plan/identity.js';
import { keptIssues } from '../../plan/issues.js';
import type { CurrentIssue, CurrentState, Operation, StageProgression } from '../../plan/model.js';
import { plan as makePlan } from '../../plan/plan.js';
import { planLinks, type HierarchyFeatures, type LinkedIssue, type StageLinkInput } from '../../progress/hierarchy.js';
import { mergeIssues, reading } from './state.js';
import type { Linked, SyncContext, Verified } from './types.js';

/** What the read says the server has: issues without the summaries come from a server without them. */
export function serverFeatures(issues: readonly CurrentIssue[]): HierarchyFeatures {
  if (issues.length === 0) return { subIssues: true, dependencies: true };
  return { subIssues: issues.some((i) => i.subIssuesSummary !== undefined), dependencies: issues.some((i) => i.dependenciesSummary !== undefined) };
}

export async function link({ client, repo, dryRun, progress }: SyncContext, verified: Verified): Promise<Linked> {
  const features = verified.planOptions.hierarchy;
  const none = { ...verified, hierarchy: { features, subIssuesAdded: 0, reordered: 0, blockersAdded: 0, warnings: [] as string[] } };
  if (dryRun || verified.error || !verified.desired.progression) return none;
  const inputs = linkInputs(verified.desired.progression, verified.after, repo, verified.planOptions.identity);
  const plan = planLinks(inputs);
  const wanted = { ...plan, add: features.subIssues ? plan.add : [], listChildren: features.subIssues ? plan.listChildren : [], listBlockers: features.dependencies ? plan.listBlockers : [] };
  if (wanted.add.length + wanted.listChildren.length + wanted.listBlockers.length > 0) progress('link', 'Linking stage issues: sub-issues and dependencies');
  const outcome = await reading(writeLinks(client, repo, inputs, features.subIssues ? wanted : { ...wanted, heldElsewhere: [] }));
  const now: HierarchyFeatures = { subIssues: features.subIssues && !outcome.absent.subIssues, dependencies: features.dependencies && !outcome.absent.dependencies };
  const hierarchy = { features: now, subIssuesAdded: outcome.subIssuesAdded, reordered: outcome.reordered, blockersAdded: outcome.blockersAdded, warnings: outcome.warnings };
  const learned = now.subIssues !== features.subIssues || now.dependencies !== features.dependencies;
  if (!learned && verified.createdIssues.length === 0) return { ...verified, hierarchy };

  // The stage issues' bodies, now that every number is known and the server's features too.
  const again = makePlan(verified.desired, verified.after, { ...verified.planOptions, hierarchy: now });
  const bodies = again.operations.filter((op): op is Extract<Operation, { op: 'update-issue' }> => op.op === 'update-issue' && op.task === '' && op.changes.body !== undefined);
  if (bodies.length === 0) return { ...verified, hierarchy };
  const written = await applyPlan(client, repo, { operations: bodies, warnings: [] }, { current: verified.after, managedLabel: verified.desired.managedLabel, newestNumber: verified.newestNumber });
  const after = { ...verified.after, issues: mergeIssues(verified.after.issues, written.updatedIssues) };
  return { ...verified, after, results: [...verified.results, ...written.results], error: written.stopped, hierarchy };
}

/** The parent's number when it is in this repository; 'elsewhere' otherwise; null without one. */
function parentOf(issue: CurrentIssue, repo: { owner: string; name: string }): LinkedIssue['parent'] {
  const url = issue.parentIssueUrl;
  if (url === undefined || url === null) return null;
  const m = /\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/.exec(url);
  if (!m) return 'elsewhere';
  const same = m[1]?.toLowerCase() === repo.owner.toLowerCase() && m[2]?.toLowerCase() === repo.name.toLowerCase();
  return same ? Number(m[3]) : 'elsewhere';
}

export function linkInputs(progression: readonly StageProgression[], state: CurrentState, repo: { owner: string; name: string }, identity: string | null): StageLinkInput[] {
  const byKey = keptIssues(state.issues, identity);
  const kept = (key: string) => byKey.get(key);
  const linked = (i: CurrentIssue): LinkedIssue => ({ number: i.number, id: i.id, parent: parentOf(i, repo) });
  const inputs: StageLinkInput[] = [];
  for (const p of progression) {
    const issue = p.enabled ? kept(stageIssueKey(p.stage)) : undefined;
    if (!issue) continue;
    inputs.push({
      stage: p.stage,
      issue: { ...linked(issue), subIssues: issue.subIssuesSummary?.total, blockedBy: issue.dependenciesSummary?.totalBlockedBy },
      tasks: p.tasks.map((t) => kept(taskKey(p.stage, t))).filter((i): i is CurrentIssue => i !== undefined).map(linked),
      blockers: p.dependsOn.map((s) => kept(stageIssueKey(s))).filter((i): i is CurrentIssue => i !== undefined).map(linked),
    });
  }
  return inputs;
}
