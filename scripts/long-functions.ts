// Lists every function in src/ (the emulator aside) longer than LONG_FUNCTION_LINES, and fails when
// one has no `// Long because …` comment directly above it (npx tsx scripts/long-functions.ts).
// A long function hides its phases; the comment makes keeping one a decision someone wrote down.
// The emulator is left out: its route tables mirror GitHub's API surface and are long by nature.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const LONG_FUNCTION_LINES = 60;

export interface LongFunction {
  /** Path from the repository root, with forward slashes. */
  file: string;
  /** 1-based line where the function starts. */
  line: number;
  name: string;
  /** Lines from the function's first to its last, both counted. */
  length: number;
  /** Whether a `Long because` comment sits directly above it. */
  explained: boolean;
}

const EXCLUDED_DIRS = ['src/emulator'];

// The comment must say why, so a bare `// long` does not count.
const EXPLANATION = /\bLong because\b/;

function sourceFiles(root: string, dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!EXCLUDED_DIRS.includes(path)) files.push(...sourceFiles(root, path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      files.push(path);
    }
  }
  return files.sort();
}

function propertyNameText(name: ts.PropertyName): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return name.getText();
}

function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return callee.getText();
}

function functionName(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return propertyNameText(node.name);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return propertyNameText(parent.name);
  if (ts.isPropertyDeclaration(parent)) return propertyNameText(parent.name);
  if (ts.isCallExpression(parent)) {
    const first = parent.arguments[0];
    const label = first && ts.isStringLiteralLike(first) ? ` '${first.text}'` : '';
    return `(callback of ${calleeName(parent)}${label})`;
  }
  return '(anonymous)';
}

// The comment block that ends on the line just above `line` (0-based), as one string.
function commentBlockAbove(lines: string[], line: number): string {
  const block: string[] = [];
  let inBlockComment = false;
  for (let index = line - 1; index >= 0; index--) {
    const text = (lines[index] ?? '').trim();
    if (inBlockComment) {
      block.unshift(text);
      if (text.startsWith('/*')) inBlockComment = false;
      continue;
    }
    if (text.startsWith('//')) {
      block.unshift(text);
    } else if (text.endsWith('*/')) {
      block.unshift(text);
      inBlockComment = !text.startsWith('/*');
    } else {
      break;
    }
  }
  return block.join('\n');
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Long functions of one file's text; `file` is only used in the result. */
export function longFunctionsInText(file: string, text: string, limit = LONG_FUNCTION_LINES): LongFunction[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = text.split(/\r?\n/);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const length = end - start + 1;
      if (length > limit) {
        found.push({ file, line: start + 1, name: functionName(node), length, explained: EXPLANATION.test(commentBlockAbove(lines, start)) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Long functions under `root`/src, the emulator aside, in file and line order. */
export function findLongFunctions(root: string, limit = LONG_FUNCTION_LINES): LongFunction[] {
  return sourceFiles(root, 'src').flatMap((file) => longFunctionsInText(file, readFileSync(join(root, file), 'utf8'), limit));
}

export function formatLongFunction(fn: LongFunction): string {
  return `${fn.file}:${fn.line}  ${fn.name}  ${fn.length} lines${fn.explained ? '' : '  (no "// Long because …" comment)'}`;
}

function main(): number {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const found = findLongFunctions(root);
  for (const fn of found) console.log(formatLongFunction(fn));
  const unexplained = found.filter((fn) => !fn.explained);
  if (unexplained.length === 0) {
    console.log(`${found.length} function(s) over ${LONG_FUNCTION_LINES} lines, each with a reason.`);
    return 0;
  }
  console.error(
    `${unexplained.length} function(s) over ${LONG_FUNCTION_LINES} lines without a reason: split them, or put a ` +
      '`// Long because …` comment directly above each.',
  );
  return 1;
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(invokedPath).href) process.exitCode = main();
