// The helpers a template author can call. Registered on each renderer's own Handlebars
// environment; nothing from the repository is ever registered as code.
//
// Strictness: every value our context offers exists (absent values are null, lists are []), so a
// helper argument that is `undefined` can only be a misspelled path. Helpers reject it with the
// template line, like Handlebars' strict mode does for {{plain.lookups}}. `default` is the
// exception: it exists to give a fallback for a variable that may not be set.
import { describeDuration } from '../config/durations.js';
import { describeDay } from '../schedule/calendar.js';

/** What Handlebars passes as the last argument of every helper call. */
export interface HelperOptions {
  name: string;
  hash: Record<string, unknown>;
  data?: { root?: unknown };
  loc?: { start: { line: number; column: number } };
  fn?: (context: unknown, options?: unknown) => string;
  inverse?: (context: unknown, options?: unknown) => string;
}

/** A helper called with a missing or unusable argument; the renderer adds the file and the path used. */
export class HelperArgumentError extends Error {
  override name = 'HelperArgumentError';
  constructor(
    message: string,
    readonly helper: string,
    /** 0-based index of the argument at fault, when one is. */
    readonly argument: number | null,
    readonly loc: HelperOptions['loc'] | undefined,
    /** "missing": the argument is undefined (a misspelled path); "usage": it is the wrong kind of value. */
    readonly kind: 'missing' | 'usage',
  ) {
    super(message);
  }
}

type Helper = (this: unknown, ...args: unknown[]) => unknown;

interface HelperHost {
  helpers: Record<string, Helper | undefined>;
  registerHelper(name: string, fn: Helper): void;
  unregisterHelper(name: string): void;
}

export const HELPER_NAMES = ['eq', 'ne', 'and', 'or', 'not', 'join', 'date', 'duration', 'checklist', 'issueRef', 'link', 'stageLink', 'default'] as const;
/** Handlebars' own block helpers that stay available. */
export const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup'] as const;

/** Handlebars' notion of truth, as {{#if}} uses it: false, 0, '', null, undefined, NaN and [] are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

export function registerHelpers(env: HelperHost): void {
  // `log` writes to the console; rendering has no side effects.
  env.unregisterHelper('log');
  // {{#if}}, {{#unless}}, {{#each}} and {{#with}} read their argument leniently in Handlebars even in
  // strict mode; make a misspelled path an error there too.
  for (const name of ['if', 'unless', 'each', 'with'] as const) {
    const original = env.helpers[name];
    if (!original) continue;
    // Fixed arity on purpose: these run for every block of every issue, so no rest arrays.
    env.registerHelper(name, function (this: unknown, value: unknown, options: unknown) {
      if (arguments.length === 2 && value === undefined) throw missing(options as HelperOptions, 0, `#${name}`);
      // eslint-disable-next-line prefer-rest-params
      return original.apply(this, arguments as unknown as unknown[]);
    });
  }

  const define = (name: (typeof HELPER_NAMES)[number], fn: (args: unknown[], options: HelperOptions) => unknown) => {
    env.registerHelper(name, function (this: unknown, ...all: unknown[]) {
      const options = all[all.length - 1] as HelperOptions;
      return fn(all.slice(0, -1), options);
    });
  };

  define('eq', (args, o) => {
    const [a, b] = need(args, o, 2, 2);
    return a === b;
  });
  define('ne', (args, o) => {
    const [a, b] = need(args, o, 2, 2);
    return a !== b;
  });
  define('and', (args, o) => need(args, o, 1, Infinity).every(truthy));
  define('or', (args, o) => need(args, o, 1, Infinity).some(truthy));
  define('not', (args, o) => !truthy(need(args, o, 1, 1)[0]));

  define('join', (args, o) => {
    const [list, separator] = need(args, o, 1, 2);
    if (list === null) return '';
    if (!Array.isArray(list)) throw usage(o, 0, 'expects a list as its first argument');
    if (separator !== undefined && typeof separator !== 'string') throw usage(o, 1, 'expects text as the separator');
    return list.map((item) => String(item)).join(separator ?? ', ');
  });

  // The same few due dates are formatted for thousands of issues.
  const dates = new Map<string, string>();
  define('date', (args, o) => {
    const [value, style] = need(args, o, 1, 2);
    if (value === null || value === '') return '';
    if (style !== undefined && style !== 'iso' && style !== 'long' && style !== 'short') {
      throw usage(o, 1, 'style must be "iso", "long" or "short"');
    }
    if (typeof value !== 'string') throw usage(o, 0, 'expects a date as YYYY-MM-DD');
    const key = `${String(style)} ${value}`;
    let text = dates.get(key);
    if (text === undefined) {
      text = describeDay(value, (style as 'iso' | 'long' | 'short' | undefined) ?? 'iso');
      dates.set(key, text);
    }
    return text;
  });

  define('duration', (args, o) => {
    const [value] = need(args, o, 1, 1);
    if (value === null || value === '') return '';
    if (typeof value === 'number') return `${value} ${value === 1 ? 'day' : 'days'}`;
    if (typeof value !== 'string') throw usage(o, 0, 'expects a duration such as "3d"');
    return describeDuration(value);
  });

  define('checklist', (args, o) => {
    const [items] = need(args, o, 1, 1);
    if (items === null) return '';
    if (!Array.isArray(items)) throw usage(o, 0, 'expects a list of items');
    return items.map((item) => `- [ ] ${oneLine(String(item))}`).join('\n');
  });

  define('issueRef', (args, o) => {
    const [value] = need(args, o, 1, 1);
    if (value === null || value === '') return '';
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n <= 0) throw usage(o, 0, 'expects an issue number');
    return `#${n}`;
  });

  define('link', (args, o) => {
    const [text, url] = need(args, o, 2, 2);
    return markdownLink(String(text ?? ''), typeof url === 'string' ? url : null);
  });

  define('stageLink', (args, o) => {
    const [value] = need(args, o, 1, 1);
    const stage = typeof value === 'string' ? findStage(o, value) : value;
    if (!isStageLike(stage)) throw usage(o, 0, typeof value === 'string' ? `no active stage "${value}"` : 'expects a stage');
    return markdownLink(stage.name, stage.milestone?.url ?? null);
  });

  define('default', (args, o) => {
    if (args.length !== 2) throw usage(o, null, `takes 2 arguments, got ${args.length}`);
    const [value, fallback] = args;
    return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) ? fallback : value;
  });
}

function need(args: unknown[], o: HelperOptions, min: number, max: number): unknown[] {
  if (args.length < min || args.length > max) {
    const range = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
    throw usage(o, null, `takes ${range} argument${range === '1' ? '' : 's'}, got ${args.length}`);
  }
  const i = args.indexOf(undefined);
  if (i >= 0) throw missing(o, i, o.name);
  return args;
}

function missing(o: HelperOptions, argument: number, helper: string): HelperArgumentError {
  return new HelperArgumentError('an argument is not defined', helper, argument, o.loc, 'missing');
}

function usage(o: HelperOptions, argument: number | null, message: string): HelperArgumentError {
  return new HelperArgumentError(message, o.name, argument, o.loc, 'usage');
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

/** [text](url) with the brackets in text and the characters that end a URL escaped; just text without a URL. */
export function markdownLink(text: string, url: string | null): string {
  if (url === null || url === '') return text;
  const label = text.replace(/([\\[\]])/g, '\\$1');
  const target = url.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${label}](${target})`;
}

interface StageLike {
  id?: unknown;
  name: string;
  milestone?: { url?: string | null } | null;
}

function isStageLike(value: unknown): value is StageLike {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

function findStage(o: HelperOptions, id: string): unknown {
  const root = o.data?.root as { stages?: unknown } | undefined;
  const stages = Array.isArray(root?.stages) ? (root.stages as unknown[]) : [];
  return stages.find((s) => typeof s === 'object' && s !== null && (s as { id?: unknown }).id === id);
}
