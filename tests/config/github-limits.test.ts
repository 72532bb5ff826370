// GitHub's limits, held by `validate` wherever a value can come from: lifecycle.yml's fields, an
// inline body's front matter, and the front matter of the repository's templates, each with the
// file, line and column where the value is written.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { validateLifecycle } from '../../src/commands/validate.js';
import { loadConfigText } from '../../src/config/load.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../../src/render/templates.js';
import type { TemplateSet } from '../../src/render/templates.js';

const long = (n: number, stem = 'label') => `${stem}-${'x'.repeat(n - stem.length - 1)}`;
const list = (n: number, stem: string) => `[${Array.from({ length: n }, (_, i) => `${stem}-${i}`).join(', ')}]`;

function config(parts: { project?: string[]; defaults?: string[]; stages: string[] }): string {
  return [
    'version: 1',
    'project:',
    '  name: Support assistant',
    ...(parts.project ?? []),
    ...(parts.defaults ? ['defaults:', ...parts.defaults] : []),
    'stages:',
    ...parts.stages,
  ].join('\n');
}

const task = (...lines: string[]) => ['    tasks:', '      - id: brief', '        title: Write the brief', ...lines];
const stage = (...lines: string[]) => ['  - id: scope', '    name: Scope', ...lines];

interface Case {
  name: string;
  yaml: string;
  line: number;
  column: number;
  gist: string;
}

const cases: Case[] = [
  // Label names: 50 characters.
  { name: 'label name in project.label', yaml: config({ project: [`  label: ${long(51)}`], stages: stage() }), line: 4, column: 10, gist: 'is 51 characters long; GitHub allows label names of at most 50' },
  { name: 'label name in defaults.labels', yaml: config({ defaults: [`  labels: [ok, ${long(51)}]`], stages: stage() }), line: 5, column: 16, gist: 'is 51 characters long; GitHub allows label names of at most 50' },
  { name: 'label name in a stage label', yaml: config({ stages: stage(`    label: ${long(51)}`) }), line: 7, column: 12, gist: 'is 51 characters long; GitHub allows label names of at most 50' },
  { name: 'label name in task labels', yaml: config({ stages: stage(...task(`        labels: [${long(51)}]`)) }), line: 10, column: 18, gist: 'is 51 characters long; GitHub allows label names of at most 50' },
  {
    name: 'label name made from a long stage id',
    yaml: config({ stages: [`  - id: ${'s'.repeat(44)}`, '    name: Scope'] }),
    line: 5,
    column: 9,
    gist: '51 characters; GitHub allows at most 50 in a label name, so give the stage a shorter "label"',
  },
  {
    name: 'label name in an inline body\'s front matter',
    yaml: config({ stages: stage(...task('        body: |', '          ---', `          labels: ${long(51)}`, '          ---', '          Text')) }),
    line: 12,
    column: 19,
    gist: 'is 51 characters; GitHub allows at most 50 in a label name',
  },
  // Labels on one issue: 100.
  { name: 'labels per issue from defaults.labels', yaml: config({ defaults: [`  labels: ${list(99, 'd')}`], stages: stage() }), line: 5, column: 3, gist: 'defaults.labels puts 101 labels on every issue' },
  { name: 'labels per issue from task labels', yaml: config({ stages: stage(...task(`        labels: ${list(99, 't')}`)) }), line: 10, column: 9, gist: 'would carry 101 labels' },
  {
    name: 'labels per issue from defaults and task labels together',
    yaml: config({ defaults: [`  labels: ${list(50, 'd')}`], stages: stage(...task(`        labels: ${list(49, 't')}`)) }),
    line: 12,
    column: 9,
    gist: 'would carry 101 labels',
  },
  {
    name: 'labels per issue from an inline body\'s front matter',
    yaml: config({ stages: stage(...task('        body: |', '          ---', `          labels: ${list(99, 'f')}`, '          ---', '          Text')) }),
    line: 12,
    column: 11,
    gist: 'would carry 101 labels (the managed and stage labels, defaults.labels, its own and its front matter\'s)',
  },
  {
    name: 'labels in an inline body\'s front matter alone',
    yaml: config({ stages: stage(...task('        body: |', '          ---', `          labels: ${list(101, 'f')}`, '          ---', '          Text')) }),
    line: 12,
    column: 11,
    gist: 'front matter "labels" lists 101 labels; GitHub allows at most 100 on an issue',
  },
  // Milestone titles: 256 characters, unique ignoring case and surrounding spaces.
  { name: 'milestone title too long', yaml: config({ stages: ['  - id: scope', `    name: ${'n'.repeat(257)}`] }), line: 6, column: 11, gist: 'is 257 characters long; GitHub allows at most 256' },
  {
    name: 'milestone titles differing by case',
    yaml: config({ stages: [...stage(), '  - id: review', '    name: SCOPE'] }),
    line: 8,
    column: 11,
    gist: '("Scope" and "SCOPE" differ only by case or spaces); GitHub milestone titles must be unique, ignoring case and surrounding spaces',
  },
  {
    name: 'milestone titles differing by a trailing space',
    yaml: config({ stages: [...stage(), '  - id: review', '    name: "Scope "'] }),
    line: 8,
    column: 11,
    gist: 'differ only by case or spaces',
  },
  { name: 'milestone title of spaces', yaml: config({ stages: ['  - id: scope', '    name: "  "'] }), line: 6, column: 11, gist: 'only spaces; GitHub needs a milestone title' },
  // Issue titles: 256 characters.
  { name: 'issue title too long', yaml: config({ stages: stage('    tasks:', '      - id: brief', `        title: ${'t'.repeat(257)}`) }), line: 9, column: 16, gist: 'is 257 characters long; GitHub allows at most 256' },
  { name: 'issue title of spaces', yaml: config({ stages: stage('    tasks:', '      - id: brief', '        title: "   "') }), line: 9, column: 16, gist: 'only spaces; GitHub needs an issue title' },
];

describe('GitHub limits in lifecycle.yml', () => {
  // The config with its templates, as validate checks it: an inline body's front matter is a template's.
  let templates: TemplateSet;
  beforeAll(async () => {
    templates = makeTemplateSet([], await loadBuiltinTemplates());
  });

  it.each(cases)('$name', ({ yaml, line, column, gist }) => {
    const { config: parsed, diagnostics } = validateLifecycle(yaml, { file: '.github/lifecycle.yml', templates });
    expect(parsed).toBeNull();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([expect.stringContaining(gist)]);
    expect(errors[0]).toMatchObject({ file: '.github/lifecycle.yml', line, column });
  });

  it('accepts every value at its limit', () => {
    const yaml = config({
      project: [`  label: ${long(50)}`],
      defaults: [`  labels: ${list(48, 'd')}`],
      stages: [
        `  - id: ${'s'.repeat(43)}`,
        `    name: ${'n'.repeat(256)}`,
        '    tasks:',
        '      - id: brief',
        `        title: ${'t'.repeat(256)}`,
        `        labels: ${list(49, 't')}`,
        '      - id: inline',
        '        title: Inline',
        '        body: |',
        '          ---',
        `          labels: [${long(50)}, "team-{{vars.team}}"]`,
        '          ---',
        '          Text',
      ],
    });
    const { config: parsed, diagnostics } = loadConfigText(yaml.replace('project:', 'variables:\n  team: ml\nproject:'), '.github/lifecycle.yml');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed).not.toBeNull();
  });
});

describe('GitHub limits in the front matter of the repository\'s templates', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  async function repo(yaml: string, templates: Record<string, string>): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'lifecycle-limits-'));
    await mkdir(join(dir, '.github', 'lifecycle'), { recursive: true });
    await writeFile(join(dir, '.github', 'lifecycle.yml'), yaml);
    for (const [name, text] of Object.entries(templates)) await writeFile(join(dir, '.github', 'lifecycle', name), text);
    return dir;
  }

  const lines = (report: Awaited<ReturnType<typeof validateCommand>>) => report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);

  it('reports a label over 50 characters, a list over 100 and more than 10 assignees, each at its line and column', async () => {
    // Templates are checked where the config uses them: other.md.hbs by a second task.
    const second = ['      - id: notes', '        title: Take notes', '        template: other.md.hbs'];
    const cwd = await repo(config({ stages: stage(...task(), ...second) }), {
      'task.md.hbs': `---\ntitle: "{{task.title}}"\nlabels: [ok, ${long(51)}, "{{task.id}}-${'x'.repeat(60)}"]\nassignees: ${list(11, 'a').slice(1, -1)}\n---\nBody\n`,
      'other.md.hbs': `---\nlabels: ${list(101, 'l')}\n---\nBody\n`,
    });
    const report = await validateCommand({ config: '.github/lifecycle.yml' }, cwd);
    expect(report.valid).toBe(false);
    expect(lines(report)).toEqual([
      `.github/lifecycle/other.md.hbs:2:1: error: front matter "labels" lists 101 labels; GitHub allows at most 100 on an issue`,
      `.github/lifecycle/task.md.hbs:3:14: error: label "${long(51)}" is 51 characters; GitHub allows at most 50 in a label name`,
      `.github/lifecycle/task.md.hbs:4:1: error: front matter "assignees" names 11 people; GitHub assigns at most 10 to an issue`,
    ]);
  });

  it('counts the labels a task\'s issue would carry with those its template adds', async () => {
    const cwd = await repo(config({ defaults: [`  labels: ${list(40, 'd')}`], stages: stage(...task('        template: many.md.hbs', `        labels: ${list(30, 't')}`)) }), {
      'many.md.hbs': `---\nlabels:\n${Array.from({ length: 30 }, (_, i) => `  - m-${i}`).join('\n')}\n---\nBody\n`,
    });
    const report = await validateCommand({ config: '.github/lifecycle.yml' }, cwd);
    expect(lines(report)).toEqual([
      '.github/lifecycle/many.md.hbs:2:1: error: with these labels, task "brief" of stage "scope" would carry 102 labels (the managed and stage labels, defaults.labels, its own and this template\'s); GitHub allows at most 100 on an issue',
    ]);
  });

  it('passes templates within the limits, leaving values with Handlebars to the render', async () => {
    const cwd = await repo(config({ stages: stage(...task()) }), {
      'task.md.hbs': `---\nlabels: [${long(50)}, "{{task.id}}-${'x'.repeat(60)}"]\n---\nBody\n`,
    });
    const report = await validateCommand({ config: '.github/lifecycle.yml' }, cwd);
    expect(lines(report)).toEqual([]);
    expect(report.valid).toBe(true);
  });
});
