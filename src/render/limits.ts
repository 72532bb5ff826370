// GitHub's size limits, applied before anything is sent so a long template never ends in a 422.
import { withMarker } from '../plan/marker.js';
import type { Marker } from '../plan/marker.js';

/** Issue, comment and pull request bodies: at most 65,536 characters. */
export const BODY_LIMIT = 65_536;
export const TITLE_LIMIT = 256;
export const LABEL_DESCRIPTION_LIMIT = 100;

/**
 * A template file larger than this is refused unread: what it renders must fit in BODY_LIMIT, so a
 * file this size is a mistake (or not a template at all).
 */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/**
 * The content with its marker appended, cut to `limit` characters when it is longer. The cut keeps
 * the marker (it is the object's identity) and says that text was left out. JavaScript lengths
 * count UTF-16 units, which is never less than the characters GitHub counts, so the result fits.
 */
export function withMarkerWithinLimit(content: string, marker: Omit<Marker, 'v' | 'digest'>, limit: number = BODY_LIMIT): string {
  const full = withMarker(content, marker);
  if (full.length <= limit) return full;
  const note = `\n\n> [!NOTE]\n> The rest of this text was cut: GitHub allows at most ${groupThousands(limit)} characters here.`;
  const overhead = withMarker('x', marker).length - 1;
  const cut = cutText(content, Math.max(0, limit - overhead - note.length)).trimEnd();
  return withMarker(cut + note, marker);
}

/** At most `max` UTF-16 units, never splitting a surrogate pair; with "…" when shortened. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutText(text, max - 1)}…`;
}

function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
