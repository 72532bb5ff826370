// Current objects grouped by the identity their marker names. Built once per plan so matching is a
// map lookup, never a scan; each group is sorted by number, so the oldest object comes first.
import type { CurrentIssue, CurrentMilestone } from './model.js';
import { parseMarker } from './marker.js';
import type { Marker } from './marker.js';

export interface Marked<T> {
  item: T;
  marker: Marker;
}

export function byNumber(a: { number: number }, b: { number: number }): number {
  return a.number - b.number;
}

export function taskKey(stage: string, task: string): string {
  return `${stage}\u0000${task}`;
}

/** Milestone titles are unique per repository as GitHub compares them: trimmed, ignoring case. */
export function milestoneTitleKey(title: string): string {
  return title.trim().toLowerCase();
}

export interface MilestoneIndex {
  /** Stage id → milestones whose marker names that stage, oldest first. */
  byStage: Map<string, Marked<CurrentMilestone>[]>;
  /** Title key (milestoneTitleKey) → the oldest milestone with that title and no marker at all. */
  unmarkedByTitle: Map<string, CurrentMilestone>;
}

export function indexMilestones(milestones: readonly CurrentMilestone[]): MilestoneIndex {
  const byStage = new Map<string, Marked<CurrentMilestone>[]>();
  const unmarkedByTitle = new Map<string, CurrentMilestone>();
  for (const item of [...milestones].sort(byNumber)) {
    const marker = parseMarker(item.description);
    if (marker === null) {
      const key = milestoneTitleKey(item.title);
      if (!unmarkedByTitle.has(key)) unmarkedByTitle.set(key, item);
      continue;
    }
    if (marker.kind !== 'stage' || marker.stage === undefined) continue;
    const group = byStage.get(marker.stage);
    if (group) group.push({ item, marker });
    else byStage.set(marker.stage, [{ item, marker }]);
  }
  return { byStage, unmarkedByTitle };
}

/** The key of a stage's own issue (kind stage-issue): task ids are never empty. */
export function stageIssueKey(stage: string): string {
  return taskKey(stage, '');
}

/** The identity a managed issue's marker names: a task, or a stage's own issue; null for neither. */
export function issueKey(marker: Marker | null): string | null {
  if (marker?.stage === undefined) return null;
  if (marker.kind === 'stage-issue') return stageIssueKey(marker.stage);
  if (marker.kind === 'task' && marker.task !== undefined && marker.task !== '') return taskKey(marker.stage, marker.task);
  return null;
}

/** Task identity (and stage issue identity) → issues whose marker names it, oldest first. */
export function indexIssues(issues: readonly CurrentIssue[]): Map<string, Marked<CurrentIssue>[]> {
  const byTask = new Map<string, Marked<CurrentIssue>[]>();
  for (const item of [...issues].sort(byNumber)) {
    const marker = parseMarker(item.body);
    const key = issueKey(marker);
    if (key === null || marker === null) continue;
    const group = byTask.get(key);
    if (group) group.push({ item, marker });
    else byTask.set(key, [{ item, marker }]);
  }
  return byTask;
}

/**
 * Title → managed issues with no marker at all, oldest first: an issue whose marker a person
 * deleted (with the body around it) still carries the managed label and its title, and is matched
 * by them rather than duplicated.
 */
export function unmarkedIssuesByTitle(issues: readonly CurrentIssue[]): Map<string, CurrentIssue[]> {
  const byTitle = new Map<string, CurrentIssue[]>();
  for (const item of [...issues].sort(byNumber)) {
    if (parseMarker(item.body) !== null) continue;
    const group = byTitle.get(item.title);
    if (group) group.push(item);
    else byTitle.set(item.title, [item]);
  }
  return byTitle;
}
