// The pattern languages of lifecycle.yml as compiled for RE2: same answers as before (picomatch for
// globs, RegExp for branch patterns) on the names GitHub gives, and clear refusals otherwise.
import fc from 'fast-check';
import picomatch from 'picomatch';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';
import { cleanRegexError, compileBranchPattern, compileGlob, explainRegexError, isPlainPath, pairsUp, toRe2, unclosedGroup, withinBytes } from '../../src/config/patterns.js';

const picomatchOptions = { dot: true, windows: false };

function mustCompile(glob: string): (path: string) => boolean {
  const compiled = compileGlob(glob);
  if (!compiled.ok) throw new Error(`${glob}: ${compiled.problem.reason}`);
  return compiled.test;
}

describe('the patterns of the presets and the valid fixtures', async () => {
  const files = ['templates/genai/lifecycle.yml', 'templates/genai/editions/1/lifecycle.yml', 'templates/minimal/lifecycle.yml', 'tests/fixtures/valid/genai-full.yml'];
  const globs = new Set<string>();
  const branches = new Set<string>();
  for (const file of files) {
    const { config } = await loadConfigFile(fileURLToPath(new URL(`../../${file}`, import.meta.url)));
    for (const stage of config?.stages ?? []) {
      // Every rule, whatever its condition: each must compile.
      for (const rule of stage.match?.paths ?? []) globs.add((typeof rule === 'string' ? rule : rule.glob).replace(/^!/, ''));
      for (const rule of stage.match?.branches ?? []) branches.add(typeof rule === 'string' ? rule : rule.pattern);
    }
  }
  const folders = ['docs/scope', 'docs/decisions', 'docs', 'pretrain', 'pretrain-x', 'pretraining', 'prompts', 'evals', 'eval', 'evaluation', 'finetune', 'data', 'training', 'datasets',
    'recipes/llama/sft', 'recipes/llama/dpo', 'alignment', 'rlhf', 'reward-model', 'optimization', 'quantize', 'distill', 'serving', 'deploy', 'app', 'rag', 'red-team', 'src', 'tests',
    '.github/workflows', 'configs/adapters', 'release', 'other'];
  const names = ['README.md', 'train.py', '.env', 'sub/dir/lora.yaml', 'model-card.md', 'x.yaml'];
  const paths = [...folders.flatMap((folder) => names.map((name) => `${folder}/${name}`)), 'CHANGELOG.md', 'docs/model-card-v2.md', 'README.md', 'data/README.md'];
  const branchNames = ['scope/x', 'pretrain/a', 'pretraining', 'prompt/x', 'prompts/y', 'evals/z', 'finetune/lora', 'fine-tuning/x', 'ft/x', 'sft/y', 'data/v2', 'alignment/x', 'dpo/y',
    'optimisation', 'optimize-x', 'quantize/int4', 'deploy/x', 'harden/x', 'red-team/y', 'feat/x', 'feature/y', 'fix/ft/x', 'docs/x', 'release/1', 'hotfix/2', 'main'];

  it('has globs and branch patterns to compare', () => {
    expect(globs.size).toBeGreaterThan(20);
    expect(branches.size).toBeGreaterThan(10);
  });

  it.each([...globs])('glob %s: same files as picomatch', (glob) => {
    const ours = mustCompile(glob);
    const theirs = picomatch(glob, picomatchOptions);
    expect(paths.filter(ours)).toEqual(paths.filter((p) => theirs(p)));
  });

  it.each([...branches])('branch pattern %s: same branches as RegExp', (pattern) => {
    const ours = compileBranchPattern(pattern);
    expect(ours.ok).toBe(true);
    if (!ours.ok) return;
    const re = new RegExp(pattern);
    expect(branchNames.filter(ours.test)).toEqual(branchNames.filter((b) => re.test(b)));
  });
});

describe('globs agree with picomatch on plain paths', () => {
  // Glob syntax in small pieces; joined at random they make globs no one would write, which is the
  // point. No lone ")", "]" or "}": picomatch reads what follows one of them inconsistently.
  const globPieces = ['a', 'b', 'x', '1', '-', '.', '.a', '/', '*', '**', '**/', '/**', '?', '*.', '.*', '*.*', '[ab]', '[!a]', '[^b]', '[a-c]', '[.]', '[[:alpha:]]', '[a-',
    '{a,b}', '{a,.b}', '{1..3}', '+(a|b)', '@(a|.b)', '*(a)', '?(b)', '(a|b)', '\\*', '\\.', '\\q', '[', ',', '|', '+', '@', '$', '^', ' ', './'];
  const pathPieces = ['a', 'b', 'x', '1', '2', 'A', 'ab', '-', '.', '.a', 'x.', '..', 'a..b', '/', '*', '[', ']', '(', ')', '{', '}', ',', '|', '+', '@', '!', '$', '^', ' ', '\\', 'é'];
  const glob = fc.array(fc.constantFrom(...globPieces), { minLength: 1, maxLength: 7 }).map((p) => p.join(''));
  const path = fc
    .array(fc.constantFrom(...pathPieces), { minLength: 1, maxLength: 10 })
    .map((p) => p.join(''))
    .filter(isPlainPath);

  it('on random globs and paths', () => {
    fc.assert(
      fc.property(glob, fc.array(path, { minLength: 1, maxLength: 20 }), (g, paths) => {
        let theirs: (p: string) => boolean;
        try {
          picomatch.makeRe(g, { ...picomatchOptions, debug: true });
          theirs = picomatch(g, picomatchOptions);
        } catch {
          return !compileGlob(g).ok;
        }
        const ours = compileGlob(g);
        // Refused: a negated extglob (it needs a lookahead), and brackets that do not pair up
        // when picomatch then escapes one of its own and writes a broken pattern.
        if (!ours.ok) return g.includes('!(') || !pairsUp(g);
        return paths.every((p) => ours.test(p) === theirs(p));
      }),
      { numRuns: 400, seed: 20270104 },
    );
  });

  it.each([
    ['*.md', 'notes.md', true],
    ['*.md', 'docs/notes.md', false],
    ['**/*.md', '.github/notes.md', true],
    ['src/**', 'src', true],
    ['src/**', 'src/a/b.ts', true],
    ['*.*', 'notes.', false],
    ['docs/*.*', 'docs/notes.', true],
    ['{a.*,b}', 'a.x', true],
    ['finetune/[a-', 'finetune/[a-', true],
    ['a\\*b', 'a*b', true],
    ['a\\qb', 'aqb', true],
    ['!a', 'b', true],
    ['!a', 'a', false],
  ])('%s on %s: %s, as picomatch says', (g, p, expected) => {
    expect(mustCompile(g)(p)).toBe(expected);
    expect(picomatch(g, picomatchOptions)(p)).toBe(expected);
  });
});

describe('globs RE2 cannot run', () => {
  it.each([
    ['finetune/!(README).md', 9],
    ['!(docs)/**', 0],
  ])('%s is refused at its "!("', (glob, index) => {
    const compiled = compileGlob(glob);
    expect(compiled).toMatchObject({ ok: false, problem: { index, length: 2, reason: expect.stringContaining('cannot be matched in linear time') } });
  });

  it('a glob picomatch cannot compile says why, for the whole glob', () => {
    expect(compileGlob('**/*.{py')).toMatchObject({ ok: false, problem: { whole: true, reason: expect.stringMatching(/^does not compile: /) } });
  });

  it('picomatch patterns translate to RE2 syntax', () => {
    expect(toRe2('(?!\\.{1,2}(?:\\/|$))(?=.)[^/]*?\\.md\\/?')).toEqual({ ok: true, source: '[^/]*?\\.md\\/?' });
    expect(toRe2('a(?=.)[^/]*?\\/?')).toEqual({ ok: true, source: 'a[^/]+?\\/?' });
    expect(toRe2('x\\.(?!\\.{0,1}(?:\\/|$))(?=.)[^/]*?')).toEqual({ ok: true, source: 'x\\.(?:[^/.][^/]*?|\\.[^/]+?)' });
    expect(toRe2('a.b\\u0041\\q[\\b]')).toEqual({ ok: true, source: 'a[^\\n\\r\\x{2028}\\x{2029}]b\\x{0041}q[\\x08]' });
    expect(toRe2('(?:(?!(?:a)$))')).toEqual({ ok: false });
    expect(toRe2('(a)\\1')).toEqual({ ok: false });
  });
});

describe('unclosedGroup', () => {
  it.each([
    ['finetune/[a-', { index: 9, char: '[' }],
    ['a[]', { index: 1, char: '[' }],
    ['drafts/v(1/notes.md', { index: 8, char: '(' }],
    ['**/*.{py', { index: 5, char: '{' }],
    ['a/[ab]/(x|y)/{c,d}', null],
    ['x/\\[a', null],
    ['a]b', null],
  ])('%s', (glob, expected) => {
    expect(unclosedGroup(glob)).toEqual(expected);
  });
});

describe('branch patterns', () => {
  it.each([
    ['^(finetune/', 1, 'this "(" is never closed'],
    ['x)', 1, 'this ")" closes nothing'],
    ['^(?!main$)', 1, 'lookaround ("(?!") is not supported'],
    ['(?<=ft/)x', 0, 'lookaround ("(?<=") is not supported'],
    ['(ft)/\\1', 5, 'backreferences ("\\1") are not supported'],
    ['(?<n>a)\\k<n>', 7, 'backreferences ("\\k<name>") are not supported'],
    ['^ft/\\u0041', 4, '"\\u" escapes are not supported'],
    ['a{2,1}', 1, 'invalid repeat count'],
    ['[z-a]', 1, 'invalid character class range'],
    ['ab[c', 2, 'missing closing ]'],
  ])('%s is refused at index %i', (pattern, index, reason) => {
    const compiled = compileBranchPattern(pattern);
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.problem.index).toBe(index);
    expect(compiled.problem.reason).toContain(reason);
  });

  it.each([
    ['^ft/', 'ft/lora', true],
    ['^ft/', 'fix/ft/x', false],
    ['lora', 'ft/lora-r16', true],
    ['(?i)^FT/', 'ft/x', true],
    ['^feat/\\x{e9}', 'feat/é', true],
    ['^(?P<kind>feat|fix)/', 'fix/x', true],
    ['^(?<kind>feat|fix)/', 'feat/x', true],
  ])('%s on %s: %s', (pattern, branch, expected) => {
    const compiled = compileBranchPattern(pattern);
    expect(compiled.ok && compiled.test(branch)).toBe(expected);
  });
});

describe('isPlainPath', () => {
  it.each([
    ['src/a.ts', true],
    ['.github/workflows/ci.yml', true],
    ['a..b/c.', true],
    ['', false],
    ['/abs', false],
    ['dir/', false],
    ['a//b', false],
    ['./a', false],
    ['a/./b', false],
    ['a/../b', false],
    ['..', false],
    ['a/..', false],
    ['line\nbreak', false],
  ])('%j: %s', (path, expected) => {
    expect(isPlainPath(path)).toBe(expected);
  });
});

describe('withinBytes', () => {
  it.each([
    ['a'.repeat(255), 255, true],
    ['a'.repeat(256), 255, false],
    ['é'.repeat(127), 255, true],
    ['é'.repeat(128), 255, false],
    ['😀'.repeat(63), 255, true],
    ['😀'.repeat(64), 255, false],
  ])('%#', (text, max, expected) => {
    expect(withinBytes(text, max)).toBe(expected);
  });
});

describe('picomatch escapes and classes in RE2 syntax', () => {
  // JavaScript's \s and \S hold Unicode spaces; RE2's are ASCII only, so they are spelled out.
  const SPACE = '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
  it.each([
    ['\\s', `[${SPACE}]`],
    ['[\\s]', `[${SPACE}]`],
    ['\\S', `[^${SPACE}]`],
    ['[\\S]', '[\\S]'],
    ['\\d\\D\\w\\W\\n\\r\\t\\v\\f', '\\d\\D\\w\\W\\n\\r\\t\\v\\f'],
    // \b is a word boundary outside a class and a backspace inside; \B only exists outside.
    ['\\b', '\\b'],
    ['[\\b]', '[\\x08]'],
    ['\\B', '\\B'],
    ['[\\B]', '[B]'],
    ['\\0', '\\x00'],
    ['\\x41', '\\x{41}'],
    ['\\u00e9', '\\x{00e9}'],
    // Not a hex escape: the letter itself, as JavaScript reads it outside unicode mode.
    ['\\xZ1', 'xZ1'],
    ['\\qx41', 'qx41'],
    // Letters whose escape is the letter itself in JavaScript, though RE2 reads some as escapes.
    ['\\y\\e\\a\\k', 'yeak'],
    ['\\u00g9', 'u00g9'],
    ['\\é', '\\x{e9}'],
    ['\\😀', '\\x{1f600}'],
    ['\\ ', '\\x{20}'],
    ['\\-', '\\-'],
    ['[^a]', '[^a]'],
    ['[a[b]', '[a\\[b]'],
    ['[\\]]', '[\\]]'],
    ['(?:a)', '(?:a)'],
  ])('%s → %s', (source, re2) => {
    expect(toRe2(source)).toEqual({ ok: true, source: re2 });
  });

  it.each([
    ['\\01', 'an octal escape'],
    ['\\1', 'a backreference'],
    ['[\\1]', 'a digit escape in a class'],
    ['\\', 'a trailing backslash'],
    ['[\\', 'a trailing backslash in a class'],
    ['[]', 'an empty class'],
    ['[^]', 'a class of anything'],
    ['[a', 'a class nothing closes'],
    ['(?<=a)', 'a lookbehind'],
  ])('%s is refused: %s', (source) => {
    expect(toRe2(source)).toEqual({ ok: false });
  });

  // A star guarded against an empty name becomes "one or more" only where nothing but the end of
  // the path can follow it: closing groups that do not repeat, other branches, a trailing slash.
  it.each([
    ['(?=.)[^/]*?', '[^/]+?'],
    ['(?=.)x', 'x'],
    ['(?!\\.{0,1}(?:\\/|$))[^/]*?', '[^/]*?'],
    ['a(?=.)[^/]*?)', 'a[^/]+?)'],
    ['a(?=.)[^/]*?|b)', 'a[^/]+?|b)'],
    ['a(?=.)[^/]*?)*', 'a[^/]*?)*'],
    ['a(?=.)[^/]*?)?', 'a[^/]*?)?'],
    ['a(?=.)[^/]*?\\/?x', 'a[^/]*?\\/?x'],
    ['(?:a(?=.)[^/]*?|(b))', '(?:a[^/]+?|(b))'],
    ['(?:a(?=.)[^/]*?|(b)c)d', '(?:a[^/]*?|(b)c)d'],
    ['(?:a(?=.)[^/]*?|[)]b)', '(?:a[^/]+?|[)]b)'],
    ['(?:a(?=.)[^/]*?|[\\])]b)', '(?:a[^/]+?|[\\])]b)'],
    ['(?:a(?=.)[^/]*?|\\)b)', '(?:a[^/]+?|\\)b)'],
    ['(?:a(?=.)[^/]*?|b)c', '(?:a[^/]*?|b)c'],
    ['(?:a(?=.)[^/]*?|(b)c)', '(?:a[^/]+?|(b)c)'],
    ['(?:a(?=.)[^/]*?|[)]b)c', '(?:a[^/]*?|[)]b)c'],
    ['a(?=.)[^/]*?))', 'a[^/]+?))'],
  ])('%s → %s', (source, re2) => {
    expect(toRe2(source)).toEqual({ ok: true, source: re2 });
  });
});

describe('where a refused branch pattern goes wrong', () => {
  it.each([
    ['(a)b)', { index: 4, length: 1, reason: 'this ")" closes nothing' }],
    ['[(]x)', { index: 4, length: 1, reason: 'this ")" closes nothing' }],
    ['\\(x)', { index: 3, length: 1, reason: 'this ")" closes nothing' }],
    ['[]a]x)', { index: 5, length: 1, reason: 'this ")" closes nothing' }],
    ['[\\]]x)', { index: 5, length: 1, reason: 'this ")" closes nothing' }],
    ['[^]a](', { index: 5, length: 1, reason: 'this "(" is never closed' }],
    ['(a[)]', { index: 0, length: 1, reason: 'this "(" is never closed' }],
    ['a(?<n>', { index: 1, length: 1, reason: 'this "(" is never closed' }],
    ['[a][a', { index: 3, length: 2, reason: 'missing closing ]: "[a"' }],
    ['x[a][a', { index: 4, length: 2, reason: 'missing closing ]: "[a"' }],
    ['[a(]x)', { index: 5, length: 1, reason: 'this ")" closes nothing' }],
    ['[](]x)', { index: 5, length: 1, reason: 'this ")" closes nothing' }],
    ['[^](]x)', { index: 6, length: 1, reason: 'this ")" closes nothing' }],
    ['[\\](]x)', { index: 6, length: 1, reason: 'this ")" closes nothing' }],
    ['[a', { index: 0, length: 2, reason: 'missing closing ]' }],
    [`ab[${'c'.repeat(25)}`, { index: 2, length: 20, reason: `missing closing ]: "[${'c'.repeat(25)}"` }],
    ['\\', { index: 0, length: 1, reason: 'trailing backslash at end of expression' }],
    ['a**', { index: 1, length: 2, reason: 'invalid nested repetition operator: "**"' }],
    ['(?z)', { index: 0, length: 3, reason: 'invalid or unsupported Perl syntax: "(?z"' }],
    ['\\pX', { index: 0, length: 3, reason: 'invalid character class range' }],
    ['a\\cA', { index: 1, length: 2, reason: '"\\c" control escapes are not supported; write \\x01 instead' }],
  ])('%s', (pattern, problem) => {
    expect(compileBranchPattern(pattern)).toEqual({ ok: false, problem });
  });

  it('takes the whole pattern when the error is not RE2\'s', () => {
    expect(explainRegexError('abc', new Error('boom'))).toEqual({ index: 0, length: 3, whole: true, reason: 'boom' });
    expect(explainRegexError('abc', 'odd')).toEqual({ index: 0, length: 3, whole: true, reason: 'odd' });
  });
});

describe('cleanRegexError', () => {
  const thrown = (source: string, flags?: string): unknown => {
    try {
      new RegExp(source, flags);
    } catch (error) {
      return error;
    }
    throw new Error(`${source} compiles`);
  };
  it.each([
    ['a pattern', thrown('a('), 'unterminated group'],
    ['a pattern with flags, a "/" and a line break', thrown('a/\nb(', 'su'), 'unterminated group'],
    ['a message without a pattern', new Error('Invalid regular expression: missing /'), 'invalid regular expression: missing /'],
    ['something thrown that is not an error', 'Boom', 'boom'],
  ])('%s', (_, error, message) => {
    expect(cleanRegexError(error)).toBe(message);
  });
});

describe('isPlainPath, "." and ".." segments', () => {
  it.each([
    ['.', false],
    ['../a', false],
    ['a/.', false],
    ['a/b/..', false],
    ['.a', true],
    ['a/..b', true],
  ])('%j: %s', (path, expected) => {
    expect(isPlainPath(path)).toBe(expected);
  });
});

describe('globs whose pattern RE2 cannot run, without "!("', () => {
  it.each([
    ['(?=a)', 'needs a lookaround or a backreference, which cannot be matched in linear time'],
    ['(a)\\1', 'needs a lookaround or a backreference, which cannot be matched in linear time'],
    ['[[:alpha:]', 'does not compile: unterminated character class'],
  ])('%s', (glob, reason) => {
    expect(compileGlob(glob)).toEqual({ ok: false, problem: { index: 0, length: glob.length, whole: true, reason } });
  });
});
