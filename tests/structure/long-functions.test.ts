import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findLongFunctions, formatLongFunction, LONG_FUNCTION_LINES, longFunctionsInText } from '../../scripts/long-functions.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function body(lines: number): string {
  return Array.from({ length: lines }, (_, index) => `  const v${index} = ${index};`).join('\n');
}

// A function of `total` lines: the opening line, the body, the closing brace.
function declaration(total: number, above = ''): string {
  return `${above}export function sample(): void {\n${body(total - 2)}\n}\n`;
}

describe('long function check', () => {
  it('lists no function of exactly the limit', () => {
    expect(longFunctionsInText('a.ts', declaration(LONG_FUNCTION_LINES))).toEqual([]);
  });

  it('lists a function one line over the limit, with its line, name and length', () => {
    expect(longFunctionsInText('a.ts', `\n${declaration(LONG_FUNCTION_LINES + 1)}`)).toEqual([
      { file: 'a.ts', line: 2, name: 'sample', length: LONG_FUNCTION_LINES + 1, explained: false },
    ]);
  });

  it('counts a `// Long because` comment directly above as the reason', () => {
    const [fn] = longFunctionsInText('a.ts', declaration(70, '// Reads the table in order.\n// Long because each row is one case.\n'));
    expect(fn?.explained).toBe(true);
  });

  it('counts a reason inside a block comment directly above', () => {
    const [fn] = longFunctionsInText('a.ts', declaration(70, '/**\n * Long because the switch covers every shape.\n */\n'));
    expect(fn?.explained).toBe(true);
  });

  it('does not count a reason separated from the function by a blank line or code', () => {
    expect(longFunctionsInText('a.ts', declaration(70, '// Long because of the table.\n\n'))[0]?.explained).toBe(false);
    expect(longFunctionsInText('a.ts', declaration(70, '// Long because of the table.\nconst x = 1;\n'))[0]?.explained).toBe(false);
  });

  it('does not count a comment that only mentions length', () => {
    expect(longFunctionsInText('a.ts', declaration(70, '// long, but fine\n'))[0]?.explained).toBe(false);
  });

  it('names methods, arrow functions, function expressions and callbacks', () => {
    const text = [
      `class Box {\n  open(): void {\n${body(LONG_FUNCTION_LINES)}\n  }\n}`,
      `const arrow = (): void => {\n${body(LONG_FUNCTION_LINES)}\n};`,
      `const table = { entry: function (): void {\n${body(LONG_FUNCTION_LINES)}\n} };`,
      `register('each', () => {\n${body(LONG_FUNCTION_LINES)}\n});`,
    ].join('\n');
    expect(longFunctionsInText('a.ts', text).map((fn) => fn.name)).toEqual(['open', 'arrow', 'entry', "(callback of register 'each')"]);
  });
});

describe('src', () => {
  it(`has no function over ${LONG_FUNCTION_LINES} lines without a reason above it`, () => {
    const unexplained = findLongFunctions(ROOT).filter((fn) => !fn.explained);
    expect(unexplained.map(formatLongFunction)).toEqual([]);
  });
});
