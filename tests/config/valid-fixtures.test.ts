import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { loadConfigFile, loadConfigText } from '../../src/config/load.js';
import { availableTemplateNames } from '../../src/config/template-names.js';

const dir = fileURLToPath(new URL('../fixtures/valid/', import.meta.url));
const fixtures = readdirSync(dir)
  .filter((name) => name.endsWith('.yml'))
  .sort();

async function load(name: string) {
  const templateNames = await availableTemplateNames({ repoDir: join(dir, 'lifecycle') });
  return loadConfigFile(join(dir, name), { displayPath: name, templateNames });
}

describe('valid fixtures', () => {
  it('covers a full example, a minimal one, expressions, and CRLF with a BOM', () => {
    expect(fixtures).toEqual(expect.arrayContaining(['genai-full.yml', 'minimal.yml', 'expressions.yml', 'crlf-bom.yml']));
  });

  it.each(fixtures)('%s has no errors and no warnings', async (name) => {
    const result = await load(name);
    expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(result.config).not.toBeNull();
  });

  it('applies defaults the rest of the tool relies on', async () => {
    const { config } = await load('minimal.yml');
    expect(config).toMatchObject({
      version: 1,
      project: { name: 'Tiny project', calendar: 'workdays', label: 'lifecycle' },
      variables: {},
      defaults: { labels: [], assignees: [] },
      stages: [{ id: 'build', name: 'Build', tasks: [] }],
    });
  });

  it('keeps `when: true/false` as expression text', async () => {
    const { config } = await load('expressions.yml');
    expect(config?.stages.find((s) => s.id === 'ship')?.when).toBe('false');
    const full = await load('genai-full.yml');
    expect(full.config?.stages.find((s) => s.id === 'evaluation')?.tasks.find((t) => t.id === 'cost')?.when).toBe('true');
  });

  it('reads CRLF with a BOM the same as LF without one', async () => {
    const bytes = readFileSync(join(dir, 'crlf-bom.yml'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    const crlf = await load('crlf-bom.yml');
    const lf = loadConfigText(bytes.subarray(3).toString('utf8').replace(/\r\n/g, '\n'), 'lf.yml');
    expect(crlf.config).toEqual(lf.config);
  });

  it('reports a referenced template that only the repository folder has, when that folder is not given', async () => {
    const result = await loadConfigFile(join(dir, 'genai-full.yml'), { displayPath: 'genai-full.yml', templateNames: new Set(['task.md.hbs', 'guidance.md.hbs', 'milestone.md.hbs']) });
    expect(result.diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [expect.any(Number), 'error', expect.stringContaining('template "custom-milestone.md.hbs" in stage "fine-tuning" is neither in the templates folder')],
    ]);
  });
});
