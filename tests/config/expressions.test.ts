import { describe, expect, it } from 'vitest';
import { evaluateExpression, hasExpressionMarkers, isTruthy, parseExpression, referencedVars } from '../../src/config/expressions.js';

const vars = { foundation_model: true, reward_model: false, team_size: 5, method: 'lora', note: null };

describe('parseExpression', () => {
  it.each([
    ['!vars.foundation_model', true],
    ["${{ vars.reward_model && '2d' || '4w' }}", true],
    ['Tune ${{ vars.method }} adapters', false],
    ["  ${{ vars.team_size > 3 }}  ", true],
    ['${{ vars.a }}${{ vars.b }}', false],
    ["x ${{ 'y' }}", false],
  ])('accepts %j (single expression: %s)', (text, single) => {
    const parsed = parseExpression(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.ast !== null).toBe(single);
  });

  it.each([
    ['github.actor', 1, 'only read vars'],
    ['${{ env.HOME }}', 5, 'only read vars'],
    ['vars.x ==', 8, 'unexpected end of expression'],
    ['${{ vars.x', 1, 'never closed'],
    ['', 1, 'empty'],
    ['${{ }}', 4, 'empty'],
    ["hashFiles('x')", 1, 'unknown function "hashFiles"'],
    // The lexer says where, in words ("Located at position ..."): the opening quote, not the end.
    ["vars.a == 'x", 11, "unexpected symbol: ''x'"],
    ['vars.a ||', 8, "unexpected end of expression: '||'"],
    ['a ${{ vars.a ==  }}', 14, "unexpected end of expression: '=='"],
    ['${{ vars.a }} and ${{ github.x }}', 23, '"github" is not available here; expressions can only read vars.<name>'],
    ['x'.repeat(30_000), 1, 'the expression is too long'],
  ])('rejects %j at column %i', (text, column, gist) => {
    const parsed = parseExpression(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.column).toBe(column);
      expect(parsed.message).toContain(gist);
    }
  });

  it('splits text into its literal parts and expressions, with no empty part between or after', () => {
    const parts = (text: string) => {
      const parsed = parseExpression(text);
      return parsed.ok ? parsed.parts.map((p) => (p.kind === 'text' ? p.text : [p.source, p.offset])) : parsed.message;
    };
    expect(parts('${{ vars.a }}')).toEqual([[' vars.a ', 3]]);
    expect(parts('${{ vars.a }}${{ vars.b }}')).toEqual([[' vars.a ', 3], [' vars.b ', 16]]);
    expect(parts('x ${{ vars.a }} y')).toEqual(['x ', [' vars.a ', 5], ' y']);
  });

  it('gives the library\'s message whole, its first letter lowered', () => {
    expect(parseExpression('vars.x ==')).toEqual({ ok: false, message: "unexpected end of expression: '=='", column: 8 });
    expect(parseExpression("hashFiles('x')")).toEqual({ ok: false, message: 'unknown function "hashFiles"', column: 1 });
  });

  it('names what was read instead of vars', () => {
    const parsed = parseExpression('foundation_model');
    expect(parsed.ok ? null : parsed.unknownName).toBe('foundation_model');
  });

  it('does not end an expression at "}}" inside a quoted string', () => {
    expect(evaluateExpression("${{ 'a}}b' }}", {})).toBe('a}}b');
    expect(evaluateExpression("${{ 'it''s' }}", {})).toBe("it's");
  });
});

describe('evaluateExpression', () => {
  it.each([
    ['!vars.foundation_model', false],
    ['vars.team_size > 3', true],
    ["${{ vars.reward_model && '2d' || '4w' }}", '4w'],
    ['Tune ${{ vars.method }} adapters', 'Tune lora adapters'],
    ["vars['METHOD'] == 'LORA'", true], // names and string comparison ignore case, as on GitHub
    ['vars.missing', null],
    ['vars.note == null', true],
    ["contains(fromJSON('[\"lora\",\"qlora\"]'), vars.method)", true],
    ["format('{0}w', vars.team_size)", '5w'],
    ['n=${{ vars.team_size }} ${{ vars.foundation_model }} ${{ vars.note }}.', 'n=5 true .'],
    ['${{ vars.method }}${{ vars.team_size }}', 'lora5'],
    ['fromJSON(\'{"a":[1,null,true]}\')', { a: [1, null, true] }],
    ['vars.note', null],
  ])('%j → %j', (text, value) => {
    expect(evaluateExpression(text, vars)).toEqual(value);
  });

  it('throws a readable error for text that does not parse', () => {
    expect(() => evaluateExpression('vars.x ==', vars)).toThrow(/invalid expression "vars.x =="/);
  });
});

describe('isTruthy', () => {
  it.each([
    [null, false],
    [undefined, false],
    [false, false],
    [0, false],
    [Number.NaN, false],
    ['', false],
    ['0', true],
    ['false', true],
    [[], true],
    [{}, true],
    [1, true],
  ])('%j → %s', (value, truthy) => {
    expect(isTruthy(value)).toBe(truthy);
  });
});

describe('referencedVars', () => {
  it('lists each variable once, in order, in dot and index form', () => {
    expect(referencedVars("vars.a && (vars['b'] || !vars.a) || contains(vars.c, 'x')")).toEqual(['a', 'b', 'c']);
    expect(referencedVars('Tune ${{ vars.method }} with ${{ vars.rank }}')).toEqual(['method', 'rank']);
  });

  it('skips computed indexes and text that does not parse', () => {
    expect(referencedVars('vars[vars.key]')).toEqual(['key']);
    expect(referencedVars('vars.x ==')).toEqual([]);
    expect(referencedVars('vars[1]')).toEqual([]);
  });

  it('finds variables under every kind of expression, and only the first name of a path', () => {
    expect(referencedVars('(vars.a) && vars.b.c')).toEqual(['a', 'b']);
    expect(referencedVars('vars.a == vars.b')).toEqual(['a', 'b']);
    expect(referencedVars("format('{0}', vars.x)")).toEqual(['x']);
    expect(referencedVars('!(vars.y)')).toEqual(['y']);
    expect(referencedVars("x ${{ 'y' }}")).toEqual([]);
  });

  it('knows which text uses ${{ }}', () => {
    expect(hasExpressionMarkers('${{ vars.a }}')).toBe(true);
    expect(hasExpressionMarkers('vars.a')).toBe(false);
  });
});
