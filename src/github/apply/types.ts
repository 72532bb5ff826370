// What the applier's parts share: the result of one operation, and the run's context that handlers
// read (client, repository, limits) and extend (milestones created, issues created).
import type { CurrentIssue, CurrentMilestone, Operation } from '../../plan/model.js';
import type { GitHubClient } from '../client.js';
import type { RepoRef } from '../repo.js';

export type OpStatus = 'done' | 'failed' | 'skipped';

export interface OpResult {
  /** Index of the operation in plan.operations. */
  index: number;
  op: Operation['op'];
  stage?: string;
  task?: string;
  name?: string;
  status: OpStatus;
  /** Milestone or issue number the operation wrote (created ones included). */
  number?: number;
  url?: string;
  /** Why it failed or was skipped; for a recovered create, how. */
  message?: string;
  /** A create whose answer was lost and whose object was found instead of created again. */
  recovered?: boolean;
}

/** What a handler returns: the result without the plan position and kind the applier adds. */
export type Outcome = Omit<OpResult, 'index' | 'op'>;

export interface ApplyContext {
  client: GitHubClient;
  repo: RepoRef;
  /** The managed label, to look for an issue whose create got no answer. */
  managedLabel: string;
  /** Issues numbered above it were created after the read. */
  newestNumber: number;
  /**
   * Issues that had no comment when they were read: a transition's comment is posted there without
   * first listing the comments for one of its own.
   */
  commentless: ReadonlySet<number>;
  /** Attempts per create when no answer comes back (at least 1). */
  createAttempts: number;
  /** Stage id → milestone number, kept current as milestones are created and adopted. */
  byStage: Map<string, number>;
  /** Milestones and issues this run created (or found after a lost answer), as GitHub returned them. */
  createdMilestones: CurrentMilestone[];
  /** Milestones as GitHub answered the writes to them (due dates, descriptions, state): the run's state after. */
  updatedMilestones: CurrentMilestone[];
  createdIssues: CurrentIssue[];
  /** Issues this run updated, as GitHub answered: the state after the writes, for what follows them. */
  updatedIssues: CurrentIssue[];
}

export type OperationOf<K extends Operation['op']> = Extract<Operation, { op: K }>;
