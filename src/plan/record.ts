// What the tool last wrote besides the text, kept as short hashes in the hidden marker (`wrote`).
// Three-way rule for title, labels and assignees: when the config still says what the record says,
// a different current value is a person's change and is kept; when the config changed since the
// last write, the config's new value is applied (labels and assignees are only ever added).
import { createHash } from 'node:crypto';
import type { MarkerRecord } from './marker.js';

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 10);
}

/** Lists compare as sets, case-insensitively: GitHub treats label names and logins that way. */
function listKey(values: readonly string[]): string {
  return [...new Set(values.map((v) => v.toLowerCase()))].sort().join('\n');
}

export function titleHash(title: string): string {
  return shortHash(title);
}

export function listHash(values: readonly string[]): string {
  return shortHash(listKey(values));
}

export function issueRecord(title: string, labels: readonly string[], assignees: readonly string[]): MarkerRecord {
  return { title: titleHash(title), labels: listHash(labels), assignees: listHash(assignees) };
}

export function milestoneRecord(title: string): MarkerRecord {
  return { title: titleHash(title) };
}

export function sameRecord(a: MarkerRecord | undefined, b: MarkerRecord): boolean {
  return a !== undefined && a.title === b.title && a.labels === b.labels && a.assignees === b.assignees;
}
