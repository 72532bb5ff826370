// The Handlebars environment: one isolated instance per renderer (Handlebars.create()), compiled
// with `strict` so a misspelled variable is an error naming the file, line and path, and with
// `noEscape` because the output is Markdown: trusted config text must arrive as written, not as
// `&#x27;`. Untrusted text is neutralized before it reaches a template (see escape.ts).
// Prototype access stays at Handlebars' default (denied). Only our own helpers exist; the
// repository provides templates and partials, never code.
import Handlebars from 'handlebars';
import { FrontMatterError, labelTooLong, splitFrontMatter } from './front-matter.js';
import type { Position, ValuePosition } from './front-matter.js';
import { MAX_LABEL_LENGTH } from '../config/schema.js';
import { HelperArgumentError, registerHelpers } from './helpers.js';
import { partialFiles, resolveTemplate } from './templates.js';
import type { ResolvedTemplate, TemplateFile, TemplateSet } from './templates.js';

type Env = typeof Handlebars;
type Ast = hbs.AST.Program;
type AstNode = hbs.AST.Node;

const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;

/**
 * Partials inside partials, at most this deep. The template check refuses a partial that includes
 * itself; this stops one it missed with an error of ours, well before the stack runs out (where
 * V8 may give up with a fatal error instead of a RangeError, taking the process with it).
 */
export const MAX_PARTIAL_DEPTH = 64;

/** A template that cannot be rendered: where (file:line:column) and why. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: number | null,
    readonly reason: string,
    /** The path the template used, e.g. "stage.duee", when the problem is a missing value. */
    readonly variable: string | null = null,
  ) {
    super(`${file}${line === null ? '' : `:${line}${column === null ? '' : `:${column}`}`}: ${reason}`);
  }
}

export interface TemplateProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface RenderedIssue {
  /** From front matter, rendered; null when the template sets none. */
  title: string | null;
  labels: string[];
  assignees: string[];
  body: string;
}

/** An issue body comes from a named template or from inline text in lifecycle.yml. */
export type TemplateSource = { name: string } | { inline: string; path: string };

interface Source {
  path: string;
  text: string;
  /** Lines before `text` in the file, so errors name the file's own line numbers. */
  lineOffset: number;
  /** Columns before `text` on its first line (a front matter value), so errors name the file's column. */
  columnOffset?: number;
  /** Where each UTF-16 unit of `text` is written in the file, when counting cannot tell (a front matter value quoted over several lines). */
  chars?: Position[];
}

interface Compiled {
  source: Source;
  run: (context: unknown, options?: Handlebars.RuntimeOptions) => string;
}

interface CompiledIssue {
  title: Compiled | null;
  labels: Compiled[];
  assignees: Compiled[];
  body: Compiled;
  labelsAt: { file: string; line: number; column: number } | null;
}

export class Renderer {
  private readonly env: Env;
  private readonly partials: Map<string, TemplateFile>;
  private readonly cache = new Map<string, Compiled>();
  private readonly issueCache = new Map<string, CompiledIssue>();
  private partialDepth = 0;

  constructor(readonly templates: TemplateSet) {
    this.env = Handlebars.create();
    registerHelpers(this.env as unknown as Parameters<typeof registerHelpers>[0]);
    this.partials = partialFiles(templates);
    for (const [name, file] of this.partials) {
      let compiled: Compiled | null = null;
      // Compiled on first use, with the same options and error reporting as any template.
      this.env.registerPartial(name, ((context: unknown, options?: Handlebars.RuntimeOptions) => {
        compiled ??= this.compile({ path: file.path, text: file.text, lineOffset: 0 });
        if (this.partialDepth >= MAX_PARTIAL_DEPTH) {
          throw new TemplateError(file.path, null, null, `partials nest more than ${MAX_PARTIAL_DEPTH} deep here; does partial "${name}" include itself?`);
        }
        this.partialDepth++;
        try {
          return compiled.run(context, options);
        } finally {
          this.partialDepth--;
        }
      }) as Handlebars.Template);
    }
  }

  resolve(name: string): ResolvedTemplate | null {
    return resolveTemplate(this.templates, name);
  }

  /** Renders a named template (the repository's, else the built-in). Front matter is not allowed here. */
  render(name: string, context: object): string {
    return this.compileFile(this.file(name)).run(context);
  }

  /** Renders an issue template: its front matter values and its body, all with the same context. */
  renderIssue(source: TemplateSource, context: object): RenderedIssue {
    const issue = this.compileIssue(source);
    const labels: string[] = [];
    for (const compiled of issue.labels) {
      const label = oneLine(compiled.run(context));
      // Known only now when the label uses Handlebars; GitHub would refuse the issue (422).
      if (label.length > MAX_LABEL_LENGTH) throw at(compiled.source, { start: { line: 1, column: 0 } }, `${labelTooLong(label)} once rendered`);
      if (label !== '') labels.push(label);
    }
    return {
      title: issue.title ? oneLine(issue.title.run(context)) : null,
      labels,
      assignees: issue.assignees.map((c) => oneLine(c.run(context))).filter((s) => s !== ''),
      body: issue.body.run(context),
    };
  }

  /** Where an issue template's front matter sets `labels` (null without): for errors about an issue's labels. */
  labelsAt(source: TemplateSource): { file: string; line: number; column: number } | null {
    return this.compileIssue(source).labelsAt;
  }

  /**
   * The first problem compiling finds: syntax, unknown helpers, unknown partials, bad front matter.
   * `lifecycle validate` uses the fuller static check of template-check.ts, which also checks paths.
   */
  check(name: string, kind: 'issue' | 'milestone' | 'guidance' = 'issue'): TemplateProblem[] {
    const resolved = this.resolve(name);
    if (!resolved) return [];
    const problems: TemplateProblem[] = [];
    try {
      if (kind === 'issue') this.compileIssue({ name });
      else this.compileFile(resolved.file);
    } catch (error) {
      if (error instanceof TemplateError) {
        problems.push({ file: error.file, line: error.line ?? 1, column: error.column ?? 1, message: error.reason });
      } else {
        throw error;
      }
    }
    return problems;
  }

  private compileFile(file: TemplateFile): Compiled {
    const key = `file\u0000${file.path}`;
    let compiled = this.cache.get(key);
    if (!compiled) {
      if (/^---[ \t]*\r?\n/.test(file.text)) {
        throw new TemplateError(file.path, 1, 1, 'front matter (title, labels, assignees) is only read in issue templates');
      }
      compiled = this.compile({ path: file.path, text: file.text, lineOffset: 0 });
      this.cache.set(key, compiled);
    }
    return compiled;
  }

  private file(name: string): TemplateFile {
    const resolved = this.resolve(name);
    if (!resolved) {
      throw new TemplateError(name, null, null, `template "${name}" is neither in the templates folder nor among the built-ins`);
    }
    return resolved.file;
  }

  private compileIssue(source: TemplateSource): CompiledIssue {
    // Named templates are cached by name, inline bodies by their text and where they come from.
    const key = 'name' in source ? `name\u0000${source.name}` : `inline\u0000${source.path}\u0000${source.inline}`;
    const cached = this.issueCache.get(key);
    if (cached) return cached;
    const whole: Source = 'name' in source ? { ...pick(this.file(source.name)), lineOffset: 0 } : { path: source.path, text: source.inline, lineOffset: 0 };
    let split;
    try {
      split = splitFrontMatter(whole.text);
    } catch (error) {
      if (error instanceof FrontMatterError) throw new TemplateError(whole.path, error.line, error.column, error.message);
      throw error;
    }
    const fm = split.frontMatter;
    // A value's errors name its line and column in the file.
    const piece = (text: string, where: ValuePosition | null | undefined): Compiled =>
      this.compile({ path: whole.path, text, lineOffset: (where?.line ?? 1) - 1, columnOffset: (where?.column ?? 1) - 1, chars: where?.chars });
    const labelsKey = fm?.at.labelsKey;
    const compiled: CompiledIssue = {
      title: fm?.title ? piece(fm.title, fm.at.title) : null,
      labels: (fm?.labels ?? []).map((l, i) => piece(l, fm?.at.labels[i])),
      assignees: (fm?.assignees ?? []).map((a, i) => piece(a, fm?.at.assignees[i])),
      body: this.compile({ path: whole.path, text: split.body, lineOffset: split.bodyLineOffset }),
      labelsAt: labelsKey ? { file: whole.path, ...labelsKey } : null,
    };
    this.issueCache.set(key, compiled);
    return compiled;
  }

  private compile(source: Source): Compiled {
    let ast: Ast;
    try {
      ast = this.env.parse(source.text);
    } catch (error) {
      throw parseError(source, error);
    }
    const index = indexAst(ast);
    const problem = this.staticCheck(ast);
    if (problem) throw at(source, problem.loc, problem.message);
    strictPartialArguments(ast);
    const template = this.env.compile(ast, COMPILE_OPTIONS);
    return {
      source,
      run: (context, options) => {
        try {
          return template(context, options);
        } catch (error) {
          throw runtimeError(source, index, error);
        }
      },
    };
  }

  // Calls to helpers that do not exist and partials that do not exist fail here, with a line,
  // before any rendering; so do decorators, which would be code.
  private staticCheck(ast: Ast): { loc: hbs.AST.SourceLocation; message: string } | null {
    const helpers = this.env.helpers as Record<string, unknown>;
    let found: { loc: hbs.AST.SourceLocation; message: string } | null = null;
    // {{#*inline "name"}} is Handlebars' own way to declare a partial inside a template; allowed.
    const inline = new Set<string>();
    walk(ast, (node) => {
      const n = node as unknown as { path?: hbs.AST.PathExpression; params?: hbs.AST.Expression[] };
      const first = n.params?.[0];
      if (node.type === 'DecoratorBlock' && n.path?.original === 'inline' && first?.type === 'StringLiteral') {
        inline.add((first as hbs.AST.StringLiteral).value);
      }
    });
    walk(ast, (node) => {
      if (found) return;
      const n = node as unknown as { params?: unknown[]; hash?: hbs.AST.Hash; path?: hbs.AST.PathExpression; name?: hbs.AST.PathExpression | hbs.AST.SubExpression };
      if (node.type === 'Decorator' || (node.type === 'DecoratorBlock' && n.path?.original !== 'inline')) {
        found = { loc: node.loc, message: 'decorators ({{* …}}) are not supported, except {{#*inline "name"}}' };
      } else if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
        const path = n.path as hbs.AST.PathExpression;
        const isCall = (n.params?.length ?? 0) > 0 || (n.hash?.pairs.length ?? 0) > 0;
        const simple = path.type === 'PathExpression' && path.parts.length === 1 && !path.data && path.depth === 0 && !/^(this|\.)/.test(path.original);
        if (isCall && simple && !Object.hasOwn(helpers, path.original)) {
          found = { loc: path.loc, message: `unknown helper "${path.original}"` };
        }
      } else if (node.type === 'PartialStatement') {
        // Not a partial block: {{#> name}}fallback{{/name}} renders its block when there is no such
        // partial, as the template check (template-check.ts) allows.
        const name = n.name as hbs.AST.PathExpression | hbs.AST.SubExpression;
        if (name.type === 'PathExpression' && name.original !== '@partial-block' && !this.partials.has(name.original) && !inline.has(name.original)) {
          const known = [...this.partials.keys()];
          const hint = known.length > 0 ? `; partials here: ${known.join(', ')}` : '; a partial is a file named _<name>.md.hbs';
          found = { loc: name.loc, message: `unknown partial "${name.original}"${hint}` };
        }
      }
    });
    return found;
  }
}

export function createRenderer(templates: TemplateSet): Renderer {
  return new Renderer(templates);
}

function pick(file: TemplateFile): { path: string; text: string } {
  return { path: file.path, text: file.text };
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}

interface AstIndex {
  paths: Map<string, hbs.AST.PathExpression>;
  calls: Map<string, hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression>;
}

const locKey = (line: number, column: number) => `${line}:${column}`;

function indexAst(ast: Ast): AstIndex {
  const paths = new Map<string, hbs.AST.PathExpression>();
  const calls = new Map<string, hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression>();
  walk(ast, (node) => {
    if (!node.loc) return;
    const key = locKey(node.loc.start.line, node.loc.start.column);
    if (node.type === 'PathExpression') paths.set(key, node as hbs.AST.PathExpression);
    else if (node.type === 'MustacheStatement' || node.type === 'BlockStatement' || node.type === 'SubExpression') {
      calls.set(key, node as hbs.AST.MustacheStatement);
    }
  });
  return { paths, calls };
}

// Handlebars' strict mode checks the paths a template prints or calls, not those given to a partial:
// `{{> p x=stage.nope}}` would hand the partial an undefined `x`. Marked as Handlebars marks a
// printed path, a missing one is refused where it is written, as everywhere else.
function strictPartialArguments(ast: Ast): void {
  walk(ast, (node) => {
    if (node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') return;
    const partial = node as hbs.AST.PartialStatement;
    const given = [...partial.params, ...(partial.hash?.pairs ?? []).map((pair) => pair.value)];
    for (const value of given) if (value.type === 'PathExpression') (value as hbs.AST.PathExpression & { strict?: boolean }).strict = true;
  });
}

function walk(node: AstNode | null | undefined, visit: (node: AstNode) => void): void {
  if (!node) return;
  visit(node);
  const n = node as unknown as Record<string, unknown>;
  for (const key of ['path', 'name', 'program', 'inverse', 'hash', 'value']) {
    const child = n[key];
    if (child && typeof child === 'object' && 'type' in child) walk(child as AstNode, visit);
  }
  for (const key of ['body', 'params', 'pairs']) {
    const list = n[key];
    if (Array.isArray(list)) for (const child of list) walk(child as AstNode, visit);
  }
}

function at(source: Source, loc: { start: { line: number; column: number } } | undefined, message: string, variable: string | null = null): TemplateError {
  if (!loc) return new TemplateError(source.path, null, null, message, variable);
  if (source.chars) {
    const lines = source.text.split('\n').slice(0, loc.start.line - 1);
    const index = lines.reduce((sum, line) => sum + line.length + 1, loc.start.column);
    const written = source.chars[Math.min(index, source.chars.length - 1)] as Position;
    return new TemplateError(source.path, written.line, written.column, message, variable);
  }
  const column = loc.start.column + 1 + (loc.start.line === 1 ? (source.columnOffset ?? 0) : 0);
  return new TemplateError(source.path, loc.start.line + source.lineOffset, column, message, variable);
}

function parseError(source: Source, error: unknown): TemplateError {
  const raw = error instanceof Error ? error.message : String(error);
  const located = error as { lineNumber?: unknown; column?: unknown };
  if (typeof located.lineNumber === 'number') {
    const column = typeof located.column === 'number' ? located.column : 0;
    return at(source, { start: { line: located.lineNumber, column } }, `template syntax error: ${raw.replace(/ - \d+:\d+$/, '')}`);
  }
  if (/got 'EOF'/.test(raw)) {
    return new TemplateError(source.path, null, null, 'template syntax error: the template ends inside a block ({{#…}} without its {{/…}})');
  }
  // Handlebars says "Parse error on line N:", then up to 20 characters before the problem, a caret
  // line, then the tokens it expected. The excerpt is what a person recognizes.
  const line = /on line (\d+)/.exec(raw)?.[1];
  const lines = raw.split('\n');
  const excerpt = lines.length > 2 && /^-*\^$/.test(lines[2] ?? '') ? (lines[1] ?? '').trim() : '';
  const reason = excerpt ? `template syntax error near "${excerpt}"` : `template syntax error: ${lines[0] ?? raw}`;
  return new TemplateError(source.path, line === undefined ? null : Number(line) + source.lineOffset, null, reason);
}

function runtimeError(source: Source, index: AstIndex, error: unknown): Error {
  if (error instanceof TemplateError) return error;
  if (error instanceof HelperArgumentError) {
    const call = error.loc ? index.calls.get(locKey(error.loc.start.line, error.loc.start.column)) : undefined;
    const param = call && error.argument !== null ? call.params[error.argument] : undefined;
    const variable = param?.type === 'PathExpression' ? (param as hbs.AST.PathExpression).original : null;
    const where = param?.loc ?? error.loc;
    const helper = error.helper.startsWith('#') ? `{{${error.helper}}}` : `helper "${error.helper}"`;
    const reason =
      error.kind === 'missing'
        ? variable
          ? `"${variable}" is not defined${hintFor(variable)} (in ${helper})`
          : `${helper}: ${error.message}`
        : `${helper} ${error.message}${variable ? ` (given "${variable}")` : ''}`;
    return at(source, where, reason, variable);
  }
  if (error instanceof Error) {
    const e = error as Error & { lineNumber?: number; column?: number };
    const strict = /^"([^"]+)" not defined in /.exec(e.message);
    if (strict && typeof e.lineNumber === 'number' && typeof e.column === 'number') {
      const path = index.paths.get(locKey(e.lineNumber, e.column));
      const variable = path?.original ?? strict[1] ?? '';
      return at(source, { start: { line: e.lineNumber, column: e.column } }, `"${variable}" is not defined${hintFor(variable)}`, variable);
    }
    const nullRead = /Cannot read properties of (null|undefined) \(reading '([^']+)'\)/.exec(e.message);
    if (nullRead) {
      const loc = findPropertyUse(source.text, nullRead[2] ?? '');
      return at(source, loc, `a value before ".${nullRead[2]}" is ${nullRead[1]}; guard it with {{#if …}}`);
    }
    if (typeof e.lineNumber === 'number') {
      return at(source, { start: { line: e.lineNumber, column: e.column ?? 0 } }, e.message.replace(/ - \d+:\d+$/, ''));
    }
    if (/^The partial .* could not be found$/.test(e.message)) return at(source, undefined, e.message.replace(/^The partial (.*) could not be found$/, 'unknown partial "$1"'));
    return new TemplateError(source.path, null, null, e.message);
  }
  return new TemplateError(source.path, null, null, String(error));
}

function hintFor(variable: string): string {
  if (/^vars\./.test(variable)) {
    return `; declare it under "variables" in lifecycle.yml, or write (default ${variable} "…")`;
  }
  return '';
}

function findPropertyUse(text: string, property: string): { start: { line: number; column: number } } | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const column = (lines[i] ?? '').indexOf(`.${property}`);
    if (column >= 0 && (lines[i] ?? '').includes('{{')) return { start: { line: i + 1, column } };
  }
  return undefined;
}
