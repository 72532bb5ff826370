// Issue templates may start with YAML front matter, as GitHub's own issue templates do:
//   ---
//   title: "{{stage.name}}: {{task.title}}"
//   labels: [needs-triage]
//   assignees: [octocat]
//   ---
// Each value may use Handlebars; the renderer renders them with the same context as the body.
// Values written without Handlebars are held to GitHub's limits here, with the line and column of
// the template file, so `validate` and `plan` say what GitHub would refuse.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, Pair, Scalar } from 'yaml';
import { MAX_ASSIGNEES, MAX_LABEL_LENGTH, MAX_LABELS_PER_ISSUE } from '../config/schema.js';
import { didYouMean } from '../config/suggest.js';

/** 1-based, in the lines of the whole template file. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where a value starts; with `chars` when its text is not its source read character for character
 * (quoted over several lines, or holding escapes such as `\t`), so a column inside the value cannot
 * be found by counting from its start.
 */
export interface ValuePosition extends Position {
  /** Where each UTF-16 unit of the value is written, in order. */
  chars?: Position[];
}

export interface FrontMatter {
  title: string | null;
  labels: string[];
  assignees: string[];
  at: {
    title: ValuePosition | null;
    /** Each label's position, in the order of `labels`. */
    labels: ValuePosition[];
    labelsKey: Position | null;
    assignees: ValuePosition[];
    assigneesKey: Position | null;
  };
}

export interface SplitTemplate {
  frontMatter: FrontMatter | null;
  body: string;
  /** Lines before the body, so errors in the body can name the line of the file. */
  bodyLineOffset: number;
}

export interface FrontMatterProblem extends Position {
  message: string;
}

export class FrontMatterError extends Error {
  override name = 'FrontMatterError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number = 1,
  ) {
    super(message);
  }
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;
const KEYS = new Set(['title', 'labels', 'assignees']);
// The front matter starts on the line after the opening "---".
const FIRST_LINE = 2;

/** The front matter and the body; throws FrontMatterError for the first problem. */
export function splitFrontMatter(text: string): SplitTemplate {
  const { split, problems } = readTemplate(text);
  const first = problems[0];
  if (first || split === null) throw new FrontMatterError(first?.message ?? 'front matter cannot be read', first?.line ?? 1, first?.column ?? 1);
  return split;
}

/** Every problem in a template's front matter at once, for the validator; [] when it has none. */
export function checkFrontMatter(text: string): FrontMatterProblem[] {
  return readTemplate(text).problems;
}

/** A value written as is, without Handlebars: what GitHub receives is known without rendering. */
export function isLiteral(value: string): boolean {
  return !value.includes('{{');
}

export interface FrontMatterBounds {
  /** The YAML between the "---" lines; it starts on line 2 of the template. */
  yamlText: string;
  body: string;
  bodyLineOffset: number;
}

/**
 * Where the front matter and the body are, without reading the YAML; null without front matter.
 * Throws FrontMatterError when the front matter is never closed.
 */
export function locateFrontMatter(text: string): FrontMatterBounds | null {
  const open = OPENING.exec(text);
  if (!open) return null;
  const rest = text.slice(open[0].length);
  const close = CLOSING.exec(rest);
  if (!close) throw new FrontMatterError('front matter starts with "---" but has no closing "---" line', 1, 1);
  const yamlText = rest.slice(0, close.index);
  let body = rest.slice(close.index + close[0].length);
  if (body.startsWith('\r\n')) body = body.slice(2);
  else if (body.startsWith('\n')) body = body.slice(1);
  return { yamlText, body, bodyLineOffset: 2 + countLines(yamlText) };
}

function readTemplate(text: string): { split: SplitTemplate | null; problems: FrontMatterProblem[] } {
  let bounds: FrontMatterBounds | null;
  try {
    bounds = locateFrontMatter(text);
  } catch (error) {
    if (!(error instanceof FrontMatterError)) throw error;
    return { split: null, problems: [{ line: error.line, column: error.column, message: error.message }] };
  }
  if (!bounds) return { split: { frontMatter: null, body: text, bodyLineOffset: 0 }, problems: [] };
  const problems: FrontMatterProblem[] = [];
  const frontMatter = readFrontMatter(bounds.yamlText, problems);
  return { split: problems.length > 0 ? null : { frontMatter, body: bounds.body, bodyLineOffset: bounds.bodyLineOffset }, problems };
}

function countLines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

function readFrontMatter(yamlText: string, problems: FrontMatterProblem[]): FrontMatter {
  const none: FrontMatter = { title: null, labels: [], assignees: [], at: { title: null, labels: [], labelsKey: null, assignees: [], assigneesKey: null } };
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const at = (offset: number): Position => {
    const { line, col } = counter.linePos(offset);
    return { line: line + FIRST_LINE - 1, column: col };
  };
  // A quoted value starts after its quote: that is where Handlebars' own columns count from.
  const nodeAt = (node: unknown): Position => {
    const range = (node as Node | null)?.range;
    if (!range) return { line: FIRST_LINE, column: 1 };
    const type = isScalar(node) ? node.type : undefined;
    return at(range[0] + (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE' ? 1 : 0));
  };
  const place: Place = {
    start: nodeAt,
    asIs: (scalar) => writtenAsIs(yamlText, scalar),
    chars: (scalar) => (writtenAsIs(yamlText, scalar) ? null : (sourceOffsets(yamlText, scalar)?.map(at) ?? null)),
  };
  const syntax = doc.errors[0];
  if (syntax) {
    problems.push({ ...at(syntax.pos[0]), message: `front matter is not valid YAML: ${syntax.message.split('\n')[0] ?? ''}` });
    return none;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === undefined))) return none;
  if (!isMap(root)) {
    problems.push({ line: FIRST_LINE, column: 1, message: 'front matter must be a mapping (title, labels, assignees)' });
    return none;
  }
  const found: FrontMatter = { ...none, at: { ...none.at } };
  for (const pair of root.items) readPair(pair, found, problems, place);
  checkLimits(found, problems);
  return found;
}

/** One key of the front matter into `found`, or a problem with it. */
function readPair(pair: Pair, found: FrontMatter, problems: FrontMatterProblem[], place: Place): void {
  const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
  const keyAt = place.start(pair.key);
  if (!KEYS.has(key)) {
    problems.push({ ...keyAt, message: `unknown front matter key "${key}"${didYouMean(key, KEYS)}; known keys: title, labels, assignees` });
    return;
  }
  const value = pair.value as Node | null;
  if (key === 'title') {
    if (value === null || (isScalar(value) && value.value === null)) return;
    if (!isScalar(value) || typeof value.value !== 'string') {
      problems.push({ ...keyAt, message: 'front matter "title" must be text' });
      return;
    }
    found.title = value.value;
    found.at.title = withChars(place.start(value), place.chars(value));
    return;
  }
  const list = readList(value, place);
  if (list === null) {
    problems.push({ ...keyAt, message: `front matter "${key}" must be a list of text` });
    return;
  }
  if (key === 'labels') {
    found.labels = list.map((item) => item.text);
    found.at.labels = list.map((item) => item.at);
    found.at.labelsKey = keyAt;
  } else {
    found.assignees = list.map((item) => item.text);
    found.at.assignees = list.map((item) => item.at);
    found.at.assigneesKey = keyAt;
  }
}

interface Item {
  text: string;
  at: ValuePosition;
}

interface Place {
  /** Where a node starts (a quoted text: after its quote). */
  start: (node: unknown) => Position;
  /** Whether a flow scalar's source, inside its quotes, is its text: columns are then counted. */
  asIs: (scalar: Scalar) => boolean;
  /** Where each UTF-16 unit of a scalar's text is written; null when written as is, or not followed (`|2`). */
  chars: (scalar: Scalar) => Position[] | null;
}

function withChars(at: Position, chars: Position[] | null | undefined): ValuePosition {
  return chars && chars.length > 0 ? { ...at, chars } : at;
}

// GitHub's issue forms accept "a, b" as well as a list; so do we.
function readList(value: Node | null, place: Place): Item[] | null {
  if (value === null || (isScalar(value) && value.value === null)) return [];
  if (isScalar(value) && typeof value.value === 'string') return splitCommas(value, place);
  if (!isSeq(value)) return null;
  const items: Item[] = [];
  for (const entry of value.items) {
    if (!isScalar(entry) || typeof entry.value !== 'string') return null;
    const text = entry.value.trim();
    const lead = entry.value.length - entry.value.trimStart().length;
    if (text !== '') items.push({ text, at: withChars(place.start(entry), place.chars(entry)?.slice(lead, lead + text.length)) });
  }
  return items;
}

/** "a, b" → a and b, each where it is written. */
function splitCommas(scalar: Scalar, place: Place): Item[] {
  const value = scalar.value as string;
  const start = place.start(scalar);
  const chars = place.chars(scalar);
  const exact = place.asIs(scalar);
  const items: Item[] = [];
  let offset = 0;
  for (const part of value.split(',')) {
    const text = part.trim();
    const from = offset + (part.length - part.trimStart().length);
    const first = chars?.[from];
    if (text !== '') {
      if (first) items.push({ text, at: withChars(first, chars?.slice(from, from + text.length)) });
      else items.push({ text, at: { line: start.line, column: exact ? start.column + from : start.column } });
    }
    offset += part.length + 1;
  }
  return items;
}

/** A flow scalar whose source, inside its quotes, is its text. */
function writtenAsIs(yamlText: string, scalar: Scalar): boolean {
  const [from, to] = scalar.range ?? [0, 0];
  const raw = yamlText.slice(from, to);
  if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') return raw.slice(1, -1) === scalar.value;
  return scalar.type === 'PLAIN' && raw === scalar.value;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Where each UTF-16 unit of a flow scalar's text comes from in the YAML (offsets), following YAML's
 * line folding (a line break between two lines reads as a space, each blank line as a line break,
 * spaces around a break dropped) and the escapes of double quotes (each unit at its backslash).
 * Null for a block scalar, or should the reading not give the parser's text back.
 */
function sourceOffsets(yaml: string, scalar: Scalar): number[] | null {
  if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') return blockOffsets(yaml, scalar);
  const quote = scalar.type === 'QUOTE_DOUBLE' ? '"' : scalar.type === 'QUOTE_SINGLE' ? "'" : scalar.type === 'PLAIN' ? '' : null;
  if (quote === null || !scalar.range) return null;
  const end = scalar.range[1] - quote.length;
  const offsets: number[] = [];
  let text = '';
  // Spaces and tabs are kept only once something other than a line break follows them on the line.
  let pending: number[] = [];
  const push = (units: string, at: number): void => {
    for (const p of pending) {
      text += yaml[p];
      offsets.push(p);
    }
    pending = [];
    text += units;
    for (let k = 0; k < units.length; k++) offsets.push(at);
  };
  const afterBreak = (i: number): number => (yaml[i] === '\r' && yaml[i + 1] === '\n' ? i + 2 : i + 1);
  const afterBlanks = (i: number): number => {
    while (i < end && (yaml[i] === ' ' || yaml[i] === '\t')) i++;
    return i;
  };
  const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';
  let i = scalar.range[0] + quote.length;
  while (i < end) {
    const c = yaml[i] as string;
    if (c === ' ' || c === '\t') {
      pending.push(i++);
    } else if (isBreak(c)) {
      pending = [];
      const at = i;
      let folded = false;
      i = afterBlanks(afterBreak(i));
      while (i < end && isBreak(yaml[i])) {
        push('\n', i);
        folded = true;
        i = afterBlanks(afterBreak(i));
      }
      if (!folded) push(' ', at);
    } else if (quote === '"' && c === '\\') {
      if (isBreak(yaml[i + 1])) {
        push('', i);
        i = afterBlanks(afterBreak(i + 1));
      } else {
        const { units, length } = readEscape(yaml, i);
        push(units, i);
        i += length;
      }
    } else if (quote === "'" && c === "'") {
      push("'", i);
      i += 2;
    } else {
      push(c, i++);
    }
  }
  // Spaces before a closing quote are part of the text (a plain scalar's range ends at its text).
  push('', end);
  return text === scalar.value ? offsets : null;
}

/** A double-quoted escape at `yaml[i]` (its backslash): the text it stands for, and its length in the source. */
function readEscape(yaml: string, i: number): { units: string; length: number } {
  const next = yaml[i + 1] ?? '';
  const digits = HEX_DIGITS[next] ?? 0;
  // The parser has refused any other escape; a wrong reading is caught by sourceOffsets' last check.
  const units = digits > 0 ? String.fromCodePoint(Number.parseInt(yaml.slice(i + 2, i + 2 + digits), 16) || 0) : (ESCAPES[next] ?? next);
  return { units, length: 2 + digits };
}

/**
 * The same for a block scalar (`|` keeps its line breaks, `>` folds a break between two lines of
 * text into a space): each line's text after its indentation, each line break at its place.
 */
function blockOffsets(yaml: string, scalar: Scalar): number[] | null {
  const [from, to] = scalar.range ?? [0, 0];
  const header = /^[|>]([+-]?)([^\n#]*)[^\n]*\n/.exec(yaml.slice(from, to));
  // An explicit indentation (`|2`) counts from the parent's; rare enough to be placed at the start.
  if (!header || /\d/.test(header[2] ?? '')) return null;
  let start = from + header[0].length;
  const lines = yaml
    .slice(start, to)
    .split('\n')
    .map((raw) => {
      const line = { start, text: raw.replace(/\r$/, '') };
      start += raw.length + 1;
      return line;
    });
  const blank = (line: { text: string }): boolean => line.text.trim() === '';
  const firstText = lines.find((line) => !blank(line));
  const indent = /^ */.exec(firstText?.text ?? '')?.[0].length ?? 0;
  const folded = yaml[from] === '>';
  // A line of text folds into the next one when neither is more indented than the block.
  const plain = (line: { text: string } | undefined): boolean => line !== undefined && !blank(line) && !/^[ \t]/.test(line.text.slice(indent));
  const offsets: number[] = [];
  let text = '';
  lines.forEach((line, k) => {
    const content = line.text.slice(indent);
    for (let j = 0; j < content.length; j++) offsets.push(line.start + indent + j);
    text += content;
    const breakAt = line.start + line.text.length;
    // Between two lines of text, the break reads as a space; with blank lines between, only they count.
    if (folded && plain(line) && plain(lines[lines.findIndex((other, n) => n > k && !blank(other))])) {
      if (!blank(lines[k + 1] ?? line)) {
        text += ' ';
        offsets.push(breakAt);
      }
      return;
    }
    text += '\n';
    offsets.push(breakAt);
  });
  // Chomping (`-`, `+`, or one final line break) only ever drops line breaks from the end.
  const value = scalar.value as string;
  return text.startsWith(value) ? offsets.slice(0, value.length) : null;
}

function checkLimits(fm: FrontMatter, problems: FrontMatterProblem[]): void {
  fm.labels.forEach((label, index) => {
    if (isLiteral(label) && label.length > MAX_LABEL_LENGTH) {
      const at = fm.at.labels[index] as Position;
      problems.push({ line: at.line, column: at.column, message: labelTooLong(label) });
    }
  });
  const distinct = new Set(fm.labels.map((l) => l.toLowerCase())).size;
  if (distinct > MAX_LABELS_PER_ISSUE && fm.at.labelsKey) {
    problems.push({ ...fm.at.labelsKey, message: `front matter "labels" lists ${distinct} labels; GitHub allows at most ${MAX_LABELS_PER_ISSUE} on an issue` });
  }
  if (fm.assignees.length > MAX_ASSIGNEES && fm.at.assigneesKey) {
    problems.push({ ...fm.at.assigneesKey, message: `front matter "assignees" names ${fm.assignees.length} people; GitHub assigns at most ${MAX_ASSIGNEES} to an issue` });
  }
}

/** The message for a label name over GitHub's limit, wherever it comes from. */
export function labelTooLong(label: string): string {
  const shown = label.length > 60 ? `${label.slice(0, 57)}...` : label;
  return `label "${shown}" is ${label.length} characters; GitHub allows at most ${MAX_LABEL_LENGTH} in a label name`;
}
