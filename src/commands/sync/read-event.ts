// Phase read, for an `issues` event: only what the event can have changed. A full read lists every
// managed issue, a page per 100, so at 10,000 issues one close would cost over 100 requests, and a
// busy afternoon of closes would spend the Actions token's hourly budget. This costs
//
//   1  the milestones (one page up to 100 stages), which hold each stage's recorded state
//   1  the managed issues updated within the window (one page unless over 100 changed)
//   +  a page per 100 issues of each stage the updates can have moved (event-scope.ts), then of
//      the stages waiting for one that moved
//
// and nothing more: the repository's address comes from the payload, labels are not read (an
// event's run writes none). What the run sees is the scoped stages' milestones and issues; every
// other stage stands in by its milestone's record. The later phases work on that as on a full read,
// and src/commands/sync/plan.ts keeps to what the scope can answer for.
import { getRepository } from '../../github/repository.js';
import { listIssuesInMilestone, listManagedIssuesUpdatedSince } from '../../github/issues.js';
import { listMilestones } from '../../github/milestones.js';
import { fullName } from '../../github/repo.js';
import { parseMarker } from '../../plan/marker.js';
import type { CurrentIssue, CurrentMilestone, DesiredState, StageProgression } from '../../plan/model.js';
import { dependentsOf, milestonesByStage, recordedDone, stageOfIssue, standIns, touchedStages } from '../../progress/event-scope.js';
import { stageStatesOf } from '../../progress/inputs.js';
import { renderDesiredState } from '../../render/desired.js';
import { DEFAULT_CONFIG } from './load.js';
import { mergeIssues, reading } from './state.js';
import type { Loaded, Read, SyncContext, SyncEvent } from './types.js';

export async function readForEvent(ctx: SyncContext, loaded: Loaded, event: SyncEvent): Promise<Read> {
  const { options, client, repo, progress } = ctx;
  progress('read', `Reading the stages the event on #${event.issue.number} can have moved in ${fullName(repo)}`);
  const htmlUrl = event.htmlUrl ?? (await reading(options.firstReads?.repository ?? getRepository(client, repo))).htmlUrl;
  const rendered = renderDesiredState(loaded.config, {
    templates: loaded.templates,
    vars: { ...loaded.config.variables, ...options.vars },
    repo: { owner: repo.owner, name: repo.name, url: htmlUrl },
    configPath: options.configPath ?? DEFAULT_CONFIG,
  });
  const desired = rendered.desired;
  const progression = desired.progression ?? [];
  const [milestones, updated] = await reading(
    Promise.all([options.firstReads?.milestones ?? listMilestones(client, repo), listManagedIssuesUpdatedSince(client, repo, desired.managedLabel, event.since)]),
  );
  const byStage = milestonesByStage(milestones);
  // The listing is newer than the payload: an issue closed and reopened since counts as it is now.
  const changed = mergeIssues([event.issue], updated);
  const { stages, issues } = await readScope(ctx, progression, byStage, touchedStages(progression, byStage, changed, event.since), desired.managedLabel);
  const scoped = new Set(stages);
  const newestRead = Math.max(0, ...changed.map((i) => i.number), ...issues.map((i) => i.number));
  return {
    ...loaded,
    rendered,
    desired: scopedDesired(desired, scoped),
    current: { labels: [], milestones: milestones.filter((m) => inScope(parseMarker(m.description)?.stage, scoped)), issues },
    newestRead,
    scope: { stages, outside: standIns(progression, byStage, scoped), updated: updated.length, since: event.since },
  };
}

/**
 * Reads the touched stages' issues, then those of the stages waiting for one whose state moved
 * against its record, until nothing more can move. Returns the stages read, in life cycle order,
 * and their managed issues.
 */
async function readScope(
  { client, repo }: SyncContext,
  progression: readonly StageProgression[],
  byStage: ReadonlyMap<string, CurrentMilestone>,
  touched: readonly string[],
  managedLabel: string,
): Promise<{ stages: string[]; issues: CurrentIssue[] }> {
  const known = new Set<string>();
  let issues: CurrentIssue[] = [];
  let next = [...touched];
  while (next.length > 0) {
    for (const stage of next) {
      known.add(stage);
      const listed = await reading(listIssuesInMilestone(client, repo, (byStage.get(stage) as CurrentMilestone).number));
      issues = mergeIssues(issues, listed.filter((i) => belongs(i, known, managedLabel)));
    }
    const states = new Map(stageStatesOf(progression, issues, null, standIns(progression, byStage, known)).stages.map((s) => [s.id, s.state]));
    const finished = next.filter((s) => states.get(s) === 'done' && !recordedDone(byStage.get(s)));
    const undone = next.filter((s) => states.get(s) !== 'done' && recordedDone(byStage.get(s)));
    // A stage that finished lets those waiting for it start (or finish, if their work is closed);
    // one that came back sends the finished ones waiting for it back to waiting.
    next = [
      ...dependentsOf(progression, finished, known).filter((s) => !recordedDone(byStage.get(s))),
      ...dependentsOf(progression, undone, known).filter((s) => recordedDone(byStage.get(s))),
    ].filter((s, i, all) => byStage.has(s) && all.indexOf(s) === i);
  }
  return { stages: progression.filter((p) => known.has(p.stage)).map((p) => p.stage), issues };
}

function inScope(stage: string | undefined, scoped: ReadonlySet<string>): boolean {
  return stage !== undefined && scoped.has(stage);
}

/**
 * An issue the full read would hold for a scoped stage: one of its managed issues, or an issue in
 * its milestone carrying the managed label (the planner may adopt it by title). Issues of stages
 * outside the scope that a person moved into a scoped milestone are left to the full read.
 */
function belongs(issue: CurrentIssue, scoped: ReadonlySet<string>, managedLabel: string): boolean {
  const stage = stageOfIssue(issue);
  if (stage !== null) return scoped.has(stage);
  return parseMarker(issue.body) === null && issue.labels.some((l) => l.toLowerCase() === managedLabel.toLowerCase());
}

/** What should exist, for the scoped stages only; labels are not an event's business. */
function scopedDesired(desired: DesiredState, scoped: ReadonlySet<string>): DesiredState {
  const keep = <T extends { stage: string }>(items: readonly T[]) => items.filter((i) => scoped.has(i.stage));
  return {
    ...desired,
    labels: [],
    milestones: keep(desired.milestones),
    issues: keep(desired.issues),
    ...(desired.stageIssues ? { stageIssues: keep(desired.stageIssues) } : {}),
  };
}
