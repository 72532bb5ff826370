// Creates that lose their answer. A 5xx or a dropped connection may hide a create that landed, so a
// create is retried only after looking for what it would have made: the milestone by its marker
// (or its title), the issue by its marker among the managed issues created since the read, the
// comment by its text.
import { issueKey, milestoneTitleKey, stageIssueKey, taskKey } from '../../plan/identity.js';
import { parseMarker } from '../../plan/marker.js';
import type { CurrentIssue, CurrentMilestone } from '../../plan/model.js';
import { isAmbiguous } from '../errors.js';
import { createIssueComment, listIssueCommentBodies } from '../issue-comments.js';
import { listManagedIssuesSince } from '../issues.js';
import { listMilestones } from '../milestones.js';
import type { ApplyContext, Outcome } from './types.js';

/**
 * Runs `create` up to `attempts` times. After each failure `recover` looks for the object (it
 * answers null when it did not find it, or when the error is not one it can explain); only an
 * ambiguous error (no answer, a 5xx) is tried again, any other is thrown.
 */
export async function createOnce(
  attempts: number,
  create: () => Promise<Outcome>,
  recover: (error: unknown, attempt: number) => Promise<Outcome | null>,
): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      const found = await recover(error, attempt);
      if (found) return found;
      if (!isAmbiguous(error) || attempt >= attempts) throw error;
    }
  }
}

/** Looks for a milestone of `stage` (by marker) or, failing that, with `title` and no marker. */
export async function findMilestone(ctx: ApplyContext, stage: string, title: string): Promise<{ milestone: CurrentMilestone; marked: boolean } | null> {
  const all = await listMilestones(ctx.client, ctx.repo);
  const marked = all.find((m) => {
    const marker = parseMarker(m.description);
    return marker?.kind === 'stage' && marker.stage === stage;
  });
  if (marked) return { milestone: marked, marked: true };
  // GitHub refused the create because a title equal but for case or spaces is taken.
  const key = milestoneTitleKey(title);
  const titled = all.find((m) => milestoneTitleKey(m.title) === key);
  return titled ? { milestone: titled, marked: parseMarker(titled.description) !== null } : null;
}

/** Looks for an issue of stage/task (task "": the stage's own issue) created since the read (newest first, a page or two). */
export async function findIssue(ctx: ApplyContext, stage: string, task: string): Promise<CurrentIssue | null> {
  const recent = await listManagedIssuesSince(ctx.client, ctx.repo, ctx.managedLabel, ctx.newestNumber, 2);
  const key = task === '' ? stageIssueKey(stage) : taskKey(stage, task);
  return (
    recent
      .filter((i) => issueKey(parseMarker(i.body)) === key)
      .sort((a, b) => a.number - b.number)[0] ?? null
  );
}

/** Posts `comment` on the issue unless it is there already; posted once even across re-runs. */
export async function postCommentOnce(ctx: ApplyContext, issue: number, comment: string): Promise<void> {
  const has = (bodies: readonly string[]) => bodies.some((b) => b.trim() === comment.trim());
  if (has(await listIssueCommentBodies(ctx.client, ctx.repo, issue))) return;
  try {
    await createIssueComment(ctx.client, ctx.repo, issue, comment);
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    if (!has(await listIssueCommentBodies(ctx.client, ctx.repo, issue))) await createIssueComment(ctx.client, ctx.repo, issue, comment);
  }
}

/**
 * Posts `comment` unless a comment carrying the same marker (kind and event, see
 * src/plan/transitions.ts) is there already: a transition is announced once, whatever its wording.
 */
export async function postMarkedCommentOnce(ctx: ApplyContext, issue: number, comment: string): Promise<void> {
  const mine = parseMarker(comment);
  const has = (bodies: readonly string[]) =>
    bodies.some((b) => {
      const found = parseMarker(b);
      return found !== null && found.kind === mine?.kind && found.stage === mine.stage && found.event === mine.event;
    });
  if (mine === null) return postCommentOnce(ctx, issue, comment);
  // An issue read without a comment cannot hold ours: a run that posted it wrote the issue since.
  if (!ctx.commentless.has(issue) && has(await listIssueCommentBodies(ctx.client, ctx.repo, issue))) return;
  try {
    await createIssueComment(ctx.client, ctx.repo, issue, comment);
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    if (!has(await listIssueCommentBodies(ctx.client, ctx.repo, issue))) await createIssueComment(ctx.client, ctx.repo, issue, comment);
  }
}
