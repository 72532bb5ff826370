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

/** Our helpers and how many arguments each takes, [least, most]; the template check reads it too. */
export const HELPER_ARITY = {
  eq: [2, 2],
  ne: [2, 2],
  and: [1, Infinity],
  or: [1, Infinity],
  not: [1, 1],
  join: [1, 2],
  date: [1, 2],
  duration: [1, 1],
  checklist: [1, 1],
  issueRef: [1, 1],
  link: [2, 2],
  stageLink: [1, 1],
  default: [2, 2],
} as const satisfies Record<string, readonly [number, number]>;
export type HelperName = keyof typeof HELPER_ARITY;
export const HELPER_NAMES = Object.keys(HELPER_ARITY) as HelperName[];

/** Handlebars' own helpers that stay available, with their arity (Handlebars throws on any other). */
export const BUILTIN_HELPER_ARITY = {
  if: [1, 1],
  unless: [1, 1],
  each: [1, 1],
  with: [1, 1],
  lookup: [2, 2],
} as const satisfies Record<string, readonly [number, number]>;
export const BUILTIN_HELPERS = Object.keys(BUILTIN_HELPER_ARITY) as (keyof typeof BUILTIN_HELPER_ARITY)[];

/** "takes 2 arguments, got 1": the same words at render time and in `lifecycle validate`. */
export function arityMessage(min: number, max: number, got: number): string {
  const range = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
  // "1" and "at least 1" read in the singular.
  return `takes ${range} argument${min === 1 && (max === 1 || max === Infinity) ? '' : 's'}, got ${got}`;
}

/** Handlebars' notion of truth, as {{#if}} uses it: false, 0, '', null, undefined, NaN and [] are false. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

export function registerHelpers(env: HelperHost): void {
  // `log` writes to the console; rendering has no side effects.
  env.unregisterHelper('log');
  makeBlockHelpersStrict(env);
  const implementations = helperImplementations();
  for (const name of HELPER_NAMES) defineHelper(env, name, implementations[name]);
}

// {{#if}}, {{#unless}}, {{#each}} and {{#with}} read their argument leniently in Handlebars even in
// strict mode; make a misspelled path an error there too.
function makeBlockHelpersStrict(env: HelperHost): void {
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
}

type HelperImplementation = (args: unknown[], options: HelperOptions) => unknown;

/** Registers one of our helpers behind the arity check of HELPER_ARITY. */
function defineHelper(env: HelperHost, name: HelperName, fn: HelperImplementation): void {
  const [min, max]: readonly [number, number] = HELPER_ARITY[name];
  env.registerHelper(name, function (this: unknown, ...all: unknown[]) {
    const options = all[all.length - 1] as HelperOptions;
    const args = all.slice(0, -1);
    if (args.length < min || args.length > max) throw usage(options, null, arityMessage(min, max, args.length));
    return fn(args, options);
  });
}

/** One environment's helpers; state such as the date cache is its own. */
function helperImplementations(): Record<HelperName, HelperImplementation> {
  return {
    eq: (args, o) => {
      const [a, b] = need(args, o);
      return a === b;
    },
    ne: (args, o) => {
      const [a, b] = need(args, o);
      return a !== b;
    },
    and: (args, o) => need(args, o).every(truthy),
    or: (args, o) => need(args, o).some(truthy),
    not: (args, o) => !truthy(need(args, o)[0]),
    join: joinHelper,
    date: dateHelper(new Map()),
    duration: durationHelper,
    checklist: checklistHelper,
    issueRef: issueRefHelper,
    link: (args, o) => {
      const [text, url] = need(args, o);
      return markdownLink(String(text ?? ''), typeof url === 'string' ? url : null);
    },
    stageLink: stageLinkHelper,
    default: (args) => {
      const [value, fallback] = args;
      return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) ? fallback : value;
    },
  };
}

function joinHelper(args: unknown[], o: HelperOptions): unknown {
  const [list, separator] = need(args, o);
  if (list === null) return '';
  if (!Array.isArray(list)) throw usage(o, 0, 'expects a list as its first argument');
  if (separator !== undefined && typeof separator !== 'string') throw usage(o, 1, 'expects text as the separator');
  return list.map((item) => String(item)).join(separator ?? ', ');
}

/** `dates` caches formatted days: the same few due dates are formatted for thousands of issues. */
function dateHelper(dates: Map<string, string>): HelperImplementation {
  return (args, o) => {
    const [value, style] = need(args, o);
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
  };
}

function durationHelper(args: unknown[], o: HelperOptions): unknown {
  const [value] = need(args, o);
  if (value === null || value === '') return '';
  if (typeof value === 'number') return `${value} ${value === 1 ? 'day' : 'days'}`;
  if (typeof value !== 'string') throw usage(o, 0, 'expects a duration such as "3d"');
  return describeDuration(value);
}

function checklistHelper(args: unknown[], o: HelperOptions): unknown {
  const [items] = need(args, o);
  if (items === null) return '';
  if (!Array.isArray(items)) throw usage(o, 0, 'expects a list of items');
  return items.map((item) => `- [ ] ${oneLine(String(item))}`).join('\n');
}

function issueRefHelper(args: unknown[], o: HelperOptions): unknown {
  const [value] = need(args, o);
  if (value === null || value === '') return '';
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0) throw usage(o, 0, 'expects an issue number');
  return `#${n}`;
}

function stageLinkHelper(args: unknown[], o: HelperOptions): unknown {
  const [value] = need(args, o);
  const stage = typeof value === 'string' ? findStage(o, value) : value;
  if (!isStageLike(stage)) throw usage(o, 0, typeof value === 'string' ? `no active stage "${value}"` : 'expects a stage');
  return markdownLink(stage.name, stage.milestone?.url ?? null);
}

// The count is checked where the helper is defined; here, that every argument exists.
function need(args: unknown[], o: HelperOptions): unknown[] {
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
