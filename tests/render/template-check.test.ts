// The static template check: what `lifecycle validate` (and plan and sync, before anything else)
// report about the templates a config uses, each with its file, line and column.
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateLifecycle } from '../../src/commands/validate.js';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { checkTemplates } from '../../src/render/template-check.js';
import type { TemplateUse } from '../../src/render/template-check.js';
import type { TemplateKind } from '../../src/render/context-shape.js';
import { BUILTIN_HELPERS, HELPER_NAMES, registerHelpers } from '../../src/render/helpers.js';
import { Renderer, TemplateError } from '../../src/render/renderer.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../../src/render/templates.js';
import type { TemplateFile } from '../../src/render/templates.js';
import { renderDesiredState } from '../../src/render/desired.js';
import { configSchema } from '../../src/config/schema.js';

let builtin: TemplateFile[];
beforeAll(async () => {
  builtin = await loadBuiltinTemplates();
});

const repoFile = (name: string, text: string): TemplateFile => ({ name, path: `.github/lifecycle/${name}`, text });

/** Diagnostics for repository templates used as `kind`, formatted as `lifecycle validate` prints them. */
function check(files: Record<string, string>, uses: Record<string, TemplateKind>, variables: string[] = ['team']): string[] {
  const templates = makeTemplateSet(
    Object.entries(files).map(([name, text]) => repoFile(name, text)),
    builtin,
  );
  const list: TemplateUse[] = Object.entries(uses).map(([name, kind]) => ({ kind, name }));
  return checkTemplates({ templates, uses: list, variables }).map((d) => formatDiagnostic(d));
}

describe('the six ways a template breaks a sync, each reported with its file, line and column', () => {
  const cases: { name: string; files: Record<string, string>; kind: TemplateKind; want: string[] }[] = [
    {
      name: 'an unclosed {{#if}}',
      files: { 'm.md.hbs': '{{stage.description}}\n\n{{#if stage.due}}\nDue {{date stage.due}}.\n' },
      kind: 'milestone',
      want: ['.github/lifecycle/m.md.hbs:3:1: error: {{#if}} is never closed; add {{/if}}'],
    },
    {
      name: 'an undefined variable',
      files: { 'm.md.hbs': '{{task.description}}\n\nDue {{stage.duee}}.\n' },
      kind: 'task',
      want: ['.github/lifecycle/m.md.hbs:3:7: error: "stage.duee" is not defined (did you mean "stage.due"?)'],
    },
    {
      name: 'a partial that includes itself',
      files: { 'm.md.hbs': '{{> steps}}\n', '_steps.md.hbs': '- {{stage.name}}\n{{> steps}}\n' },
      kind: 'milestone',
      want: ['.github/lifecycle/_steps.md.hbs:2:1: error: partial "steps" includes itself, so rendering it never ends'],
    },
    {
      name: 'an unknown helper',
      files: { 'm.md.hbs': '{{stage.name}}\n  {{checklst stage.checklist}}\n' },
      kind: 'milestone',
      want: ['.github/lifecycle/m.md.hbs:2:5: error: unknown helper "checklst" (did you mean "checklist"?)'],
    },
    {
      name: 'a decorator',
      files: { 'm.md.hbs': '### {{stage.name}}\n{{* log "hello"}}\n' },
      kind: 'guidance',
      want: ['.github/lifecycle/m.md.hbs:2:1: error: decorators ({{* …}}) are not supported, except {{#*inline "name"}}'],
    },
    {
      name: 'a front matter key that is not allowed',
      files: { 'm.md.hbs': '---\ntitle: "{{task.title}}"\nmilestone: "{{stage.name}}"\n---\n{{task.description}}\n' },
      kind: 'task',
      want: ['.github/lifecycle/m.md.hbs:3:1: error: unknown front matter key "milestone"; known keys: title, labels, assignees'],
    },
  ];

  it.each(cases)('$name', ({ files, kind, want }) => {
    expect(check(files, { 'm.md.hbs': kind })).toEqual(want);
  });

  it.each(cases)('$name also fails the renderer, which is what the check spares a sync', ({ files, kind }) => {
    const renderer = new Renderer(makeTemplateSet(Object.entries(files).map(([n, t]) => repoFile(n, t)), builtin));
    const config = configSchema.parse({ version: 1, project: { name: 'P', start: '2027-01-04' }, stages: [{ id: 'a', name: 'A', estimate: { duration: '2d' }, tasks: [{ id: 't', title: 'T' }] }] });
    const render = () => {
      const { views } = renderDesiredState(config, { templates: renderer.templates, repo: null, renderer: new Renderer(renderer.templates) });
      const stage = views.stages[0]!;
      const context = { ...views, stage, task: stage.tasks[0]!, pr: {}, match: { reasons: [] }, status: { openIssues: [] } };
      if (kind === 'task') renderer.renderIssue({ name: 'm.md.hbs' }, context);
      else renderer.render('m.md.hbs', context);
    };
    expect(render).toThrow(TemplateError);
  });
});

describe('paths are checked against the context each template kind gets', () => {
  const cases: { name: string; text: string; kind?: TemplateKind; want: string[] }[] = [
    { name: 'a root key of another kind, with the kind named', text: '{{task.title}}', kind: 'milestone', want: [':1:3: error: "task.title" is not defined: "task" is only set in task templates, and this is a milestone template'] },
    { name: 'guidance-only keys in a task template', text: '{{pr.title}}', kind: 'task', want: [':1:3: error: "pr.title" is not defined: "pr" is only set in guidance templates, and this is a task template'] },
    { name: 'a declared variable, and one that is not', text: '{{vars.team}} {{vars.teem}}', want: [':1:17: error: "vars.teem" is not defined (did you mean "vars.team"?); declare it under "variables" in lifecycle.yml, or write (default vars.teem "…")'] },
    { name: 'default gives a fallback for an undeclared variable', text: '{{default vars.audience "everyone"}}', want: [] },
    { name: 'default cannot rescue a misspelled field', text: '{{default stage.duee "soon"}}', want: [':1:11: warning: "stage.duee" is not defined (did you mean "stage.due"?); (default …) always gives its fallback here'] },
    { name: 'a field of text', text: '{{stage.name.first}}', want: [':1:3: error: "stage.name.first" is not defined: "stage.name" is text'] },
    { name: 'a field of a list', text: '{{stage.tasks.title}}', want: [':1:3: error: "stage.tasks.title" is not defined: "stage.tasks" is a list; go through its items with {{#each stage.tasks}}'] },
    { name: 'the length of lists and text, and an item by index', text: '{{stage.tasks.length}} {{stage.name.length}} {{stage.tasks.[0].title}} {{stage.tasks.0.titel}}', want: [':1:74: error: "stage.tasks.0.titel" is not defined (did you mean "stage.tasks.0.title"?)'] },
    { name: 'nullable values have their fields', text: '{{stage.estimate.duration}} {{repo.fullName}} {{stage.estimate.durration}}', want: [':1:49: error: "stage.estimate.durration" is not defined (did you mean "stage.estimate.duration"?)'] },
    { name: '{{#each}} makes the item `this`, with @index, @first, @last and @key', text: '{{#each stage.tasks}}{{@index}}{{#if @first}}{{/if}}{{@last}}{{@key}} {{title}} {{this.id}} {{titel}}{{/each}}', want: [':1:95: error: "titel" is not defined (did you mean "title"?)'] },
    { name: '../ climbs back out of {{#each}} and {{#with}}, not out of {{#if}}', text: '{{#each stage.tasks}}{{#if title}}{{../stage.name}}{{../stage.nmae}}{{/if}}{{/each}}', want: [':1:54: error: "../stage.nmae" is not defined (did you mean "../stage.name"?)'] },
    { name: '../ above the template', text: '{{#if stage.due}}{{../stage.name}}{{/if}}', want: [':1:20: error: "../stage.name" climbs out of more blocks than there are: each ../ leaves one {{#each}} or {{#with}}, and there is none around it'] },
    { name: 'block parameters', text: '{{#each stage.tasks as |t i|}}{{i}} {{t.title}} {{t.owner}}{{/each}}', want: [':1:51: error: "t.owner" is not defined'] },
    { name: '{{#with}} and its {{else}}', text: '{{#with stage.estimate}}{{this.duration}} {{complexity}}{{else}}{{stage.name}} {{complexity}}{{/with}}', want: [':1:82: error: "complexity" is not defined'] },
    { name: 'a helper name used as a field inside {{#with}}', text: '{{#with stage.estimate}}{{duration}}{{/with}}', want: [':1:27: error: helper "duration" takes 1 argument, got 0; to print the field "duration", write {{this.duration}}'] },
    { name: '@index outside {{#each}}', text: '{{@index}} {{@rooot.project}}', want: [':1:3: error: "@index" is only set inside {{#each}}', ':1:14: error: "@rooot.project" is not defined (did you mean "@root"?)'] },
    { name: '@root reaches the top from anywhere', text: '{{#each stage.tasks}}{{@root.project.name}} {{@root.project.nmae}}{{/each}}', want: [':1:47: error: "@root.project.nmae" is not defined (did you mean "@root.project.name"?)'] },
    { name: 'helper arguments, hash values and subexpressions', text: '{{#if (and stage.due (not (eq stage.id stage.idd)))}}{{join stage.depends_on sep=stage.lable}}{{/if}}', want: [':1:40: error: "stage.idd" is not defined (did you mean "stage.id"?)', ':1:82: error: "stage.lable" is not defined (did you mean "stage.label"?)'] },
    { name: 'helper argument counts', text: '{{eq stage.id}} {{#if stage.due stage.start}}{{/if}} {{link "x"}}', want: [':1:3: error: helper "eq" takes 2 arguments, got 1', ':1:20: error: {{#if}} takes 1 argument, got 2', ':1:56: error: helper "link" takes 2 arguments, got 1'] },
    { name: 'block helpers used inline', text: '{{each stage.tasks}}', want: [':1:3: error: {{#each}} is a block helper: write {{#each …}}…{{/each}}'] },
    { name: 'a path that takes arguments', text: '{{stage.name "x"}}', want: [':1:3: error: "stage.name" is not a helper, so it takes no arguments'] },
    { name: '{{#list}} goes through items, {{#object}} enters it', text: '{{#stage.tasks}}{{title}}{{/stage.tasks}}{{#stage.milestone}}{{url}}{{nubmer}}{{/stage.milestone}}', want: [':1:71: error: "nubmer" is not defined (did you mean "number"?)'] },
    { name: '{{#each}} over text', text: '{{#each stage.name}}x{{/each}}', want: [':1:9: warning: {{#each}} goes through a list, but "stage.name" is text: the block is never rendered'] },
    { name: 'every {{#each vars}} item is a value, its @key a name', text: '{{#each vars}}{{@key}}={{this}}{{/each}}', want: [] },
    { name: 'guidance templates get pr, match and status', text: '{{pr.title}} {{join match.reasons}} {{#each status.openIssues}}{{issueRef number}}{{/each}} {{status.currentStage.name}} {{match.fils}}', kind: 'guidance', want: [':1:124: error: "match.fils" is not defined (did you mean "match.files"?)'] },
    { name: 'syntax errors, with the column of the token at fault', text: '{{stage.name}}\n{{join stage.checklist sep=}}', want: [':2:28: error: template syntax error: unexpected "}}"'] },
    { name: 'a block closed by the wrong name', text: '{{#if stage.due}}\n{{#each stage.tasks}}\n{{/if}}', want: [':2:1: error: {{#each}} is never closed (the {{/if}} on line 3 closes an outer block); add {{/each}}'] },
  ];

  it.each(cases)('$name', ({ text, kind, want }) => {
    expect(check({ 'x.md.hbs': text }, { 'x.md.hbs': kind ?? 'milestone' })).toEqual(want.map((w) => `.github/lifecycle/x.md.hbs${w}`));
  });
});

describe('partials', () => {
  it('are checked in the context of the template that includes them, and say which when it matters', () => {
    expect(check({ '_owner.md.hbs': 'Owner: {{task.assignees}}', 'm.md.hbs': '{{> owner}}' }, { 'm.md.hbs': 'milestone', 'task.md.hbs': 'task' })).toEqual([
      '.github/lifecycle/_owner.md.hbs:1:10: error: "task.assignees" is not defined: "task" is only set in task templates, and this partial is included from a milestone template (.github/lifecycle/m.md.hbs)',
    ]);
  });

  it('see the keys a call adds, and the context it passes', () => {
    const files = { '_row.md.hbs': '{{label}}: {{value}} {{valeu}}', 'm.md.hbs': '{{> row label="Due" value=stage.due}}\n{{#each stage.tasks}}{{> task-line}}{{/each}}', '_task-line.md.hbs': '{{title}} {{> row label=title value=id}}' };
    expect(check(files, { 'm.md.hbs': 'milestone' })).toEqual(['.github/lifecycle/_row.md.hbs:1:24: error: "valeu" is not defined (did you mean "value"?)']);
    expect(check({ '_line.md.hbs': '{{title}} {{nmae}}', 'm.md.hbs': '{{#each stage.tasks}}{{> line}}{{/each}}{{> line stage}}' }, { 'm.md.hbs': 'milestone' })).toEqual([
      '.github/lifecycle/_line.md.hbs:1:3: error: "title" is not defined',
      '.github/lifecycle/_line.md.hbs:1:13: error: "nmae" is not defined',
      '.github/lifecycle/_line.md.hbs:1:13: error: "nmae" is not defined (did you mean "name"?)',
    ]);
  });

  it('report a loop through several partials once', () => {
    const files = { '_a.md.hbs': '{{> b}}', '_b.md.hbs': '{{#if stage.due}}{{> a}}{{/if}}', 'm.md.hbs': '{{> a}}', 't.md.hbs': '{{> b}}' };
    expect(check(files, { 'm.md.hbs': 'milestone', 't.md.hbs': 'task' })).toEqual([
      '.github/lifecycle/_b.md.hbs:1:18: error: partials include each other in a loop (a → b → a), so rendering them never ends',
    ]);
  });

  it('name the partials there are when one is unknown', () => {
    expect(check({ 'm.md.hbs': '{{> exit-critera}}' }, { 'm.md.hbs': 'milestone' })).toEqual([
      '.github/lifecycle/m.md.hbs:1:5: error: unknown partial "exit-critera" (did you mean "exit-criteria"?); partials here: exit-criteria',
    ]);
  });

  it('accept {{#*inline}} partials and partial blocks with {{> @partial-block}}', () => {
    const files = {
      'm.md.hbs': '{{#*inline "row"}}- {{name}} {{naem}}{{/inline}}{{#each stages}}{{> row}}{{/each}}{{#> frame}}{{stage.name}}{{/frame}}{{#> missing}}fallback{{/missing}}{{> @partial-block}}',
      '_frame.md.hbs': '<details>{{> @partial-block}}</details>',
    };
    expect(check(files, { 'm.md.hbs': 'milestone' })).toEqual([
      '.github/lifecycle/m.md.hbs:1:32: error: "naem" is not defined (did you mean "name"?)',
      '.github/lifecycle/m.md.hbs:1:153: error: {{> @partial-block}} is only set in a partial used as a block: {{#> name}}…{{/name}}',
    ]);
  });

  it('take at most one context argument', () => {
    expect(check({ '_p.md.hbs': 'x', 'm.md.hbs': '{{> p stage stage}}' }, { 'm.md.hbs': 'milestone' })).toEqual([
      '.github/lifecycle/m.md.hbs:1:1: error: a partial takes at most one argument (the context to render it with), got 2',
    ]);
  });
});

describe('front matter', () => {
  it('points into the title, label and assignee values', () => {
    const text = '---\ntitle: "{{stage.nmae}}: {{task.title}}"\nlabels: [ok, "team-{{vars.teem}}"]\nassignees: "octocat, {{task.owner}}"\n---\n{{task.titel}}\n';
    expect(check({ 't.md.hbs': text }, { 't.md.hbs': 'task' })).toEqual([
      '.github/lifecycle/t.md.hbs:2:11: error: "stage.nmae" is not defined (did you mean "stage.name"?)',
      '.github/lifecycle/t.md.hbs:3:22: error: "vars.teem" is not defined (did you mean "vars.team"?); declare it under "variables" in lifecycle.yml, or write (default vars.teem "…")',
      '.github/lifecycle/t.md.hbs:4:24: error: "task.owner" is not defined',
      '.github/lifecycle/t.md.hbs:6:3: error: "task.titel" is not defined (did you mean "task.title"?)',
    ]);
  });

  it('is refused in milestone and guidance templates', () => {
    expect(check({ 'm.md.hbs': '---\ntitle: x\n---\n{{stage.name}}' }, { 'm.md.hbs': 'guidance' })).toEqual([
      '.github/lifecycle/m.md.hbs:1:1: error: front matter (title, labels, assignees) is only read in issue templates',
    ]);
  });

  it('with a misspelt key suggests the right one', () => {
    expect(check({ 't.md.hbs': '---\ntitel: x\n---\n' }, { 't.md.hbs': 'task' })).toEqual([
      '.github/lifecycle/t.md.hbs:2:1: error: unknown front matter key "titel" (did you mean "title"?); known keys: title, labels, assignees',
    ]);
  });
});

describe('validating a config with its templates', () => {
  const config = (body: string) => `version: 1
project:
  name: P
variables:
  team: ml
stages:
  - id: a
    name: A
    template: m.md.hbs
    tasks:
      - id: t
        title: T
${body}`;

  it('reports template problems with the config\'s, sorted by file, and keeps no config', () => {
    const templates = makeTemplateSet([repoFile('m.md.hbs', '{{stage.duee}}')], builtin);
    const result = validateLifecycle(config('        when: "vars.teem"\n'), { file: '.github/lifecycle.yml', templates });
    expect(result.config).toBeNull();
    expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      '.github/lifecycle.yml:13:16: error: "when" in task "t" in stage "a" reads vars.teem, which is not declared under "variables" (did you mean "team"?)',
      '.github/lifecycle/m.md.hbs:1:3: error: "stage.duee" is not defined (did you mean "stage.due"?)',
    ]);
  });

  it('points into an inline body in lifecycle.yml: exactly in a literal block or a one-line value, else at the value', () => {
    const templates = makeTemplateSet([repoFile('m.md.hbs', '{{stage.name}}')], builtin);
    const literal = validateLifecycle(config('        body: |\n          Goals\n            {{task.titel}}\n'), { file: 'l.yml', templates });
    expect(literal.diagnostics.map((d) => formatDiagnostic(d))).toEqual(['l.yml:15:15: error: "task.titel" is not defined (did you mean "task.title"?)']);
    const quoted = validateLifecycle(config('        body: "Goals: {{task.titel}}"\n'), { file: 'q.yml', templates });
    expect(quoted.diagnostics.map((d) => formatDiagnostic(d))).toEqual(['q.yml:13:25: error: "task.titel" is not defined (did you mean "task.title"?)']);
    const folded = validateLifecycle(config('        body: >\n          Goals\n          {{task.titel}}\n'), { file: 'f.yml', templates });
    expect(folded.diagnostics.map((d) => formatDiagnostic(d))).toEqual(['f.yml:13:15: error: "task.titel" is not defined (did you mean "task.title"?) (line 1, column 9 of the body)']);
  });

  it('checks templates even while the config has errors', () => {
    const templates = makeTemplateSet([repoFile('m.md.hbs', '{{#if}}')], builtin);
    const result = validateLifecycle(config('        colour: red\n'), { file: 'c.yml', templates });
    expect(result.diagnostics.map((d) => d.file)).toEqual(['.github/lifecycle/m.md.hbs', 'c.yml']);
  });

  it.each(['genai', 'minimal'])('passes the %s preset with the built-in templates', (preset) => {
    const text = readFileSync(new URL(`../../templates/${preset}/lifecycle.yml`, import.meta.url), 'utf8');
    const result = validateLifecycle(text, { file: `templates/${preset}/lifecycle.yml`, templates: makeTemplateSet([], builtin) });
    expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(result.config).not.toBeNull();
  });

  it('checks every built-in template as each kind that uses it by default', () => {
    expect(check({}, { 'milestone.md.hbs': 'milestone', 'task.md.hbs': 'task', 'guidance.md.hbs': 'guidance' })).toEqual([]);
  });
});

describe('the helpers the check knows', () => {
  it('are exactly the ones the renderer registers', () => {
    const env = Handlebars.create();
    registerHelpers(env as unknown as Parameters<typeof registerHelpers>[0]);
    const internal = ['helperMissing', 'blockHelperMissing'];
    expect(Object.keys(env.helpers).filter((n) => !internal.includes(n)).sort()).toEqual([...HELPER_NAMES, ...BUILTIN_HELPERS].sort());
  });
});
