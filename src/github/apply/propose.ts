// Posts the comment that proposes new text for an issue a person edited, once per proposed text.
// The issue's comments are read only here, for the few issues the plan proposes text for, never as
// part of reading the state. An answer lost on the way is settled by reading them again before a
// second post, as for the comment of a closed issue.
import { hasProposal } from '../../plan/proposals.js';
import { isAmbiguous } from '../errors.js';
import { createIssueComment, listIssueCommentBodies } from '../issue-comments.js';
import type { ApplyContext, OperationOf, Outcome } from './types.js';

export const ALREADY_PROPOSED = 'the new text was already proposed in a comment';

export async function proposeTextOp(op: OperationOf<'propose-text'>, ctx: ApplyContext): Promise<Outcome> {
  const posted = async () => hasProposal(await listIssueCommentBodies(ctx.client, ctx.repo, op.number), op.stage, op.task, op.digest);
  if (await posted()) return { status: 'done', number: op.number, url: op.htmlUrl, message: ALREADY_PROPOSED };
  try {
    const url = await createIssueComment(ctx.client, ctx.repo, op.number, op.comment);
    return { status: 'done', number: op.number, url };
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    if (await posted()) return { status: 'done', number: op.number, url: op.htmlUrl, recovered: true, message: 'found after a lost answer' };
    const url = await createIssueComment(ctx.client, ctx.repo, op.number, op.comment);
    return { status: 'done', number: op.number, url };
  }
}
