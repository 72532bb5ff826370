// Parsing a template with Handlebars' own parser, and saying where it fails in words a person
// acts on. Handlebars reports most syntax errors as "Parse error on line N: … Expecting …, got …"
// without a column; its lexer knows the token at fault, and a pass of the same lexer over the text
// finds the block that is never closed (the parser only sees the end of the file).
import Handlebars from 'handlebars';

export interface SyntaxProblem {
  /** 1-based, as Handlebars counts. */
  line: number;
  /** 0-based, as Handlebars counts. */
  column: number;
  message: string;
}

export type ParsedTemplate = { ast: hbs.AST.Program; problems: [] } | { ast: null; problems: SyntaxProblem[] };

interface Location {
  first_line: number;
  first_column: number;
}

interface Lexer {
  setInput(text: string, yy: object): void;
  lex(): number | string;
  yytext: string;
  yylloc: Location;
}

interface Parser {
  lexer: Lexer;
  terminals_: Record<number, string>;
}

const parser = (Handlebars as unknown as { Parser: Parser }).Parser;

export function parseTemplate(text: string): ParsedTemplate {
  try {
    return { ast: Handlebars.parse(text), problems: [] };
  } catch (error) {
    // Read the lexer's position before anything else uses it: it is the token the parser stopped at.
    const at = { ...parser.lexer.yylloc };
    const got = parser.lexer.yytext;
    const blocks = blockProblems(text);
    if (blocks.length > 0) return { ast: null, problems: blocks };
    return { ast: null, problems: [describeParseError(error, at, got)] };
  }
}

function describeParseError(error: unknown, at: Location, got: string): SyntaxProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const located = error as { lineNumber?: unknown; column?: unknown };
  // Handlebars' own exceptions ("Invalid path: foo.this") carry their position.
  if (typeof located.lineNumber === 'number') {
    return { line: located.lineNumber, column: typeof located.column === 'number' ? located.column : 0, message: `template syntax error: ${raw.replace(/ - \d+:\d+$/, '')}` };
  }
  const expecting = /Expecting (.*), got '([A-Z_]+)'/.exec(raw);
  if (expecting) {
    const token = expecting[2] ?? '';
    if (token === 'EOF') return { line: at.first_line, column: at.first_column, message: 'template syntax error: the template ends inside {{ … }}' };
    const what = token === 'INVALID' ? `"${got}", which cannot appear inside {{ }}` : `"${got}"`;
    return { line: at.first_line, column: at.first_column, message: `template syntax error: unexpected ${what}${expected(expecting[1] ?? '')}` };
  }
  const line = /on line (\d+)/.exec(raw)?.[1];
  return { line: line === undefined ? at.first_line : Number(line), column: at.first_column, message: `template syntax error: ${raw.split('\n')[0] ?? raw}` };
}

// The tokens a person would type next, when there are few enough to be a hint.
const WORDS: Record<string, string> = {
  CLOSE: '"}}"',
  CLOSE_UNESCAPED: '"}}}"',
  CLOSE_SEXPR: '")"',
  CLOSE_BLOCK_PARAMS: '"|"',
  OPEN_ENDBLOCK: '"{{/…}}"',
  ID: 'a name',
};

function expected(list: string): string {
  const tokens = list.split(', ').map((t) => t.replace(/^'|'$/g, ''));
  const words = [...new Set(tokens.map((t) => WORDS[t]).filter((w): w is string => w !== undefined))];
  if (words.length === 0 || tokens.length > 6) return '';
  return `; expected ${words.join(' or ')}`;
}

interface Opened {
  name: string;
  open: string;
  line: number;
  column: number;
}

/**
 * Blocks that are never closed, closed by the wrong name, or closed without being opened, found by
 * running Handlebars' lexer over the text. Empty when the block structure is sound.
 */
export function blockProblems(text: string): SyntaxProblem[] {
  const lexer = parser.lexer;
  const names = parser.terminals_;
  const problems: SyntaxProblem[] = [];
  const stack: Opened[] = [];
  try {
    lexer.setInput(text, {});
    let pending: { kind: 'open' | 'close'; token: string; line: number; column: number } | null = null;
    // The block's name is a path: a name, then any number of separator and name.
    let name = '';
    let want: 'ID' | 'SEP' = 'ID';
    for (;;) {
      const code = lexer.lex();
      const token = typeof code === 'number' ? (names[code] ?? String(code)) : code;
      if (pending && token === want) {
        name += lexer.yytext;
        want = want === 'ID' ? 'SEP' : 'ID';
        continue;
      }
      if (pending) {
        const { kind, token: open, line, column } = pending;
        if (kind === 'open') stack.push({ name, open, line, column });
        else close(name, { line, column }, stack, problems);
        pending = null;
        name = '';
        want = 'ID';
      }
      if (token === 'EOF') break;
      // The parser's own message names the token the lexer cannot read; blocks after it are unknown.
      if (token === 'INVALID') return problems;
      if (token === 'OPEN_BLOCK' || token === 'OPEN_INVERSE' || token === 'OPEN_PARTIAL_BLOCK' || token === 'OPEN_ENDBLOCK') {
        const where = lexer.yylloc;
        pending = { kind: token === 'OPEN_ENDBLOCK' ? 'close' : 'open', token: lexer.yytext.replace(/~/g, '').replace(/>$/, '> '), line: where.first_line, column: where.first_column };
      }
    }
  } catch {
    // A lexical error: the parser's own message says where.
    return problems;
  }
  for (const open of stack) {
    problems.push({ line: open.line, column: open.column, message: `${open.open}${open.name}}} is never closed; add {{/${open.name}}}` });
  }
  return problems;
}

function close(name: string, at: { line: number; column: number }, stack: Opened[], problems: SyntaxProblem[]): void {
  const index = stack.map((o) => o.name).lastIndexOf(name);
  if (index < 0) {
    problems.push({ ...at, message: `{{/${name}}} closes a block that was never opened` });
    return;
  }
  // Blocks opened after the one this closes are closed by it too early: each is a problem of its own.
  for (const inner of stack.splice(index + 1).reverse()) {
    problems.push({
      line: inner.line,
      column: inner.column,
      message: `${inner.open}${inner.name}}} is never closed (the {{/${name}}} on line ${at.line} closes an outer block); add {{/${inner.name}}}`,
    });
  }
  stack.pop();
}
