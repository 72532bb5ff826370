// The stage issue's hierarchy: its tasks as sub-issues (in declared order, at most 100 per parent,
// GitHub's limit) and the stage issues of its dependencies as "blocked by". Pure: what to add, and
// which stages need a listing, from the issue objects alone.
//
// Read budget: issue objects carry `parent_issue_url`, `sub_issues_summary` and
// `issue_dependencies_summary`. A stage whose counts agree with the plan needs no further read; one
// page of sub-issues (or of blockers) is listed only for a stage whose counts disagree, or whose
// order may have been broken by a task added between existing ones. Never one request per issue.
//
// Where the server has no sub-issue or dependency endpoints (GitHub Enterprise Server before 3.19:
// the summaries are absent and the routes answer 404), the stage issue's body carries a task list
// (`- [ ] #12`, which GitHub renders as tracked) and its dependencies as links instead.

/** Which of the two features the server has; without one, the stage issue's body stands in for it. */
export interface HierarchyFeatures {
  subIssues: boolean;
  dependencies: boolean;
}

export const ALL_HIERARCHY: HierarchyFeatures = { subIssues: true, dependencies: true };

/** GitHub's limit of sub-issues per parent. */
export const SUB_ISSUES_PER_PARENT = 100;

export interface LinkedIssue {
  number: number;
  /** The REST `id` (sub_issue_id and issue_id take it, not the number); absent on older servers. */
  id?: number | undefined;
  /** The number of its parent issue in this repository, 'elsewhere' for a parent in another one, null for none. */
  parent: number | 'elsewhere' | null;
}

export interface StageLinkInput {
  stage: string;
  /** The stage's own issue, and what its summaries say (absent: not known). */
  issue: LinkedIssue & { subIssues?: number | undefined; blockedBy?: number | undefined };
  /** Its task issues that exist, in declared order (closed ones included: a sub-issue stays one). */
  tasks: readonly LinkedIssue[];
  /** The stage issues of its dependencies, in life cycle order. */
  blockers: readonly LinkedIssue[];
}

export interface SubIssueAdd {
  stage: string;
  parent: number;
  child: number;
  childId: number;
}

export interface LinkPlan {
  /** Sub-issues to add, in declared order per stage. */
  add: SubIssueAdd[];
  /** Stages whose sub-issues are listed (one page) to check their order. */
  listChildren: string[];
  /** Stages whose "blocked by" issues are listed (one page) to add the missing ones. */
  listBlockers: string[];
  /** Tasks a person made a sub-issue of something else: left with that parent. */
  heldElsewhere: { stage: string; child: number; parent: number | 'elsewhere' }[];
  /** Tasks past GitHub's 100 sub-issues per parent: listed in the stage issue's body instead. */
  overflow: { stage: string; numbers: number[] }[];
}

export function planLinks(stages: readonly StageLinkInput[]): LinkPlan {
  const out: LinkPlan = { add: [], listChildren: [], listBlockers: [], heldElsewhere: [], overflow: [] };
  for (const stage of stages) {
    planChildren(stage, out);
    if (stage.issue.blockedBy === undefined || stage.issue.blockedBy < stage.blockers.length) {
      if (stage.blockers.length > 0) out.listBlockers.push(stage.stage);
    }
  }
  return out;
}

function planChildren(stage: StageLinkInput, out: LinkPlan): void {
  const parent = stage.issue.number;
  const wanted = stage.tasks.slice(0, SUB_ISSUES_PER_PARENT);
  const rest = stage.tasks.slice(SUB_ISSUES_PER_PARENT);
  if (rest.length > 0) out.overflow.push({ stage: stage.stage, numbers: rest.map((t) => t.number) });
  const placed = wanted.filter((t) => t.parent === parent).length;
  let placedLater = placed;
  let outOfOrder = false;
  for (const task of wanted) {
    if (task.parent === parent) {
      placedLater -= 1;
    } else if (task.parent !== null) {
      out.heldElsewhere.push({ stage: stage.stage, child: task.number, parent: task.parent });
    } else if (task.id !== undefined) {
      // GitHub appends a new sub-issue: one declared before a placed one lands out of order.
      if (placedLater > 0) outOfOrder = true;
      out.add.push({ stage: stage.stage, parent, child: task.number, childId: task.id });
    }
  }
  // Sub-issues GitHub holds besides the placed ones (a person's, or a task no longer declared).
  const extra = stage.issue.subIssues !== undefined && stage.issue.subIssues !== placed;
  if (outOfOrder || extra) out.listChildren.push(stage.stage);
}

/** One reprioritize call: the sub-issue, and the one it goes right after or right before. */
export type ReorderMove = { id: number; afterId: number } | { id: number; beforeId: number };

/**
 * Moves that put `wanted` (issue ids, declared order) in order within `listed` (the parent's
 * sub-issues as GitHub lists them), each one reprioritize call, applied one after another. Other
 * sub-issues (a person's) keep their place relative to each other. The first of ours goes right
 * before whichever of ours is first at that moment, so the moves mean on GitHub what they mean here.
 */
export function reorderMoves(listed: readonly number[], wanted: readonly number[]): ReorderMove[] {
  const ours = new Set(wanted);
  const present = wanted.filter((id) => listed.includes(id));
  const current = listed.filter((id) => ours.has(id));
  if (current.every((id, i) => id === present[i])) return [];
  const moves: ReorderMove[] = [];
  const order = [...listed];
  for (let i = 0; i < present.length; i++) {
    const id = present[i] as number;
    const after = i === 0 ? null : (present[i - 1] as number);
    const at = order.indexOf(id);
    const expectedAt = after === null ? order.findIndex((x) => ours.has(x)) : order.indexOf(after) + 1;
    if (at === expectedAt) continue;
    order.splice(at, 1);
    if (after === null) {
      const before = order.find((x) => ours.has(x)) as number;
      order.splice(order.indexOf(before), 0, id);
      moves.push({ id, beforeId: before });
    } else {
      order.splice(order.indexOf(after) + 1, 0, id);
      moves.push({ id, afterId: after });
    }
  }
  return moves;
}

/**
 * The part of a stage issue's body the hierarchy adds: without sub-issues its tasks as a task list,
 * without dependencies links to what it waits for; with sub-issues only the tasks past GitHub's 100.
 * "" for nothing.
 */
export function hierarchySection(features: HierarchyFeatures, tasks: readonly number[], blockers: readonly number[]): string {
  const parts: string[] = [];
  if (!features.subIssues) {
    if (tasks.length > 0) parts.push(['### Tasks', '', ...tasks.map((n) => `- [ ] #${n}`)].join('\n'));
  } else {
    const rest = tasks.slice(SUB_ISSUES_PER_PARENT);
    if (rest.length > 0) {
      parts.push(
        [`### More tasks`, '', `GitHub holds ${SUB_ISSUES_PER_PARENT} sub-issues per issue; the first ${SUB_ISSUES_PER_PARENT} tasks of this stage are its sub-issues, the rest are:`, '', ...rest.map((n) => `- [ ] #${n}`)].join('\n'),
      );
    }
  }
  if (!features.dependencies && blockers.length > 0) parts.push(`Blocked by ${blockers.map((n) => `#${n}`).join(', ')}.`);
  return parts.join('\n\n');
}
