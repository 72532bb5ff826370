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
    { name: 'a quoted name calls the helper of that name, or alone reads the field', text: '{{"joinn" stage.checklist}} {{"stagee"}}', want: [':1:3: error: unknown helper "joinn" (did you mean "join"?)', ':1:31: error: "stagee" is not defined (did you mean "stages"?)'] },
    { name: 'a ../ name and a path take no arguments, not even hash values', text: '{{#each stage.tasks}}{{../join "x"}}{{/each}}{{stage.name sep="x"}}', want: [':1:24: error: "../join" is not a helper, so it takes no arguments', ':1:48: error: "stage.name" is not a helper, so it takes no arguments'] },
    { name: 'the field hint only where a call without arguments could mean a field', text: '{{#with stage.estimate}}{{duration ../stage.due ../stage.due}}{{/with}}{{#each stage.checklist}}{{duration}}{{/each}}', want: [':1:27: error: helper "duration" takes 1 argument, got 2', ':1:99: error: helper "duration" takes 1 argument, got 0'] },
    {
      name: 'what a helper gives: true or false, text, a lookup with a literal key, or unknown',
      text: '{{#each (eq stage.id stage.id)}}x{{/each}}{{#each (join stage.checklist)}}x{{/each}}{{#each (lookup stage "tasks")}}{{titel}}{{/each}}{{#with (lookup stage.tasks 0)}}{{titel}}{{/with}}{{#each (lookup stage)}}{{/each}}{{#each (lookup stage stage.id)}}{{x.y}}{{/each}}{{#each (lookup stage "nmae")}}{{x.y}}{{/each}}',
      want: [
        ':1:9: warning: {{#each}} goes through a list, but its argument is true or false: the block is never rendered',
        ':1:51: warning: {{#each}} goes through a list, but its argument is text: the block is never rendered',
        ':1:119: error: "titel" is not defined (did you mean "title"?)',
        ':1:169: error: "titel" is not defined (did you mean "title"?)',
        ':1:194: error: {{#lookup}} takes 2 arguments, got 1',
      ],
    },
    {
      name: 'default gives its value, else its fallback; only its first argument may be missing',
      text: '{{#each (default stage.tasks "x")}}{{titel}}{{/each}}{{#each (default vars.nope stage.tasks)}}{{titel}}{{/each}}{{#each (default stage.name "x")}}x{{/each}}{{#each (if stage.due)}}x{{/each}}{{join stage.checklst}}{{default vars.x stage.nmae}}{{default}}',
      want: [
        ':1:38: error: "titel" is not defined (did you mean "title"?)',
        ':1:97: error: "titel" is not defined (did you mean "title"?)',
        ':1:121: warning: {{#each}} goes through a list, but its argument is text: the block is never rendered',
        ':1:166: error: {{#if}} is a block helper: write {{#if …}}…{{/if}}',
        ':1:198: error: "stage.checklst" is not defined (did you mean "stage.checklist"?)',
        ':1:231: error: "stage.nmae" is not defined (did you mean "stage.name"?)',
        ':1:245: error: helper "default" takes 2 arguments, got 0',
      ],
    },
    {
      name: '{{#each}} over literals, a variable and a number',
      text: '{{#each "abc"}}x{{/each}}{{#each 5}}x{{/each}}{{#each true}}x{{/each}}{{#each null}}x{{/each}}{{#each vars.team}}x{{/each}}{{#each stage.days}}x{{/each}}',
      want: [
        ':1:9: warning: {{#each}} goes through a list, but its argument is text: the block is never rendered',
        ':1:34: warning: {{#each}} goes through a list, but its argument is a number: the block is never rendered',
        ':1:55: warning: {{#each}} goes through a list, but its argument is true or false: the block is never rendered',
        ':1:132: warning: {{#each}} goes through a list, but "stage.days" is a number: the block is never rendered',
      ],
    },
    {
      name: 'a field of `this` names `this`, with its ../ and this. as written',
      text: '{{#each vars}}{{this.x}}{{/each}}{{#each stage.checklist}}{{x}} {{this.length.y}}{{#with ../stage}}{{../x}}{{/with}}{{/each}}{{#each stage.tasks}}{{#each checklist}}{{../this.title.x}} {{../titel}} {{../this.titel}} {{../../this.project.name.x}}{{/each}}{{/each}}',
      want: [
        ':1:17: error: "this.x" is not defined: "this" is a single value',
        ':1:61: error: "x" is not defined: "this" is text',
        ':1:67: error: "this.length.y" is not defined: "this.length" is a number',
        ':1:102: error: "../x" is not defined: "../this" is text',
        ':1:168: error: "../this.title.x" is not defined: "../this.title" is text',
        ':1:188: error: "../titel" is not defined (did you mean "../title"?)',
        ':1:201: error: "../this.titel" is not defined (did you mean "../this.title"?)',
        ':1:219: error: "../../this.project.name.x" is not defined: "../../this.project.name" is text',
      ],
    },
    {
      name: '@key of an object is text, @../ reads the enclosing {{#each}}',
      text: '{{#each stage.milestone}}{{@key.x}}{{/each}}{{#each stages}}{{#each milestone}}{{@../key.x}}{{/each}}{{/each}}{{#each stage.tasks}}{{@../index}}{{/each}}{{#each stages}}{{#each tasks}}{{@../index}}{{/each}}{{/each}}',
      want: [':1:28: error: "@key.x" is not defined: "@key" is text', ':1:82: error: "@../key.x" is not defined: "@../key" is a number', ':1:134: error: "@../index" is only set inside 2 nested {{#each}} blocks'],
    },
    {
      name: '../ counts the blocks around it',
      text: '{{#each stage.tasks}}{{../../x}}{{#each checklist}}{{../../../x}}{{/each}}{{/each}}',
      want: [
        ':1:24: error: "../../x" climbs out of more blocks than there are: each ../ leaves one {{#each}} or {{#with}}, and there is only 1 around it',
        ':1:54: error: "../../../x" climbs out of more blocks than there are: each ../ leaves one {{#each}} or {{#with}}, and there are only 2 around it',
      ],
    },
    {
      name: 'items by number, the length of a choice, fields of a variable, a number and true or false',
      text: '{{stage.tasks.10.title}} {{stage.tasks.1x}} {{stage.tasks.x1}} {{project.calendar.length.x}} {{project.calendar.x}} {{vars.team.length.x}} {{vars.team.x}} {{stage.pr}} {{stage.critical.x}} {{stage.days.x}}',
      want: [
        ':1:28: error: "stage.tasks.1x" is not defined: "stage.tasks" is a list; go through its items with {{#each stage.tasks}}',
        ':1:47: error: "stage.tasks.x1" is not defined: "stage.tasks" is a list; go through its items with {{#each stage.tasks}}',
        ':1:66: error: "project.calendar.length.x" is not defined: "project.calendar.length" is a number',
        ':1:96: error: "project.calendar.x" is not defined: "project.calendar" is text',
        ':1:142: error: "vars.team.x" is not defined: "vars.team" is a single value',
        ':1:158: error: "stage.pr" is not defined',
        ':1:171: error: "stage.critical.x" is not defined: "stage.critical" is true or false',
        ':1:192: error: "stage.days.x" is not defined: "stage.days" is a number',
      ],
    },
    { name: 'a key every other kind has, read in a dashboard', text: '{{stage.name}}', kind: 'dashboard', want: [':1:3: error: "stage.name" is not defined (did you mean "stages.name"?): "stage" is only set in milestone and task and stage and guidance templates, and this is a dashboard template'] },
    {
      name: 'block parameters shadow names, not ../ or this.; {{#with}} names its value',
      text: '{{#each stage.tasks as |stage|}}{{stage.title}} {{../stage.name}}{{/each}}{{#each stage.tasks as |t|}}{{this.t}}{{/each}}{{#with stage.estimate as |e|}}{{e.durration}}{{/with}}',
      want: [':1:105: error: "this.t" is not defined', ':1:155: error: "e.durration" is not defined (did you mean "e.duration"?)'],
    },
    {
      name: 'a path block with arguments, over variables, over text, and inverted',
      text: '{{#stage.tasks "x"}}{{stage.nmae}}{{else}}{{stage.nmae}}{{/stage.tasks}}{{#vars}}{{team}}{{teem}}{{/vars}}{{#stage.name}}{{stage.id}}{{/stage.name}}{{^stage.due}}{{stage.nmae}}{{/stage.due}}',
      want: [
        ':1:4: error: "stage.tasks" is not a helper, so it takes no arguments',
        ':1:23: error: "stage.nmae" is not defined (did you mean "stage.name"?)',
        ':1:45: error: "stage.nmae" is not defined (did you mean "stage.name"?)',
        ':1:92: error: "teem" is not defined (did you mean "team"?); declare it under "variables" in lifecycle.yml, or write (default teem "…")',
        ':1:165: error: "stage.nmae" is not defined (did you mean "stage.name"?)',
      ],
    },
    {
      name: '{{#*inline}} needs a quoted name; other decorator blocks are refused and declare nothing',
      text: '{{#*inline}}x{{/inline}}{{#*inline row}}x{{/inline}}{{#*foo "row"}}x{{/foo}}{{> row}}',
      want: [
        ':1:1: error: {{#*inline}} needs the partial\'s name in quotes: {{#*inline "name"}}',
        ':1:25: error: {{#*inline}} needs the partial\'s name in quotes: {{#*inline "name"}}',
        ':1:53: error: decorators ({{* …}}) are not supported, except {{#*inline "name"}}',
        ':1:81: error: unknown partial "row"; partials here: exit-criteria',
      ],
    },
    { name: 'a quoted "inline" declares a partial, as Handlebars and the renderer read it', text: '{{#*"inline" "x"}}{{stage.nmae}}{{/inline}}{{> x}}', want: [':1:21: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    {
      name: '{{#*inline}} inside a block and its {{else}}',
      text: '{{#if stage.due}}{{#*inline "a"}}{{stage.nmae}}{{/inline}}{{else}}{{#*inline "b"}}{{stage.nmea}}{{/inline}}{{/if}}{{> a}}{{> b}}',
      want: [':1:36: error: "stage.nmae" is not defined (did you mean "stage.name"?)', ':1:85: error: "stage.nmea" is not defined'],
    },
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

  const cases: { name: string; files: Record<string, string>; want: string[] }[] = [
    { name: 'a partial included plainly has no @partial-block', files: { 'm.md.hbs': '{{> p}}', '_p.md.hbs': '{{> @partial-block}}' }, want: ['_p.md.hbs:1:1: error: {{> @partial-block}} is only set in a partial used as a block: {{#> name}}…{{/name}}'] },
    { name: 'a partial used both as a block and plainly is checked both ways', files: { 'm.md.hbs': '{{#> p}}x{{/p}}{{> p}}', '_p.md.hbs': '{{> @partial-block}}' }, want: ['_p.md.hbs:1:1: error: {{> @partial-block}} is only set in a partial used as a block: {{#> name}}…{{/name}}'] },
    { name: 'the block given to a partial is checked where it is written', files: { 'm.md.hbs': '{{#> frame}}{{stage.nmae}}{{/frame}}', '_frame.md.hbs': '{{> @partial-block}}' }, want: ['m.md.hbs:1:15: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'a computed partial name is checked as an expression, the partial not at all', files: { 'm.md.hbs': '{{> (join stage.nmae)}}' }, want: ['m.md.hbs:1:1: warning: a partial whose name is computed while rendering cannot be checked', 'm.md.hbs:1:11: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'a quoted partial name', files: { 'm.md.hbs': '{{> "exit-criteria"}}{{> "nope"}}' }, want: ['m.md.hbs:1:26: error: unknown partial "nope"; partials here: exit-criteria'] },
    { name: 'inline partials are among the partials named, in order', files: { 'm.md.hbs': '{{#*inline "row"}}x{{/inline}}{{> rwo}}' }, want: ['m.md.hbs:1:35: error: unknown partial "rwo" (did you mean "row"?); partials here: exit-criteria, row'] },
    { name: 'a loop names only the partials in it', files: { 'm.md.hbs': '{{> a}}', '_a.md.hbs': '{{> b}}', '_b.md.hbs': '{{> b}}' }, want: ['_b.md.hbs:1:1: error: partial "b" includes itself, so rendering it never ends'] },
    { name: 'two loops are two problems', files: { 'm.md.hbs': '{{> a}}{{> b}}', '_a.md.hbs': '{{> a}}', '_b.md.hbs': '{{> b}}' }, want: ['_a.md.hbs:1:1: error: partial "a" includes itself, so rendering it never ends', '_b.md.hbs:1:1: error: partial "b" includes itself, so rendering it never ends'] },
    { name: '../ in a partial climbs out of the block it is included in', files: { 'm.md.hbs': '{{#each stage.tasks}}{{> line}}{{/each}}', '_line.md.hbs': '{{../stage.name}} {{../stage.nmae}}' }, want: ['_line.md.hbs:1:21: error: "../stage.nmae" is not defined (did you mean "../stage.name"?)'] },
    { name: 'a partial file declares its own inline partials', files: { 'm.md.hbs': '{{> p}}', '_p.md.hbs': '{{#*inline "x"}}{{stage.nmae}}{{/inline}}{{> x}}' }, want: ['_p.md.hbs:1:19: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'a partial is checked again in another context', files: { 'm.md.hbs': '{{> line stage}}{{> line}}', '_line.md.hbs': '{{name}}' }, want: ['_line.md.hbs:1:3: error: "name" is not defined'] },
    { name: 'a partial is checked again outside {{#each}}', files: { 'm.md.hbs': '{{#each stages}}{{> p @root}}{{/each}}{{> p}}', '_p.md.hbs': '{{@index}}' }, want: ['_p.md.hbs:1:3: error: "@index" is only set inside {{#each}}'] },
    { name: 'hash values do not make text an object', files: { 'm.md.hbs': '{{#each stage.checklist}}{{> p label="x"}}{{/each}}', '_p.md.hbs': '{{label}} {{this.x}}' }, want: [] },
  ];

  it.each(cases)('$name', ({ files, want }) => {
    expect(check(files, { 'm.md.hbs': 'milestone' })).toEqual(want.map((w) => `.github/lifecycle/${w}`));
  });

  it('say a partial is a file named _<name>.md.hbs where there is none', () => {
    const templates = makeTemplateSet([repoFile('m.md.hbs', '{{> nope}}')], []);
    expect(checkTemplates({ templates, uses: [{ kind: 'milestone', name: 'm.md.hbs' }], variables: [] }).map((d) => formatDiagnostic(d))).toEqual([
      '.github/lifecycle/m.md.hbs:1:5: error: unknown partial "nope"; a partial is a file named _<name>.md.hbs',
    ]);
  });

  it('reached along many paths are checked once per context, however many paths there are', () => {
    // Each partial includes the next twice: 2^24 paths to the last one, which is checked once.
    const depth = 24;
    const files: Record<string, string> = { 'm.md.hbs': '{{> p0}}', [`_p${depth}.md.hbs`]: '{{stage.nmae}}' };
    for (let i = 0; i < depth; i++) files[`_p${i}.md.hbs`] = `{{> p${i + 1}}}{{> p${i + 1}}}`;
    expect(check(files, { 'm.md.hbs': 'milestone' })).toEqual([`.github/lifecycle/_p${depth}.md.hbs:1:3: error: "stage.nmae" is not defined (did you mean "stage.name"?)`]);
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

  const cases: { name: string; text: string; kind?: TemplateKind; want: string[] }[] = [
    { name: 'that is never closed', text: '---\ntitle: x\n', want: ['1:1: error: front matter starts with "---" but has no closing "---" line'] },
    { name: 'opened with spaces after the dashes, in a milestone template', text: '--- \ntitle: x\n---\n', kind: 'milestone', want: ['1:1: error: front matter (title, labels, assignees) is only read in issue templates'] },
    { name: 'that is empty', text: '---\n---\n{{task.titel}}', want: ['3:3: error: "task.titel" is not defined (did you mean "task.title"?)'] },
    { name: 'with empty values', text: '---\ntitle:\nlabels:\n---\n', want: [] },
    { name: 'with a wrong key: its values are not read until it is fixed', text: '---\ntitel: x\ntitle: "{{task.owner}}"\n---\n', want: ['2:1: error: unknown front matter key "titel" (did you mean "title"?); known keys: title, labels, assignees'] },
    { name: 'labels as one text are split at commas, as the renderer does', text: '---\nlabels: "{{#if stage.due}}a, b{{/if}}"\n---\n', want: ['2:10: error: {{#if}} is never closed; add {{/if}}', '2:31: error: {{/if}} closes a block that was never opened'] },
    { name: 'assignees as a list', text: '---\nassignees: ["{{task.owner}}"]\n---\n', want: ['2:16: error: "task.owner" is not defined'] },
    { name: 'the same name several times, each at its own column', text: '---\nlabels: "{{a}},{{a}},{{a}},{{a}}"\n---\n', want: ['2:12: error: "a" is not defined', '2:18: error: "a" is not defined', '2:24: error: "a" is not defined', '2:30: error: "a" is not defined'] },
    { name: 'a single-quoted title', text: "---\ntitle: 'x {{stage.nmae}}'\n---\n", want: ['2:13: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'a plain title', text: '---\ntitle: Fix {{stage.nmae}}\n---\n', want: ['2:14: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'an escaped title: at the value', text: '---\ntitle: "a\\"b {{stage.nmae}}"\n---\n', want: ['2:9: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'a title folded over two lines: at the value', text: '---\ntitle: a\n  {{stage.nmae}}\n---\n', want: ['2:8: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'a block title: at the value, not a line above the problem', text: '---\ntitle: |\n  a\n  {{stage.nmae}}\n---\n', want: ['2:8: error: "stage.nmae" is not defined (did you mean "stage.name"?)'] },
    { name: 'an inline partial of the title is not the body\'s of the same name', text: "---\ntitle: \"{{#*inline 'r'}}{{task.title}}{{/inline}}{{> r}}\"\n---\n{{#*inline 'r'}}{{task.titel}}{{/inline}}{{> r}}", want: ['4:19: error: "task.titel" is not defined (did you mean "task.title"?)'] },
  ];

  it.each(cases)('$name', ({ text, kind, want }) => {
    expect(check({ 't.md.hbs': text }, { 't.md.hbs': kind ?? 'task' })).toEqual(want.map((w) => `.github/lifecycle/t.md.hbs:${w}`));
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

  it('checks each inline body\'s own inline partials, even of the same name on the same line', () => {
    const templates = makeTemplateSet([repoFile('m.md.hbs', '{{stage.name}}')], builtin);
    const body = (path: string) => `        body: "{{#*inline 'row'}}{{${path}}}{{/inline}}{{> row}}"\n`;
    const result = validateLifecycle(config(`${body('task.title')}      - id: u\n        title: U\n${body('task.titel')}`), { file: 'l.yml', templates });
    expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual(['l.yml:16:36: error: "task.titel" is not defined (did you mean "task.title"?)']);
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

  it('leaves a template that exists nowhere to the config check', () => {
    expect(check({}, { 'nope.md.hbs': 'milestone' })).toEqual([]);
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
