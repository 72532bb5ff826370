// GitHub's size limits on what the renderer produces, applied before anything is sent so a long
// template never ends in a 422. Bodies and descriptions are fitted with their marker by
// fitWithMarker() (src/plan/body-limit.ts). Lengths are UTF-16 code units, never fewer than the
// characters GitHub counts, so what fits here fits there.
export { BODY_LIMIT } from '../plan/body-limit.js';

export const TITLE_LIMIT = 256;
export const LABEL_DESCRIPTION_LIMIT = 100;

/**
 * A template file larger than this is refused unread: what it renders must fit in BODY_LIMIT, so a
 * file this size is a mistake (or not a template at all).
 */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** At most `max` UTF-16 units, never splitting a surrogate pair; with "…" when shortened. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
