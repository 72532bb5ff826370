// Sub-issues and issue dependencies: the links between issues, keyed by issue id (GitHub's API
// names the other issue by `id`, not number, and it may live in another repository of the owner).
import type { IssueRecord, RepoRecord } from './state.js';

/** Which of the newer issue features the server has; an older GitHub Enterprise Server lacks them. */
export interface EmulatorFeatures {
  /** Sub-issue routes and the `parent_issue_url` / `sub_issues_summary` fields (not in GHES 3.17–3.19). */
  subIssues: boolean;
  /** Dependency routes and `issue_dependencies_summary` (GHES 3.19 on). */
  dependencies: boolean;
}

export const ALL_FEATURES: EmulatorFeatures = { subIssues: true, dependencies: true };

/**
 * The features an Enterprise Server release has, as `@octokit/openapi`'s descriptions show them:
 * 3.17 and 3.18 have neither, 3.19 has dependencies but no sub-issue routes.
 */
export function ghesFeatures(version: string): EmulatorFeatures {
  const match = /^(\d+)\.(\d+)$/.exec(version.trim());
  if (!match) throw new Error(`not a GitHub Enterprise Server version: "${version}" (expected e.g. 3.18)`);
  const minor = Number(match[1]) * 1000 + Number(match[2]);
  return { subIssues: minor >= 3020, dependencies: minor >= 3019 };
}

export interface IssueRef {
  repo: RepoRecord;
  issue: IssueRecord;
}

/** GitHub's limits on sub-issues. */
export const SUB_ISSUE_LIMITS = { perParent: 100, depth: 8 } as const;

export class IssueLinks {
  /** child id → parent id */
  readonly parentOf = new Map<number, number>();
  /** parent id → child ids, in priority order */
  readonly childrenOf = new Map<number, number[]>();
  /** issue id → ids of the issues blocking it, in the order added */
  readonly blockedBy = new Map<number, number[]>();
  /** issue id → ids of the issues it blocks, in the order added */
  readonly blocking = new Map<number, number[]>();

  children(id: number): number[] {
    return this.childrenOf.get(id) ?? [];
  }

  /** Levels below `id`: 0 for an issue without sub-issues. */
  height(id: number): number {
    let most = 0;
    for (const child of this.children(id)) most = Math.max(most, 1 + this.height(child));
    return most;
  }

  /** Levels above `id`: 0 for an issue without a parent. */
  depth(id: number): number {
    let levels = 0;
    for (let at = this.parentOf.get(id); at !== undefined; at = this.parentOf.get(at)) levels++;
    return levels;
  }

  /** True when `ancestor` is `id` or one of its parents, grandparents, … */
  isAncestor(ancestor: number, id: number): boolean {
    for (let at: number | undefined = id; at !== undefined; at = this.parentOf.get(at)) if (at === ancestor) return true;
    return false;
  }

  attach(parent: number, child: number): void {
    this.detach(child);
    this.parentOf.set(child, parent);
    this.childrenOf.set(parent, [...this.children(parent), child]);
  }

  detach(child: number): void {
    const parent = this.parentOf.get(child);
    if (parent === undefined) return;
    this.parentOf.delete(child);
    this.childrenOf.set(
      parent,
      this.children(parent).filter((id) => id !== child),
    );
  }

  /** Moves `child` to just after `after` (or before `before`) among its siblings. */
  move(parent: number, child: number, place: { after: number } | { before: number }): void {
    const rest = this.children(parent).filter((id) => id !== child);
    const anchor = 'after' in place ? place.after : place.before;
    const at = rest.indexOf(anchor) + ('after' in place ? 1 : 0);
    rest.splice(at, 0, child);
    this.childrenOf.set(parent, rest);
  }

  block(blocked: number, blocker: number): void {
    this.blockedBy.set(blocked, [...(this.blockedBy.get(blocked) ?? []), blocker]);
    this.blocking.set(blocker, [...(this.blocking.get(blocker) ?? []), blocked]);
  }

  unblock(blocked: number, blocker: number): void {
    this.blockedBy.set(
      blocked,
      (this.blockedBy.get(blocked) ?? []).filter((id) => id !== blocker),
    );
    this.blocking.set(
      blocker,
      (this.blocking.get(blocker) ?? []).filter((id) => id !== blocked),
    );
  }
}
