// Maps a path in the parsed data (["stages", 2, "depends_on", 0]) back to where it was written, so
// every diagnostic points at a line and column.
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';

export type PathSegment = string | number;

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where to point: at a key (`dependson:`), or at the value it holds. */
export type Anchor = 'key' | 'value';

/**
 * Where each value is written. Line and column of an offset come from the line starts alone; the
 * document with every node's range is asked for only when a path must be placed, that is when there
 * is something to report, so a valid file never keeps one in memory.
 */
export class SourceMap {
  private doc: Document.Parsed | undefined;
  private lines: LineCounter | undefined;

  constructor(
    /** Returns the document with ranges; called once, on the first path to place. */
    private readonly loadDocument: () => Document.Parsed,
    /**
     * The line starts, or how to find them on the first position asked: a file read without the
     * `yaml` package's parse has none until something is to be reported.
     */
    private readonly lineCounter: LineCounter | (() => LineCounter),
    /** The parsed text, to point inside a scalar (a column within an expression). */
    private readonly text: string = '',
  ) {}

  /** Whether a path has been placed so far, which is what needs the document with ranges. */
  get hasDocument(): boolean {
    return this.doc !== undefined;
  }

  /** The document whose ranges the positions come from. */
  document(): Document.Parsed {
    this.doc ??= this.loadDocument();
    return this.doc;
  }

  position(offset: number): { line: number; column: number } {
    this.lines ??= typeof this.lineCounter === 'function' ? this.lineCounter() : this.lineCounter;
    const { line, col } = this.lines.linePos(offset);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  }

  rangeAt(start: number, end: number = start): SourceRange {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /**
   * The range of what `path` names. When part of the path does not exist (a missing key), the
   * deepest existing ancestor is used, so a "missing name" points at the stage that lacks it.
   */
  range(path: readonly PathSegment[], anchor: Anchor = 'value'): SourceRange {
    const found = this.find(path);
    if (found.complete && found.pair && (anchor === 'key' || isEmptyValue(found.node))) {
      const key = found.pair.key as Node | null;
      if (key?.range) return this.rangeAt(key.range[0], key.range[1]);
    }
    const node = found.node;
    if (node?.range) return this.rangeAt(node.range[0], node.range[1]);
    if (found.pair) {
      const key = found.pair.key as Node | null;
      if (key?.range) return this.rangeAt(key.range[0], key.range[1]);
    }
    return this.rangeAt(0);
  }

  /**
   * The range of `length` characters starting at `index` inside the string value at `path`, when
   * the value is written as-is (plain, or quoted without escapes); otherwise the whole value.
   */
  rangeWithin(path: readonly PathSegment[], index: number, length = 1): SourceRange {
    const { node, complete } = this.find(path);
    if (complete && isScalar(node) && node.range && typeof node.value === 'string') {
      const [start, end] = node.range;
      const raw = this.text.slice(start, end);
      let offset: number | undefined;
      if (node.type === 'PLAIN' && raw === node.value) offset = start;
      else if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && raw.slice(1, -1) === node.value) offset = start + 1;
      if (offset !== undefined) {
        const at = Math.min(Math.max(0, index), node.value.length);
        return this.rangeAt(offset + at, offset + Math.min(at + Math.max(1, length), node.value.length));
      }
    }
    return this.range(path);
  }

  /**
   * Where `line` and `column` (1-based) of the string value at `path` were written: exact for a
   * value written as is on one line and for a literal block (`|`), the whole value otherwise.
   */
  rangeAtLine(path: readonly PathSegment[], line: number, column: number): SourceRange {
    const { node, complete } = this.find(path);
    if (complete && isScalar(node) && node.range && typeof node.value === 'string' && node.type === 'BLOCK_LITERAL') {
      const [start, end] = node.range;
      const raw = this.text.slice(start, end);
      const header = raw.indexOf('\n');
      const rawLines = raw.slice(header + 1).split('\n');
      const indent = /^ */.exec(rawLines.find((l) => l.trim() !== '') ?? '')?.[0].length ?? 0;
      const valueLines = node.value.split('\n');
      const wanted = rawLines[line - 1];
      if (header !== -1 && wanted !== undefined && wanted.slice(indent) === valueLines[line - 1]) {
        const offset = start + header + 1 + rawLines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + indent + column - 1;
        return this.rangeAt(offset, offset + 1);
      }
    }
    return line === 1 ? this.rangeWithin(path, column - 1) : this.range(path);
  }

  /**
   * Where a position inside the text of the string value at `path` (line from 1, column from 0) is
   * in the file: for a one-line value written as-is (plain, or quoted without escapes) and for a
   * literal block (`|`), whose lines are the file's lines. Null for anything folded or escaped.
   */
  placeInValue(path: readonly PathSegment[]): ((line: number, column: number) => { line: number; column: number }) | null {
    const { node, complete } = this.find(path);
    if (!complete || !isScalar(node) || !node.range || typeof node.value !== 'string') return null;
    const [start, end] = node.range;
    const raw = this.text.slice(start, end);
    const value = node.value;
    if (node.type === 'BLOCK_LITERAL') {
      const header = /^\|[+-]?(?:\r?\n)/.exec(raw);
      if (!header) return null;
      const first = raw.slice(header[0].length).split('\n').find((l) => l.trim() !== '') ?? '';
      const indent = first.length - first.trimStart().length;
      const headerLine = this.position(start).line;
      return (line, column) => ({ line: headerLine + line, column: indent + column + 1 });
    }
    let offset: number | undefined;
    if (value.includes('\n')) return null;
    if (node.type === 'PLAIN' && raw === value) offset = start;
    else if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && raw.slice(1, -1) === value) offset = start + 1;
    if (offset === undefined) return null;
    const at = this.position(offset);
    return (_line, column) => ({ line: at.line, column: at.column + column });
  }

  /** The range of the key `key` inside the mapping at `path` (for unknown keys). */
  keyRange(path: readonly PathSegment[], key: string): SourceRange {
    return this.range([...path, key], 'key');
  }

  private find(path: readonly PathSegment[]): { node: Node | null; pair: Pair | null; complete: boolean } {
    const doc = this.document();
    let node = this.deref(doc, doc.contents as Node | null);
    let pair: Pair | null = null;
    for (const [index, segment] of path.entries()) {
      let next: { node: Node | null; pair: Pair | null } | null = null;
      if (isMap(node)) {
        const match = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
        if (match) next = { node: match.value as Node | null, pair: match };
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item !== undefined) next = { node: item, pair: null };
      }
      if (!next) return { node, pair, complete: false };
      // Keep the alias itself for the last segment: that is where the user wrote it.
      node = next.node;
      pair = next.pair;
      if (index < path.length - 1) node = this.deref(doc, node);
    }
    return { node, pair, complete: true };
  }

  private deref(doc: Document, node: Node | null): Node | null {
    if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? node;
    return node;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

function isEmptyValue(node: Node | null): boolean {
  if (node === null) return true;
  return isScalar(node) && node.value === null && (node.source === undefined || node.source === '');
}
