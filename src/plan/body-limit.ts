// GitHub refuses an issue body, a comment or a milestone description longer than 65,536 characters
// (422 "body is too long"). Every such text this tool writes goes through fitWithMarker() or
// fitText() once its final marker is known, so the limit holds for the text as sent, marker and all.
//
// Unit: lengths here are JavaScript lengths, UTF-16 code units. GitHub counts characters (Unicode
// code points); a code point is one or two units, so a text within the limit here is within
// GitHub's, and within the emulator's, which counts as GitHub does.
import { digest, formatMarker, stripMarker } from './marker.js';
import type { Marker } from './marker.js';

export const BODY_LIMIT = 65_536;

/** A marker before its digest is known: the digest is computed from the text that is kept. */
export type MarkerFields = Omit<Marker, 'v' | 'digest'>;

const DIGEST_PLACEHOLDER = '0'.repeat(16);

/**
 * `content` (any marker in it removed) followed by `marker` on its own last line, with the digest
 * of the visible text as written. When that is longer than `limit`, the content is cut at the end
 * of a line and a note says that text was left out; the marker is always kept whole, since it is
 * the object's identity.
 */
export function fitWithMarker(content: string, marker: MarkerFields, limit: number = BODY_LIMIT): string {
  const visible = stripMarker(content);
  const whole = compose(visible, marker);
  if (whole.length <= limit) return whole;
  const room = compose('', marker, DIGEST_PLACEHOLDER).length;
  return compose(cutWithNote(visible, limit - room, limit), marker);
}

/** Text without a marker (a comment saying why an issue was closed), cut the same way. */
export function fitText(content: string, limit: number = BODY_LIMIT): string {
  if (content.length <= limit) return content;
  return cutWithNote(content.trimEnd(), limit, limit);
}

/** Whether `text`, exactly as it would be sent, is within `limit`. */
export function fits(text: string, limit: number = BODY_LIMIT): boolean {
  return text.length <= limit;
}

// Keys in the order the tool has always written them, so an unchanged text compares equal.
function compose(visible: string, marker: MarkerFields, digestText: string = digest(visible)): string {
  const { wrote, ...identity } = marker;
  return `${visible}\n\n${formatMarker({ v: 1, ...identity, digest: digestText, ...(wrote ? { wrote } : {}) })}\n`;
}

export function cutNote(limit: number): string {
  return `\n\n> [!NOTE]\n> The rest of this text was cut: GitHub allows at most ${groupThousands(limit)} characters here.`;
}

/** The start of `text` that fits in `budget` together with the cut note, then the note. */
function cutWithNote(text: string, budget: number, limit: number): string {
  const note = cutNote(limit);
  return `${cutAtLine(text, budget - note.length)}${note}`;
}

/**
 * At most `max` units of `text`, ending at a line end where there is one in the second half of what
 * fits (else at a character), never inside a surrogate pair. A code fence left open is closed, so
 * the note is not shown as code; an HTML comment left open is dropped, so it does not hide the note.
 */
export function cutAtLine(text: string, max: number): string {
  if (text.length <= max) return text;
  for (let budget = Math.max(0, max); ; ) {
    let kept = cutAtChar(text, budget);
    const newline = kept.lastIndexOf('\n');
    if (newline >= budget / 2) kept = kept.slice(0, newline);
    const comment = kept.lastIndexOf('<!--');
    if (comment !== -1 && kept.indexOf('-->', comment) === -1) kept = kept.slice(0, comment);
    kept = kept.trimEnd();
    const fence = openFence(kept);
    const closed = fence === null ? kept : `${kept}\n${fence}`;
    if (closed.length <= max || budget === 0) return closed.length <= max ? closed : '';
    budget = Math.max(0, budget - (closed.length - max));
  }
}

function cutAtChar(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The fence that closes a fenced code block still open at the end of `text`, or null. */
function openFence(text: string): string | null {
  let open: string | null = null;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (!m?.[1]) continue;
    const run = m[1];
    if (open === null) open = run;
    else if (run[0] === open[0] && run.length >= open.length && line.trim() === run) open = null;
  }
  return open;
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
