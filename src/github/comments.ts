// The one sticky guidance comment on a pull request: found by its hidden marker and by its author
// being the token's own identity, across every page of comments; written only when its text
// changed, and removed when it has nothing left to say.
import type { getOctokit } from '@actions/github';
import { digest, parseMarker } from '../plan/marker.js';

type Client = ReturnType<typeof getOctokit>;

const PER_PAGE = 100;

/** The login GitHub gives the Actions `GITHUB_TOKEN` (GET /user answers 403 for that token). */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]';

export interface FoundComment {
  id: number;
  body: string;
  htmlUrl: string;
  author: string;
}

export interface CommentSearch {
  /** Our comment: the oldest one with a guide marker written by `identity`. */
  comment: FoundComment | null;
  /** Further guide comments of ours (left by two runs racing); the caller may remove them. */
  duplicates: FoundComment[];
  /** Guide markers written by someone else: never updated, never deleted. */
  foreign: FoundComment[];
  requests: number;
}

function status(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const value = (error as { status: unknown }).status;
    return typeof value === 'number' ? value : undefined;
  }
  return undefined;
}

/**
 * The login the token writes as. A personal token answers GET /user with its login. The Actions
 * token (an app installation token) is refused there with 403, and writes as
 * `github-actions[bot]`; a GitHub App token that is not the Actions one should pass its own
 * `<app-slug>[bot]` login instead of calling this.
 */
export async function resolveIdentity(client: Client): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const code = status(error);
    if (code === 403 || code === 401) return ACTIONS_BOT_LOGIN;
    throw error;
  }
}

export function sameLogin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Reads every page of the pull request's comments (100 a page) and picks out ours. */
export async function findGuideComment(
  client: Client,
  repo: { owner: string; name: string },
  issueNumber: number,
  identity: string,
): Promise<CommentSearch> {
  const mine: FoundComment[] = [];
  const foreign: FoundComment[] = [];
  let requests = 0;
  for (let page = 1; ; page++) {
    const response = await client.rest.issues.listComments({ owner: repo.owner, repo: repo.name, issue_number: issueNumber, per_page: PER_PAGE, page });
    requests++;
    for (const c of response.data) {
      const body = c.body ?? '';
      if (parseMarker(body)?.kind !== 'guide') continue;
      const found: FoundComment = { id: c.id, body, htmlUrl: c.html_url, author: c.user?.login ?? '' };
      (sameLogin(found.author, identity) ? mine : foreign).push(found);
    }
    if (response.data.length < PER_PAGE || !/rel="next"/.test(response.headers.link ?? '')) break;
  }
  const [comment = null, ...duplicates] = mine;
  return { comment, duplicates, foreign, requests };
}

/** True when the comment already says exactly `body`, checked through the digests in the markers. */
export function sameComment(existing: string, body: string): boolean {
  const before = parseMarker(existing)?.digest;
  const after = parseMarker(body)?.digest;
  if (before === undefined || after === undefined) return existing.trimEnd() === body.trimEnd();
  // The stored digest proves nothing if a person edited the comment since: check the text too.
  return before === after && digest(existing) === before;
}

export type CommentAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'none';

export interface CommentWrite {
  action: CommentAction;
  comment: { id: number; htmlUrl: string } | null;
  /** Duplicate comments of ours removed on the way. */
  removedDuplicates: number[];
  writes: number;
}

/**
 * Brings the sticky comment to `body`: create it, update it when the text differs, or delete it
 * when `body` is null. Never touches a comment someone else wrote. Errors (a 403 on a read-only
 * token among them) reach the caller, which decides what a refused write means.
 */
export async function writeGuideComment(
  client: Client,
  repo: { owner: string; name: string },
  issueNumber: number,
  found: Pick<CommentSearch, 'comment' | 'duplicates'>,
  body: string | null,
): Promise<CommentWrite> {
  const base = { owner: repo.owner, repo: repo.name };
  let writes = 0;
  const removedDuplicates: number[] = [];
  for (const dup of found.duplicates) {
    await client.rest.issues.deleteComment({ ...base, comment_id: dup.id });
    writes++;
    removedDuplicates.push(dup.id);
  }
  const current = found.comment;
  if (body === null) {
    if (!current) return { action: 'none', comment: null, removedDuplicates, writes };
    await client.rest.issues.deleteComment({ ...base, comment_id: current.id });
    return { action: 'deleted', comment: null, removedDuplicates, writes: writes + 1 };
  }
  if (!current) {
    const { data } = await client.rest.issues.createComment({ ...base, issue_number: issueNumber, body });
    return { action: 'created', comment: { id: data.id, htmlUrl: data.html_url }, removedDuplicates, writes: writes + 1 };
  }
  if (sameComment(current.body, body)) {
    return { action: 'unchanged', comment: { id: current.id, htmlUrl: current.htmlUrl }, removedDuplicates, writes };
  }
  const { data } = await client.rest.issues.updateComment({ ...base, comment_id: current.id, body });
  return { action: 'updated', comment: { id: data.id, htmlUrl: data.html_url }, removedDuplicates, writes: writes + 1 };
}
