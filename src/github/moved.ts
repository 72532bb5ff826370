// An issue transferred to another repository answers 301 with its new address. Following that
// on a write would edit an issue this repository no longer holds (and a POST would silently turn
// into a GET), so writes to an issue ask not to be redirected and turn a 301 into an error of that
// one operation: the run goes on and reports it.

/** Passed as `request` on writes to an issue. */
export const NO_REDIRECT = { redirect: 'manual' as const };

export class IssueMovedError extends Error {
  override name = 'IssueMovedError';
  readonly status = 301;
  constructor(
    readonly number: number,
    readonly location: string | null,
  ) {
    super(`issue #${number} was transferred to another repository${location ? ` (${location})` : ''}; it is left alone there`);
  }
}

/** Throws IssueMovedError for a redirect answer; passes any other through. */
export function refuseRedirect(response: { status: number; headers: Record<string, unknown> }, number: number): void {
  if (response.status < 300 || response.status >= 400) return;
  const location = response.headers.location;
  throw new IssueMovedError(number, typeof location === 'string' ? location : null);
}
