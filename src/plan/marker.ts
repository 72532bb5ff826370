// The hidden marker that gives every object this tool writes its identity:
//   <!-- lifecycle-action {"v":1,"kind":"task","stage":"fine-tuning","task":"curate-dataset","digest":"…"} -->
// Objects are found by this marker, never by title.
import { createHash } from 'node:crypto';

export type MarkerKind = 'stage' | 'task' | 'guide' | 'dashboard';

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
}

export interface Marker {
  v: 1;
  kind: MarkerKind;
  stage?: string;
  task?: string;
  digest?: string;
  wrote?: MarkerRecord;
}

const PREFIX = '<!-- lifecycle-action ';
const MARKER_RE = /<!-- lifecycle-action (\{[^\n]*?\}) -->/;
const MARKER_AT = /<!-- lifecycle-action (\{[^\n]*?\}) -->/y;

/**
 * The first marker in `text`, as MARKER_RE would find it. Searching for the prefix first lets the
 * regular expression run only where a marker starts, which matters on every body of a large plan.
 */
function findMarker(text: string): RegExpExecArray | null {
  for (let at = text.indexOf(PREFIX); at !== -1; at = text.indexOf(PREFIX, at + 1)) {
    MARKER_AT.lastIndex = at;
    const m = MARKER_AT.exec(text);
    if (m) return m;
  }
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
  const m = findMarker(text);
  if (!m || m[1] === undefined) return null;
  try {
    const value = JSON.parse(m[1]) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const obj = value as Record<string, unknown>;
    if (obj.v !== 1 || typeof obj.kind !== 'string') return null;
    if (!['stage', 'task', 'guide', 'dashboard'].includes(obj.kind)) return null;
    const marker: Marker = { v: 1, kind: obj.kind as MarkerKind };
    if (typeof obj.stage === 'string') marker.stage = obj.stage;
    if (typeof obj.task === 'string') marker.task = obj.task;
    if (typeof obj.digest === 'string') marker.digest = obj.digest;
    const wrote = readRecord(obj.wrote);
    if (wrote) marker.wrote = wrote;
    return marker;
  } catch {
    return null;
  }
}

function readRecord(value: unknown): MarkerRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const obj = value as Record<string, unknown>;
  const record: MarkerRecord = {};
  for (const key of ['title', 'labels', 'assignees', 'due', 'milestone'] as const) {
    const field = obj[key];
    if (typeof field === 'string') record[key] = field;
  }
  return record;
}

/** Replaces the marker in `text` (or appends one on its own last line), leaving every other character as it was. */
export function setMarker(text: string, marker: Marker): string {
  const line = formatMarker(marker);
  if (MARKER_RE.test(text)) return text.replace(MARKER_RE, () => line);
  const body = text.replace(/\s+$/, '');
  return body === '' ? `${line}\n` : `${body}\n\n${line}\n`;
}

/** Text with any marker line removed: what a person sees and what the digest covers. */
export function stripMarker(text: string): string {
  return text.replace(/\n?<!-- lifecycle-action \{[^\n]*?\} -->\n?/g, '').replace(/\r\n/g, '\n').trimEnd();
}

/** Task-list boxes as unticked: ticking a box is progress, not an edit of the text. */
export function untickAll(text: string): string {
  if (!/\[[xX]\]/.test(text)) return text;
  return text.replace(/^(\s*[-*+] )\[[xX]\]/gm, '$1[ ]');
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
