// The hidden marker that gives every object this tool writes its identity:
//   <!-- lifecycle-action {"v":1,"kind":"task","stage":"fine-tuning","task":"curate-dataset","digest":"…"} -->
// Objects are found by this marker, never by title.
import { createHash } from 'node:crypto';

export type MarkerKind = 'stage' | 'stage-issue' | 'task' | 'guide' | 'dashboard' | 'transition';

/**
 * What the tool last wrote besides the text: short hashes of the title, labels and assignees, a
 * milestone's due date and the number of the milestone an issue was put in ("none" for none). A
 * field whose current value differs while the config still says what the record says was changed
 * by a person, and is left alone; see src/plan/record.ts.
 */
export interface MarkerRecord {
  title?: string;
  labels?: string;
  assignees?: string;
  due?: string;
  milestone?: string;
  /**
   * On a stage issue or milestone: "closed" once the tool closed it because its stage was done (so
   * an open one with this record was reopened by a person, and one closed without it was closed by a
   * person). On a stage issue, `unlocked` is "1" once the "can start" comment was posted.
   */
  state?: string;
  unlocked?: string;
}

export interface Marker {
  v: 1;
  kind: MarkerKind;
  stage?: string;
  task?: string;
  digest?: string;
  wrote?: MarkerRecord;
  /** On a transition comment: which transition it announces, e.g. "done:2027-01-05T10:00:00Z". */
  event?: string;
  /**
   * What a dashboard keeps that GitHub's state cannot give back (see src/forecast/record.ts): plain
   * JSON here, checked by the one module that reads it.
   */
  keep?: Readonly<Record<string, unknown>>;
}

const PREFIX = '<!-- lifecycle-action ';
const CLOSE = '} -->';

interface Found {
  start: number;
  end: number;
  json: string;
}

/**
 * The markers in `text`, first to last, as /<!-- lifecycle-action (\{[^\n]*?\}) -->/g finds them:
 * the prefix, a "{", and the first "} -->" after it on the same line. Comments and issue bodies
 * are written by people, so this runs in linear time: the regular expression rescans the rest of
 * the line from every prefix, which is quadratic on a line made of prefixes. The next "} -->" and
 * the next line break are each looked up once and reused for every prefix before them.
 */
function* markers(text: string): Generator<Found> {
  let close = -2;
  let newline = -2;
  for (let at = text.indexOf(PREFIX); at !== -1; ) {
    const open = at + PREFIX.length;
    if (text[open] !== '{') {
      at = text.indexOf(PREFIX, at + 1);
      continue;
    }
    if (close !== -1 && close < open + 1) close = text.indexOf(CLOSE, open + 1);
    if (close === -1) return;
    if (newline !== -1 && newline < open) newline = text.indexOf('\n', open);
    if (newline === -1 || close < newline) {
      const end = close + CLOSE.length;
      yield { start: at, end, json: text.slice(open, close + 1) };
      at = text.indexOf(PREFIX, end);
    } else {
      // Every other prefix on this line ends at the same "} -->", past the same line break.
      at = text.indexOf(PREFIX, newline);
    }
  }
}

function findMarker(text: string): Found | null {
  for (const found of markers(text)) return found;
  return null;
}

/** Ids are slugs, so the JSON can never contain "-->"; escape '<' and '>' anyway so it never could. */
export function formatMarker(marker: Marker): string {
  let json = JSON.stringify(marker);
  if (json.includes('<') || json.includes('>')) json = json.replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  return `${PREFIX}${json} -->`;
}

export function parseMarker(text: string | null | undefined): Marker | null {
  if (!text) return null;
  const found = findMarker(text);
  if (!found) return null;
  try {
    const value = JSON.parse(found.json) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const obj = value as Record<string, unknown>;
    if (obj.v !== 1 || typeof obj.kind !== 'string') return null;
    if (!['stage', 'stage-issue', 'task', 'guide', 'dashboard', 'transition'].includes(obj.kind)) return null;
    const marker: Marker = { v: 1, kind: obj.kind as MarkerKind };
    if (typeof obj.stage === 'string') marker.stage = obj.stage;
    if (typeof obj.task === 'string') marker.task = obj.task;
    if (typeof obj.digest === 'string') marker.digest = obj.digest;
    if (typeof obj.event === 'string') marker.event = obj.event;
    const wrote = readRecord(obj.wrote);
    if (wrote) marker.wrote = wrote;
    if (typeof obj.keep === 'object' && obj.keep !== null && !Array.isArray(obj.keep)) marker.keep = obj.keep as Record<string, unknown>;
    return marker;
  } catch {
    return null;
  }
}

function readRecord(value: unknown): MarkerRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const obj = value as Record<string, unknown>;
  const record: MarkerRecord = {};
  for (const key of ['title', 'labels', 'assignees', 'due', 'milestone', 'state', 'unlocked'] as const) {
    const field = obj[key];
    if (typeof field === 'string') record[key] = field;
  }
  return record;
}

/** Replaces the marker in `text` (or appends one on its own last line), leaving every other character as it was. */
export function setMarker(text: string, marker: Marker): string {
  const line = formatMarker(marker);
  const found = findMarker(text);
  if (found) return `${text.slice(0, found.start)}${line}${text.slice(found.end)}`;
  const body = text.trimEnd();
  return body === '' ? `${line}\n` : `${body}\n\n${line}\n`;
}

/** Text with any marker line removed: what a person sees and what the digest covers. */
export function stripMarker(text: string): string {
  let kept = '';
  let from = 0;
  for (const { start, end } of markers(text)) {
    // With the line breaks around it, as /\n?<marker>\n?/g would take them.
    const cut = start > from && text[start - 1] === '\n' ? start - 1 : start;
    kept += text.slice(from, cut);
    from = text[end] === '\n' ? end + 1 : end;
  }
  kept += text.slice(from);
  return kept.replace(/\r\n/g, '\n').trimEnd();
}

/** Task-list boxes as unticked: ticking a box is progress, not an edit of the text. */
export function untickAll(text: string): string {
  if (!/\[[xX]\]/.test(text)) return text;
  // The same boxes as /^(\s*[-*+] )\[[xX]\]/gm, whose \s* runs across line breaks and so rescans
  // every following blank line from each line start: start at the last line break instead.
  return text.replace(/(^|[\n\r\u2028\u2029])([^\S\n\r\u2028\u2029]*[-*+] )\[[xX]\]/g, '$1$2[ ]');
}

/**
 * Short stable hash of the text the tool wrote: marker excluded, line endings normalized and
 * checkboxes unticked, so a person ticking boxes is not mistaken for a person editing the text.
 */
export function digest(text: string): string {
  return createHash('sha256').update(untickAll(stripMarker(text)), 'utf8').digest('hex').slice(0, 16);
}

/** Appends the marker, with the digest of `content`, on its own last line. */
export function withMarker(content: string, marker: Omit<Marker, 'v' | 'digest'>): string {
  const body = stripMarker(content);
  return `${body}\n\n${formatMarker({ v: 1, ...marker, digest: digest(body) })}\n`;
}
