// Collecting diagnostics against paths in the parsed data, and naming what a path points at in words
// a person recognizes ("stage \"rlhf\"", "task \"justify\" in stage \"pre-training\"").
import type { Diagnostic, Severity } from './diagnostics.js';
import type { Anchor, PathSegment, SourceMap, SourceRange } from './positions.js';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly file: string,
    readonly source: SourceMap,
  ) {}

  error(path: readonly PathSegment[], message: string, anchor: Anchor = 'value'): void {
    this.add('error', this.source.range(path, anchor), message);
  }

  warning(path: readonly PathSegment[], message: string, anchor: Anchor = 'value'): void {
    this.add('warning', this.source.range(path, anchor), message);
  }

  add(severity: Severity, range: SourceRange, message: string): void {
    this.diagnostics.push({ file: this.file, severity, message, ...range });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `data` along `path`, or undefined. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string' && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

export interface Location {
  /** `stage "rlhf"`, `task "justify" in stage "pre-training"`, `project`, or '' at the top level. */
  subject: string;
  /** The rest of the path below the subject, e.g. ["estimate", "duration"] or ["depends_on", 0]. */
  rest: PathSegment[];
}

export function stageName(data: unknown, index: number): string {
  const id = valueAt(data, ['stages', index, 'id']);
  return typeof id === 'string' && id !== '' ? `stage "${id}"` : `stage #${index + 1}`;
}

export function taskName(data: unknown, stageIndex: number, taskIndex: number): string {
  const id = valueAt(data, ['stages', stageIndex, 'tasks', taskIndex, 'id']);
  const task = typeof id === 'string' && id !== '' ? `task "${id}"` : `task #${taskIndex + 1}`;
  return `${task} in ${stageName(data, stageIndex)}`;
}

export function locate(data: unknown, path: readonly PathSegment[]): Location {
  const [first, second, third, fourth] = path;
  if (first === 'stages' && typeof second === 'number') {
    if (third === 'tasks' && typeof fourth === 'number') return { subject: taskName(data, second, fourth), rest: path.slice(4) };
    return { subject: stageName(data, second), rest: path.slice(2) };
  }
  if (first === 'project' || first === 'defaults' || first === 'variables') return { subject: first, rest: path.slice(1) };
  return { subject: '', rest: [...path] };
}

/** `"estimate.duration"`; list indexes are left out (messages name the entry by its value). */
export function fieldName(rest: readonly PathSegment[]): string {
  return rest.filter((segment) => typeof segment === 'string').join('.');
}

/** ` in stage "rlhf"`, or '' at the top level. */
export function within(subject: string): string {
  return subject === '' ? '' : ` in ${subject}`;
}

/** How a value reads in a message: the text "abc", the number 3, a list, ... */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return `the text "${truncate(value)}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

export function truncate(text: string, max = 40): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
