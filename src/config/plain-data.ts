// The data of a plain lifecycle.yml, read without building a tree of the file. The `yaml` package
// holds an object for every token and every node while it parses (about 85 MB for a 0.8 MiB file);
// js-yaml builds the data and nothing else. It is used only where it cannot differ from the `yaml`
// package with the options load.ts gives it: for anything else, or any doubt, the answer is "ask
// the full parse", which also finds every problem and its position. Doubt costs time, never a
// different result.
import { Schema, Type, load } from 'js-yaml';
import type { LoaderState } from 'js-yaml';

// YAML 1.2 core schema, as the `yaml` package resolves plain scalars (its schema/core/*.js): the
// same patterns, in the same order, turned into the same values. Quoted scalars stay strings.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const MERGE = /^<<$/;

// Each tag's patterns in the `yaml` package's order; the first that matches gives the value. No two
// tags' patterns match the same text, so the order between tags does not matter (js-yaml keeps
// one type per tag). `could` rules a scalar out on its length or first character, before any
// pattern runs: most scalars in a config are words, tested against every tag.
type Resolver = readonly [RegExp, (source: string) => unknown];

// Only implicit resolution: js-yaml calls `resolve` with a second argument for an explicit tag,
// which a plain file never has (tags are sent to the full parse before this one runs).
function implicit(tag: string, could: (source: string) => boolean, resolvers: readonly Resolver[]): Type {
  const find = (source: string) => (could(source) ? resolvers.find(([test]) => test.test(source)) : undefined);
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (source, explicitTag) => explicitTag === undefined && find(source) !== undefined,
    construct: (source) => find(source)?.[1](source),
  });
}

// A number starts with a digit, a sign or a dot.
const NUMBER_START = /^[-+.0-9]/;

const CORE_SCHEMA = new Schema({
  implicit: [
    implicit('null', (s) => s.length <= 4, [[NULL, () => null]]),
    implicit('bool', (s) => s.length === 4 || s.length === 5, [[BOOL, (s) => s[0] === 't' || s[0] === 'T']]),
    implicit('int', (s) => NUMBER_START.test(s), [
      [INT_OCT, (s) => parseInt(s.substring(2), 8)],
      [INT, (s) => parseInt(s, 10)],
      [INT_HEX, (s) => parseInt(s.substring(2), 16)],
    ]),
    implicit('float', (s) => NUMBER_START.test(s), [
      [FLOAT_NAN, (s) => (s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY)],
      [FLOAT_EXP, (s) => parseFloat(s)],
      [FLOAT, (s) => parseFloat(s)],
    ]),
    // js-yaml merges a mapping under a key of this tag; the value "<<" stays the string.
    implicit('merge', (s) => s.length === 2, [[MERGE, (s) => s]]),
  ],
});

/**
 * What a file may not contain for the data-only parse to be taken, found on the text alone. Each
 * part also matches where it means nothing (inside quotes, say), which only costs time.
 * - an anchor, alias or tag (`&`, `*`, `!` where a node starts: at a line start, after `[`, `{`
 *   or `,`, after `-`, `?` or `:` and a space, or after a quoted or flow key and `:`): alias
 *   limits, unresolved aliases and tag warnings are the full parse's;
 * - a directive (`%` at a line start);
 * - a tab anywhere: the `yaml` package rejects tabs as indentation where js-yaml does not always;
 * - a carriage return not followed by a line feed: a line break for js-yaml, not for `yaml`;
 * - a block scalar's indentation indicator (`|2`): the two count it from different columns;
 * - an empty sequence entry (`-` ending a line): js-yaml accepts the next line at any indentation;
 * - `---` or `...` at a line start followed by anything but a space: js-yaml takes it as a marker;
 * - a byte order mark past the start, which the `yaml` package skips and js-yaml keeps.
 */
const UNUSUAL = /(?:^|[[{,]|["'\]}]:|[-?:] )[ ]*[&*!]|^%|\t|\r(?!\n)|[|>][-+]?[1-9]|(?:^| )-[ ]*(?:#.*)?\r?$|^(?:---|\.\.\.)[^ \r\n]|\uFEFF/m;

/**
 * `#` right after a quote, a flow indicator or `:`. The `yaml` package requires a space before a
 * comment, js-yaml does not always: a file where js-yaml took one of these as a comment has fewer
 * of them in its data than in its text. Inline templates (`{{#if}}`) hold them as content.
 */
const GLUED_HASH = /[\]}"',[{:]#/g;

/** The `yaml` package rejects an implicit key over 1,024 characters; a line that long is rare. */
const MAX_LINE = 1024;

/**
 * The file's data as the `yaml` package's `parseDocument(text, { version: '1.2', merge: true,
 * uniqueKeys: true }).toJS()` gives it, for a file in which that parse reports nothing; null when
 * that cannot be vouched for (the file has problems, or uses something only the full parse handles).
 */
export function readPlainData(text: string): { value: unknown } | null {
  if (UNUSUAL.test(text) || hasLongLine(text)) return null;
  // Every mapping and sequence js-yaml builds; each must end up in the data. One that does not was
  // a key (the `yaml` package writes such a key as YAML text, js-yaml as "a,b") or a merge source.
  const collections: unknown[] = [];
  let warned = false;
  let value: unknown;
  try {
    value = load(text, {
      schema: CORE_SCHEMA,
      onWarning: () => {
        warned = true;
      },
      listener: (event: 'open' | 'close', state: LoaderState) => {
        if (event === 'close' && (state.kind === 'mapping' || state.kind === 'sequence')) collections.push(state.result);
      },
    });
  } catch {
    return null;
  }
  if (warned) return null;
  // An empty document: js-yaml says undefined or null, `yaml` null.
  if (value === undefined || value === null) return { value: null };
  // A config is a mapping. A scalar at the root is a mistake the full parse reports best, and the
  // two read a root block scalar's lines at column 0 differently.
  if (typeof value !== 'object') return null;
  const glued = count(GLUED_HASH, text);
  const tree = plainTree(value, new Set(collections), glued > 0);
  return tree !== null && tree.glued === glued ? { value } : null;
}

function hasLongLine(text: string): boolean {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    if (stop - start > MAX_LINE) return true;
    start = stop + 1;
  }
  return false;
}

function count(pattern: RegExp, text: string): number {
  let found = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) found++;
  return found;
}

/**
 * Null unless every collection js-yaml closed is reached from the root exactly once and no mapping
 * has the key "null" (the `yaml` package writes a null key as "", js-yaml as "null") or "<<" (left
 * by a merge js-yaml did not do, or quoted: rare, so not told apart). `glued` counts GLUED_HASH in
 * keys and strings, when asked. Long strings are replaced by copies of their own (see ownCopy).
 */
function plainTree(root: object, closed: Set<unknown>, countGlued: boolean): { glued: number } | null {
  let glued = 0;
  const visit = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    if (countGlued) glued += count(GLUED_HASH, value);
    return ownCopy(value);
  };
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (!closed.delete(node)) return null;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) pending.push((node[i] = visit(node[i])));
    } else {
      const map = node as Record<string, unknown>;
      for (const key of Object.keys(map)) {
        if (key === 'null' || key === '<<') return null;
        if (countGlued) glued += count(GLUED_HASH, key);
        pending.push((map[key] = visit(map[key])));
      }
    }
  }
  return closed.size === 0 ? { glued } : null;
}

/**
 * js-yaml reads from its own copy of the whole text, and a long string it returns is a slice of that
 * copy (V8 slices strings of 13 characters and more), which keeps the copy alive as long as the
 * data: a second copy of the file beside the one positions are found in. A string built anew holds
 * only its own characters.
 */
function ownCopy(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}
