// One test per invalid fixture: every diagnostic, with its exact line, column, severity and the gist
// of its message, listed in tests/fixtures/invalid/expected.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';
import { DEFAULT_TEMPLATE_NAMES } from '../../src/config/template-names.js';

const dir = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
interface Expected {
  line: number;
  column: number;
  severity: 'error' | 'warning';
  gist: string;
}
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.yml'))
  .sort();

describe('invalid fixtures', () => {
  it('has at least 30 fixtures, each with an expectation and a comment saying what is wrong', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(fixtures);
    for (const name of fixtures) {
      const bytes = readFileSync(join(dir, name));
      expect(bytes.subarray(0, 2).toString('latin1'), name).toBe('# ');
      expect(expected[name]?.length, name).toBeGreaterThan(0);
    }
  });

  it.each(fixtures)('%s', async (name) => {
    const result = await loadConfigFile(join(dir, name), { displayPath: name, templateNames: new Set(DEFAULT_TEMPLATE_NAMES) });
    const got = result.diagnostics.map((d) => ({ line: d.line, column: d.column, severity: d.severity, message: d.message, file: d.file }));
    const want = expected[name] ?? [];
    expect(got.map(({ line, column, severity }) => ({ line, column, severity }))).toEqual(
      want.map(({ line, column, severity }) => ({ line, column, severity })),
    );
    want.forEach((w, i) => expect(got[i]?.message).toContain(w.gist));
    expect(got.every((d) => d.file === name)).toBe(true);
    expect(result.config).toBeNull();
  });
});
