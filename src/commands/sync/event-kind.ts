// Which events a sync answers by reading only what they can have moved (src/commands/sync/event.ts).
// Its own module, importing nothing, because the Action's entry asks it before anything is loaded:
// a run that reads everything sends its first reads at once (src/github/early-reads.ts).

export function isScopedEvent(eventName: string, payload: Record<string, unknown>, replan: boolean): boolean {
  if (eventName !== 'issues' || replan) return false;
  if (payload.action !== 'closed' && payload.action !== 'reopened') return false;
  const issue = payload.issue as { number?: unknown; labels?: unknown } | undefined;
  return typeof issue?.number === 'number' && Array.isArray(issue.labels);
}
