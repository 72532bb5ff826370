// An `issues` event the sync answers by reading only the stages it can have moved: a task closed
// or reopened (see src/commands/sync/read-event.ts). Every other event, and a run asked to
// re-plan, reads the whole project.
import { toCurrentIssue, type ApiIssue } from '../../github/issues.js';
import { isScopedEvent } from './event-kind.js';
import type { SyncEvent } from './types.js';

/**
 * How far back the run looks for changes besides the event's own issue. GitHub keeps one pending
 * run per concurrency group and drops the others, so the run that does execute answers for the
 * events whose runs were dropped: they happened while the run before it was queued or running,
 * which takes minutes. An hour covers a slow queue; the daily run reads everything whatever happened.
 */
export const EVENT_WINDOW_MS = 60 * 60 * 1000;

export function syncEventOf(eventName: string, payload: Record<string, unknown>, replan: boolean, now = Date.now()): SyncEvent | undefined {
  if (!isScopedEvent(eventName, payload, replan)) return undefined;
  const issue = payload.issue as ApiIssue & { updated_at?: string };
  // GitHub's own time of the event, not the runner's clock: the window is counted on GitHub's.
  const updated = Date.parse(issue.updated_at ?? '');
  const anchor = Number.isFinite(updated) ? updated : now;
  const repository = payload.repository as { html_url?: unknown } | undefined;
  const htmlUrl = typeof repository?.html_url === 'string' ? repository.html_url : undefined;
  return { issue: toCurrentIssue(issue), since: new Date(anchor - EVENT_WINDOW_MS).toISOString(), ...(htmlUrl ? { htmlUrl } : {}) };
}
