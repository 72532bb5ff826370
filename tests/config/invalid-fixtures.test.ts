// One test per invalid fixture: every diagnostic, with its exact file, line, column, severity and the
// gist of its message, listed in tests/fixtures/invalid/expected.json. Fixtures validate as
// `lifecycle validate` does, with the templates in tests/fixtures/invalid/lifecycle/ (the folder
// beside them); a diagnostic in a template names it ("file"), the others name the fixture.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateLifecycleFile } from '../../src/commands/validate.js';
import { loadTemplateSet } from '../../src/render/templates.js';

const dir = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
interface Expected {
  /** Default: the fixture itself. */
  file?: string;
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
    const templates = await loadTemplateSet(join(dir, 'lifecycle'), { display: 'lifecycle/' });
    const result = await validateLifecycleFile(join(dir, name), { file: name, templates });
    const got = result.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message }));
    const want = expected[name] ?? [];
    expect(got.map(({ file, line, column, severity }) => ({ file, line, column, severity }))).toEqual(
      want.map(({ file, line, column, severity }) => ({ file: file ?? name, line, column, severity })),
    );
    want.forEach((w, i) => expect(got[i]?.message).toContain(w.gist));
    expect(result.config).toBeNull();
  });
});
