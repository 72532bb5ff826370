// One handler per kind of operation: how it is named in an error message and how it is written.
// A new kind of operation is one more entry in HANDLERS; the applier's loop does not change.
import { adoption } from '../../plan/adopt.js';
import { dueDateOf } from '../../plan/dates.js';
import { parseMarker } from '../../plan/marker.js';
import type { CurrentMilestone, Operation } from '../../plan/model.js';
import { recordMilestone } from '../../plan/record.js';
import { isAlreadyExists, isAmbiguous } from '../errors.js';
import { createIssue, updateIssue } from '../issues.js';
import { createLabel, updateLabel } from '../labels.js';
import { createMilestone, updateMilestone } from '../milestones.js';
import { proposeTextOp } from './propose.js';
import { createOnce, findIssue, findMilestone, postCommentOnce, postMarkedCommentOnce } from './recover.js';
import type { ApplyContext, OperationOf, Outcome } from './types.js';

export interface Handler<K extends Operation['op']> {
  /** The operation in words, for "… failed" and permission messages. */
  describe: (op: OperationOf<K>) => string;
  apply: (op: OperationOf<K>, ctx: ApplyContext) => Promise<Outcome>;
}

const createLabelOp: Handler<'create-label'>['apply'] = (op, ctx) =>
  createOnce(
    ctx.createAttempts,
    async () => {
      await createLabel(ctx.client, ctx.repo, op.label);
      return { status: 'done' };
    },
    // Labels are unique by name: an earlier attempt that landed answers 422 now.
    async (error, attempt) => (isAlreadyExists(error) ? { status: 'done', recovered: attempt > 1, message: 'the label already existed' } : null),
  );

const updateLabelOp: Handler<'update-label'>['apply'] = async (op, ctx) => {
  await updateLabel(ctx.client, ctx.repo, op.name, op.changes);
  return { status: 'done' };
};

const createMilestoneOp: Handler<'create-milestone'>['apply'] = (op, ctx) =>
  createOnce(
    ctx.createAttempts,
    async () => {
      const created = await createMilestone(ctx.client, ctx.repo, op.fields);
      ctx.byStage.set(op.stage, created.number);
      ctx.createdMilestones.push(created);
      return { status: 'done', number: created.number, url: created.htmlUrl };
    },
    async (error) => (isAmbiguous(error) || isAlreadyExists(error) ? recoverMilestone(op, ctx) : null),
  );

/** After a create that got no answer or was refused as taken: the stage's milestone, or one with its title. */
async function recoverMilestone(op: OperationOf<'create-milestone'>, ctx: ApplyContext): Promise<Outcome | null> {
  const found = await findMilestone(ctx, op.stage, op.fields.title);
  if (!found) return null;
  if (!found.marked) return adoptLateMilestone(op, found.milestone, ctx);
  const marker = parseMarker(found.milestone.description);
  if (marker?.stage !== op.stage) {
    return { status: 'failed', message: `a milestone titled "${op.fields.title}" already belongs to stage "${marker?.stage ?? '?'}"` };
  }
  ctx.byStage.set(op.stage, found.milestone.number);
  ctx.createdMilestones.push(found.milestone);
  return { status: 'done', number: found.milestone.number, url: found.milestone.htmlUrl, recovered: true, message: 'found after a lost answer' };
}

/**
 * Same title, no marker: a milestone a person made after the read. The planner's rules hold here
 * too: a closed one is left alone, an open one keeps what the person wrote.
 */
async function adoptLateMilestone(op: OperationOf<'create-milestone'>, theirs: CurrentMilestone, ctx: ApplyContext): Promise<Outcome> {
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
  const adopted = await updateMilestone(ctx.client, ctx.repo, theirs.number, changes);
  ctx.updatedMilestones.push(adopted);
  ctx.byStage.set(op.stage, adopted.number);
  const keptWords = kept.length > 0 ? `, keeping the ${kept.map((f) => (f === 'due_on' ? 'due date' : f)).join(' and ')} a person gave it` : '';
  return { status: 'done', number: adopted.number, url: adopted.htmlUrl, message: `adopted the milestone with the same title${keptWords}` };
}

const updateMilestoneOp: Handler<'update-milestone' | 'adopt-milestone'>['apply'] = async (op, ctx) => {
  const updated = await updateMilestone(ctx.client, ctx.repo, op.number, op.changes);
  ctx.updatedMilestones.push(updated);
  ctx.byStage.set(op.stage, updated.number);
  return { status: 'done', number: updated.number, url: updated.htmlUrl };
};

const closeMilestoneOp: Handler<'close-milestone'>['apply'] = async (op, ctx) => {
  const closed = await updateMilestone(ctx.client, ctx.repo, op.number, { state: 'closed', ...(op.description === undefined ? {} : { description: op.description }) });
  ctx.updatedMilestones.push(closed);
  return { status: 'done', number: closed.number, url: closed.htmlUrl };
};

const createIssueOp: Handler<'create-issue'>['apply'] = async (op, ctx) => {
  const stage = op.fields.milestoneStage;
  const milestone = stage === null ? null : ctx.byStage.get(stage);
  if (milestone === undefined) {
    return { status: 'skipped', message: `the milestone of stage "${stage ?? ''}" does not exist (its create failed); the next run creates this issue` };
  }
  // The number sent is recorded in the marker: the next run tells a person's move from its own.
  const body = recordMilestone(op.fields.body, milestone);
  return createOnce(
    ctx.createAttempts,
    async () => {
      const created = await createIssue(ctx.client, ctx.repo, { ...op.fields, body, milestone });
      ctx.createdIssues.push(created);
      return { status: 'done', number: created.number, url: created.htmlUrl };
    },
    async (error) => {
      if (!isAmbiguous(error)) return null;
      const found = await findIssue(ctx, op.stage, op.task);
      if (!found) return null;
      ctx.createdIssues.push(found);
      return { status: 'done', number: found.number, url: found.htmlUrl, recovered: true, message: 'found after a lost answer' };
    },
  );
};

const updateIssueOp: Handler<'update-issue'>['apply'] = async (op, ctx) => {
  const { milestoneStage, ...changes } = op.changes;
  let milestone: number | null | undefined;
  if (milestoneStage !== undefined) {
    milestone = milestoneStage === null ? null : ctx.byStage.get(milestoneStage);
    if (milestone === undefined) return { status: 'skipped', message: `the milestone of stage "${milestoneStage ?? ''}" does not exist` };
    if (changes.body !== undefined) changes.body = recordMilestone(changes.body, milestone);
  }
  const updated = await updateIssue(ctx.client, ctx.repo, op.number, { ...changes, ...(milestone !== undefined ? { milestone } : {}) });
  ctx.updatedIssues.push(updated);
  return { status: 'done', number: updated.number, url: updated.htmlUrl };
};

const closeIssueOp: Handler<'close-issue'>['apply'] = async (op, ctx) => {
  // The comment first, so the reason is never missing.
  await postCommentOnce(ctx, op.number, op.comment);
  const closed = await updateIssue(ctx.client, ctx.repo, op.number, { state: 'closed', state_reason: op.stateReason });
  ctx.updatedIssues.push(closed);
  return { status: 'done', number: closed.number, url: closed.htmlUrl };
};

/** A stage's transition: its comment once (found by its marker), then the issue's state and record. */
const transitionOp: Handler<'close-stage-issue' | 'reopen-stage-issue' | 'announce-stage'>['apply'] = async (op, ctx) => {
  if (op.comment !== null) await postMarkedCommentOnce(ctx, op.number, op.comment);
  const { milestoneStage: _ignored, ...changes } = op.changes;
  const updated = await updateIssue(ctx.client, ctx.repo, op.number, changes);
  ctx.updatedIssues.push(updated);
  return { status: 'done', number: updated.number, url: updated.htmlUrl };
};

/** Nothing to write: the plan reports these, the applier passes them by. */
const nothing = async (): Promise<Outcome> => ({ status: 'skipped' });

const byNumber = (op: { op: string; number: number }, suffix: string) => `${op.op.replace(suffix, '')} ${suffix.slice(1)} #${op.number}`;

export const HANDLERS: { [K in Operation['op']]: Handler<K> } = {
  'create-label': { describe: (op) => `create label "${op.label.name}"`, apply: createLabelOp },
  'update-label': { describe: (op) => `update label "${op.name}"`, apply: updateLabelOp },
  'create-milestone': { describe: (op) => `create milestone "${op.fields.title}"`, apply: createMilestoneOp },
  'update-milestone': { describe: (op) => byNumber(op, '-milestone'), apply: updateMilestoneOp },
  'adopt-milestone': { describe: (op) => byNumber(op, '-milestone'), apply: updateMilestoneOp },
  'close-milestone': { describe: (op) => byNumber(op, '-milestone'), apply: closeMilestoneOp },
  'create-issue': { describe: (op) => `create issue "${op.fields.title}"`, apply: createIssueOp },
  'update-issue': { describe: (op) => byNumber(op, '-issue'), apply: updateIssueOp },
  'close-issue': { describe: (op) => byNumber(op, '-issue'), apply: closeIssueOp },
  'close-stage-issue': { describe: (op) => `close the issue #${op.number} of stage "${op.stage}"`, apply: transitionOp },
  'reopen-stage-issue': { describe: (op) => `reopen the issue #${op.number} of stage "${op.stage}"`, apply: transitionOp },
  'announce-stage': { describe: (op) => `announce on #${op.number} that stage "${op.stage}" can start`, apply: transitionOp },
  noop: { describe: (op) => op.op, apply: nothing },
  drift: { describe: (op) => op.op, apply: nothing },
  conflict: { describe: (op) => op.op, apply: nothing },
  'propose-text': { describe: (op) => `propose new text on issue #${op.number}`, apply: proposeTextOp },
};

/** The handler of `op`'s kind. */
function handlerOf(op: Operation): Handler<Operation['op']> {
  // The table is typed per kind; TypeScript cannot follow `op.op` from the key to the argument.
  return HANDLERS[op.op] as unknown as Handler<Operation['op']>;
}

export function describeOperation(op: Operation): string {
  return handlerOf(op).describe(op);
}

export function applyOperation(op: Operation, ctx: ApplyContext): Promise<Outcome> {
  return handlerOf(op).apply(op, ctx);
}
