// The sync use case's inputs and result, and the value that flows through its phases: each phase
// takes what the one before it made and returns it with its own part added.
import type { FirstReads } from '../../github/first-reads.js';
import type { Diagnostic } from '../../config/diagnostics.js';
import type { LifecycleConfig, VariableValue } from '../../config/schema.js';
import type { OpResult } from '../../github/apply.js';
import type { GitHubClient } from '../../github/client.js';
import type { IdentityResult } from '../../github/identity.js';
import type { RepoRef } from '../../github/repo.js';
import type { CurrentIssue, CurrentState, DesiredState, Plan, PlanOptions } from '../../plan/model.js';
import type { StageStates, WorkItem } from '../../progress/states.js';
import type { RenderResult } from '../../render/desired.js';
import type { TemplateSet } from '../../render/templates.js';
import type { DashboardOutcome } from './dashboard.js';
import type { MilestoneMove } from '../../forecast/replan.js';
import type { ConflictItem, DriftItem, StageProgress, SyncCounts } from '../sync-summary.js';

export type SyncPhase = 'load' | 'read' | 'plan' | 'apply' | 'verify' | 'link' | 'done';

export interface SyncProgressEvent {
  phase: SyncPhase;
  message: string;
  /** During apply: writes finished and the total planned. */
  done?: number;
  total?: number;
}

export interface SyncOptions {
  client: GitHubClient;
  repo: RepoRef;
  /** The config's text (the Action may read it through the contents API) and the path to name it by. */
  configText?: string;
  /** Where the config is; read from disk when `configText` is not given. Default .github/lifecycle.yml. */
  configPath?: string;
  /** Templates as data, or the repository's templates folder to read (null: built-ins only). */
  templates?: TemplateSet;
  templatesDir?: string | null;
  /** How diagnostics name the templates folder, e.g. ".github/lifecycle/" (default: templatesDir as given). */
  templatesDisplay?: string;
  /** Answers that override the config's `variables`. */
  vars?: Record<string, VariableValue>;
  dryRun?: boolean;
  prune?: boolean;
  overwrite?: boolean;
  /**
   * The login the token writes as (github-actions[bot] for the Actions token, <slug>[bot] for an
   * App installation token), or a function that asks GitHub (called only when needed; see
   * findIdentity). With it, a plan that would create issues first looks among that login's issues
   * for managed ones that lost both their label and their milestone. When GitHub cannot say, that
   * look is skipped with a warning: a guessed login finds nothing and hides that it found nothing.
   * Of several issues carrying one task's marker, the ones that login opened are kept.
   */
  identity?: string | (() => Promise<IdentityResult>);
  /** Pages of the identity's issues to look through (newest first). */
  identityPages?: number;
  /**
   * Move the remaining stages' milestone due dates to the forecast (src/commands/sync/replan.ts).
   * Without it due dates never move: they are the baseline.
   */
  replan?: boolean;
  /** YYYY-MM-DD, for "late" and "on track"; without it no stage is called late. */
  today?: string;
  onProgress?: (event: SyncProgressEvent) => void;
  /**
   * The repository, label and milestone reads, when the caller started them before calling (the
   * Action does, so they travel while the config is checked and rendered). Without them nothing
   * is read before the config has passed.
   */
  firstReads?: FirstReads;
  /**
   * An `issues` event (closed, reopened) to answer: the run reads only the stages it can have moved
   * (src/commands/sync/read-event.ts) instead of the whole project. Without it, the full sync.
   */
  event?: SyncEvent;
}

/** An `issues` event, as the run is given it. */
export interface SyncEvent {
  /** The issue the event is about, as its payload carries it. */
  issue: CurrentIssue;
  /**
   * Start of the window of updates read besides it (ISO timestamp). GitHub runs one pending run per
   * concurrency group and drops the rest, so the run also reads what changed lately: events whose
   * runs were dropped are answered by this one.
   */
  since: string;
  /** The repository's web address, as the payload carries it (saves a read). */
  htmlUrl?: string;
}

/** What an event's run read: the stages the event can have moved, and how the others stand in. */
export interface SyncScope {
  /** The stages read, in life cycle order. */
  stages: string[];
  /** Every other stage, standing in by its milestone's record (see src/progress/event-scope.ts). */
  outside: ReadonlyMap<string, WorkItem>;
  /** Managed issues updated within the window. */
  updated: number;
  since: string;
}

export interface SyncResult {
  repo: string;
  dryRun: boolean;
  /** True when everything planned was written (or, in a dry run, computed). */
  ok: boolean;
  counts: SyncCounts;
  plan: Plan;
  /** Stage id → milestone number (after this run; in a dry run, the existing ones). */
  milestones: Record<string, number>;
  drift: DriftItem[];
  /** What only a person can settle: a closed milestone holding a stage's title, a copied task marker. */
  conflicts: ConflictItem[];
  stages: StageProgress[];
  gantt: string | null;
  results: OpResult[];
  failures: OpResult[];
  warnings: string[];
  /** Duplicates left by a run racing this one, closed after this run created its issues. */
  duplicatesClosed: number[];
  /** Each stage's state and the current stages, after this run (src/progress/states.ts). */
  stageStates: StageStates;
  /** Sub-issues and dependencies: what the server has and what this run wrote. */
  hierarchy: HierarchyReport;
  /** Why the run stopped early (permission, rate limit), or null. */
  error: Error | null;
  requests: { total: number; reads: number; writes: number; secondaryLimitWaits: number };
  /** Only for an event's run: the stages it read. */
  scope?: SyncScope;
  resultLine: string;
  summaryMarkdown: string;
  /** The dashboard issue: what this run did to it, and its view for the run's day. */
  dashboard?: DashboardOutcome;
  /** With `replan`: the milestones whose due date moved to the forecast. */
  replanned?: MilestoneMove[];
}

/** What every phase is given besides the value: the options, and where progress goes. */
export interface SyncContext {
  options: SyncOptions;
  client: GitHubClient;
  repo: RepoRef;
  dryRun: boolean;
  progress: (phase: SyncPhase, message: string, extra?: Partial<SyncProgressEvent>) => void;
}

/** load: the validated config and the templates it uses. */
export interface Loaded {
  config: LifecycleConfig;
  templates: TemplateSet;
  diagnostics: Diagnostic[];
}

/** read: what should exist, rendered, and what GitHub holds. */
export interface Read extends Loaded {
  rendered: RenderResult;
  desired: DesiredState;
  current: CurrentState;
  /** The highest issue number the read saw. */
  newestRead: number;
  /** Only for an event's run: what it read. */
  scope?: SyncScope;
}

/** plan: the operations; `current` now also holds managed issues found by their creator. */
export interface Planned extends Read {
  plan: Plan;
  planOptions: Required<Pick<PlanOptions, 'prune' | 'overwrite' | 'identity' | 'hierarchy'>> & Pick<PlanOptions, 'replanned' | 'outside'>;
  identityWarnings: string[];
}

/** apply: what was written (nothing in a dry run), and the state after it. */
export interface Applied extends Planned {
  results: OpResult[];
  /** Stage id → milestone number. */
  milestones: Record<string, number>;
  /** Why the run stopped early, or null. */
  error: Error | null;
  after: CurrentState;
  /** Issues numbered above it were created after the read. */
  newestNumber: number;
  createdIssues: CurrentIssue[];
}

/** verify: duplicates a concurrent run left, closed. */
export interface Verified extends Applied {
  duplicatesClosed: number[];
}

/** link: sub-issues and dependencies written, and which of them the server has. */
export interface Linked extends Verified {
  hierarchy: HierarchyReport;
}

export interface HierarchyReport {
  /** What ran: native sub-issues and dependencies, or the stage issue's body standing in for them. */
  features: { subIssues: boolean; dependencies: boolean };
  subIssuesAdded: number;
  reordered: number;
  blockersAdded: number;
  warnings: string[];
}
