// The shapes the pure cores exchange: what should exist (desired), what GitHub holds (current),
// and the operations that turn one into the other. Dates are plain YYYY-MM-DD strings.
import type { WorkItem } from '../progress/states.js';

export interface DesiredLabel {
  name: string;
  color: string; // six hex digits, no '#'
  description: string;
}

export interface DesiredMilestone {
  stage: string;
  title: string;
  /** Rendered description, ending with the hidden marker (kind "stage", with digest and record), within GitHub's limit. */
  description: string;
  /** Due date as YYYY-MM-DD, or null when the stage has no estimate or the project no start. */
  dueOn: string | null;
}

export interface DesiredIssue {
  stage: string;
  /** The task's id; "" for the stage's own issue (marker kind "stage-issue"), which task ids never are. */
  task: string;
  title: string;
  /** Rendered body, ending with the hidden marker (kind "task", with digest and record), within GitHub's limit. */
  body: string;
  labels: string[];
  assignees: string[];
}

export interface DesiredState {
  /** The label every managed issue carries; issues are listed by it. */
  managedLabel: string;
  labels: DesiredLabel[];
  milestones: DesiredMilestone[];
  issues: DesiredIssue[];
  /** One issue per stage that is not skipped (task ""), planned before the tasks; absent: none. */
  stageIssues?: DesiredIssue[];
  /** How the stages follow each other, for the stage states; absent: every task is created up front. */
  progression?: StageProgression[];
}

/** What the stage states are computed from, besides GitHub's issues (see src/progress/states.ts). */
export interface StageProgression {
  stage: string;
  name: string;
  /** Planned dates (YYYY-MM-DD), or null without a start or an estimate. */
  start: string | null;
  due: string | null;
  /** Its `when` holds. */
  enabled: boolean;
  /** The enabled stages it waits for. */
  dependsOn: string[];
  /** Its tasks whose `when` holds, in declared order. */
  tasks: string[];
  /** `when-ready`: its task issues are created only once the stage is active. */
  open: 'upfront' | 'when-ready';
}

export interface CurrentLabel {
  name: string;
  color: string;
  description: string | null;
}

export interface CurrentMilestone {
  number: number;
  title: string;
  description: string | null;
  state: 'open' | 'closed';
  /** As GitHub returns it (an ISO timestamp) or null. Compare as a date, never as a timestamp. */
  dueOn: string | null;
  openIssues: number;
  closedIssues: number;
  htmlUrl: string;
  createdAt: string;
  /** GitHub's closed_at while closed; absent or null while open (and where it was not read). */
  closedAt?: string | null;
}

export interface CurrentIssue {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: string[];
  assignees: string[];
  milestone: number | null;
  htmlUrl: string;
  createdAt: string;
  /** GitHub's closed_at while closed; absent or null while open (and where it was not read). */
  closedAt?: string | null;
  /** Login of whoever opened it; absent when unknown (then it counts as the tool's own). */
  author?: string | null;
  /** How many comments it had when read; absent where not read. */
  comments?: number;
  /** GitHub's id (not the number): what the sub-issue and dependency routes name an issue by. */
  id?: number;
  /** API URL of its parent issue, null without one; absent where the server has no sub-issues. */
  parentIssueUrl?: string | null;
  /** Its sub-issues (completed = closed for any reason); absent where the server has no sub-issues. */
  subIssuesSummary?: SubIssuesSummary;
  /** Open and total issues it is blocked by and blocking; absent where the server has no dependencies. */
  dependenciesSummary?: DependenciesSummary;
}

export interface SubIssuesSummary {
  total: number;
  completed: number;
  percentCompleted: number;
}

export interface DependenciesSummary {
  blockedBy: number;
  blocking: number;
  totalBlockedBy: number;
  totalBlocking: number;
}

export interface CurrentState {
  labels: CurrentLabel[];
  milestones: CurrentMilestone[];
  issues: CurrentIssue[];
}

export interface PlanOptions {
  /** Rewrite bodies and descriptions a person edited (default: leave them, report drift). */
  overwrite?: boolean;
  /** Close managed issues and milestones the config no longer declares (never deletes). */
  prune?: boolean;
  /**
   * The login the token writes as. Of several issues carrying one task's marker, the ones this
   * login opened are the tool's own and win; without it, the oldest wins. Either way an issue
   * opened by someone else than the kept one's author is reported, never closed.
   */
  identity?: string | null;
  /**
   * Which of sub-issues and issue dependencies the server has (default: both). Without sub-issues
   * (GitHub Enterprise Server before 3.19) the stage issue's body lists its tasks (`- [ ] #12`);
   * without dependencies it links the stage issues it waits for.
   */
  hierarchy?: { subIssues: boolean; dependencies: boolean };
  /**
   * Stages whose milestone a re-plan moved (the dashboard's record keeps them): their due date is
   * the re-plan's from then on, so a date that differs from the schedule is neither a person's edit
   * nor put back. Only the next re-plan moves it again.
   */
  replanned?: ReadonlySet<string>;
  /**
   * Stages this run did not read (an event's run reads only the stages the event can have moved,
   * see src/progress/event-scope.ts): each stands in for the stage states as one piece of work.
   */
  outside?: ReadonlyMap<string, WorkItem>;
}

interface OpBase {
  reason: string;
}

export type LabelFields = Partial<Pick<DesiredLabel, 'color' | 'description'>> & { new_name?: string };
export interface MilestoneFields {
  title?: string;
  description?: string;
  /** `YYYY-MM-DDT12:00:00Z` of the intended day, or null to clear. */
  due_on?: string | null;
  state?: 'open' | 'closed';
}
export interface IssueFields {
  title?: string;
  body?: string;
  labels?: string[];
  assignees?: string[];
  /**
   * A stage id; the applier resolves it to the milestone number (which may be created in the same
   * run) and records that number in the body's marker. Null: no milestone (the stage has none it
   * may use, see the `conflict` operation).
   */
  milestoneStage?: string | null;
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'duplicate';
}

/** What a stage's transition writes on its own issue. */
export interface StageTransition {
  stage: string;
  number: number;
  changes: IssueFields;
  /** Posted first, unless a comment with its marker is there already. */
  comment: string | null;
}

export type Operation =
  | (OpBase & { op: 'create-label'; label: DesiredLabel })
  | (OpBase & { op: 'update-label'; name: string; changes: LabelFields })
  | (OpBase & { op: 'create-milestone'; stage: string; fields: Required<Pick<MilestoneFields, 'title' | 'description' | 'due_on'>> })
  | (OpBase & { op: 'update-milestone'; stage: string; number: number; changes: MilestoneFields })
  /** A milestone with the stage's title and no marker: take it over instead of creating a duplicate. */
  | (OpBase & { op: 'adopt-milestone'; stage: string; number: number; changes: MilestoneFields })
  /** `description`: with the record that the tool closed it because its stage is done. */
  | (OpBase & { op: 'close-milestone'; stage: string; number: number; description?: string })
  | (OpBase & { op: 'create-issue'; stage: string; task: string; fields: Required<Pick<IssueFields, 'title' | 'body' | 'labels' | 'assignees' | 'milestoneStage'>> })
  | (OpBase & { op: 'update-issue'; stage: string; task: string; number: number; changes: IssueFields })
  /** Close with a comment saying why (prune, or a duplicate of the same identity). */
  | (OpBase & { op: 'close-issue'; stage: string; task: string; number: number; comment: string; stateReason: 'not_planned' | 'duplicate' })
  /**
   * A stage's transition on its own issue: `comment` (found again by its marker, so never posted
   * twice) first, then `changes` (the state, and the body's record saying what was written).
   * close-stage-issue: the stage is done; reopen-stage-issue: one of its tasks was reopened;
   * announce-stage: the stages it waited for are done, it can start.
   */
  | (OpBase & StageTransition & { op: 'close-stage-issue' })
  | (OpBase & StageTransition & { op: 'reopen-stage-issue' })
  | (OpBase & StageTransition & { op: 'announce-stage' })
  | (OpBase & { op: 'noop'; kind: 'label' | 'milestone' | 'issue'; stage?: string; task?: string; number?: number; name?: string })
  /** A person edited text the tool wrote; left alone. Other fields may still be updated by a separate op. */
  | (OpBase & { op: 'drift'; kind: 'milestone' | 'issue'; stage: string; task?: string; number: number; field: DriftField; htmlUrl: string })
  /**
   * Something only a person can settle; nothing is written to the object. A milestone: a closed one
   * holds the stage's title, so it is neither adopted nor filled, and a new one cannot be made. An
   * issue: one the tool did not open carries a copy of a task's marker; it is never closed or taken
   * over. `resolve` says what the person can do.
   */
  | (OpBase & { op: 'conflict'; kind: 'milestone' | 'issue'; stage: string; task?: string; number: number; title: string; htmlUrl: string; resolve: string })
  /**
   * The text for an issue a person edited has changed: `comment` offers it as a diff, posted once
   * (found by its marker, which carries `digest`, the digest of the proposed text). The description
   * is not written; the issue keeps its drift until a person takes the text or sets overwrite.
   */
  | (OpBase & { op: 'propose-text'; kind: 'issue'; stage: string; task: string; number: number; htmlUrl: string; digest: string; comment: string });

/** What a person changed: text, title, an issue's milestone, a milestone's due date. */
export type DriftField = 'body' | 'description' | 'title' | 'milestone' | 'due_on';

export type OperationKind = Operation['op'];

export interface Plan {
  operations: Operation[];
  /** Problems that need a person: two objects with the same identity, and the like. */
  warnings: string[];
}

export function isWrite(op: Operation): boolean {
  return op.op !== 'noop' && op.op !== 'drift' && op.op !== 'conflict';
}
