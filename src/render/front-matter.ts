// Issue templates may start with YAML front matter, as GitHub's own issue templates do:
//   ---
//   title: "{{stage.name}}: {{task.title}}"
//   labels: [needs-triage]
//   assignees: [octocat]
//   ---
// Each value may use Handlebars; the renderer renders them with the same context as the body.
import { parse } from 'yaml';
import { didYouMean } from '../config/suggest.js';

export interface FrontMatter {
  title: string | null;
  labels: string[];
  assignees: string[];
}

export interface SplitTemplate {
  frontMatter: FrontMatter | null;
  body: string;
  /** Lines before the body, so errors in the body can name the line of the file. */
  bodyLineOffset: number;
}

export class FrontMatterError extends Error {
  override name = 'FrontMatterError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^---[ \t]*$/m;
const KEYS = new Set(['title', 'labels', 'assignees']);

export interface FrontMatterBounds {
  /** The YAML between the "---" lines; it starts on line 2 of the template. */
  yamlText: string;
  body: string;
  bodyLineOffset: number;
}

/** Where the front matter and the body are, without reading the YAML; null without front matter. */
export function locateFrontMatter(text: string): FrontMatterBounds | null {
  const open = OPENING.exec(text);
  if (!open) return null;
  const rest = text.slice(open[0].length);
  const close = CLOSING.exec(rest);
  if (!close) throw new FrontMatterError('front matter starts with "---" but has no closing "---" line', 1);
  const yamlText = rest.slice(0, close.index);
  let afterClose = rest.slice(close.index + close[0].length);
  if (afterClose.startsWith('\r\n')) afterClose = afterClose.slice(2);
  else if (afterClose.startsWith('\n')) afterClose = afterClose.slice(1);
  return { yamlText, body: afterClose, bodyLineOffset: 2 + countLines(yamlText) };
}

export function splitFrontMatter(text: string): SplitTemplate {
  const bounds = locateFrontMatter(text);
  if (!bounds) return { frontMatter: null, body: text, bodyLineOffset: 0 };
  return { frontMatter: readFrontMatter(bounds.yamlText), body: bounds.body, bodyLineOffset: bounds.bodyLineOffset };
}

function countLines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

function readFrontMatter(yamlText: string): FrontMatter {
  let value: unknown;
  try {
    value = parse(yamlText);
  } catch (error) {
    const line = (error as { linePos?: [{ line: number }] }).linePos?.[0]?.line;
    throw new FrontMatterError(`front matter is not valid YAML: ${firstLine(error)}`, (line ?? 0) + 1);
  }
  if (value === null || value === undefined) return { title: null, labels: [], assignees: [] };
  if (typeof value !== 'object' || Array.isArray(value)) throw new FrontMatterError('front matter must be a mapping (title, labels, assignees)', 2);
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KEYS.has(key)) throw new FrontMatterError(`unknown front matter key "${key}"${didYouMean(key, KEYS)}; known keys: title, labels, assignees`, lineOf(yamlText, key));
  }
  const title = record.title;
  if (title !== undefined && title !== null && typeof title !== 'string') {
    throw new FrontMatterError('front matter "title" must be text', lineOf(yamlText, 'title'));
  }
  return {
    title: typeof title === 'string' ? title : null,
    labels: stringList(record.labels, 'labels', yamlText),
    assignees: stringList(record.assignees, 'assignees', yamlText),
  };
}

// GitHub's issue forms accept "a, b" as well as a list; so do we.
function stringList(value: unknown, key: string, yamlText: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((s) => s.trim()).filter((s) => s !== '');
  throw new FrontMatterError(`front matter "${key}" must be a list of text`, lineOf(yamlText, key));
}

function lineOf(yamlText: string, key: string): number {
  const lines = yamlText.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? 2 : i + 2;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
