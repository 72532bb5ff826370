// Phase 6: the one sticky comment created, updated, left alone or removed; in a dry run, only what
// would happen. Which marked comment is ours depends on who the token writes as, asked of GitHub
// only when a marked comment exists.
import { listGuideComments, pickOurs, sameComment, sameLogin, writeGuideComment, type FoundComment } from '../../github/comments.js';
import { httpStatus, isNotAccessible, isSecondaryRateLimit } from '../../github/errors.js';
import { IDENTITY_HINT, identitySource } from '../../github/identity.js';
import { neutralize } from '../../render/escape.js';
import type { GuideAction, Rendered, Written } from './types.js';

export const FORK_HINT =
  'The token cannot write to this pull request (read-only, as on pull requests from forks under `pull_request`), so the guidance is in this job summary instead. ' +
  'To get the comment, run the workflow on `pull_request_target`: it is safe with this Action because it never checks out or runs the pull request\'s code and reads its configuration from the base commit (see docs/security.md).';

export async function writeGuidance(run: Rendered): Promise<Written> {
  const { client, repo, warnings } = run;
  const body = run.comment?.body ?? null;
  const { marked } = await listGuideComments(client, repo, run.pull.number);
  const identity = identitySource(client, run.identity);
  const who = marked.length > 0 ? await identity() : null;
  if (who !== null && who.login === null) {
    // Unknown is not "someone else": writing now could post a second comment beside ours.
    warnings.push(
      `Could not tell which login this token writes as (${who.reason}), so the guidance comment was left as it is; the guidance is in this job summary. ${IDENTITY_HINT}`,
    );
    return { ...run, action: 'skipped', commentId: null, commentUrl: null, readOnly: false };
  }
  const found = pickOurs(marked, who?.login ?? null);
  if (found.foreign.length > 0) {
    warnings.push(`Ignored ${found.foreign.length} comment(s) that carry the guidance marker but were written by someone else (${[...new Set(found.foreign.map((c) => neutralize(c.author)))].join(', ')}).`);
  }
  const existing = { commentId: found.comment?.id ?? null, commentUrl: found.comment?.htmlUrl ?? null };
  if (run.dryRun) return { ...run, action: plannedAction(found.comment, body), ...existing, readOnly: false };

  try {
    const written = await writeGuideComment(client, repo, run.pull.number, found, body, async () => (await identity()).login);
    const author = written.comment?.author;
    if (written.action === 'created' && author && run.identity && !sameLogin(author, run.identity)) {
      warnings.push(
        `The comment was written as ${neutralize(author)}, but the identity given is ${neutralize(run.identity)}: the next run would not recognise it and would post another. Set identity to ${neutralize(author)}, or leave it empty to have it found.`,
      );
    }
    return { ...run, action: written.action, commentId: written.comment?.id ?? null, commentUrl: written.comment?.htmlUrl ?? null, readOnly: false };
  } catch (error) {
    if (!isReadOnly(error)) throw error;
    warnings.push(FORK_HINT);
    return { ...run, action: 'skipped', ...existing, readOnly: true };
  }
}

/** What a write would do to our comment: the dry run's answer. */
export function plannedAction(existing: Pick<FoundComment, 'body'> | null, body: string | null): GuideAction {
  if (body === null) return existing ? 'deleted' : 'none';
  if (!existing) return 'created';
  return sameComment(existing.body, body) ? 'unchanged' : 'updated';
}

/** A refused write that is not a rate limit: read-only token (forks) or a missing permission. */
export function isReadOnly(error: unknown): boolean {
  if (isSecondaryRateLimit(error)) return false;
  return isNotAccessible(error) || httpStatus(error) === 403;
}
