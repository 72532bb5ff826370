// A three-way merge of lifecycle.yml by meaning. `base` is what the preset wrote for the team,
// `theirs` what the preset writes now, `ours` the team's file. Stages and tasks are matched by
// `id`, lists of plain values (checklists, labels, paths) are merged as ordered sets, everything
// else by its path. The result is the team's own YAML document with the changes applied through
// the `yaml` Document API, then laid over the team's text line by line (keep-format.ts), so what
// the merge did not touch keeps its bytes.
import { LineCounter, Pair, Scalar, isAlias, isMap, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLMap, YAMLSeq } from 'yaml';
import { CONFLICT_MARK } from '../config/conflict-marks.js';
import { keepFormat, outputOptions } from './keep-format.js';
import { isRecord, same } from './same.js';

/** How a conflict is settled in the written file. `fail` is the caller's: it writes nothing. */
export type Resolution = 'mark' | 'ours' | 'theirs';

export type ConflictKind = 'both-changed' | 'both-renamed' | 'both-added' | 'deleted-by-ours' | 'deleted-by-theirs';

export const CONFLICT_WORDS: Readonly<Record<ConflictKind, string>> = {
  'both-changed': 'both changed',
  'both-renamed': 'both renamed',
  'both-added': 'both added',
  'deleted-by-ours': 'deleted here, changed in the new edition',
  'deleted-by-theirs': 'changed here, deleted in the new edition',
};

/** A step of a path by meaning: a key, or the stage / task with this id. */
export type MeaningStep = string | { id: string };

export interface MergeConflict {
  kind: ConflictKind;
  path: MeaningStep[];
  /** The path in words: `name of stage "scope"`. */
  where: string;
  /** The three values; undefined where the side has none. */
  base: unknown;
  ours: unknown;
  theirs: unknown;
  /** Where it is in ours (1-based): the value, or the nearest enclosing one when ours has none. */
  line: number;
  column: number;
}

export interface MergeInput {
  base: string;
  theirs: string;
  ours: string;
}

export interface MergeResult {
  /** The merged file; equal to `ours` when there is nothing to bring in. */
  text: string;
  conflicts: MergeConflict[];
}

export class MergeInputError extends Error {
  override name = 'MergeInputError';
}

const ABSENT: unique symbol = Symbol('absent');
type Value = unknown;

const PARSE = { version: '1.2', merge: true, uniqueKeys: true } as const;

export function mergeLifecycle(input: MergeInput, resolution: Resolution = 'mark'): MergeResult {
  const bom = input.ours.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = /\r\n/.test(input.ours);
  const ours = normalize(input.ours);
  const lineCounter = new LineCounter();
  const oursDoc = parse(ours, 'ours', lineCounter);
  const baseDoc = parse(normalize(input.base), 'base');
  const theirsDoc = parse(normalize(input.theirs), 'theirs');

  const options = outputOptions(ours);
  const roundTrip = oursDoc.toString(options);
  const merger = new Merger(oursDoc, lineCounter, resolution, commentLines(baseDoc), flatLines(ours));
  const top = merger.value([], oursDoc.contents, baseDoc.toJS() as Value, theirsDoc.toJS() as Value, theirsDoc.contents, 0);
  if (top.node !== oursDoc.contents) oursDoc.contents = top.node as typeof oursDoc.contents;
  const merged = oursDoc.toString(options);
  let text = merged === roundTrip ? ours : keepFormat(ours, roundTrip, merged);
  if (crlf) text = text.replace(/\n/g, '\r\n');
  return { text: bom + text, conflicts: merger.conflicts };
}

function normalize(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}

function parse(text: string, which: string, lineCounter?: LineCounter): Document.Parsed {
  const doc = parseDocument(text, { ...PARSE, ...(lineCounter ? { lineCounter } : {}) });
  const error = doc.errors[0];
  if (error) throw new MergeInputError(`${which}: ${error.message.split('\n')[0] ?? error.message}`);
  return doc;
}

function flatLines(text: string): string {
  return text.split('\n').map((line) => line.trim()).join('\n');
}

/** Every comment line of a document, trimmed: what the preset itself wrote. */
function commentLines(doc: Document): Set<string> {
  const lines = new Set<string>();
  const add = (comment: string | null | undefined) => {
    if (comment) for (const line of comment.split('\n')) lines.add(line.trim());
  };
  add(doc.commentBefore);
  add(doc.comment);
  visit(doc, {
    Node(_key, node) {
      add(node.commentBefore);
      add(node.comment);
    },
  });
  return lines;
}

interface Outcome {
  /** What goes in place: ours' node (perhaps changed), a new node, or null for nothing. */
  node: Node | null;
  /** A conflict comment to put before it (or where it would be). */
  mark?: string;
}

type ListKind = 'keyed' | 'set' | 'atomic';

class Merger {
  readonly conflicts: MergeConflict[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
    private readonly resolution: Resolution,
    private readonly presetComments: ReadonlySet<string>,
    /** Ours' lines without indentation, to see a mark an earlier upgrade left (wherever the parser put it). */
    private readonly oursFlat: string,
  ) {}

  /**
   * Merges one value. `node` is ours (null when ours has none), `base` and `theirs` plain values
   * (ABSENT when missing), `theirsNode` the node theirs wrote it with, `near` an offset in ours for
   * messages when ours has no node.
   */
  value(path: MeaningStep[], node: Node | null, base: Value, theirs: Value, theirsNode: unknown, near: number): Outcome {
    const ours = node === null ? ABSENT : this.js(node);
    if (same(ours, theirs)) return { node };
    if (node !== null && isAlias(node)) {
      if (same(theirs, base)) return { node };
      // Changing what an alias shows must not change the anchor it points at: write a copy.
      node = this.copyOf(node);
    }
    const at = node?.range?.[0] ?? near;
    if (node !== null && isMap(node) && isRecord(theirs)) {
      return this.map(path, node, isRecord(base) ? base : {}, theirs, isMap(theirsNode) ? theirsNode : null);
    }
    if (node !== null && isSeq(node) && Array.isArray(theirs) && Array.isArray(ours)) {
      const kind = listKind(path, [ours, theirs, Array.isArray(base) ? base : []]);
      const baseList = Array.isArray(base) ? base : [];
      const theirsSeq = isSeq(theirsNode) ? theirsNode : null;
      if (kind === 'keyed') return this.keyed(path, node, baseList, theirs, theirsSeq);
      if (kind === 'set') return { node: this.set(node, baseList, theirs, theirsSeq) };
    }
    if (same(ours, base)) return this.takeTheirs(node, theirs, theirsNode);
    if (same(theirs, base)) return { node };
    return this.conflict(path, node, base, ours, theirs, theirsNode, at);
  }

  private map(path: MeaningStep[], node: YAMLMap, base: Record<string, unknown>, theirs: Record<string, unknown>, theirsMap: YAMLMap | null): Outcome {
    const lifted: string[] = [];
    const kept: Pair[] = [];
    const present = new Set<string>();
    let carried: string | undefined;
    for (const pair of node.items as Pair[]) {
      const key = keyText(pair.key);
      if (key === null) {
        kept.push(pair);
        continue;
      }
      present.add(key);
      const outcome = this.value([...path, key], asNode(pair.value), get(base, key), get(theirs, key), theirsMap?.get(key, true), offsetOf(pair));
      if (outcome.node === null) {
        carried = joinComments(carried, joinComments(this.personal(pair.key), this.personal(pair.value)));
        continue;
      }
      if (outcome.node !== pair.value) pair.value = outcome.node;
      const keyNode = pair.key as Node;
      if (carried) keyNode.commentBefore = joinComments(carried, keyNode.commentBefore);
      carried = undefined;
      if (outcome.mark && node.flow) lifted.push(outcome.mark);
      else if (outcome.mark) keyNode.commentBefore = withMark(keyNode.commentBefore, outcome.mark);
      kept.push(pair);
    }
    if (carried) node.comment = joinComments(node.comment, carried);
    node.items = kept;

    // Keys ours does not have: added by theirs, or deleted here.
    const pending: { key: string; mark: string }[] = [];
    const theirsOrder = theirsMap ? (theirsMap.items as Pair[]).map((p) => keyText(p.key)).filter((k): k is string => k !== null) : Object.keys(theirs);
    for (const key of [...theirsOrder, ...Object.keys(base)]) {
      if (present.has(key)) continue;
      present.add(key);
      const theirsPair = theirsMap ? ((theirsMap.items as Pair[]).find((p) => keyText(p.key) === key) ?? null) : null;
      const outcome = this.value([...path, key], null, get(base, key), get(theirs, key), theirsPair?.value, node.range?.[0] ?? 0);
      if (outcome.node !== null) {
        const pair = new Pair(theirsPair && isScalar(theirsPair.key) ? theirsPair.key.clone() : this.doc.createNode(key), outcome.node);
        if (outcome.mark && node.flow) lifted.push(outcome.mark);
        else if (outcome.mark) (pair.key as Node).commentBefore = withMark((pair.key as Node).commentBefore, outcome.mark);
        node.items.splice(insertionIndex(node.items as Pair[], theirsOrder, key, (p) => keyText(p.key)), 0, pair);
      } else if (outcome.mark) {
        pending.push({ key, mark: outcome.mark });
      }
    }
    for (const { key, mark } of pending) {
      const next = (node.items as Pair[])[insertionIndex(node.items as Pair[], theirsOrder, key, (p) => keyText(p.key))];
      if (node.flow) lifted.push(mark);
      else if (next && isScalar(next.key)) next.key.commentBefore = withMark(next.key.commentBefore, mark);
      else node.comment = withMark(node.comment, mark);
    }
    return liftedMarks(node, lifted);
  }

  /** Stages and tasks: items matched by id, in ours' order, theirs' new ones after their predecessor. */
  private keyed(path: MeaningStep[], node: YAMLSeq, base: unknown[], theirs: unknown[], theirsSeq: YAMLSeq | null): Outcome {
    const lifted: string[] = [];
    const byId = (list: unknown[]) => new Map(list.map((item) => [idOf(item) ?? '', item]));
    const baseById = byId(base);
    const theirsById = byId(theirs);
    const theirsNodes = new Map<string, unknown>();
    theirsSeq?.items.forEach((item, i) => theirsNodes.set(idOf(theirs[i]) ?? '', item));
    const result: Node[] = [];
    const present = new Set<string>();
    let carried: string | undefined;
    for (const item of node.items as Node[]) {
      const id = this.id(item) ?? '';
      present.add(id);
      const outcome = this.value([...path, { id }], item, getMap(baseById, id), getMap(theirsById, id), theirsNodes.get(id), item.range?.[0] ?? 0);
      if (outcome.node === null) {
        carried = joinComments(carried, this.personal(item));
        continue;
      }
      if (carried) outcome.node.commentBefore = joinComments(carried, outcome.node.commentBefore);
      carried = undefined;
      if (outcome.mark && node.flow) lifted.push(outcome.mark);
      else if (outcome.mark) outcome.node.commentBefore = withMark(outcome.node.commentBefore, outcome.mark);
      result.push(outcome.node);
    }
    if (carried) node.comment = joinComments(node.comment, carried);
    node.items = result;

    const pending: { key: string; mark: string }[] = [];
    const theirsOrder = theirs.map((item) => idOf(item) ?? '');
    for (const id of [...theirsOrder, ...baseById.keys()]) {
      if (present.has(id)) continue;
      present.add(id);
      const outcome = this.value([...path, { id }], null, getMap(baseById, id), getMap(theirsById, id), theirsNodes.get(id), node.range?.[0] ?? 0);
      if (outcome.node !== null) {
        if (outcome.mark && node.flow) lifted.push(outcome.mark);
        else if (outcome.mark) outcome.node.commentBefore = withMark(outcome.node.commentBefore, outcome.mark);
        node.items.splice(insertionIndex(node.items as Node[], theirsOrder, id, (n) => this.id(n)), 0, outcome.node);
      } else if (outcome.mark) {
        pending.push({ key: id, mark: outcome.mark });
      }
    }
    for (const { key, mark } of pending) {
      const next = (node.items as Node[])[insertionIndex(node.items as Node[], theirsOrder, key, (n) => this.id(n))];
      if (node.flow) lifted.push(mark);
      else if (next) next.commentBefore = withMark(next.commentBefore, mark);
      else node.comment = withMark(node.comment, mark);
    }
    node.items = followTheirOrder(node.items as Node[], (n) => this.id(n) ?? '', [...baseById.keys()], theirsOrder);
    return liftedMarks(node, lifted);
  }

  /** Lists of plain values as ordered sets: a removal on either side removes, an addition on either side adds. */
  private set(node: YAMLSeq, base: unknown[], theirs: unknown[], theirsSeq: YAMLSeq | null): YAMLSeq {
    const inBase = new Set(base.map(setKey));
    const inTheirs = new Set(theirs.map(setKey));
    const kept: Node[] = [];
    let carried: string | undefined;
    for (const item of node.items as Node[]) {
      const key = setKey(this.js(item));
      if (inBase.has(key) && !inTheirs.has(key)) {
        carried = joinComments(carried, this.personal(item));
        continue;
      }
      if (carried) item.commentBefore = joinComments(carried, item.commentBefore);
      carried = undefined;
      kept.push(item);
    }
    if (carried) node.comment = joinComments(node.comment, carried);
    node.items = kept;
    const inOurs = new Set(kept.map((item) => setKey(this.js(item))));
    const theirsOrder = theirs.map(setKey);
    theirs.forEach((value, i) => {
      const key = setKey(value);
      if (inBase.has(key) || inOurs.has(key)) return;
      inOurs.add(key);
      const at = insertionIndex(node.items as Node[], theirsOrder, key, (n) => setKey(this.js(n)));
      node.items.splice(at, 0, this.fromTheirs(value, theirsSeq?.items[i]));
    });
    node.items = followTheirOrder(node.items as Node[], (n) => setKey(this.js(n)), base.map(setKey), theirsOrder);
    return node;
  }

  private takeTheirs(node: Node | null, theirs: Value, theirsNode: unknown): Outcome {
    if (theirs === ABSENT) return { node: null };
    if (node !== null && isScalar(node) && isPlainValue(theirs)) {
      if (typeof theirs !== typeof node.value) {
        node.type = Scalar.PLAIN;
        delete node.format;
      }
      node.value = theirs;
      return { node };
    }
    const fresh = this.fromTheirs(theirs, theirsNode);
    if (node !== null) {
      fresh.commentBefore = node.commentBefore ?? fresh.commentBefore;
      fresh.comment = node.comment ?? fresh.comment;
      if ((isSeq(node) || isMap(node)) && (isSeq(fresh) || isMap(fresh))) fresh.flow = node.flow;
    }
    return { node: fresh };
  }

  private conflict(path: MeaningStep[], node: Node | null, base: Value, ours: Value, theirs: Value, theirsNode: unknown, at: number): Outcome {
    const kind: ConflictKind =
      ours === ABSENT ? 'deleted-by-ours' : theirs === ABSENT ? 'deleted-by-theirs' : base === ABSENT ? 'both-added' : isRename(path) ? 'both-renamed' : 'both-changed';
    const { line, col } = this.lineCounter.linePos(at);
    const where = describePath(path);
    this.conflicts.push({ kind, path, where, base: plain(base), ours: plain(ours), theirs: plain(theirs), line, column: col });
    if (this.resolution === 'ours') return { node };
    if (this.resolution === 'theirs') return this.takeTheirs(node, theirs, theirsNode);
    const mark = markText(kind, where, base, ours, theirs);
    const written = mark.split('\n').map((line) => `#${line}`.trim()).join('\n');
    return this.oursFlat.includes(written) ? { node } : { node, mark };
  }

  /** A node for a value theirs wrote: their node itself (comments, quoting, flow style) unless it leans on anchors. */
  private fromTheirs(value: Value, theirsNode: unknown): Node {
    if (isNodeLike(theirsNode) && !hasAlias(theirsNode)) {
      const copy = theirsNode.clone() as Node;
      stripAnchors(copy);
      return copy;
    }
    return this.doc.createNode(value, { flow: Array.isArray(value) && value.every(isPlainValue) }) as Node;
  }

  private copyOf(alias: Node): Node {
    const target = isAlias(alias) ? alias.resolve(this.doc) : alias;
    const copy = this.doc.createNode(this.js(alias)) as Node;
    if (target && (isSeq(target) || isMap(target)) && (isSeq(copy) || isMap(copy))) copy.flow = target.flow;
    return copy;
  }

  /** Comment lines a person wrote inside a node (those the preset wrote are not theirs to keep). */
  private personal(node: unknown): string | undefined {
    const lines: string[] = [];
    const add = (comment: string | null | undefined) => {
      if (!comment) return;
      for (const line of comment.split('\n')) if (line.trim() !== '' && !this.presetComments.has(line.trim()) && !line.trimStart().startsWith(CONFLICT_MARK)) lines.push(line);
    };
    visit(node as Node, {
      Node(_key, n) {
        add(n.commentBefore);
        add(n.comment);
      },
    });
    return lines.length > 0 ? lines.join('\n') : undefined;
  }

  /** A stage's or task's id, read without converting the whole item. */
  private id(node: Node): string | null {
    if (isMap(node)) {
      const id: unknown = node.get('id');
      return typeof id === 'string' ? id : null;
    }
    return idOf(this.js(node));
  }

  private js(node: unknown): Value {
    if (!isNodeLike(node)) return node === null || node === undefined ? null : node;
    return node.toJS(this.doc) as Value;
  }
}

/** A comment cannot sit inside a flow collection (`{ duration: 1w }`): its marks go above the collection. */
function liftedMarks(node: Node, lifted: readonly string[]): Outcome {
  return lifted.length > 0 ? { node, mark: lifted.join('\n') } : { node };
}

/** Which list merge a path gets. Only lists whose items can be told apart can be merged item by item. */
function listKind(path: MeaningStep[], lists: unknown[][]): ListKind {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const keyedPlace = (path.length === 1 && last === 'stages') || (last === 'tasks' && typeof parent === 'object');
  if (keyedPlace && lists.every((list) => distinct(list.map(idOf)) && list.every((item) => idOf(item) !== null))) return 'keyed';
  if (lists.every((list) => list.every(isPlainValue) && distinct(list.map(setKey)))) return 'set';
  return 'atomic';
}

function distinct(values: unknown[]): boolean {
  return new Set(values).size === values.length;
}

function idOf(item: unknown): string | null {
  return isRecord(item) && typeof item.id === 'string' ? item.id : null;
}

function setKey(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

function isRename(path: MeaningStep[]): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return (typeof parent === 'object' && (last === 'name' || last === 'title')) || (path.length === 2 && path[0] === 'project' && last === 'name');
}

/** `name of stage "scope"`, `checklist of task "a" in stage "b"`, `project.name`. */
export function describePath(path: readonly MeaningStep[]): string {
  let subject = '';
  const rest: string[] = [];
  path.forEach((step, i) => {
    if (typeof step === 'object') {
      const what = path[i - 1] === 'tasks' ? 'task' : 'stage';
      subject = subject === '' ? `${what} "${step.id}"` : `${what} "${step.id}" in ${subject}`;
      rest.length = 0;
    } else if (!(step === 'stages' || (step === 'tasks' && typeof path[i + 1] === 'object'))) {
      rest.push(step);
    }
  });
  if (rest.length === 0 && subject === '') return path.length === 0 ? 'the whole file' : path.join('.');
  if (rest.length === 0) return subject;
  return subject === '' ? rest.join('.') : `${rest.join('.')} of ${subject}`;
}

function markText(kind: ConflictKind, where: string, base: Value, ours: Value, theirs: Value): string {
  const lines = [
    ` ${CONFLICT_MARK}, ${CONFLICT_WORDS[kind]}) ${where}`,
    ...shown(ours === ABSENT ? 'ours' : 'ours (kept)', ours),
    ...shown('theirs (new edition)', theirs),
    ...shown('base (old edition)', base),
    ` Keep one side, then delete these comment lines.`,
  ];
  return lines.join('\n');
}

function shown(side: string, value: Value): string[] {
  const label = `   ${side}:`;
  if (value === ABSENT) return [`${label} none (deleted)`];
  const text = yamlText(value);
  if (!text.includes('\n')) return [`${label} ${text}`];
  return [label, ...text.split('\n').map((line) => `     ${line}`)];
}

function yamlText(value: unknown): string {
  const doc = parseDocument('');
  doc.contents = doc.createNode(value, { flow: !isRecord(value) && !(Array.isArray(value) && value.some(isRecord)) }) as typeof doc.contents;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
}

function withMark(comment: string | null | undefined, mark: string): string {
  if (comment?.includes(mark)) return comment;
  return joinComments(comment, mark) ?? mark;
}

function joinComments(a: string | null | undefined, b: string | null | undefined): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return `${a}\n${b}`;
}

/**
 * A new order from theirs applies where ours kept the old one: when the items all three have are in
 * base's order in ours, they take theirs' order, and an item only ours has stays after the item
 * it follows in ours.
 */
function followTheirOrder<T>(items: readonly T[], keyOf: (item: T) => string, baseOrder: readonly string[], theirsOrder: readonly string[]): T[] {
  const keys = items.map(keyOf);
  const common = (order: readonly string[]) => order.filter((key) => keys.includes(key) && baseOrder.includes(key) && theirsOrder.includes(key));
  const ours = common(keys);
  const theirs = common(theirsOrder);
  if (!sameOrder(ours, common(baseOrder)) || sameOrder(ours, theirs)) return [...items];
  const rank = new Map(theirsOrder.map((key, i) => [key, i]));
  const known = items.filter((item) => rank.has(keyOf(item))).sort((a, b) => (rank.get(keyOf(a)) ?? 0) - (rank.get(keyOf(b)) ?? 0));
  const result = [...known];
  items.forEach((item, i) => {
    if (rank.has(keyOf(item))) return;
    const before = items[i - 1];
    result.splice(before === undefined ? 0 : result.indexOf(before) + 1, 0, item);
  });
  return result;
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/** Where a new item goes: right after the nearest item theirs puts before it, or first. */
function insertionIndex<T>(items: readonly T[], theirsOrder: readonly (string | null)[], key: string, keyOf: (item: T) => string | null): number {
  const from = theirsOrder.indexOf(key);
  for (let i = from - 1; i >= 0; i--) {
    const before = theirsOrder[i];
    const index = items.findIndex((item) => keyOf(item) === before);
    if (index >= 0) return index + 1;
  }
  if (from < 0) return items.length;
  return 0;
}

function keyText(key: unknown): string | null {
  if (isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number' || typeof key.value === 'boolean')) return String(key.value);
  return null;
}

function asNode(value: unknown): Node | null {
  return isNodeLike(value) ? value : null;
}

function offsetOf(pair: Pair): number {
  const key = pair.key as Node | null;
  return key?.range?.[0] ?? 0;
}

function get(record: Record<string, unknown>, key: string): Value {
  return Object.hasOwn(record, key) ? record[key] : ABSENT;
}

function getMap(map: Map<string, unknown>, key: string): Value {
  return map.has(key) ? map.get(key) : ABSENT;
}

function plain(value: Value): unknown {
  return value === ABSENT ? undefined : value;
}

function isPlainValue(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isNodeLike(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function hasAlias(node: Node): boolean {
  let found = false;
  visit(node, {
    Alias() {
      found = true;
      return visit.BREAK;
    },
  });
  return found || isAlias(node);
}

function stripAnchors(node: Node): void {
  visit(node, {
    Node(_key, n) {
      delete n.anchor;
    },
  });
  delete node.anchor;
}
