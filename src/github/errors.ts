// What a failed GitHub request means for the user: which permission is missing, whether the token
// can see the repository, whether the rate limit ran out (and when it comes back), or whether the
// request may have landed even though no answer came back.
import { UnreachableError } from './unreachable.js';

/** The parts of Octokit's RequestError this code reads; checked structurally, so any thrown value works. */
interface HttpErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown } | undefined;
}

export function httpStatus(error: unknown): number | null {
  if (typeof error === 'object' && error !== null && typeof (error as HttpErrorLike).status === 'number') {
    return (error as HttpErrorLike).status;
  }
  return null;
}

function header(error: unknown, name: string): string | undefined {
  const headers = (error as HttpErrorLike | null)?.response?.headers;
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

function bodyMessage(error: unknown): string {
  const data = (error as HttpErrorLike | null)?.response?.data;
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return errorMessage(error);
}

/** The primary (hourly) limit ran out: GitHub says 403 or 429 with x-ratelimit-remaining: 0. */
export function isPrimaryRateLimit(error: unknown): boolean {
  const status = httpStatus(error);
  if (status !== 403 && status !== 429) return false;
  if (isSecondaryRateLimit(error)) return false;
  return header(error, 'x-ratelimit-remaining') === '0';
}

export function isSecondaryRateLimit(error: unknown): boolean {
  const status = httpStatus(error);
  return (status === 403 || status === 429) && /secondary rate limit/i.test(bodyMessage(error));
}

/** The token may read but not write (a fork's pull request, or a workflow without the permission). */
export function isNotAccessible(error: unknown): boolean {
  return httpStatus(error) === 403 && /resource not accessible by (integration|personal access token)/i.test(bodyMessage(error));
}

/**
 * No answer, or a server error: the request may or may not have been carried out. For a create,
 * look before trying again.
 */
export function isAmbiguous(error: unknown): boolean {
  // Refused or unresolved: the request never left.
  if (error instanceof UnreachableError) return false;
  const status = httpStatus(error);
  if (status === null) return true;
  return status >= 500;
}

/** 422 `already_exists`, as GitHub answers a second label or milestone with the same name. */
export function isAlreadyExists(error: unknown): boolean {
  if (httpStatus(error) !== 422) return false;
  const data = (error as HttpErrorLike).response?.data as { errors?: Array<{ code?: string }> } | undefined;
  return Boolean(data?.errors?.some((e) => e?.code === 'already_exists'));
}

/** The messages of a 422's `errors` (GitHub's reasons: "Sub issue may only have one parent", …). */
export function validationMessages(error: unknown): string[] {
  if (httpStatus(error) !== 422) return [];
  const data = (error as HttpErrorLike).response?.data as { message?: unknown; errors?: unknown[] } | undefined;
  const messages = (data?.errors ?? []).map((e) => (typeof e === 'string' ? e : typeof (e as { message?: unknown })?.message === 'string' ? (e as { message: string }).message : ''));
  const found = messages.filter((m) => m !== '');
  return found.length > 0 ? found : typeof data?.message === 'string' ? [data.message] : [];
}

/** The newer issue features an older GitHub Enterprise Server lacks. */
export type IssueFeature = 'sub-issues' | 'dependencies';

/**
 * GitHub answered 404 on a sub-issue or dependency route: the server lacks the feature (GitHub
 * Enterprise Server before 3.19 has neither route family, 3.19 has dependencies only), so the
 * caller falls back. The routes' 404 cannot say more; callers name issues they just read.
 */
export class FeatureAbsentError extends Error {
  override name = 'FeatureAbsentError';
  constructor(
    readonly feature: IssueFeature,
    options?: { cause?: unknown },
  ) {
    super(`This GitHub server has no ${feature === 'sub-issues' ? 'sub-issue' : 'issue dependency'} endpoints (404).`, options);
  }
}

export function isFeatureAbsent(error: unknown, feature?: IssueFeature): error is FeatureAbsentError {
  return error instanceof FeatureAbsentError && (feature === undefined || error.feature === feature);
}

/** Runs a sub-issue or dependency request; a 404 becomes FeatureAbsentError. */
export async function orFeatureAbsent<T>(feature: IssueFeature, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (httpStatus(error) === 404) throw new FeatureAbsentError(feature, { cause: error });
    throw error;
  }
}

export type Permission = 'issues: write' | 'pull-requests: write' | 'contents: read';

/** The run cannot go on: the token lacks a permission. Names it and says how to grant it. */
export class PermissionError extends Error {
  override name = 'PermissionError';
  constructor(
    readonly permission: Permission,
    readonly action: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The token cannot ${action}: it lacks the "${permission}" permission. ` +
        `Grant it in the workflow file:\n  permissions:\n    ${permission}\n` +
        `(on a pull request from a fork the token is read-only whatever the workflow says; ` +
        `with a personal token, give it access to this repository's ${permission.split(':')[0]}).`,
      options,
    );
  }
}

/** 404 on the repository itself: missing, or the token cannot see it. */
export class RepositoryNotFoundError extends Error {
  override name = 'RepositoryNotFoundError';
  constructor(
    readonly repo: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Repository ${repo} was not found, or the token cannot see it. Check the owner/name, ` +
        `and that the token has access to it (a GITHUB_TOKEN only sees the repository its workflow runs in).`,
      options,
    );
  }
}

/**
 * A rate limit that waiting within this run would not fix: the primary limit ran out, or a
 * secondary limit asked for a longer wait than the run allows. Nothing is lost: a later run
 * plans again from what GitHub holds and finishes the job.
 */
export class RateLimitError extends Error {
  override name = 'RateLimitError';
  constructor(
    readonly kind: 'primary' | 'secondary',
    /** ISO time the limit lifts, when GitHub said. */
    readonly resetAt: string | null,
    /** How many planned writes were not made. */
    public undone: number,
    options?: { cause?: unknown },
  ) {
    super(RateLimitError.describe(kind, resetAt, undone), options);
  }

  static describe(kind: 'primary' | 'secondary', resetAt: string | null, undone: number): string {
    const what = kind === 'primary' ? 'The GitHub API rate limit ran out' : 'GitHub asked to slow down for longer than this run waits';
    const when = resetAt ? `; it resets at ${resetAt}` : '';
    const left = undone > 0 ? ` ${undone} planned change${undone === 1 ? ' was' : 's were'} not made;` : '';
    return `${what}${when}.${left} run sync again after that and it finishes the job.`;
  }

  /** Updates the count once the caller knows how much was left. */
  withUndone(undone: number): RateLimitError {
    this.undone = undone;
    this.message = RateLimitError.describe(this.kind, this.resetAt, undone);
    return this;
  }
}

export function rateLimitErrorFrom(error: unknown, undone = 0): RateLimitError | null {
  if (isPrimaryRateLimit(error)) {
    const reset = Number(header(error, 'x-ratelimit-reset'));
    return new RateLimitError('primary', Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString() : null, undone, { cause: error });
  }
  if (isSecondaryRateLimit(error)) {
    const after = Number(header(error, 'retry-after'));
    const date = header(error, 'date');
    const base = date ? Date.parse(date) : NaN;
    const resetAt = Number.isFinite(after) && Number.isFinite(base) ? new Date(base + after * 1000).toISOString() : null;
    return new RateLimitError('secondary', resetAt, undone, { cause: error });
  }
  return null;
}

/**
 * Turns the failures no later operation can get past into a typed error saying what to do;
 * returns null for a failure of this one operation only.
 */
export function fatalErrorFrom(error: unknown, context: { repo: string; action: string; permission: Permission }): Error | null {
  const limited = rateLimitErrorFrom(error);
  if (limited) return limited;
  if (error instanceof UnreachableError) return error;
  if (isNotAccessible(error)) return new PermissionError(context.permission, context.action, { cause: error });
  if (httpStatus(error) === 401) {
    return new Error('GitHub rejected the token (401 Bad credentials). Check that the token is valid and not expired.', { cause: error });
  }
  return null;
}
