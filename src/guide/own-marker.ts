// Where the guide comment's marker is, and the only place it is read from. The tool writes it as
// the comment's last line, at column 0, after a blank line, outside any code block (withMarker, and
// closeOpenFence before it). A marker anywhere else is a person's text: quoted (`> <!-- … -->`), in
// a fenced or indented code block, or in the middle of a comment that goes on after it. Such a
// comment is not a guide comment, whoever wrote it, so it is never adopted, edited or deleted.
import { parseMarker, type Marker } from '../plan/marker.js';

const MARKER_LINE = /^<!-- lifecycle-action \{[^\n]*\} -->$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

interface Fence {
  char: string;
  length: number;
  line: string;
}

/** The fenced code block still open after these lines (CommonMark's rules, top level), or null. */
function openFenceAfter(lines: readonly string[]): Fence | null {
  let open: Fence | null = null;
  for (const line of lines) {
    const m = FENCE.exec(line);
    if (!m) continue;
    const run = m[1]!;
    const rest = m[2]!;
    if (open === null) {
      // A backtick fence's info string cannot hold a backtick: "```js`" is inline code, not a fence.
      if (run.startsWith('`') && rest.includes('`')) continue;
      open = { char: run[0]!, length: run.length, line };
    } else if (run[0] === open.char && run.length >= open.length && rest.trim() === '') {
      open = null;
    }
  }
  return open;
}

/** `text` with a fenced code block left open at its end closed, so what follows is not code. */
export function closeOpenFence(text: string): string {
  const open = openFenceAfter(text.replace(/\r\n?/g, '\n').split('\n'));
  if (!open) return text;
  return `${text.replace(/\s+$/, '')}\n${open.char.repeat(open.length)}`;
}

/** The guide comment's marker when it is where the tool writes it; null otherwise. */
export function trailingGuideMarker(body: string | null | undefined): Marker | null {
  if (!body) return null;
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const last = lines.pop();
  if (last === undefined || !MARKER_LINE.test(last.trimEnd())) return null;
  const before = lines[lines.length - 1];
  if (before !== undefined && before.trim() !== '') return null;
  if (openFenceAfter(lines)) return null;
  const marker = parseMarker(last);
  return marker?.kind === 'guide' ? marker : null;
}
