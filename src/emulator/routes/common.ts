// Small pieces the route files share.
import { HttpError, invalidRequest, notFound } from '../errors.js';
import { goneError } from '../gone.js';
import type { RequestContext } from '../router.js';
import type { IssueRecord, RepoRecord } from '../state.js';

export function repoOf(ctx: RequestContext): RepoRecord {
  if (!ctx.repo) throw notFound();
  return ctx.repo;
}

export function issueOf(ctx: RequestContext, number: number): IssueRecord {
  const repo = repoOf(ctx);
  const issue = repo.issues.get(number);
  if (!issue) throw goneError(repo, number, ctx.urls) ?? notFound();
  return issue;
}

export function enumQuery<T extends string>(ctx: RequestContext, name: string, allowed: readonly T[], fallback: T): T {
  const value = ctx.query.get(name);
  if (value === null || value === '') return fallback;
  if (!allowed.includes(value as T)) throw invalidRequest(`For 'properties/${name}', "${value}" is not one of ${allowed.join(', ')}.`);
  return value as T;
}

/** Reads an ISO 8601 `since`-style query parameter (emulated epoch ms), or null when absent. */
export function timeQuery(ctx: RequestContext, name: string): number | null {
  const value = ctx.query.get(name);
  if (value === null || value === '') return null;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) throw new HttpError(422, `Invalid request.\n\nFor 'properties/${name}', "${value}" is not a date-time.`);
  return at;
}
