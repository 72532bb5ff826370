// The static check of templates, for `lifecycle validate` and as the precondition of plan and
// sync: every template a config uses is parsed with Handlebars' own parser and walked once, and
// every path it reads is checked against the declared shape of the context it is rendered with
// (context-shape.ts). Nothing is compiled or rendered, so it runs as well on a pull request's
// proposed templates as on the checkout. Problems come back as diagnostics naming the file, line and
// column, all of them at once.
//
// What it follows, as Handlebars does: {{#each}} and {{#with}} (and {{#list}} / {{#object}} blocks)
// change `this` and push a context that `../` climbs back to; {{#if}} and {{#unless}} do not;
// `as |item index|` block parameters; @index, @key, @first and @last inside {{#each}}; @root;
// helper arguments, hash values and subexpressions; partials in the context they are used in,
// with their hash values added; {{#*inline}} partials; {{> @partial-block}}.
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Scalar } from 'yaml';
import { sortDiagnostics } from '../config/diagnostics.js';
import type { Diagnostic, Severity } from '../config/diagnostics.js';
import { closestMatch, didYouMean } from '../config/suggest.js';
import { TEMPLATE_KINDS, shapeName, templateContextShapes } from './context-shape.js';
import type { Shape, TemplateKind } from './context-shape.js';
import { checkFrontMatter, FrontMatterError, locateFrontMatter } from './front-matter.js';
import { BUILTIN_HELPER_ARITY, HELPER_ARITY, arityMessage } from './helpers.js';
import { parseTemplate } from './template-syntax.js';
import { partialFiles, resolveTemplate } from './templates.js';
import type { TemplateFile, TemplateSet } from './templates.js';

/** Where a position in a piece of template text (line from 1, column from 0) is in its file. */
export type Place = (line: number, column: number) => { line: number; column: number; note?: string };

export type TemplateUse =
  /** A template file, by name: the repository's, else the built-in. */
  | { kind: TemplateKind; name: string }
  /** An inline `body:` in lifecycle.yml. */
  | { kind: 'task'; inline: { text: string; file: string; place: Place } };

export interface TemplateCheckInput {
  templates: TemplateSet;
  uses: readonly TemplateUse[];
  /** The names declared under `variables` in lifecycle.yml: the only `vars.<name>` that exist. */
  variables: readonly string[];
}

export function checkTemplates(input: TemplateCheckInput): Diagnostic[] {
  const checker = new Checker(input.templates, input.variables);
  for (const use of input.uses) checker.use(use);
  // A partial included from several places reports the same problem once.
  return sortDiagnostics(checker.diagnostics);
}

const FRONT_MATTER_ONLY_IN_ISSUES = 'front matter (title, labels, assignees) is only read in issue templates';

type Unknown = { readonly kind: 'unknown' };
/** A variable's value: text, a number, true or false, or null. */
type Scalar_ = { readonly kind: 'scalar' };
type Ty = Shape | Unknown | Scalar_;

const UNKNOWN: Unknown = { kind: 'unknown' };
const SCALAR: Scalar_ = { kind: 'scalar' };
const TEXT: Ty = { kind: 'text' };
const NUMBER: Ty = { kind: 'number' };
const BOOLEAN: Ty = { kind: 'boolean' };

const HELPERS: Readonly<Record<string, readonly [number, number]>> = { ...HELPER_ARITY, ...BUILTIN_HELPER_ARITY };
const HELPER_LIST = Object.keys(HELPERS);
const BLOCK_ONLY = new Set(['if', 'unless', 'each', 'with']);
const BOOLEAN_HELPERS = new Set(['eq', 'ne', 'and', 'or', 'not']);
const EACH_DATA = ['index', 'key', 'first', 'last'];

interface Source {
  file: string;
  place: Place;
}

interface DataFrame {
  vars: ReadonlyMap<string, Ty>;
  parent: DataFrame | null;
}

interface Partial {
  /** Unique per definition: a file path, or a file path and an inline name. */
  id: string;
  name: string;
  source: Source;
  /** Parsed on first use; null when the file does not parse (its problems are reported then). */
  program: () => hbs.AST.Program | null;
}

interface Scope {
  /** `this` first, then what `../` reaches. */
  contexts: readonly Ty[];
  root: Ty;
  blockParams: ReadonlyMap<string, Ty>;
  data: DataFrame | null;
  partialBlock: boolean;
  inline: ReadonlyMap<string, Partial>;
  /** The partials being expanded, outermost first: a partial met again is a loop. */
  chain: readonly Partial[];
  kind: TemplateKind;
  source: Source;
  /** The template that includes the partial being checked, for messages; null in the template itself. */
  includedFrom: string | null;
}

type Missing = 'error' | 'fallback';
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly files: Map<string, TemplateFile>;
  private readonly parsed = new Map<string, hbs.AST.Program | null>();
  private readonly done = new Set<string>();
  private readonly loops = new Set<string>();
  private readonly ids = new Map<object, number>();

  constructor(
    private readonly templates: TemplateSet,
    private readonly variables: readonly string[],
  ) {
    this.files = partialFiles(templates);
  }

  use(use: TemplateUse): void {
    if ('inline' in use) {
      this.issueTemplate(use.inline.text, { file: use.inline.file, place: use.inline.place });
      return;
    }
    const resolved = resolveTemplate(this.templates, use.name);
    // A name that exists nowhere is the config check's to report.
    if (!resolved) return;
    const key = `${use.kind}\u0000${resolved.file.path}`;
    if (this.done.has(key)) return;
    this.done.add(key);
    const source = fileSource(resolved.file.path);
    if (use.kind === 'task') {
      this.issueTemplate(resolved.file.text, source);
      return;
    }
    if (/^---[ \t]*\r?\n/.test(resolved.file.text)) this.report(source, { line: 1, column: 0 }, 'error', FRONT_MATTER_ONLY_IN_ISSUES);
    this.template(resolved.file.text, source, use.kind);
  }

  // An issue template: its front matter values and its body, rendered with the same context.
  private issueTemplate(text: string, source: Source): void {
    let bounds;
    try {
      bounds = locateFrontMatter(text);
    } catch (error) {
      if (!(error instanceof FrontMatterError)) throw error;
      this.report(source, { line: error.line, column: 0 }, 'error', error.message);
      return;
    }
    if (!bounds) {
      this.template(text, source, 'task');
      return;
    }
    // Every problem of the front matter at once (its keys, and GitHub's limits on the values written
    // there), at the template's own line and column; its values are checked as templates once it reads.
    const problems = checkFrontMatter(text);
    for (const problem of problems) this.report(source, { line: problem.line, column: problem.column - 1 }, 'error', problem.message);
    if (problems.length === 0) {
      for (const piece of frontMatterPieces(bounds.yamlText)) {
        this.template(piece.text, { file: source.file, place: (line, column) => source.place(...piece.place(line, column)) }, 'task');
      }
    }
    this.template(bounds.body, { file: source.file, place: (line, column) => source.place(line + bounds.bodyLineOffset, column) }, 'task');
  }

  private template(text: string, source: Source, kind: TemplateKind): void {
    const program = this.parse(text, source);
    if (!program) return;
    const root: Ty = templateContextShapes[kind];
    this.program(program, {
      contexts: [root],
      root,
      blockParams: new Map(),
      data: null,
      partialBlock: false,
      inline: this.inlinePartials(program, source),
      chain: [],
      kind,
      source,
      includedFrom: null,
    });
  }

  private parse(text: string, source: Source): hbs.AST.Program | null {
    const parsed = parseTemplate(text);
    for (const problem of parsed.problems) this.report(source, problem, 'error', problem.message);
    return parsed.ast;
  }

  // {{#*inline "name"}}…{{/inline}} anywhere in a template declares a partial it and its partials can use.
  private inlinePartials(program: hbs.AST.Program, source: Source, inherited: ReadonlyMap<string, Partial> = new Map()): ReadonlyMap<string, Partial> {
    const found = new Map(inherited);
    walk(program, (node) => {
      if (node.type !== 'DecoratorBlock') return;
      const block = node as hbs.AST.BlockStatement;
      const [name] = block.params;
      if (!isInline(block) || name?.type !== 'StringLiteral') return;
      const value = (name as hbs.AST.StringLiteral).value;
      // By the definition itself: a line number repeats across the pieces of one file (front matter
      // values, the inline bodies of lifecycle.yml), each parsed from its own line 1.
      found.set(value, { id: `${source.file}#${value}@${this.id(block)}`, name: value, source, program: () => block.program });
    });
    return found;
  }

  private program(program: hbs.AST.Program | null | undefined, scope: Scope): void {
    if (!program) return;
    for (const statement of program.body) this.statement(statement, scope);
  }

  private statement(node: hbs.AST.Statement, scope: Scope): void {
    switch (node.type) {
      case 'MustacheStatement':
        this.call(node as hbs.AST.MustacheStatement, scope);
        return;
      case 'BlockStatement':
        this.block(node as hbs.AST.BlockStatement, scope);
        return;
      case 'PartialStatement':
        this.partial(node as hbs.AST.PartialStatement, scope, null);
        return;
      case 'PartialBlockStatement': {
        const block = node as hbs.AST.PartialBlockStatement;
        this.partial(block, scope, block.program);
        return;
      }
      case 'DecoratorBlock': {
        const block = node as hbs.AST.BlockStatement;
        if (isInline(block)) {
          if (block.params[0]?.type !== 'StringLiteral') this.report(scope.source, block.loc?.start, 'error', '{{#*inline}} needs the partial\'s name in quotes: {{#*inline "name"}}');
          return;
        }
        this.report(scope.source, block.loc?.start, 'error', 'decorators ({{* …}}) are not supported, except {{#*inline "name"}}');
        return;
      }
      case 'Decorator':
        this.report(scope.source, node.loc?.start, 'error', 'decorators ({{* …}}) are not supported, except {{#*inline "name"}}');
        return;
      default:
        return;
    }
  }

  /** A mustache or subexpression: a helper call, or a value looked up. Returns what it gives. */
  private call(node: hbs.AST.MustacheStatement | hbs.AST.SubExpression, scope: Scope): Ty {
    const { helper, simpleName, hasArgs } = this.classify(node, scope);
    if (helper) return this.helperCall(node, helper, scope, false).result;
    if (hasArgs) {
      this.unknownHelper(node, simpleName, scope);
      return UNKNOWN;
    }
    return this.callee(node, scope);
  }

  private classify(node: Call, scope: Scope): { helper: string | null; simpleName: string | null; hasArgs: boolean } {
    const path = node.path as hbs.AST.PathExpression | hbs.AST.Literal;
    let simpleName: string | null = null;
    if (path.type === 'PathExpression') {
      const p = path as hbs.AST.PathExpression;
      if (p.parts.length === 1 && !p.data && p.depth === 0 && !isScoped(p) && !scope.blockParams.has(p.parts[0] ?? '')) simpleName = p.parts[0] ?? null;
    } else if ('value' in path) {
      simpleName = String((path as hbs.AST.StringLiteral).value);
    }
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    const helper = simpleName !== null && Object.hasOwn(HELPERS, simpleName) ? simpleName : null;
    return { helper, simpleName, hasArgs };
  }

  // What a call without arguments names: a path, or a literal that Handlebars reads as one.
  private callee(node: Call, scope: Scope): Ty {
    const path = node.path as hbs.AST.PathExpression | hbs.AST.Literal;
    if (path.type === 'PathExpression') return this.path(path as hbs.AST.PathExpression, scope);
    if ('value' in path) {
      const name = String((path as hbs.AST.StringLiteral).value);
      return this.resolve({ parts: [name], original: name, data: false, depth: 0, loc: path.loc } as hbs.AST.PathExpression, scope, 'error');
    }
    return UNKNOWN;
  }

  private unknownHelper(node: Call, simpleName: string | null, scope: Scope): void {
    const path = node.path as hbs.AST.PathExpression;
    const message =
      simpleName !== null
        ? `unknown helper "${simpleName}"${didYouMean(simpleName, HELPER_LIST)}`
        : `"${path.original}" is not a helper, so it takes no arguments`;
    this.report(scope.source, path.loc?.start, 'error', message);
    this.args(node, scope, null);
  }

  private helperCall(node: Call, name: string, scope: Scope, block: boolean): { result: Ty; args: Ty[] } {
    const [min, max] = HELPERS[name] ?? [0, Infinity];
    const where = node.path.loc?.start;
    const label = Object.hasOwn(BUILTIN_HELPER_ARITY, name) ? `{{#${name}}}` : `helper "${name}"`;
    if (node.params.length < min || node.params.length > max) {
      // {{duration}} inside {{#with stage.estimate}} calls the helper, not the field of that name.
      const context = nonNull(scope.contexts[0] ?? UNKNOWN);
      const field = node.params.length === 0 && context.kind === 'object' && Object.hasOwn(context.fields, name);
      const hint = field ? `; to print the field "${name}", write {{this.${name}}}` : '';
      this.report(scope.source, where, 'error', `${label} ${arityMessage(min, max, node.params.length)}${hint}`);
    }
    if (!block && BLOCK_ONLY.has(name)) this.report(scope.source, where, 'error', `{{#${name}}} is a block helper: write {{#${name} …}}…{{/${name}}}`);
    const args = this.args(node, scope, name).params;
    return { result: this.result(name, args, node), args };
  }

  private result(name: string, args: Ty[], node: Call): Ty {
    if (BOOLEAN_HELPERS.has(name)) return BOOLEAN;
    if (name === 'lookup') return this.lookup(args[0], node.params[1]);
    if (name === 'default') return args[0] === undefined || args[0].kind === 'unknown' ? (args[1] ?? UNKNOWN) : args[0];
    if (BLOCK_ONLY.has(name)) return UNKNOWN;
    return TEXT;
  }

  /** Checks a call's arguments and hash values; returns their types. */
  private args(node: Call | hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, scope: Scope, helper: string | null): { params: Ty[]; hash: Map<string, Ty> } {
    // `default` exists to give a fallback for a variable that may not be declared.
    const params = node.params.map((param, i) => this.expression(param, scope, helper === 'default' && i === 0 ? 'fallback' : 'error'));
    const hash = new Map((node.hash?.pairs ?? []).map((pair) => [pair.key, this.expression(pair.value, scope, 'error')] as const));
    return { params, hash };
  }

  // {{lookup value key}} with a literal key is a path written another way.
  private lookup(base: Ty | undefined, key: hbs.AST.Expression | undefined): Ty {
    if (!base || !key || (key.type !== 'StringLiteral' && key.type !== 'NumberLiteral')) return UNKNOWN;
    return this.member(base, String((key as hbs.AST.StringLiteral).value)) ?? UNKNOWN;
  }

  private block(node: hbs.AST.BlockStatement, scope: Scope): void {
    const { helper, simpleName, hasArgs } = this.classify(node, scope);
    const blockParams = node.program?.blockParams ?? [];
    if (helper) {
      const first = this.helperCall(node, helper, scope, true).args[0] ?? UNKNOWN;
      if (helper === 'each') this.program(node.program, this.eachScope(first, scope, blockParams, node.params[0] ?? null));
      else if (helper === 'with') this.program(node.program, this.withScope(first, scope, blockParams));
      else this.program(node.program, scope);
      this.program(node.inverse, scope);
      return;
    }
    if (hasArgs) {
      this.unknownHelper(node, simpleName, scope);
      this.program(node.program, scope);
      this.program(node.inverse, scope);
      return;
    }
    // {{#path}}…{{/path}}: Handlebars goes through a list, enters an object, and tests anything else.
    const value = this.callee(node, scope);
    const inner = nonNull(value);
    if (inner.kind === 'list') this.program(node.program, this.eachScope(value, scope, blockParams, null));
    else if (inner.kind === 'object' || inner.kind === 'variables') this.program(node.program, this.withScope(value, scope, blockParams));
    else this.program(node.program, scope);
    this.program(node.inverse, scope);
  }

  private eachScope(list: Ty, scope: Scope, blockParams: readonly string[], param: hbs.AST.Expression | null): Scope {
    const base = nonNull(list);
    let item: Ty = UNKNOWN;
    let key: Ty = UNKNOWN;
    if (base.kind === 'list') {
      item = base.of;
      key = NUMBER;
    } else if (base.kind === 'variables') {
      item = SCALAR;
      key = TEXT;
    } else if (base.kind === 'object') {
      key = TEXT;
    } else if (base.kind !== 'unknown' && base.kind !== 'scalar') {
      const what = param?.type === 'PathExpression' ? `"${(param as hbs.AST.PathExpression).original}" is ${describe(base)}` : `its argument is ${describe(base)}`;
      this.report(scope.source, param?.loc?.start, 'warning', `{{#each}} goes through a list, but ${what}: the block is never rendered`);
    }
    const vars = new Map<string, Ty>([
      ['index', NUMBER],
      ['key', key],
      ['first', BOOLEAN],
      ['last', BOOLEAN],
    ]);
    return {
      ...scope,
      contexts: [item, ...scope.contexts],
      blockParams: withBlockParams(scope.blockParams, blockParams, [item, key]),
      data: { vars, parent: scope.data },
    };
  }

  private withScope(value: Ty, scope: Scope, blockParams: readonly string[]): Scope {
    const inner = nonNull(value);
    return { ...scope, contexts: [inner, ...scope.contexts], blockParams: withBlockParams(scope.blockParams, blockParams, [inner]) };
  }

  private partial(node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement, scope: Scope, block: hbs.AST.Program | null): void {
    const where = node.loc?.start;
    if (node.params.length > 1) {
      this.report(scope.source, where, 'error', `a partial takes at most one argument (the context to render it with), got ${node.params.length}`);
    }
    const { params, hash } = this.args(node, scope, null);
    const contextArg = params[0];
    if (block) this.program(block, scope);
    const nameNode = node.name as hbs.AST.PathExpression | hbs.AST.SubExpression | hbs.AST.Literal;
    if (nameNode.type === 'SubExpression') {
      this.call(nameNode as hbs.AST.SubExpression, scope);
      this.report(scope.source, where, 'warning', 'a partial whose name is computed while rendering cannot be checked');
      return;
    }
    const name = nameNode.type === 'PathExpression' ? (nameNode as hbs.AST.PathExpression).original : String((nameNode as hbs.AST.StringLiteral).value);
    if (name === '@partial-block') {
      if (!scope.partialBlock) this.report(scope.source, where, 'error', '{{> @partial-block}} is only set in a partial used as a block: {{#> name}}…{{/name}}');
      return;
    }
    const target = scope.inline.get(name) ?? this.filePartial(name);
    if (!target) {
      // {{#> name}}fallback{{/name}} renders its block when there is no such partial.
      if (block) return;
      const known = [...new Set([...scope.inline.keys(), ...this.files.keys()])].sort();
      const hint = known.length > 0 ? `; partials here: ${known.join(', ')}` : '; a partial is a file named _<name>.md.hbs';
      this.report(scope.source, nameNode.loc?.start ?? where, 'error', `unknown partial "${name}"${didYouMean(name, known)}${hint}`);
      return;
    }
    const loopAt = scope.chain.findIndex((p) => p.id === target.id);
    if (loopAt >= 0) {
      this.reportLoop(scope.chain.slice(loopAt), target, scope, where);
      return;
    }
    let context: Ty = contextArg ?? scope.contexts[0] ?? UNKNOWN;
    if (hash.size > 0) context = withHash(context, hash);
    const key = [target.id, this.id(context), scope.kind, scope.partialBlock || block !== null, dataKey(scope.data)].join('\u0000');
    if (this.done.has(key)) return;
    this.done.add(key);
    const program = target.program();
    if (!program) return;
    this.program(program, {
      contexts: [context, ...(contextArg ? scope.contexts : scope.contexts.slice(1))],
      root: scope.root,
      blockParams: new Map(),
      data: scope.data,
      partialBlock: scope.partialBlock || block !== null,
      inline: target.source.file === scope.source.file ? scope.inline : this.inlinePartials(program, target.source, scope.inline),
      chain: [...scope.chain, target],
      kind: scope.kind,
      source: target.source,
      includedFrom: scope.includedFrom ?? scope.source.file,
    });
  }

  private filePartial(name: string): Partial | null {
    const file = this.files.get(name);
    if (!file) return null;
    const source = fileSource(file.path);
    return {
      id: file.path,
      name,
      source,
      program: () => {
        if (!this.parsed.has(file.path)) this.parsed.set(file.path, this.parse(file.text, source));
        return this.parsed.get(file.path) ?? null;
      },
    };
  }

  private reportLoop(loop: readonly Partial[], target: Partial, scope: Scope, where: hbs.AST.Position | undefined): void {
    const key = loop
      .map((p) => p.id)
      .sort()
      .join('\u0000');
    if (this.loops.has(key)) return;
    this.loops.add(key);
    const names = [...loop.map((p) => p.name), target.name];
    const message =
      loop.length === 1
        ? `partial "${target.name}" includes itself, so rendering it never ends`
        : `partials include each other in a loop (${names.join(' → ')}), so rendering them never ends`;
    this.report(scope.source, where, 'error', message);
  }

  private expression(node: hbs.AST.Expression, scope: Scope, missing: Missing): Ty {
    switch (node.type) {
      case 'PathExpression':
        return this.path(node as hbs.AST.PathExpression, scope, missing);
      case 'SubExpression':
        return this.call(node as hbs.AST.SubExpression, scope);
      case 'StringLiteral':
        return TEXT;
      case 'NumberLiteral':
        return NUMBER;
      case 'BooleanLiteral':
        return BOOLEAN;
      default:
        return UNKNOWN;
    }
  }

  private path(node: hbs.AST.PathExpression, scope: Scope, missing: Missing = 'error'): Ty {
    return this.resolve(node, scope, missing);
  }

  private resolve(node: hbs.AST.PathExpression, scope: Scope, missing: Missing): Ty {
    const parts = node.parts;
    let base: Ty;
    let skip: number;
    if (node.data) {
      const head = parts[0] ?? '';
      if (head === 'root') {
        base = scope.root;
      } else {
        let frame = scope.data;
        for (let i = 0; i < node.depth && frame; i++) frame = frame.parent;
        const found = frame?.vars.get(head);
        if (!found) {
          const message = EACH_DATA.includes(head)
            ? `"@${'../'.repeat(node.depth)}${head}" is only set inside ${node.depth > 0 ? `${node.depth + 1} nested {{#each}} blocks` : '{{#each}}'}`
            : `"${node.original}" is not defined${didYouMean(head, ['root', ...EACH_DATA]).replace(/"([^"]+)"\?\)$/, '"@$1"?)')}`;
          this.report(scope.source, node.loc?.start, 'error', message);
          return UNKNOWN;
        }
        base = found;
      }
      skip = 1;
    } else if (node.depth === 0 && !isScoped(node) && parts.length > 0 && scope.blockParams.has(parts[0] ?? '')) {
      base = scope.blockParams.get(parts[0] ?? '') ?? UNKNOWN;
      skip = 1;
    } else {
      const context = scope.contexts[node.depth];
      if (!context) {
        const around = scope.contexts.length - 1;
        const left = around === 0 ? 'there is none around it' : `there ${around === 1 ? 'is' : 'are'} only ${around} around it`;
        this.report(scope.source, node.loc?.start, 'error', `"${node.original}" climbs out of more blocks than there are: each ../ leaves one {{#each}} or {{#with}}, and ${left}`);
        return UNKNOWN;
      }
      base = context;
      skip = 0;
    }
    let type = base;
    for (let i = skip; i < parts.length; i++) {
      const segment = parts[i] ?? '';
      const next = this.member(type, segment);
      if (next === undefined) {
        this.missing(node, i, type, scope, missing);
        return UNKNOWN;
      }
      type = next;
    }
    return type;
  }

  private member(type: Ty, segment: string): Ty | undefined {
    switch (type.kind) {
      case 'unknown':
        return UNKNOWN;
      case 'nullable':
        return this.member(type.of, segment);
      case 'object':
        return Object.hasOwn(type.fields, segment) ? type.fields[segment] : undefined;
      case 'variables':
        return this.variables.includes(segment) ? SCALAR : undefined;
      case 'list':
        return segment === 'length' ? NUMBER : /^\d+$/.test(segment) ? type.of : undefined;
      case 'text':
      case 'oneOf':
        return segment === 'length' ? NUMBER : undefined;
      case 'scalar':
        return segment === 'length' ? UNKNOWN : undefined;
      default:
        return undefined;
    }
  }

  private missing(node: hbs.AST.PathExpression, index: number, type: Ty, scope: Scope, missing: Missing): void {
    const shown = node.original;
    const segment = node.parts[index] ?? '';
    const owner = written(node, index);
    const base = nonNull(type);
    let message: string;
    if (base.kind === 'variables') {
      // (default vars.x "…") is how a template reads a variable that may not be declared.
      if (missing === 'fallback') return;
      message = `"${shown}" is not defined${this.suggest(node, index, this.variables)}; declare it under "variables" in lifecycle.yml, or write (default ${shown} "…")`;
    } else if (base.kind === 'object') {
      message = `"${shown}" is not defined${this.suggest(node, index, Object.keys(base.fields))}${type === scope.root ? this.otherKinds(segment, scope) : ''}`;
    } else if (base.kind === 'list') {
      message = `"${shown}" is not defined: "${owner}" is a list; go through its items with {{#each ${owner}}}`;
    } else {
      message = `"${shown}" is not defined: "${owner}" is ${describe(base)}`;
    }
    if (missing === 'fallback') {
      this.report(scope.source, node.loc?.start, 'warning', `${message}; (default …) always gives its fallback here`);
      return;
    }
    this.report(scope.source, node.loc?.start, 'error', message);
  }

  private suggest(node: hbs.AST.PathExpression, index: number, candidates: readonly string[]): string {
    const segment = node.parts[index] ?? '';
    const fix = closestMatch(segment, candidates);
    if (fix === undefined) return '';
    const parts = [...node.parts];
    parts[index] = fix;
    return ` (did you mean "${prefix(node)}${parts.join('.')}"?)`;
  }

  // "task" exists in task templates only: say so where a milestone or guidance template reads it.
  private otherKinds(field: string, scope: Scope): string {
    const kinds = TEMPLATE_KINDS.filter((k) => k !== scope.kind && Object.hasOwn(templateContextShapes[k].fields, field));
    if (kinds.length === 0) return '';
    const where = scope.includedFrom ? `this partial is included from a ${scope.kind} template (${scope.includedFrom})` : `this is a ${scope.kind} template`;
    return `: "${field}" is only set in ${kinds.join(' and ')} templates, and ${where}`;
  }

  private report(source: Source, at: { line: number; column: number } | undefined | null, severity: Severity, message: string): void {
    const placed = source.place(at?.line ?? 1, at?.column ?? 0);
    this.diagnostics.push({ file: source.file, line: placed.line, column: placed.column, severity, message: placed.note ? `${message} ${placed.note}` : message });
  }

  // Types are compared by identity: the shapes are shared, so the same context gives the same id.
  private id(value: object): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(value, id);
    }
    return id;
  }
}

// {{> name key=value}} renders the partial with the context plus those keys.
function withHash(context: Ty, hash: ReadonlyMap<string, Ty>): Ty {
  const base = nonNull(context);
  if (base.kind !== 'object') return UNKNOWN;
  // The checker's own "unknown" and "scalar" travel in a shape's place here; member() reads them.
  const fields: Record<string, Ty> = { ...base.fields, ...Object.fromEntries(hash) };
  return { kind: 'object', name: base.name, fields: fields as Record<string, Shape> };
}

function fileSource(file: string): Source {
  return { file, place: (line, column) => ({ line, column: column + 1 }) };
}

// Handlebars runs {{#*"inline" "name"}} as {{#*inline "name"}}, and so does the renderer.
function isInline(block: hbs.AST.BlockStatement): boolean {
  return (block.path as { original?: unknown }).original === 'inline';
}

/** Handlebars' own test for `this.x` and `./x`, which never name a helper or a block parameter. */
function isScoped(path: hbs.AST.PathExpression): boolean {
  return /^\.|this\b/.test(path.original);
}

function nonNull(type: Ty): Ty {
  return type.kind === 'nullable' ? nonNull(type.of) : type;
}

function describe(type: Ty): string {
  switch (type.kind) {
    case 'text':
    case 'oneOf':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'scalar':
      return 'a single value';
    case 'list':
      return 'a list';
    case 'unknown':
      return 'unknown';
    default:
      return shapeName(type);
  }
}

/** How the path was written up to (not including) part `index`: "stage.name" for "stage.name.first". */
function written(node: hbs.AST.PathExpression, index: number): string {
  const path = node.parts.slice(0, index).join('.');
  // "{{name}}" reads a field of `this`: say so rather than quote nothing.
  if (path === '') return `${'../'.repeat(node.depth)}this`;
  return `${prefix(node)}${path}`;
}

function prefix(node: hbs.AST.PathExpression): string {
  const up = '../'.repeat(node.depth);
  if (node.data) return `@${up}`;
  if (/^(\.\.\/)*this\./.test(node.original)) return `${up}this.`;
  return up;
}

function withBlockParams(outer: ReadonlyMap<string, Ty>, names: readonly string[], types: readonly Ty[]): ReadonlyMap<string, Ty> {
  if (names.length === 0) return outer;
  const inner = new Map(outer);
  names.forEach((name, i) => inner.set(name, types[i] ?? UNKNOWN));
  return inner;
}

function dataKey(frame: DataFrame | null): string {
  let depth = 0;
  for (let f = frame; f; f = f.parent) depth++;
  return String(depth);
}

function walk(node: unknown, visit: (node: hbs.AST.Node) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  const n = node as Record<string, unknown>;
  if (typeof n.type === 'string') visit(n as unknown as hbs.AST.Node);
  for (const key of ['body', 'program', 'inverse']) walk(n[key], visit);
}

interface Piece {
  text: string;
  /** From a position in the piece to a position in the template (line from 1, column from 0). */
  place: (line: number, column: number) => [number, number];
}

/**
 * The values the renderer compiles from front matter (title, each label, each assignee), each with
 * where it is written, so a problem in "{{stage.nmae}}" inside a title points into the title.
 */
function frontMatterPieces(yamlText: string): Piece[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter });
  if (!isMap(doc.contents)) return [];
  const pieces: Piece[] = [];
  for (const pair of doc.contents.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const value = pair.value as Node | null;
    if (key === 'title' && isScalar(value) && typeof value.value === 'string') {
      pieces.push(piece(value as Scalar<string>, value.value, 0, yamlText, lineCounter));
    } else if ((key === 'labels' || key === 'assignees') && isSeq(value)) {
      for (const item of value.items) if (isScalar(item) && typeof item.value === 'string') pieces.push(...commaPieces(item as Scalar<string>, yamlText, lineCounter));
    } else if ((key === 'labels' || key === 'assignees') && isScalar(value) && typeof value.value === 'string') {
      pieces.push(...commaPieces(value as Scalar<string>, yamlText, lineCounter));
    }
  }
  return pieces;
}

// GitHub's issue forms accept "a, b" as well as a list; the renderer compiles each name on its own.
function commaPieces(node: Scalar<string>, yamlText: string, lineCounter: LineCounter): Piece[] {
  const out: Piece[] = [];
  let from = 0;
  for (const raw of node.value.split(',')) {
    const text = raw.trim();
    const at = node.value.indexOf(raw, from) + (raw.length - raw.trimStart().length);
    from += raw.length + 1;
    if (text !== '') out.push(piece(node, text, at, yamlText, lineCounter));
  }
  return out;
}

function piece(node: Scalar<string>, text: string, offsetInValue: number, yamlText: string, lineCounter: LineCounter): Piece {
  const [start, end] = node.range ?? [0, 0];
  const raw = yamlText.slice(start, end);
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const asWritten = quoted ? raw.slice(1, -1) === node.value : node.type === 'PLAIN' && raw === node.value;
  const origin = lineCounter.linePos(start);
  // The front matter's YAML starts on line 2 of the template.
  const line = origin.line + 1;
  const column = origin.col - 1 + (quoted ? 1 : 0);
  // A value written as is sits on one line, so its columns are the template's; a folded, escaped or
  // block value's lines and columns are not, so a problem there points at the value.
  return { text, place: (_l, c) => (asWritten ? [line, column + offsetInValue + c] : [line, column]) };
}
