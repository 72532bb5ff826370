// The one sticky guidance comment on a pull request: found by its hidden marker and by its author
// being the token's own identity, across every page of comments; written only when its text
// changed, and removed when it has nothing left to say.
//
// Whose comment is ours: the login the token writes as (see identity.ts: github-actions[bot] for
// the Actions token, <app-slug>[bot] for an App installation token, the user for a personal token).
// A comment that carries our marker but was written by anyone else is never updated or deleted; a
// marker that is not where the tool writes it (the last line, outside code: see
// ../guide/own-marker.ts) does not make a guide comment at all. Reading only the first page (30
// comments by default) would miss our comment on a busy pull request and post a second one; every
// page is read, 100 at a time.
import { trailingGuideMarker } from '../guide/own-marker.js';
import { digest } from '../plan/marker.js';
import type { GitHubClient } from './client.js';
import { isAmbiguous } from './errors.js';
import { PER_PAGE, type RepoRef } from './repo.js';

export interface FoundComment {
  id: number;
  body: string;
  htmlUrl: string;
  author: string;
}

export interface MarkedComments {
  /** Every comment with a guide marker where the tool writes it, oldest first, whoever wrote it. */
  marked: FoundComment[];
  requests: number;
}

export interface CommentSearch {
  /** Our comment: the oldest one with a guide marker written by `identity`. */
  comment: FoundComment | null;
  /** Further guide comments of ours (left by two runs racing); removed on the next write. */
  duplicates: FoundComment[];
  /** Guide markers written by someone else: never updated, never deleted. */
  foreign: FoundComment[];
}

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function hasNextPage(link: string | undefined): boolean {
  return typeof link === 'string' && /rel="next"/.test(link);
}

/** Reads every page of the pull request's comments and keeps those with a guide marker. */
export async function listGuideComments(client: GitHubClient, repo: RepoRef, issueNumber: number): Promise<MarkedComments> {
  const marked: FoundComment[] = [];
  let requests = 0;
  for (let page = 1; ; page++) {
    const response = await client.octokit.rest.issues.listComments({ owner: repo.owner, repo: repo.name, issue_number: issueNumber, per_page: PER_PAGE, page });
    requests++;
    for (const c of response.data) {
      const body = c.body ?? '';
      if (!trailingGuideMarker(body)) continue;
      marked.push({ id: c.id, body, htmlUrl: c.html_url, author: c.user?.login ?? '' });
    }
    if (response.data.length < PER_PAGE || !hasNextPage(response.headers.link)) break;
  }
  return { marked, requests };
}

/** Splits marked comments into ours (by author) and everyone else's. */
export function pickOurs(marked: readonly FoundComment[], identity: string | null): CommentSearch {
  const mine = identity === null ? [] : marked.filter((c) => sameLogin(c.author, identity));
  const foreign = marked.filter((c) => !mine.includes(c));
  const [comment = null, ...duplicates] = mine;
  return { comment, duplicates, foreign };
}

export async function findGuideComment(client: GitHubClient, repo: RepoRef, issueNumber: number, identity: string): Promise<CommentSearch & { requests: number }> {
  const { marked, requests } = await listGuideComments(client, repo, issueNumber);
  return { ...pickOurs(marked, identity), requests };
}

/**
 * True when the comment already says `body`. The digests in the two markers decide; the existing
 * text is hashed too, because a stored digest says nothing about an edit made since.
 */
export function sameComment(existing: string, body: string): boolean {
  const before = trailingGuideMarker(existing)?.digest;
  const after = trailingGuideMarker(body)?.digest;
  if (before === undefined || after === undefined) return existing.trimEnd() === body.trimEnd();
  return before === after && digest(existing) === before;
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'none';

export interface CommentWrite {
  action: CommentAction;
  /** The comment after the write; `author` is the login GitHub put on it (null when not told). */
  comment: { id: number; htmlUrl: string; author?: string | null } | null;
  /** Duplicate comments of ours removed on the way. */
  removedDuplicates: number[];
  writes: number;
  /** Extra reads (a look after a create whose answer was lost). */
  reads: number;
}

/**
 * Brings the sticky comment to `body`: create it, update it when the text differs, or delete it
 * when `body` is null. Never touches a comment someone else wrote. Errors (a 403 on a read-only
 * token among them) reach the caller, which decides what a refused write means.
 */
export async function writeGuideComment(
  client: GitHubClient,
  repo: RepoRef,
  issueNumber: number,
  found: Pick<CommentSearch, 'comment' | 'duplicates'>,
  body: string | null,
  /** The token's login, asked only when a create's answer is lost (to look for what landed). */
  identity: () => Promise<string | null>,
): Promise<CommentWrite> {
  const base = { owner: repo.owner, repo: repo.name };
  let writes = 0;
  const removedDuplicates: number[] = [];
  for (const dup of found.duplicates) {
    await client.octokit.rest.issues.deleteComment({ ...base, comment_id: dup.id });
    writes++;
    removedDuplicates.push(dup.id);
  }
  const current = found.comment;
  const done = (action: CommentAction, comment: CommentWrite['comment'], extraWrites = 0, reads = 0): CommentWrite => ({
    action,
    comment,
    removedDuplicates,
    writes: writes + extraWrites,
    reads,
  });

  if (body === null) {
    if (!current) return done('none', null);
    await client.octokit.rest.issues.deleteComment({ ...base, comment_id: current.id });
    return done('deleted', null, 1);
  }
  if (current && sameComment(current.body, body)) return done('unchanged', { id: current.id, htmlUrl: current.htmlUrl });
  if (current) {
    const { data } = await client.octokit.rest.issues.updateComment({ ...base, comment_id: current.id, body });
    return done('updated', { id: data.id, htmlUrl: data.html_url }, 1);
  }
  try {
    // A create is not idempotent: no blind retry. When the answer is lost, look before giving up.
    const { data } = await client.octokit.rest.issues.createComment({ ...base, issue_number: issueNumber, body, request: { retries: 0 } });
    return done('created', { id: data.id, htmlUrl: data.html_url, author: data.user?.login ?? null }, 1);
  } catch (error) {
    if (!isAmbiguous(error)) throw error;
    const login = await identity();
    if (login === null) throw error;
    const again = await findGuideComment(client, repo, issueNumber, login);
    if (again.comment && sameComment(again.comment.body, body)) {
      return done('created', { id: again.comment.id, htmlUrl: again.comment.htmlUrl }, 1, again.requests);
    }
    throw error;
  }
}
