// The `yaml` package writes a document back from its nodes: comments, key order, quoting and blank
// lines survive, but not every byte (extra spaces before a comment, a flow list spread over lines,
// escapes in double quotes). So the merged document is not written as the package prints it:
// printing the team's document unchanged gives a "round trip" text, and the lines where the merged
// print differs from the round trip are the merge's changes. Those changes are laid over the team's
// own text; everywhere else the team's lines are kept as they were.
import { parseDocument } from 'yaml';
import type { ToStringOptions } from 'yaml';
import { same } from './same.js';

const MAX_CELLS = 4_000_000;

/** Printing options close to the team's file, so the lines the merge writes sit well among theirs. */
export function outputOptions(text: string): ToStringOptions {
  const lines = text.split('\n');
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  for (let i = 0; i + 1 < lines.length && (indent === undefined || indentSeq === undefined); i++) {
    const m = /^(\s*)[^\s#-][^:#]*:\s*(?:#.*)?$/.exec(lines[i] ?? '');
    if (!m) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
    if (next === undefined) break;
    const inner = (/^\s*/.exec(next)?.[0].length ?? 0) - (m[1]?.length ?? 0);
    if (/^-(\s|$)/.test(next.trimStart())) indentSeq ??= inner > 0;
    else if (inner > 0) indent ??= inner;
  }
  return { lineWidth: 0, flowCollectionPadding: /\[ \S/.test(text), indent: indent ?? 2, indentSeq: indentSeq ?? true };
}

/**
 * The team's text with the merge's changes: `roundTrip` is the team's document printed unchanged,
 * `merged` the merged document printed the same way. Falls back to `merged` whenever laying the
 * changes over would not read back as the merged document.
 */
export function keepFormat(original: string, roundTrip: string, merged: string): string {
  const o = original.split('\n');
  const r = roundTrip.split('\n');
  const m = merged.split('\n');
  const toOriginal = matchLines(r, o);
  const toMerged = matchLines(r, m);
  if (toOriginal === null || toMerged === null) return merged;
  const out: string[] = [];
  let oAt = 0;
  let mAt = 0;
  let rAt = 0;
  const flush = (rEnd: number, oEnd: number, mEnd: number) => {
    const rChunk = r.slice(rAt, rEnd);
    const oChunk = o.slice(oAt, oEnd);
    const mChunk = m.slice(mAt, mEnd);
    out.push(...overlay(rChunk, oChunk, mChunk));
  };
  for (let i = 0; i < r.length; i++) {
    const oi = toOriginal[i] ?? -1;
    const mi = toMerged[i] ?? -1;
    if (oi < 0 || mi < 0) continue;
    flush(i, oi, mi);
    out.push(o[oi] ?? '');
    rAt = i + 1;
    oAt = oi + 1;
    mAt = mi + 1;
  }
  flush(r.length, o.length, m.length);
  const text = out.join('\n');
  return readsAs(text, merged) ? text : merged;
}

/** One stretch between lines all three share: the team's lines where the merge left them, the merge's otherwise. */
function overlay(r: readonly string[], o: readonly string[], m: readonly string[]): string[] {
  if (sameLines(r, m)) return [...o];
  let prefix = 0;
  while (prefix < r.length && prefix < m.length && r[prefix] === m[prefix]) prefix++;
  let suffix = 0;
  while (suffix < r.length - prefix && suffix < m.length - prefix && r[r.length - 1 - suffix] === m[m.length - 1 - suffix]) suffix++;
  // Lines only added (a new stage after the last one, a new key): the team's lines stay around them.
  if (prefix === r.length) return [...o, ...m.slice(prefix)];
  if (suffix === r.length) return [...m.slice(0, m.length - suffix), ...o];
  // Line for line the same shape (only spacing differs): keep the team's version of each line the merge kept.
  if (r.length === o.length) {
    const kept = new Map<string, string[]>();
    r.forEach((line, i) => kept.set(line, [...(kept.get(line) ?? []), o[i] ?? line]));
    return m.map((line) => kept.get(line)?.shift() ?? line);
  }
  return [...m];
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** Same data and same comments: the laid-over text says what the merged print says. */
function readsAs(text: string, merged: string): boolean {
  const a = parseDocument(text);
  const b = parseDocument(merged);
  if (a.errors.length > 0) return false;
  return same(a.toJS(), b.toJS()) && a.toString({ lineWidth: 0 }) === b.toString({ lineWidth: 0 });
}

/** For each line of `a`, the line of `b` it is matched with in a longest common subsequence, or -1. */
function matchLines(a: readonly string[], b: readonly string[]): Int32Array | null {
  const match = new Int32Array(a.length).fill(-1);
  // Most of a file is the same on both sides: only the stretch between the common start and end needs the table.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    match[start] = start;
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
    match[endA] = endB;
  }
  const n = endA - start;
  const m = endB - start;
  const w = m + 1;
  if ((n + 1) * w > MAX_CELLS) return null;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[start + i] === b[start + j] ? (lcs[(i + 1) * w + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * w + j] ?? 0, lcs[i * w + j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      match[start + i] = start + j;
      i++;
      j++;
    } else if ((lcs[(i + 1) * w + j] ?? 0) >= (lcs[i * w + j + 1] ?? 0)) i++;
    else j++;
  }
  return match;
}
