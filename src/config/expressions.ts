// GitHub Actions expressions over `vars`, parsed and evaluated by GitHub's own @actions/expressions,
// so `when: "!vars.foundation_model"` means here exactly what it would mean in a workflow.
//
// Three shapes of text are accepted:
//   - a bare expression:            !vars.foundation_model
//   - one wrapped expression:       ${{ vars.reward_model && '2d' || '4w' }}
//   - text mixing literal parts:    Tune ${{ vars.method }} adapters
// A bare or wrapped expression evaluates to its own value (boolean, number, ...); mixed text
// evaluates to a string, each `${{ }}` replaced by its value as a string, as GitHub does.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { Expr } from '@actions/expressions';
import { ContextAccess, FunctionCall, Grouping, IndexAccess, Literal, Logical, Unary, Binary } from '@actions/expressions/ast';
import type { VariableValue } from './schema.js';

/** The one context expressions may read. */
export const EXPRESSION_CONTEXT = 'vars';

export type ExpressionPart =
  | { kind: 'text'; text: string }
  /** `offset` is where the expression source starts in the original text (0-based). */
  | { kind: 'expression'; source: string; offset: number; ast: Expr };

export type ParsedExpression =
  | {
      ok: true;
      /** The expression when the text is a single one (bare or wrapped); null for mixed text. */
      ast: Expr | null;
      parts: ExpressionPart[];
    }
  | {
      ok: false;
      message: string;
      /** 1-based column within the text, when the library says where the problem is. */
      column?: number;
      /** A name read that is not `vars` (e.g. `github`, or a variable written without `vars.`). */
      unknownName?: string;
    };

const OPEN = '${{';
const CLOSE = '}}';

/** True when the text uses `${{ }}`; such text is a template rather than a bare expression. */
export function hasExpressionMarkers(text: string): boolean {
  return text.includes(OPEN);
}

export function parseExpression(text: string): ParsedExpression {
  if (!hasExpressionMarkers(text)) {
    const single = parseSingle(text, 0);
    return single.ok ? { ok: true, ast: single.ast, parts: [{ kind: 'expression', source: text, offset: 0, ast: single.ast }] } : single;
  }
  const split = splitTemplate(text);
  if (!split.ok) return split;
  const parts: ExpressionPart[] = [];
  for (const piece of split.pieces) {
    if (piece.kind === 'text') {
      parts.push(piece);
      continue;
    }
    const single = parseSingle(piece.source, piece.offset);
    if (!single.ok) return single;
    parts.push({ kind: 'expression', source: piece.source, offset: piece.offset, ast: single.ast });
  }
  const expressions = parts.filter((p) => p.kind === 'expression');
  const onlyOne = expressions.length === 1 && parts.every((p) => p.kind === 'expression' || p.text.trim() === '');
  return { ok: true, ast: onlyOne && expressions[0] ? expressions[0].ast : null, parts };
}

/**
 * Evaluates the text with `vars` as the only context. Throws an Error with a readable message when
 * the text does not parse; callers validate first, so that is a programming mistake, not a user's.
 */
export function evaluateExpression(text: string, vars: Readonly<Record<string, VariableValue>>): unknown {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(`invalid expression "${text}": ${parsed.message}`);
  const context = new data.Dictionary({ key: EXPRESSION_CONTEXT, value: toExpressionData(vars) });
  if (parsed.ast) return fromExpressionData(new Evaluator(parsed.ast, context).evaluate());
  let out = '';
  for (const part of parsed.parts) {
    out += part.kind === 'text' ? part.text : new Evaluator(part.ast, context).evaluate().coerceString();
  }
  return out;
}

/** GitHub Actions truthiness: null, false, 0, NaN and '' are false; everything else (even [] and {}) is true. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
}

/**
 * The variable names the text reads (`vars.x`, `vars['x']`), in order of first use, without
 * duplicates. A computed index such as `vars[vars.key]` names no variable statically and is skipped.
 * Returns [] when the text does not parse.
 */
export function referencedVars(text: string): string[] {
  const parsed = parseExpression(text);
  if (!parsed.ok) return [];
  const names: string[] = [];
  for (const part of parsed.parts) {
    if (part.kind === 'expression') collectVars(part.ast, names);
  }
  return [...new Set(names)];
}

function collectVars(node: Expr, out: string[]): void {
  if (node instanceof IndexAccess) {
    if (node.expr instanceof ContextAccess && node.index instanceof Literal) {
      const key = node.index.literal;
      if (key.kind === data.Kind.String) out.push(key.coerceString());
    }
    collectVars(node.expr, out);
    collectVars(node.index, out);
  } else if (node instanceof Unary) {
    collectVars(node.expr, out);
  } else if (node instanceof Binary) {
    collectVars(node.left, out);
    collectVars(node.right, out);
  } else if (node instanceof Logical || node instanceof FunctionCall) {
    for (const arg of node.args) collectVars(arg, out);
  } else if (node instanceof Grouping) {
    collectVars(node.group, out);
  }
}

type Single = { ok: true; ast: Expr } | { ok: false; message: string; column?: number; unknownName?: string };

function parseSingle(source: string, offset: number): Single {
  if (source.trim() === '') return { ok: false, message: 'the expression is empty', column: offset + 1 };
  try {
    const { tokens } = new Lexer(source).lex();
    return { ok: true, ast: new Parser(tokens, [EXPRESSION_CONTEXT], []).parse() };
  } catch (error) {
    return describeError(error, offset);
  }
}

// The library reports positions two ways: ExpressionError carries `pos` (0-based column of the
// token); the lexer throws plain Errors that say "Located at position N within expression: ...".
function describeError(error: unknown, offset: number): Single & { ok: false } {
  const raw = error instanceof Error ? error.message : String(error);
  if (raw === 'ErrorExceededMaxLength') return { ok: false, message: 'the expression is too long', column: offset + 1 };
  const pos = (error as { pos?: { column?: unknown } } | null)?.pos;
  let column = typeof pos?.column === 'number' ? offset + pos.column + 1 : undefined;
  let message = raw;
  const located = /^(.*?)\. Located at position (\d+) within expression: /s.exec(raw);
  if (located?.[1] !== undefined && located[2] !== undefined) {
    message = located[1];
    column = offset + Number(located[2]);
  }
  const context = /^Unrecognized named-value: '([^']*)'$/.exec(message);
  if (context?.[1] !== undefined) {
    const name = context[1];
    message = `"${name}" is not available here; expressions can only read vars.<name>`;
    return column === undefined ? { ok: false, message, unknownName: name } : { ok: false, message, column, unknownName: name };
  } else {
    const fn = /^Unrecognized function: '([^']*)'$/.exec(message);
    if (fn) message = `unknown function "${fn[1]}"`;
    else message = message.charAt(0).toLowerCase() + message.slice(1);
  }
  return column === undefined ? { ok: false, message } : { ok: false, message, column };
}

type Piece = { kind: 'text'; text: string } | { kind: 'expression'; source: string; offset: number };

// Finds each `${{ ... }}`. A `}}` inside a single-quoted string ('' escapes a quote) does not close it.
function splitTemplate(text: string): { ok: true; pieces: Piece[] } | { ok: false; message: string; column: number } {
  const pieces: Piece[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf(OPEN, i);
    if (open < 0) {
      pieces.push({ kind: 'text', text: text.slice(i) });
      break;
    }
    if (open > i) pieces.push({ kind: 'text', text: text.slice(i, open) });
    const start = open + OPEN.length;
    let j = start;
    let inString = false;
    let close = -1;
    while (j < text.length) {
      const c = text[j];
      if (inString) {
        if (c === "'") {
          if (text[j + 1] === "'") j++;
          else inString = false;
        }
      } else if (c === "'") {
        inString = true;
      } else if (text.startsWith(CLOSE, j)) {
        close = j;
        break;
      }
      j++;
    }
    if (close < 0) return { ok: false, message: '"${{" is never closed with "}}"', column: open + 1 };
    pieces.push({ kind: 'expression', source: text.slice(start, close), offset: start });
    i = close + CLOSE.length;
  }
  return { ok: true, pieces };
}

function toExpressionData(value: unknown): data.ExpressionData {
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'string') return new data.StringData(value);
  if (Array.isArray(value)) return new data.Array(...value.map(toExpressionData));
  const dict = new data.Dictionary();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) dict.add(key, toExpressionData(item));
  return dict;
}

function fromExpressionData(value: data.ExpressionData): unknown {
  switch (value.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.Boolean:
    case data.Kind.Number:
    case data.Kind.String:
      return (value as data.BooleanData | data.NumberData | data.StringData).value;
    case data.Kind.Array:
      return (value as data.Array).values().map(fromExpressionData);
    default:
      return Object.fromEntries((value as data.Dictionary).pairs().map((p) => [p.key, fromExpressionData(p.value)]));
  }
}
