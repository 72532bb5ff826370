// What the tool last wrote besides the text, kept in the hidden marker (`wrote`).
// Three-way rule for title, labels, assignees and due date: when the config still says what the
// record says, a different current value is a person's change and is kept; when the config changed
// since the last write, the config's new value is applied (labels and assignees are only ever
// added). An issue's milestone is recorded as the number the applier sent, since a milestone made
// in the same run has no number before it is written (see recordMilestone).
import { fitWithMarker, fits } from './body-limit.js';
import { digest, parseMarker, setMarker, stripMarker } from './marker.js';
import type { MarkerRecord } from './marker.js';

// FNV-1a, twice with different offsets: these hashes only tell "same as last written" from
// "changed", over short strings, for every issue on every run. They guard nothing (anyone who can
// edit an issue can edit its marker), so speed wins over a cryptographic hash here.
function fnv1a(text: string, offset: number): string {
  let hash = offset;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function shortHash(text: string): string {
  return `${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x01000193).slice(0, 4)}`;
}

/** Lists compare as sets, case-insensitively: GitHub treats label names and logins that way. */
function listKey(values: readonly string[]): string {
  return [...new Set(values.map((v) => v.toLowerCase()))].sort().join('\n');
}

export function titleHash(title: string): string {
  return shortHash(title);
}

// Most issues share a handful of label and assignee lists; hash each distinct list once.
const listHashes = new Map<string, string>();

export function listHash(values: readonly string[]): string {
  const raw = values.join('\n');
  let hash = listHashes.get(raw);
  if (hash === undefined) {
    hash = shortHash(listKey(values));
    if (listHashes.size > 10_000) listHashes.clear();
    listHashes.set(raw, hash);
  }
  return hash;
}

export function issueRecord(title: string, labels: readonly string[], assignees: readonly string[]): MarkerRecord {
  return { title: titleHash(title), labels: listHash(labels), assignees: listHash(assignees) };
}

/** A due date as the record keeps it: the date itself (short already), or "none". */
export function dueKey(date: string | null): string {
  return date ?? 'none';
}

export function milestoneRecord(title: string, due: string | null): MarkerRecord {
  return { title: titleHash(title), due: dueKey(due) };
}

/** A milestone number as the record keeps it, or "none" for an issue left without a milestone. */
export function milestoneKey(number: number | null): string {
  return number === null ? 'none' : String(number);
}

const RECORD_KEYS = ['title', 'labels', 'assignees', 'due', 'milestone'] as const;

export function sameRecord(a: MarkerRecord | undefined, b: MarkerRecord): boolean {
  return a !== undefined && RECORD_KEYS.every((key) => a[key] === b[key]);
}

/**
 * `body` with the milestone it is being put in (a number, or null for none) added to its marker's
 * record. The applier calls this as it sends the milestone, since only it knows the number of a
 * milestone created in the same run; a body without a marker is returned as it is.
 */
export function recordMilestone(body: string, milestone: number | null): string {
  const marker = parseMarker(body);
  if (marker === null) return body;
  const key = milestoneKey(milestone);
  if (marker.wrote?.milestone === key) return body;
  const wrote = { ...marker.wrote, milestone: key };
  const recorded = setMarker(body, { ...marker, wrote });
  if (fits(recorded)) return recorded;
  // The longer record would push the text past GitHub's limit. The tool's own text (its digest
  // still matches) is fitted again, record and all; a person's text is never cut, so it goes
  // without the record, and the next run reads a missing record as "in its stage's milestone".
  const visible = stripMarker(body);
  if (marker.digest !== digest(visible)) return body;
  const { v: _v, digest: _digest, ...fields } = marker;
  return fitWithMarker(visible, { ...fields, wrote });
}
