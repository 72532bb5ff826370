// Carries out a plan: labels, then milestones, then issues, one write at a time, in the plan's order.
//
// Creates are the writes that can hurt: when a create gets no answer (a 5xx, a dropped
// connection), it may still have landed, and creating again would make a duplicate. So a create is
// never retried blindly: the applier first looks for the object by its marker (milestones: the
// full state=all list; issues: the newest managed issues) and only creates again when it is not
// there. A lost answer that slips past this (or a second run racing this one) is caught on the
// next run by the same marker identity.
import { adoption } from '../plan/adopt.js';
import { dueDateOf } from '../plan/dates.js';
import { milestoneTitleKey } from '../plan/identity.js';
import { parseMarker } from '../plan/marker.js';
import { recordMilestone } from '../plan/record.js';
import type { CurrentIssue, CurrentMilestone, CurrentState, Operation, Plan } from '../plan/model.js';
import { isWrite } from '../plan/model.js';
import type { GitHubClient } from './client.js';
import { errorMessage, fatalErrorFrom, httpStatus, isAlreadyExists, isAmbiguous, RateLimitError } from './errors.js';
import { createIssueComment, listIssueCommentBodies } from './issue-comments.js';
import { createIssue, listManagedIssuesSince, updateIssue } from './issues.js';
import { createLabel, updateLabel } from './labels.js';
import { createMilestone, listMilestones, updateMilestone } from './milestones.js';
import { fullName, type RepoRef } from './repo.js';

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

export interface ProgressEvent {
  /** Writes finished so far (done, failed or skipped) and the total the plan asks for. */
  done: number;
  total: number;
  result: OpResult;
}

export interface ApplyOptions {
  /** What the plan was made from: resolves stages to milestone numbers. */
  current: CurrentState;
  /** The managed label, to look for an issue whose create got no answer. */
  managedLabel: string;
  /** The highest issue number in `current`: issues above it were created after the read. */
  newestNumber?: number;
  /** Attempts per create when no answer comes back (each after looking for the object). */
  createAttempts?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export interface ApplyResult {
  results: OpResult[];
  /** Stage id → milestone number, after this run (existing, adopted and created). */
  milestones: Record<string, number>;
  /** Milestones and issues this run created, as GitHub returned them. */
  createdMilestones: CurrentMilestone[];
  createdIssues: CurrentIssue[];
  /** Set when the run stopped early (permission missing, rate limit out); `undone` counts what was left. */
  stopped: Error | null;
  undone: number;
}

/** Stage → milestone number as the plan and the current state say (the plan's choice wins). */
export function milestoneNumbers(plan: Plan, current: CurrentState): Map<string, number> {
  const byStage = new Map<string, number>();
  for (const m of [...current.milestones].sort((a, b) => b.number - a.number)) {
    const marker = parseMarker(m.description);
    if (marker?.kind === 'stage' && marker.stage) byStage.set(marker.stage, m.number);
  }
  for (const op of plan.operations) {
    if ((op.op === 'update-milestone' || op.op === 'adopt-milestone') && op.number) byStage.set(op.stage, op.number);
    if ((op.op === 'noop' || op.op === 'drift') && op.kind === 'milestone' && op.stage && op.number) byStage.set(op.stage, op.number);
  }
  return byStage;
}

function identityOf(op: Operation): Pick<OpResult, 'stage' | 'task' | 'name'> {
  const id: Pick<OpResult, 'stage' | 'task' | 'name'> = {};
  if ('stage' in op && op.stage) id.stage = op.stage;
  if ('task' in op && op.task) id.task = op.task;
  if (op.op === 'create-label') id.name = op.label.name;
  if (op.op === 'update-label') id.name = op.name;
  return id;
}

function describe(op: Operation): string {
  switch (op.op) {
    case 'create-label':
      return `create label "${op.label.name}"`;
    case 'update-label':
      return `update label "${op.name}"`;
    case 'create-milestone':
      return `create milestone "${op.fields.title}"`;
    case 'update-milestone':
    case 'adopt-milestone':
    case 'close-milestone':
      return `${op.op.replace('-milestone', '')} milestone #${op.number}`;
    case 'create-issue':
      return `create issue "${op.fields.title}"`;
    case 'update-issue':
    case 'close-issue':
      return `${op.op.replace('-issue', '')} issue #${op.number}`;
    default:
      return op.op;
  }
}

export async function applyPlan(client: GitHubClient, repo: RepoRef, plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  const byStage = milestoneNumbers(plan, options.current);
  const createAttempts = Math.max(1, options.createAttempts ?? 3);
  const newestNumber = options.newestNumber ?? options.current.issues.reduce((max, i) => Math.max(max, i.number), 0);
  const results: OpResult[] = [];
  const createdMilestones: CurrentMilestone[] = [];
  const createdIssues: CurrentIssue[] = [];
  const total = plan.operations.filter(isWrite).length;
  let finished = 0;
  let stopped: Error | null = null;

  const report = (result: OpResult) => {
    results.push(result);
    finished += 1;
    options.onProgress?.({ done: finished, total, result });
  };

  /** Looks for a milestone of `stage` (by marker) or, failing that, with `title` and no marker. */
  const findMilestone = async (stage: string, title: string): Promise<{ milestone: CurrentMilestone; marked: boolean } | null> => {
    const all = await listMilestones(client, repo);
    const marked = all.find((m) => {
      const marker = parseMarker(m.description);
      return marker?.kind === 'stage' && marker.stage === stage;
    });
    if (marked) return { milestone: marked, marked: true };
    // GitHub refused the create because a title equal but for case or spaces is taken.
    const key = milestoneTitleKey(title);
    const titled = all.find((m) => milestoneTitleKey(m.title) === key);
    return titled ? { milestone: titled, marked: parseMarker(titled.description) !== null } : null;
  };

  /** Looks for an issue of stage/task created since the read (newest first, a page or two). */
  const findIssue = async (stage: string, task: string): Promise<CurrentIssue | null> => {
    const recent = await listManagedIssuesSince(client, repo, options.managedLabel, newestNumber, 2);
    return (
      recent
        .filter((i) => {
          const marker = parseMarker(i.body);
          return marker?.kind === 'task' && marker.stage === stage && marker.task === task;
        })
        .sort((a, b) => a.number - b.number)[0] ?? null
    );
  };

  const run = async (op: Operation): Promise<Omit<OpResult, 'index' | 'op'>> => {
    switch (op.op) {
      case 'create-label': {
        for (let attempt = 1; ; attempt++) {
          try {
            await createLabel(client, repo, op.label);
            return { status: 'done' };
          } catch (error) {
            // Labels are unique by name: an earlier attempt that landed answers 422 now.
            if (isAlreadyExists(error)) return { status: 'done', recovered: attempt > 1, message: 'the label already existed' };
            if (!isAmbiguous(error) || attempt >= createAttempts) throw error;
          }
        }
      }
      case 'update-label':
        await updateLabel(client, repo, op.name, op.changes);
        return { status: 'done' };
      case 'create-milestone': {
        for (let attempt = 1; ; attempt++) {
          try {
            const created = await createMilestone(client, repo, op.fields);
            byStage.set(op.stage, created.number);
            createdMilestones.push(created);
            return { status: 'done', number: created.number, url: created.htmlUrl };
          } catch (error) {
            const ambiguous = isAmbiguous(error);
            if (!ambiguous && !isAlreadyExists(error)) throw error;
            const found = await findMilestone(op.stage, op.fields.title);
            if (found?.marked) {
              const marker = parseMarker(found.milestone.description);
              if (marker?.stage !== op.stage) {
                return { status: 'failed', message: `a milestone titled "${op.fields.title}" already belongs to stage "${marker?.stage ?? '?'}"` };
              }
              byStage.set(op.stage, found.milestone.number);
              createdMilestones.push(found.milestone);
              return { status: 'done', number: found.milestone.number, url: found.milestone.htmlUrl, recovered: true, message: 'found after a lost answer' };
            }
            if (found) {
              // Same title, no marker: a milestone a person made after the read. The planner's rules
              // hold here too: a closed one is left alone, an open one keeps what the person wrote.
              const theirs = found.milestone;
              if (theirs.state === 'closed') {
                return {
                  status: 'failed',
                  number: theirs.number,
                  url: theirs.htmlUrl,
                  message: `milestone #${theirs.number} "${theirs.title}" is closed and has the title of stage "${op.stage}"; a closed milestone is never adopted. Rename it or reopen it, then run again`,
                };
              }
              const { changes, kept } = adoption(op.fields.description, dueDateOf(op.fields.due_on), theirs, false);
              // Taken over as "scope " or "SCOPE": the record says "Scope", so the title must say it too.
              if (theirs.title !== op.fields.title) changes.title = op.fields.title;
              const adopted = await updateMilestone(client, repo, theirs.number, changes);
              byStage.set(op.stage, adopted.number);
              const keptWords = kept.length > 0 ? `, keeping the ${kept.map((f) => (f === 'due_on' ? 'due date' : f)).join(' and ')} a person gave it` : '';
              return { status: 'done', number: adopted.number, url: adopted.htmlUrl, message: `adopted the milestone with the same title${keptWords}` };
            }
            if (!ambiguous || attempt >= createAttempts) throw error;
          }
        }
      }
      case 'update-milestone':
      case 'adopt-milestone': {
        const updated = await updateMilestone(client, repo, op.number, op.changes);
        byStage.set(op.stage, updated.number);
        return { status: 'done', number: updated.number, url: updated.htmlUrl };
      }
      case 'close-milestone': {
        const closed = await updateMilestone(client, repo, op.number, { state: 'closed' });
        return { status: 'done', number: closed.number, url: closed.htmlUrl };
      }
      case 'create-issue': {
        const stage = op.fields.milestoneStage;
        const milestone = stage === null ? null : byStage.get(stage);
        if (milestone === undefined) {
          return { status: 'skipped', message: `the milestone of stage "${stage ?? ''}" does not exist (its create failed); the next run creates this issue` };
        }
        // The number sent is recorded in the marker: the next run tells a person's move from its own.
        const body = recordMilestone(op.fields.body, milestone);
        for (let attempt = 1; ; attempt++) {
          try {
            const created = await createIssue(client, repo, { ...op.fields, body, milestone });
            createdIssues.push(created);
            return { status: 'done', number: created.number, url: created.htmlUrl };
          } catch (error) {
            if (!isAmbiguous(error)) throw error;
            const found = await findIssue(op.stage, op.task);
            if (found) {
              createdIssues.push(found);
              return { status: 'done', number: found.number, url: found.htmlUrl, recovered: true, message: 'found after a lost answer' };
            }
            if (attempt >= createAttempts) throw error;
          }
        }
      }
      case 'update-issue': {
        const { milestoneStage, ...changes } = op.changes;
        let milestone: number | null | undefined;
        if (milestoneStage !== undefined) {
          milestone = milestoneStage === null ? null : byStage.get(milestoneStage);
          if (milestone === undefined) return { status: 'skipped', message: `the milestone of stage "${milestoneStage ?? ''}" does not exist` };
          if (changes.body !== undefined) changes.body = recordMilestone(changes.body, milestone);
        }
        const updated = await updateIssue(client, repo, op.number, { ...changes, ...(milestone !== undefined ? { milestone } : {}) });
        return { status: 'done', number: updated.number, url: updated.htmlUrl };
      }
      case 'close-issue': {
        // The comment first, so the reason is never missing; posted once even across re-runs.
        const bodies = await listIssueCommentBodies(client, repo, op.number);
        if (!bodies.some((b) => b.trim() === op.comment.trim())) {
          try {
            await createIssueComment(client, repo, op.number, op.comment);
          } catch (error) {
            if (!isAmbiguous(error)) throw error;
            const again = await listIssueCommentBodies(client, repo, op.number);
            if (!again.some((b) => b.trim() === op.comment.trim())) await createIssueComment(client, repo, op.number, op.comment);
          }
        }
        const closed = await updateIssue(client, repo, op.number, { state: 'closed', state_reason: op.stateReason });
        return { status: 'done', number: closed.number, url: closed.htmlUrl };
      }
      case 'noop':
      case 'drift':
      case 'conflict':
        return { status: 'skipped' };
    }
  };

  const ops = plan.operations;
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index] as Operation;
    if (!isWrite(op)) continue;
    if (stopped) break;
    try {
      const outcome = await run(op);
      report({ index, op: op.op, ...identityOf(op), ...outcome });
    } catch (error) {
      const fatal = fatalErrorFrom(error, { repo: fullName(repo), action: describe(op), permission: 'issues: write' });
      if (fatal) {
        stopped = fatal;
        results.push({ index, op: op.op, ...identityOf(op), status: 'failed', message: fatal.message });
        break;
      }
      const status = httpStatus(error);
      report({ index, op: op.op, ...identityOf(op), status: 'failed', message: `${describe(op)} failed${status ? ` (${status})` : ''}: ${errorMessage(error)}` });
    }
  }

  const undone = stopped ? total - finished : 0;
  if (stopped instanceof RateLimitError) stopped.withUndone(undone);
  return { results, milestones: Object.fromEntries([...byStage].sort(([a], [b]) => a.localeCompare(b))), createdMilestones, createdIssues, stopped, undone };
}
