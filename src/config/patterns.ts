// The two pattern languages of lifecycle.yml, `match.branches` (regular expressions) and
// `match.paths` (globs), compiled for RE2: an engine whose time grows linearly with the text it reads.
// Both run on names whoever opens a pull request picks, on every event of the guidance job. A
// backtracking engine (JavaScript's RegExp, which picomatch compiles globs into) can take minutes on
// a crafted branch name of 30 characters, or seconds per crafted path of 4,000; RE2 cannot.
//
// Branch patterns are RE2 syntax as written. Globs keep picomatch's syntax and meaning: picomatch
// parses them into a JavaScript regular expression, and `toRe2` rewrites that into RE2 syntax. Its
// only lookarounds guard against "." and ".." path segments, empty segments and empty names, which
// a file path GitHub lists never has (`isPlainPath`); those are dropped. A glob whose meaning needs
// a real lookaround (a negated extglob, `!(x)`) cannot be matched in linear time and is refused.
import picomatch from 'picomatch';
import { RE2JS, RE2JSSyntaxException } from 're2js';

/**
 * Longest head branch name matched, in UTF-8 bytes; a longer name matches no pattern. GitHub
 * refuses to store a ref longer than 255 bytes, `refs/heads/` included (push error GH005, seen in
 * practice though not documented), so a real head branch has at most 244.
 */
export const MAX_BRANCH_BYTES = 255;

/**
 * Longest changed file path matched, in UTF-8 bytes: Linux's PATH_MAX, so no file that can be
 * checked out on a Linux runner is longer. A longer path matches no glob.
 */
export const MAX_PATH_BYTES = 4096;

/** Where a pattern goes wrong: an index into the pattern and a length (when known), and why. */
export interface PatternProblem {
  index: number;
  length: number;
  reason: string;
  /** True when the engine does not say where: the whole pattern is meant. */
  whole?: boolean;
}

export type CompiledPattern = { ok: true; test: (text: string) => boolean } | { ok: false; problem: PatternProblem };

/** Whether `text` is at most `max` bytes in UTF-8, without encoding it. */
export function withinBytes(text: string, max: number): boolean {
  if (text.length > max) return false;
  if (text.length * 3 <= max) return true;
  return Buffer.byteLength(text, 'utf8') <= max;
}

// ---------------------------------------------------------------------------------------------
// Branch patterns

/** A `match.branches` entry, searched anywhere in the name like RegExp.test (anchor with ^ and $). */
export function compileBranchPattern(source: string): CompiledPattern {
  try {
    const re = RE2JS.compile(source);
    return { ok: true, test: (branch) => re.test(branch) };
  } catch (error) {
    return { ok: false, problem: explainRegexError(source, error) };
  }
}

// Constructs of JavaScript (and PCRE) patterns that RE2 leaves out because they need backtracking,
// with what to say about them. RE2's own message for some is misleading: a lookbehind comes back
// as "invalid named capture".
const LINEAR = ' (patterns use RE2 syntax, which matches in linear time)';
const UNSUPPORTED: { test: RegExp; reason: (match: string) => string }[] = [
  { test: /^\(\?<?[=!]/, reason: (m) => `lookaround ("${m}") is not supported${LINEAR}` },
  { test: /^\\[1-9]/, reason: (m) => `backreferences ("${m}") are not supported${LINEAR}` },
  { test: /^\\k</, reason: () => `backreferences ("\\k<name>") are not supported${LINEAR}` },
  { test: /^\\u/, reason: () => '"\\u" escapes are not supported; write a code point as \\x{0041}' },
  { test: /^\\c/, reason: () => '"\\c" control escapes are not supported; write \\x01 instead' },
];

/** RE2's complaint about `source`, pointed at the construct it refused. */
export function explainRegexError(source: string, error: unknown): PatternProblem {
  if (!(error instanceof RE2JSSyntaxException)) {
    return { index: 0, length: source.length, whole: true, reason: error instanceof Error ? error.message : String(error) };
  }
  const description = error.error;
  const fragment = error.input ?? '';
  if (description === 'missing closing )') return { ...unbalancedParen(source, 'open'), reason: 'this "(" is never closed' };
  if (description === 'unexpected )') return { ...unbalancedParen(source, 'close'), reason: 'this ")" closes nothing' };
  let index = fragment === '' ? 0 : source.indexOf(fragment);
  if (description === 'missing closing ]' && source.endsWith(fragment)) index = source.length - fragment.length;
  if (index < 0) index = 0;
  for (const { test, reason } of UNSUPPORTED) {
    const at = source.slice(index);
    const m = test.exec(at);
    if (m) return { index, length: m[0].length, reason: reason(m[0]) };
  }
  const shown = fragment !== '' && fragment !== source ? `: "${fragment}"` : '';
  return { index, length: Math.max(1, Math.min(fragment.length, 20)), reason: `${description}${shown}` };
}

/** The first "(" left open, or the first ")" with nothing to close, outside classes and escapes. */
function unbalancedParen(source: string, which: 'open' | 'close'): { index: number; length: number } {
  const open: number[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // "]" right after "[" or "[^" is a character of the class, not its end.
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
    } else if (c === '(') open.push(i);
    else if (c === ')') {
      if (open.pop() === undefined && which === 'close') return { index: i, length: 1 };
    }
  }
  return { index: which === 'open' ? (open[0] ?? 0) : 0, length: 1 };
}

// ---------------------------------------------------------------------------------------------
// Globs

// picomatch's options for changed file paths: dotfiles included, "/" the only separator whatever
// the runner's OS (GitHub lists paths with "/").
const GLOB_OPTIONS = { dot: true, windows: false } as const;

interface PicomatchState {
  output: string;
  negated?: boolean;
}

/**
 * A `match.paths` glob (without the list's own leading "!"), as a predicate on changed file
 * paths. Same answers as picomatch with `dot: true` on every plain path; see `isPlainPath`.
 */
export function compileGlob(glob: string): CompiledPattern {
  let state: PicomatchState;
  try {
    // debug makes picomatch throw instead of quietly returning a pattern that matches nothing.
    const re = picomatch.makeRe(glob, { ...GLOB_OPTIONS, debug: true }, false, true) as RegExp & { state?: PicomatchState };
    state = re.state ?? { output: re.source };
  } catch (error) {
    return { ok: false, problem: { index: 0, length: glob.length, whole: true, reason: `does not compile: ${cleanRegexError(error)}` } };
  }
  const translated = toRe2(state.output);
  if (!translated.ok) {
    const at = glob.indexOf('!(');
    if (at >= 0) {
      const reason = 'uses "!(...)" (a negated extglob), which cannot be matched in linear time; leave files out with a "!" glob of its own instead';
      return { ok: false, problem: { index: at, length: 2, reason } };
    }
    // picomatch escapes an unpaired bracket in the pattern it writes, and sometimes hits one of its own.
    const reason = pairsUp(glob)
      ? 'needs a lookaround or a backreference, which cannot be matched in linear time'
      : 'does not compile: its brackets, parentheses or braces do not pair up';
    return { ok: false, problem: { index: 0, length: glob.length, whole: true, reason } };
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(`^(?:${translated.source})$`);
  } catch (error) {
    return { ok: false, problem: { index: 0, length: glob.length, whole: true, reason: `does not compile: ${explainRegexError(translated.source, error).reason}` } };
  }
  const negated = state.negated === true;
  // picomatch counts a path spelled exactly like the glob as a match before it runs the pattern.
  return { ok: true, test: (path) => path === glob || re.test(path) !== negated };
}

/** The message of a JavaScript regular expression error, without the pattern it repeats. */
export function cleanRegexError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '').replace(/^./, (c) => c.toLowerCase());
}

/**
 * A plain relative path, as GitHub lists changed files: not empty, no leading or trailing "/", no
 * empty, "." or ".." segment, no line break. Globs are only matched against plain paths: on these,
 * picomatch's guards for the other kinds never fire, which is what lets `toRe2` drop them.
 */
export function isPlainPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.endsWith('/') || path.includes('//')) return false;
  if (/[\n\r\u2028\u2029]/.test(path)) return false;
  if (path === '.' || path === '..' || path.startsWith('./') || path.startsWith('../')) return false;
  if (path.endsWith('/.') || path.endsWith('/..')) return false;
  return !path.includes('/./') && !path.includes('/../');
}

// The lookarounds picomatch writes (lib/constants.js), with `dot: true`. Each only rejects a
// "." or ".." segment, an empty segment or an empty rest of the path, and is followed by a star
// (`[^/]*?`) or starts a segment.
const ONE_CHAR = '(?=.)';
const NO_DOT_SLASH = '(?!\\.{0,1}(?:\\/|$))';
const GUARDS = [ONE_CHAR, NO_DOT_SLASH, '(?!\\.{1,2}(?:\\/|$))', '(?!(?:^|\\/)\\.{1,2}(?:\\/|$))'];
const STAR = '[^/]*?';

// JavaScript's "." outside the s flag: anything but a line terminator.
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
// JavaScript's \s: Unicode white space and line terminators; RE2's \s is ASCII only.
const JS_SPACE = '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';

/**
 * picomatch's JavaScript pattern in RE2 syntax, with the same answers on every plain path.
 *
 * The guards go. At the start of a segment they never fire on a plain path. After a "." inside a
 * segment ("*.*", "{a.*,b}") they require a character after the dot, and not a lone second dot:
 * when nothing but the star follows, that is spelled out exactly ("[^/]+?"). Elsewhere the guard
 * is dropped, so "{a.*,b}/**" also matches "a./x", under a folder whose name ends with the dot,
 * which picomatch leaves out; picomatch is not consistent there itself ("*.*" refuses "notes.",
 * "docs/*.*" takes "docs/notes."). "." and escapes are spelled as RE2 reads them. Any other
 * lookaround, or a backreference, is refused.
 */
export function toRe2(source: string): { ok: true; source: string } | { ok: false } {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\\') {
      const escape = re2Escape(source, i, false);
      if (escape === null) return { ok: false };
      out += escape.text;
      i += escape.length;
    } else if (c === '[') {
      const cls = re2Class(source, i);
      if (cls === null) return { ok: false };
      out += cls.text;
      i += cls.length;
    } else if (c === '(' && source[i + 1] === '?' && source[i + 2] !== ':') {
      const guards: string[] = [];
      for (let g = GUARDS.find((x) => source.startsWith(x, i)); g !== undefined; g = GUARDS.find((x) => source.startsWith(x, i))) {
        guards.push(g);
        i += g.length;
      }
      if (guards.length === 0) return { ok: false };
      if (guards.includes(ONE_CHAR) && source.startsWith(STAR, i) && endsAfter(source, i + STAR.length)) {
        out += guards.includes(NO_DOT_SLASH) ? '(?:[^/.][^/]*?|\\.[^/]+?)' : '[^/]+?';
        i += STAR.length;
      }
    } else if (c === '.') {
      out += JS_DOT;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return { ok: true, source: out };
}

/**
 * Whether a match that has reached `source[at]` can only go on to the end of the input: nothing
 * follows but closing groups (not repeated), other branches of those groups, and picomatch's
 * optional trailing slash, which a plain path never has.
 */
function endsAfter(source: string, at: number): boolean {
  let i = at;
  while (i < source.length) {
    if (source.startsWith('\\/?', i)) i += 3;
    else if (source[i] === ')' && !/[*+?{]/.test(source[i + 1] ?? '')) i++;
    else if (source[i] === '|') i = closingParen(source, i);
    else return false;
  }
  return true;
}

/** The index of the ")" that closes the group `source[at]` is in (or the end). */
function closingParen(source: string, at: number): number {
  let depth = 0;
  for (let i = at; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = skipClass(source, i);
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) return i;
  }
  return source.length;
}

/** The index of the "]" that ends the class opening at `source[at]`. */
function skipClass(source: string, at: number): number {
  let i = at + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i;
}

/** One escape of a JavaScript (non-unicode) pattern at `source[at]`, in RE2 syntax. */
function re2Escape(source: string, at: number, inClass: boolean): { text: string; length: number } | null {
  const next = source[at + 1];
  if (next === undefined) return null;
  if (next === 's') return { text: inClass ? JS_SPACE : `[${JS_SPACE}]`, length: 2 };
  if (next === 'S') return { text: inClass ? '\\S' : `[^${JS_SPACE}]`, length: 2 };
  if ('dDwWnrtvf'.includes(next)) return { text: `\\${next}`, length: 2 };
  if (next === 'b') return inClass ? { text: '\\x08', length: 2 } : { text: '\\b', length: 2 };
  if (next === 'B' && !inClass) return { text: '\\B', length: 2 };
  // A digit is a backreference, or an octal escape in old JavaScript: neither exists in RE2.
  if (next === '0' && !/[0-9]/.test(source[at + 2] ?? '')) return { text: '\\x00', length: 2 };
  if (/[0-9]/.test(next)) return null;
  const hex = /^x([0-9A-Fa-f]{2})|^u([0-9A-Fa-f]{4})/.exec(source.slice(at + 1, at + 6));
  if (hex) return { text: `\\x{${hex[1] ?? hex[2]}}`, length: 1 + hex[0].length };
  // Any other escaped character stands for itself.
  const char = String.fromCodePoint(source.codePointAt(at + 1) ?? 0);
  return { text: literal(char), length: 1 + char.length };
}

/** A JavaScript character class at `source[at]` ("["), in RE2 syntax. */
function re2Class(source: string, at: number): { text: string; length: number } | null {
  let i = at + 1;
  let text = '[';
  if (source[i] === '^') {
    text += '^';
    i++;
  }
  // In JavaScript "[]" is an empty class and "[^]" any character; RE2 reads "]" there as a member.
  if (source[i] === ']') return null;
  while (i < source.length && source[i] !== ']') {
    const c = source[i] as string;
    if (c === '\\') {
      const escape = re2Escape(source, i, true);
      if (escape === null) return null;
      text += escape.text;
      i += escape.length;
    } else {
      text += c === '[' ? '\\[' : c;
      i++;
    }
  }
  if (i >= source.length) return null;
  return { text: `${text}]`, length: i + 1 - at };
}

function literal(char: string): string {
  return /[A-Za-z0-9]/.test(char) ? char : /[\x21-\x7e]/.test(char) ? `\\${char}` : `\\x{${(char.codePointAt(0) ?? 0).toString(16)}}`;
}

/** Whether every "[", "(" and "{" of `glob` has its closing partner and the other way round. */
export function pairsUp(glob: string): boolean {
  try {
    picomatch.makeRe(glob, { ...GLOB_OPTIONS, debug: true, strictBrackets: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * An opening "[", "(" or "{" of `glob` that picomatch quietly reads as a literal character because
 * nothing closes it, or null.
 */
export function unclosedGroup(glob: string): { index: number; char: string } | null {
  try {
    picomatch.makeRe(glob, { ...GLOB_OPTIONS, debug: true, strictBrackets: true });
    return null;
  } catch (error) {
    const m = /^Missing closing: "(.)"/.exec(error instanceof Error ? error.message : '');
    if (!m) return null;
    const opener = ({ ']': '[', ')': '(', '}': '{' } as Record<string, string>)[m[1] ?? ''] ?? '[';
    let index = -1;
    for (let i = 0; i < glob.length; i++) {
      if (glob[i] === '\\') i++;
      else if (glob[i] === opener) index = i;
    }
    return index < 0 ? null : { index, char: opener };
  }
}
