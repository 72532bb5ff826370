// Which stages an `issues` event can have moved, from what a run reads cheaply: every milestone
// (one page) and the managed issues updated lately (one page, usually). Pure.
//
// A stage's milestone records whether the tool found it done (`state: closed` in its marker's
// record, written when it closed the milestone). Against that record an updated issue tells:
//
//   the stage is recorded done, the issue is open          a task came back: the stage may reopen
//   the stage is not recorded done, the issue closed       its last task may be done: it may finish
//     within the window
//
// Anything else (a comment, an edit, a closed issue of a stage already done) cannot change a
// stage's state, so that stage is not read. Stages outside the scope stand in by their record:
// done when recorded done, not done otherwise. A stage whose state a run changes passes the change
// on to the stages that wait for it, which are read in turn (see `dependentsOf`).
//
// The daily scheduled run reads everything, so what the record cannot tell (a stage the tool never
// saw finish, an issue moved to another milestone) is settled there.
import { issueKey } from '../plan/identity.js';
import { parseMarker } from '../plan/marker.js';
import type { CurrentIssue, CurrentMilestone, StageProgression } from '../plan/model.js';
import type { WorkItem } from './states.js';

/** Each stage's milestone, found by its marker (the oldest when a stage has several). */
export function milestonesByStage(milestones: readonly CurrentMilestone[]): Map<string, CurrentMilestone> {
  const out = new Map<string, CurrentMilestone>();
  for (const m of [...milestones].sort((a, b) => a.number - b.number)) {
    const marker = parseMarker(m.description);
    if (marker?.kind === 'stage' && marker.stage !== undefined && !out.has(marker.stage)) out.set(marker.stage, m);
  }
  return out;
}

/** The tool closed this milestone because its stage was done (whatever a person did to it since). */
export function recordedDone(milestone: CurrentMilestone | undefined): boolean {
  return milestone !== undefined && parseMarker(milestone.description)?.wrote?.state === 'closed';
}

/** The stage a managed issue belongs to, by its marker; null for any other issue. */
export function stageOfIssue(issue: CurrentIssue): string | null {
  const marker = parseMarker(issue.body);
  return issueKey(marker) === null ? null : (marker?.stage ?? null);
}

/**
 * The stages whose state the updated issues may have changed, in life cycle order. `since`: the
 * start of the window (ISO timestamp); a close before it was seen by an earlier run.
 */
export function touchedStages(
  progression: readonly StageProgression[],
  milestones: ReadonlyMap<string, CurrentMilestone>,
  updated: readonly CurrentIssue[],
  since: string,
): string[] {
  const touched = new Set<string>();
  for (const issue of updated) {
    const stage = stageOfIssue(issue);
    if (stage === null || touched.has(stage)) continue;
    const done = recordedDone(milestones.get(stage));
    const closedLately = issue.state === 'closed' && (issue.closedAt ?? '') >= since;
    if ((done && issue.state === 'open') || (!done && closedLately)) touched.add(stage);
  }
  return progression.filter((p) => p.enabled && touched.has(p.stage) && milestones.has(p.stage)).map((p) => p.stage);
}

/** The enabled stages that wait for any of `stages`, not among `known`, in life cycle order. */
export function dependentsOf(progression: readonly StageProgression[], stages: readonly string[], known: ReadonlySet<string>): string[] {
  const changed = new Set(stages);
  return progression.filter((p) => p.enabled && !known.has(p.stage) && p.dependsOn.some((d) => changed.has(d))).map((p) => p.stage);
}

/** What a stage outside the scope stands in as: one piece of work, closed when its stage is recorded done. */
export function standIns(
  progression: readonly StageProgression[],
  milestones: ReadonlyMap<string, CurrentMilestone>,
  scoped: ReadonlySet<string>,
): Map<string, WorkItem> {
  const out = new Map<string, WorkItem>();
  for (const p of progression) {
    if (scoped.has(p.stage)) continue;
    const milestone = milestones.get(p.stage);
    out.set(p.stage, recordedDone(milestone) ? { state: 'closed', closedAt: milestone?.closedAt ?? null } : { state: 'open' });
  }
  return out;
}
