import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { createRenderer, MAX_PARTIAL_DEPTH, Renderer, TemplateError } from '../../src/render/renderer.js';
import { makeTemplateSet } from '../../src/render/templates.js';
import type { TemplateFile } from '../../src/render/templates.js';

const repoFile = (name: string, text: string): TemplateFile => ({ name, path: `.github/lifecycle/${name}`, text });
const builtinFile = (name: string, text: string): TemplateFile => ({ name, path: `templates/common/${name}`, text });

function renderer(repo: Record<string, string>, builtin: Record<string, string> = {}): Renderer {
  return new Renderer(
    makeTemplateSet(
      Object.entries(repo).map(([n, t]) => repoFile(n, t)),
      Object.entries(builtin).map(([n, t]) => builtinFile(n, t)),
    ),
  );
}

const context = {
  project: { name: 'Support assistant', start: '2027-01-04', calendar: 'workdays', label: 'lifecycle' },
  vars: { reward_model: false, team: 'ml' },
  repo: null,
  stage: {
    id: 'fine-tuning',
    name: 'Fine-tuning',
    description: "Adapt the model; it's <b>cheap</b> & quick",
    due: '2027-01-20',
    start: '2027-01-14',
    checklist: ['Dataset licence recorded', 'Adapter config committed'],
    exit_criteria: [],
    milestone: { title: 'Fine-tuning', number: 3, url: 'https://github.com/acme/app/milestone/3' },
  },
  stages: [
    { id: 'scope', name: 'Scope', milestone: { title: 'Scope', number: null, url: null }, lines: ['one\n  two', '  padded  '] },
    { id: 'fine-tuning', name: 'Fine-tuning', milestone: { title: 'Fine-tuning', number: 3, url: 'https://github.com/acme/app/milestone/3' } },
  ],
  task: { id: 'curate', title: 'Curate the dataset', checklist: [], labels: [], assignees: [] },
};

function failure(run: () => unknown): TemplateError {
  try {
    run();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('strict rendering', () => {
  it('names the file, line, column and path of a missing variable', () => {
    const r = renderer({ 'task.md.hbs': 'Intro\n\nDue {{stage.duee}}\n' });
    const e = failure(() => r.render('task.md.hbs', context));
    expect(e).toMatchObject({ file: '.github/lifecycle/task.md.hbs', line: 3, column: 7, variable: 'stage.duee' });
    expect(e.message).toBe('.github/lifecycle/task.md.hbs:3:7: "stage.duee" is not defined');
  });

  it('treats a misspelled path given to a helper as missing too', () => {
    const e = failure(() => renderer({ 'a.md.hbs': 'x\n{{join stage.checklst ", "}}' }).render('a.md.hbs', context));
    expect(e).toMatchObject({ line: 2, column: 8, variable: 'stage.checklst' });
    expect(e.reason).toContain('helper "join"');
  });

  it('treats a misspelled path in {{#if}} and {{#each}} as missing', () => {
    expect(failure(() => renderer({ 'a.md.hbs': '{{#if stage.dew}}x{{/if}}' }).render('a.md.hbs', context))).toMatchObject({ variable: 'stage.dew', line: 1, column: 7 });
    expect(failure(() => renderer({ 'a.md.hbs': '\n{{#each stage.checklists}}{{this}}{{/each}}' }).render('a.md.hbs', context))).toMatchObject({ variable: 'stage.checklists', line: 2 });
  });

  it('accepts null values: absent fields exist as null', () => {
    const r = renderer({ 'a.md.hbs': '{{#if stage.milestone.number}}#{{stage.milestone.number}}{{/if}}{{repo}}' });
    expect(r.render('a.md.hbs', context)).toBe('#3');
  });

  it('suggests declaring a variable or a default for a missing vars.<name>', () => {
    const e = failure(() => renderer({ 'a.md.hbs': '{{vars.audience}}' }).render('a.md.hbs', context));
    expect(e.reason).toContain('declare it under "variables" in lifecycle.yml, or write (default vars.audience "…")');
  });

  it('lets default give a fallback for a variable that is not set', () => {
    expect(renderer({ 'a.md.hbs': 'For {{default vars.audience "everyone"}}, team {{default vars.team "x"}}' }).render('a.md.hbs', context)).toBe('For everyone, team ml');
  });

  it('reports an error inside a partial at the partial file', () => {
    const r = renderer({ 'a.md.hbs': 'A\n{{> dates}}', '_dates.md.hbs': 'Due {{date stage.due}}\n{{stage.ends}}' });
    expect(failure(() => r.render('a.md.hbs', context))).toMatchObject({ file: '.github/lifecycle/_dates.md.hbs', line: 2, variable: 'stage.ends' });
  });

  it('stops a partial that includes itself with an error of its own, and leaves deep nesting short of it', () => {
    const loop = renderer({ 'a.md.hbs': '{{> steps}}', '_steps.md.hbs': '- {{stage.id}}\n{{> steps}}' });
    expect(failure(() => loop.render('a.md.hbs', context))).toMatchObject({
      file: '.github/lifecycle/_steps.md.hbs',
      reason: `partials nest more than ${MAX_PARTIAL_DEPTH} deep here; does partial "steps" include itself?`,
    });
    // A chain exactly MAX_PARTIAL_DEPTH partials deep renders; the depth is counted back down after each.
    const chain: Record<string, string> = { 'a.md.hbs': '{{> p1}}|{{> p1}}' };
    for (let i = 1; i <= MAX_PARTIAL_DEPTH; i++) chain[`_p${i}.md.hbs`] = i === MAX_PARTIAL_DEPTH ? 'end' : `{{> p${i + 1}}}`;
    expect(renderer(chain).render('a.md.hbs', context)).toBe('end|end');
    chain[`_p${MAX_PARTIAL_DEPTH}.md.hbs`] = '{{> p65}}';
    chain['_p65.md.hbs'] = 'end';
    expect(failure(() => renderer(chain).render('a.md.hbs', context)).reason).toMatch(/^partials nest more than 64 deep here; does partial "p65" include itself\?$/);
  });

  it('counts front matter lines, so an error in the body names the line of the file', () => {
    const r = renderer({ 'task.md.hbs': '---\ntitle: "{{task.title}}"\nlabels: [a]\n---\nBody\n{{task.owner}}' });
    expect(failure(() => r.renderIssue({ name: 'task.md.hbs' }, context))).toMatchObject({ line: 6, variable: 'task.owner' });
  });

  it('names the front matter line of a missing variable in the title', () => {
    const r = renderer({ 'task.md.hbs': '---\nlabels: [a]\ntitle: "{{task.titel}}"\n---\nBody' });
    expect(failure(() => r.renderIssue({ name: 'task.md.hbs' }, context))).toMatchObject({ line: 3, variable: 'task.titel' });
  });

  it('reports syntax errors with the line', () => {
    const e = failure(() => renderer({ 'a.md.hbs': 'ok\n{{#if stage.due}\n' }).render('a.md.hbs', context));
    expect(e).toMatchObject({ file: '.github/lifecycle/a.md.hbs', line: 2 });
    expect(e.reason).toMatch(/^template syntax error/);
  });

  it('reports a block that is never closed', () => {
    expect(failure(() => renderer({ 'a.md.hbs': '{{#if stage.due}}\nx' }).render('a.md.hbs', context)).reason).toMatch(/without its/);
  });

  it('reports unknown helpers and partials before rendering, with their position', () => {
    expect(failure(() => renderer({ 'a.md.hbs': '\n  {{shout stage.name}}' }).render('a.md.hbs', context))).toMatchObject({ line: 2, column: 5, reason: 'unknown helper "shout"' });
    const e = failure(() => renderer({ 'a.md.hbs': '{{> footer}}', '_header.md.hbs': 'h' }).render('a.md.hbs', context));
    expect(e).toMatchObject({ line: 1, column: 5 });
    expect(e.reason).toBe('unknown partial "footer"; partials here: header');
  });

  it('creates a renderer over a template set', () => {
    expect(createRenderer(makeTemplateSet([repoFile('a.md.hbs', '{{stage.id}}')], [])).render('a.md.hbs', context)).toBe('fine-tuning');
  });

  it('says so when a template name is unknown', () => {
    expect(failure(() => renderer({}).render('nope.md.hbs', context)).reason).toContain('template "nope.md.hbs" is neither in the templates folder nor among the built-ins');
  });
});

describe('safety of the environment', () => {
  it('passes trusted config text through unchanged: no HTML escaping', () => {
    expect(renderer({ 'a.md.hbs': '{{stage.description}} "{{project.name}}"' }).render('a.md.hbs', context)).toBe(`Adapt the model; it's <b>cheap</b> & quick "Support assistant"`);
  });

  it('denies prototype access', () => {
    const r = renderer({ 'a.md.hbs': '[{{stage.constructor}}][{{lookup stage "constructor"}}][{{#with stage}}{{__proto__}}{{/with}}]' });
    expect(r.render('a.md.hbs', context)).toBe('[][][]');
  });

  it('offers no console logging and no decorators', () => {
    expect(failure(() => renderer({ 'a.md.hbs': '{{log "x"}}' }).render('a.md.hbs', context)).reason).toBe('unknown helper "log"');
    expect(failure(() => renderer({ 'a.md.hbs': '{{*decorate}}' }).render('a.md.hbs', context)).reason).toMatch(/decorators/);
  });

  it('is isolated from helpers registered on the global Handlebars', () => {
    Handlebars.registerHelper('leaky', () => 'leaked');
    try {
      expect(failure(() => renderer({ 'a.md.hbs': '{{leaky 1}}' }).render('a.md.hbs', context)).reason).toBe('unknown helper "leaky"');
    } finally {
      Handlebars.unregisterHelper('leaky');
    }
  });

  it.each([
    ['a partial block without its partial, which renders the block', '{{#> nothing}}fallback {{stage.id}}{{/nothing}}', 'fallback fine-tuning'],
    ['an inline partial given a context', '{{#*inline "p"}}[{{this}}]{{/inline}}{{> p stage.id}}', '[fine-tuning]'],
  ])('renders %s', (_what, text, expected) => {
    expect(renderer({ 'a.md.hbs': text }).render('a.md.hbs', context)).toBe(expected);
  });

  it.each([
    ['a decorator block other than inline', '{{#*dec "x"}}y{{/dec}}', '.github/lifecycle/a.md.hbs:1:1: decorators ({{* …}}) are not supported, except {{#*inline "name"}}'],
    ['an unknown partial where there are none', 'x {{> p}}', '.github/lifecycle/a.md.hbs:1:7: unknown partial "p"; a partial is a file named _<name>.md.hbs'],
    ['a scoped path given arguments: a lookup, not a helper', '{{./foo 1}}', '.github/lifecycle/a.md.hbs:1:3: "./foo" is not defined'],
    ['a data path given arguments', '{{@foo 1}}', '.github/lifecycle/a.md.hbs:1:3: "@foo" is not defined'],
    ['a path above the block given arguments', '{{#each stage.checklist}}{{../foo 1}}{{/each}}', '.github/lifecycle/a.md.hbs:1:28: "../foo" is not defined'],
    ['a deep path given arguments', '{{stage.checklist.foo 1}}', '.github/lifecycle/a.md.hbs:1:3: "stage.checklist.foo" is not defined'],
    ['a block closed by another name, at its line', 'a\n{{#if stage.id}}\n{{/each}}', '.github/lifecycle/a.md.hbs:2:4: template syntax error: if doesn\'t match each'],
  ])('refuses %s', (_what, text, message) => {
    expect(failure(() => renderer({ 'a.md.hbs': text }).render('a.md.hbs', context)).message).toBe(message);
  });

  it.each<[string, Record<string, string>, string]>([
    ['a template ending inside a block, with no line to name', { 'a.md.hbs': 'x\n{{#if stage.id}}' }, '.github/lifecycle/a.md.hbs: template syntax error: the template ends inside a block ({{#…}} without its {{/…}})'],
    ['a syntax error Handlebars gives without a column, by its excerpt', { 'a.md.hbs': 'x\n{{stage.id bar=}}' }, '.github/lifecycle/a.md.hbs:2: template syntax error near "x{{stage.id bar=}}"'],
    ['a partial named at run time that does not exist', { 'a.md.hbs': 'x\n{{> (lookup stage "id")}}' }, '.github/lifecycle/a.md.hbs: unknown partial "fine-tuning"'],
    ["Handlebars' own error without a position", { 'a.md.hbs': 'x\n{{#each}}{{/each}}' }, '.github/lifecycle/a.md.hbs: Must pass iterator to #each'],
    ['an unknown partial inside a partial, at the partial', { 'a.md.hbs': '{{> p}}', '_p.md.hbs': 'x\n{{> q}}' }, '.github/lifecycle/_p.md.hbs:2:5: unknown partial "q"; partials here: p'],
    ['a missing path that only ends in vars: no hint', { 'a.md.hbs': '{{stage.vars.b}}' }, '.github/lifecycle/a.md.hbs:1:3: "stage.vars.b" is not defined'],
    ['a missing path under null', { 'a.md.hbs': 'x\n {{repo.owner}}' }, '.github/lifecycle/a.md.hbs:2:4: "repo.owner" is not defined'],
    ['a helper given only named arguments', { 'a.md.hbs': '\n {{shout loud=true}}' }, '.github/lifecycle/a.md.hbs:2:4: unknown helper "shout"'],
  ])('reports %s', (_what, files, message) => {
    expect(failure(() => renderer(files).render('a.md.hbs', context)).message).toBe(message);
  });

  it.each<[string, Record<string, string>, string]>([
    ['the first of two problems', { 'a.md.hbs': '{{shout 1}} {{yell 2}}' }, '.github/lifecycle/a.md.hbs:1:3: unknown helper "shout"'],
    ['an unknown block helper', { 'a.md.hbs': 'x\n{{#shout stage.id}}y{{/shout}}' }, '.github/lifecycle/a.md.hbs:2:4: unknown helper "shout"'],
    ['an unknown helper in a subexpression', { 'a.md.hbs': 'x\n{{join (shout stage.id)}}' }, '.github/lifecycle/a.md.hbs:2:9: unknown helper "shout"'],
    ['an unknown helper inside a block', { 'a.md.hbs': '{{#if stage.id}}\n {{shout 1}}{{/if}}' }, '.github/lifecycle/a.md.hbs:2:4: unknown helper "shout"'],
    ['an unknown helper after {{else}}', { 'a.md.hbs': '{{#if stage.id}}{{else}}\n {{shout 1}}{{/if}}' }, '.github/lifecycle/a.md.hbs:2:4: unknown helper "shout"'],
    ['an unknown helper in a partial\'s hash', { 'a.md.hbs': '{{> p x=(shout 1)}}', '_p.md.hbs': 'p' }, '.github/lifecycle/a.md.hbs:1:10: unknown helper "shout"'],
    ['a missing path inside a block, by its full path', { 'a.md.hbs': '{{#if stage.id}}\n {{stage.dew}}{{/if}}' }, '.github/lifecycle/a.md.hbs:2:4: "stage.dew" is not defined'],
    ['a missing path after {{else}}, by its full path', { 'a.md.hbs': '{{#unless stage.id}}{{else}}\n {{stage.dew}}{{/unless}}' }, '.github/lifecycle/a.md.hbs:2:4: "stage.dew" is not defined'],
    ['a partial named like a helper call elsewhere', { 'a.md.hbs': '{{> q}}{{inline "q"}}' }, '.github/lifecycle/a.md.hbs:1:5: unknown partial "q"; a partial is a file named _<name>.md.hbs'],
    ['a helper whose name holds "this"', { 'a.md.hbs': '{{mythis 1}}' }, '.github/lifecycle/a.md.hbs:1:3: unknown helper "mythis"'],
    ['an unknown partial where there are several', { 'a.md.hbs': '{{> nope}}', '_p.md.hbs': 'p', '_q.md.hbs': 'q' }, '.github/lifecycle/a.md.hbs:1:5: unknown partial "nope"; partials here: p, q'],
    ['a block closed by another name past line 9 and column 9', { 'a.md.hbs': `${'\n'.repeat(10)}          {{#if stage.id}}{{/each}}` }, ".github/lifecycle/a.md.hbs:11:14: template syntax error: if doesn't match each"],
    ['a syntax error past line 9', { 'a.md.hbs': `${'\n'.repeat(10)}{{stage.id bar=}}` }, '.github/lifecycle/a.md.hbs:11: template syntax error near "...{{stage.id bar=}}"'],
    ['front matter opened by dashes and a space in a milestone template', { 'a.md.hbs': '--- \ntitle: x\n---\nb' }, '.github/lifecycle/a.md.hbs:1:1: front matter (title, labels, assignees) is only read in issue templates'],
  ])('reports %s', (_what, files, message) => {
    const e = failure(() => renderer(files).render('a.md.hbs', context));
    expect(e.name).toBe('TemplateError');
    expect(e.message).toBe(message);
  });

  it.each<[string, string, string]>([
    ['a named argument', '{{> p x=stage.nope}}', '.github/lifecycle/a.md.hbs:1:9: "stage.nope" is not defined'],
    ['a named argument of a partial block, past line 1', 'a\n{{#> p x=nope}}b{{/p}}', '.github/lifecycle/a.md.hbs:2:10: "nope" is not defined'],
    ['the context given', 'a\n {{> p stage.nope}}', '.github/lifecycle/a.md.hbs:2:8: "stage.nope" is not defined'],
    ['a named argument above a block', '{{#each stage.checklist}}{{> p x=../stage.nope}}{{/each}}', '.github/lifecycle/a.md.hbs:1:34: "../stage.nope" is not defined'],
    ['a data argument', '{{> p x=@root.nope}}', '.github/lifecycle/a.md.hbs:1:9: "@root.nope" is not defined'],
  ])('refuses a missing path given to a partial as %s, where it is written', (_what, text, message) => {
    const e = failure(() => renderer({ 'a.md.hbs': text, '_p.md.hbs': '[{{x}}]' }).render('a.md.hbs', context));
    expect(e.message).toBe(message);
    expect(e.variable).toBe(/"([^"]+)"/.exec(message)?.[1]);
  });

  it('gives a partial the values its arguments name, null ones too', () => {
    const r = renderer({ 'a.md.hbs': '{{> p x=stage.id}}{{> p x=repo}}{{> p stage}}{{#each stage.checklist}}{{> p x=@index}}{{/each}}', '_p.md.hbs': '[{{x}}]' });
    expect(r.render('a.md.hbs', { ...context, stage: { ...context.stage, x: 's' } })).toBe('[fine-tuning][][s][0][1]');
  });

  it.each<[string, Record<string, string>, string]>([
    ['a partial used before a decorator block of its name', { 'a.md.hbs': '{{> p}}{{#*dec "p"}}y{{/dec}}' }, '.github/lifecycle/a.md.hbs:1:5: unknown partial "p"; a partial is a file named _<name>.md.hbs'],
    ['a literal given arguments: a lookup, not a helper', { 'a.md.hbs': '{{"foo" 1}}' }, '.github/lifecycle/a.md.hbs:1:3: "foo" is not defined'],
    ['an unknown helper naming a partial', { 'a.md.hbs': 'x\n{{> (shout 1)}}' }, '.github/lifecycle/a.md.hbs:2:6: unknown helper "shout"'],
    ['a missing path given to a helper in a subexpression', { 'a.md.hbs': 'x\n{{#if (eq stage.idd "x")}}y{{/if}}' }, '.github/lifecycle/a.md.hbs:2:11: "stage.idd" is not defined (in helper "eq")'],
    ['a partial given two contexts, at its line', { 'a.md.hbs': 'x\n{{> p stage.id stage.name}}', '_p.md.hbs': 'p' }, '.github/lifecycle/a.md.hbs:2:1: Unsupported number of partial arguments: 2'],
    ['a partial given two contexts past line 9 and column 9', { 'a.md.hbs': `${'\n'.repeat(10)}          {{> p stage.id stage.name}}`, '_p.md.hbs': 'p' }, '.github/lifecycle/a.md.hbs:11:11: Unsupported number of partial arguments: 2'],
    ['a field read of null, at the first template line using it', { 'a.md.hbs': 'about repo.owner\n {{repo.owner.login}}' }, '.github/lifecycle/a.md.hbs:2:8: a value before ".owner" is null; guard it with {{#if …}}'],
    ['a field read of a null field inside a block', { 'a.md.hbs': '{{#each stages}}{{milestone.number.x.y}}{{/each}}' }, '.github/lifecycle/a.md.hbs:1:35: a value before ".x" is null; guard it with {{#if …}}'],
    ['a field read of null on no template line', { 'a.md.hbs': '{{join\nrepo.owner.login}}' }, '.github/lifecycle/a.md.hbs: a value before ".owner" is null; guard it with {{#if …}}'],
  ])('reports %s', (_what, files, message) => {
    expect(failure(() => renderer(files).render('a.md.hbs', context)).message).toBe(message);
  });

  it('renders an inline partial declared without a name as nothing', () => {
    expect(renderer({ 'a.md.hbs': '[{{#*inline}}x{{/inline}}]' }).render('a.md.hbs', context)).toBe('[]');
  });

  it('renders the block of a partial block where the partial asks for it, and dashes that open no front matter', () => {
    expect(renderer({ 'a.md.hbs': '{{#> p}}x{{/p}}', '_p.md.hbs': '[{{> @partial-block}}]' }).render('a.md.hbs', context)).toBe('[x]');
    expect(renderer({ 'a.md.hbs': '---x\nb' }).render('a.md.hbs', context)).toBe('---x\nb');
  });

  it('reads rendered front matter values as one line, drops empty labels and allows a label of exactly 50 characters', () => {
    const ctx = { ...context, stage: { ...context.stage, description: 'a \r\n  b' } };
    const text = `---\ntitle: "{{stage.description}}"\nlabels: ["{{repo}}", "{{stage.description}}", "${'x'.repeat(50)}"]\n---\nb`;
    expect(renderer({ 't.md.hbs': text }).renderIssue({ name: 't.md.hbs' }, ctx)).toEqual({ title: 'a b', labels: ['a b', 'x'.repeat(50)], assignees: [], body: 'b' });
  });

  it('reads a rendered value broken over lines as one line, trimmed', () => {
    const ctx = { ...context, stage: { ...context.stage, description: 'a\n  b' } };
    const text = '---\ntitle: " {{stage.description}}"\nassignees: ["{{stage.description}} "]\n---\nb';
    expect(renderer({ 't.md.hbs': text }).renderIssue({ name: 't.md.hbs' }, ctx)).toMatchObject({ title: 'a b', assignees: ['a b'] });
  });

  it.each<[string, string, string]>([
    ['a syntax error in the body, at the line of the file', '---\ntitle: x\n---\nb\n{{stage.id bar=}}', '.github/lifecycle/t.md.hbs:5: template syntax error near "b{{stage.id bar=}}"'],
    ['a missing value in the title, at its column in the file', '---\ntitle: "ab {{nope}}"\n---\nb', '.github/lifecycle/t.md.hbs:2:14: "nope" is not defined'],
    ['a missing value in an assignee, at its column in the file', '---\nassignees: [a, "{{nope}}"]\n---\nb', '.github/lifecycle/t.md.hbs:2:19: "nope" is not defined'],
    ['front matter that is not YAML', '---\ntitle: "x\n---\nb', '.github/lifecycle/t.md.hbs:3:1: front matter is not valid YAML: Missing closing "quote'],
  ])('reports %s in an issue template', (_what, text, message) => {
    expect(failure(() => renderer({ 't.md.hbs': text }).renderIssue({ name: 't.md.hbs' }, context)).message).toBe(message);
  });

  it('allows inline partials, which are templates, not code', () => {
    expect(renderer({ 'a.md.hbs': '{{#*inline "row"}}- {{this}}\n{{/inline}}{{#each stage.checklist}}{{> row}}{{/each}}' }).render('a.md.hbs', context)).toBe(
      '- Dataset licence recorded\n- Adapter config committed\n',
    );
  });
});

describe('helpers', () => {
  const one = (template: string, ctx: object = context) => renderer({ 'h.md.hbs': template }).render('h.md.hbs', ctx);

  it.each([
    ['eq true', '{{#if (eq stage.id "fine-tuning")}}y{{else}}n{{/if}}', 'y'],
    ['eq false', '{{#if (eq stage.id "scope")}}y{{else}}n{{/if}}', 'n'],
    ['eq is strict about types', '{{#if (eq 1 "1")}}y{{else}}n{{/if}}', 'n'],
    ['ne', '{{#if (ne stage.id "scope")}}y{{else}}n{{/if}}', 'y'],
    ['and', '{{#if (and stage.due stage.checklist)}}y{{else}}n{{/if}}', 'y'],
    ['and with an empty list', '{{#if (and stage.due stage.exit_criteria)}}y{{else}}n{{/if}}', 'n'],
    ['or', '{{#if (or vars.reward_model stage.due)}}y{{else}}n{{/if}}', 'y'],
    ['not', '{{#if (not vars.reward_model)}}y{{else}}n{{/if}}', 'y'],
    ['join with a separator', '{{join stage.checklist " / "}}', 'Dataset licence recorded / Adapter config committed'],
    ['join with the default separator', '{{join stage.checklist}}', 'Dataset licence recorded, Adapter config committed'],
    ['join of null', '{{join repo}}', ''],
    ['date', '{{date stage.due}}', '2027-01-20'],
    ['date long', '{{date stage.due "long"}}', 'Wednesday 20 January 2027'],
    ['date short', '{{date stage.due "short"}}', '20 Jan 2027'],
    ['date of null', '[{{date repo}}]', '[]'],
    ['duration in days', '{{duration "3d"}}', '3 days'],
    ['duration of one week', '{{duration "1w"}}', '1 week'],
    ['duration in hours', '{{duration "4h"}}', '4 hours'],
    ['duration from a number of days', '{{duration 1}}', '1 day'],
    ['checklist', '{{checklist stage.checklist}}', '- [ ] Dataset licence recorded\n- [ ] Adapter config committed'],
    ['checklist of nothing', '[{{checklist stage.exit_criteria}}]', '[]'],
    ['issueRef', '{{issueRef 12}} {{issueRef "7"}}', '#12 #7'],
    ['link', '{{link "the plan" "https://example.com/a b"}}', '[the plan](https://example.com/a%20b)'],
    ['link escapes brackets in its text', '{{link "a [b]" "https://x.example"}}', '[a \\[b\\]](https://x.example)'],
    ['link without a url', '{{link "offline" repo}}', 'offline'],
    ['stageLink with a milestone url', '{{stageLink stage}}', '[Fine-tuning](https://github.com/acme/app/milestone/3)'],
    ['stageLink offline', '{{#each stages}}{{#if (eq id "scope")}}{{stageLink this}}{{/if}}{{/each}}', 'Scope'],
    ['stageLink by id', '{{stageLink "fine-tuning"}}', '[Fine-tuning](https://github.com/acme/app/milestone/3)'],
    ['default with a value', '{{default stage.due "no date"}}', '2027-01-20'],
    ['default with null', '{{default repo "offline"}}', 'offline'],
    ['default with an empty list', '{{default stage.exit_criteria "none"}}', 'none'],
    ['default with empty text', '{{default "" "none"}}', 'none'],
    ['default keeps zero and false', '{{default 0 "none"}} {{default vars.reward_model "none"}}', '0 false'],
    ['not of an empty list', '{{#if (not stage.exit_criteria)}}y{{else}}n{{/if}}', 'y'],
    ['not of a list', '{{#if (not stage.checklist)}}y{{else}}n{{/if}}', 'n'],
    ['or of false things', '{{#if (or vars.reward_model stage.exit_criteria)}}y{{else}}n{{/if}}', 'n'],
    ['ne of equal values', '{{#if (ne stage.id "fine-tuning")}}y{{else}}n{{/if}}', 'n'],
    ['date of empty text', '[{{date ""}}]', '[]'],
    ['two dates, each its own', '{{date stage.due}} {{date stage.start}} {{date stage.due "short"}} {{date stage.due}}', '2027-01-20 2027-01-14 20 Jan 2027 2027-01-20'],
    ['duration from several days', '{{duration 2}}', '2 days'],
    ['duration of null and of empty text', '[{{duration repo}}{{duration ""}}]', '[]'],
    ['checklist of null', '[{{checklist repo}}]', '[]'],
    ['checklist of items over several lines or padded', '{{checklist stages.[0].lines}}', '- [ ] one two\n- [ ] padded'],
    ['issueRef of null and of empty text', '[{{issueRef repo}}{{issueRef ""}}]', '[]'],
    ['link with an empty url', '{{link "offline" ""}}', 'offline'],
    ['link escapes what ends a url', '{{link "a\\\\b" "https://x.example/(a)<b>"}}', '[a\\\\\\\\b](https://x.example/%28a%29%3Cb%3E)'],
    ['stageLink of a stage without a milestone url', '{{stageLink stages.[0]}}', 'Scope'],
    ['stageLink of something named without a milestone', '{{stageLink project}}', 'Support assistant'],
    ['date iso', '{{date stage.due "iso"}}', '2027-01-20'],
    ['and of a number and true', '{{#if (and 1 true)}}y{{else}}n{{/if}}', 'y'],
    ['default keeps a list', '{{default stage.checklist "none"}}', 'Dataset licence recorded,Adapter config committed'],
    ['issueRef of digits', '{{issueRef "12"}}', '#12'],
    ['link with null text', '{{link repo "https://x.example"}}', '[](https://x.example)'],
    ['link with a url that is not text', '{{link "text" 3}}', 'text'],
  ])('%s', (_name, template, expected) => {
    expect(one(template)).toBe(expected);
  });

  it.each([
    ['eq with one argument', '{{eq stage.id}}', 'helper "eq" takes 2 arguments, got 1'],
    ['date with an unknown style', '{{date stage.due "fancy"}}', 'helper "date" style must be "iso", "long" or "short"'],
    ['join of text', '{{join stage.id}}', 'helper "join" expects a list as its first argument (given "stage.id")'],
    ['issueRef of text', '{{issueRef stage.id}}', 'helper "issueRef" expects an issue number (given "stage.id")'],
    ['stageLink of an unknown id', '{{stageLink "nope"}}', 'helper "stageLink" no active stage "nope"'],
    ['default with one argument', '{{default stage.due}}', 'helper "default" takes 2 arguments, got 1'],
    ['not with two arguments', '{{not stage.id stage.id}}', 'helper "not" takes 1 argument, got 2'],
    ['join with three arguments', '{{join stage.checklist "," "."}}', 'helper "join" takes 1 or 2 arguments, got 3'],
    ['and without arguments', '{{#if (and)}}y{{/if}}', 'helper "and" takes at least 1 argument, got 0'],
    ['join with a separator that is not text', '{{join stage.checklist 1}}', 'helper "join" expects text as the separator'],
    ['date of a number', '{{date 5}}', 'helper "date" expects a date as YYYY-MM-DD'],
    ['duration of true', '{{duration true}}', 'helper "duration" expects a duration such as "3d"'],
    ['checklist of text', '{{checklist stage.id}}', 'helper "checklist" expects a list of items (given "stage.id")'],
    ['issueRef of zero', '{{issueRef 0}}', 'helper "issueRef" expects an issue number'],
    ['issueRef of a fraction', '{{issueRef 1.5}}', 'helper "issueRef" expects an issue number'],
    ['stageLink of a number', '{{stageLink 3}}', 'helper "stageLink" expects a stage'],
    ['eq with a missing path', '{{eq stage.id stage.idd}}', '"stage.idd" is not defined (in helper "eq")'],
    ['eq with a missing first argument', '{{eq stage.idd stage.id}}', '"stage.idd" is not defined (in helper "eq")'],
    ['issueRef of digits after a space', '{{issueRef " 7"}}', 'helper "issueRef" expects an issue number'],
    ['issueRef of digits before a space', '{{issueRef "7 "}}', 'helper "issueRef" expects an issue number'],
    ['stageLink of null', '{{stageLink repo}}', 'helper "stageLink" expects a stage (given "repo")'],
    ['stageLink of something without a name', '{{stageLink task}}', 'helper "stageLink" expects a stage (given "task")'],
    ['a missing value that is not a path', '{{join (lookup stage "nope")}}', 'helper "join": an argument is not defined'],
    ['a missing path in {{#unless}}', '{{#unless stage.dew}}x{{/unless}}', '"stage.dew" is not defined (in {{#unless}})'],
    ['a missing path in {{#with}}', '{{#with stage.dew}}x{{/with}}', '"stage.dew" is not defined (in {{#with}})'],
  ])('rejects %s', (_name, template, reason) => {
    expect(failure(() => one(template)).reason).toBe(reason);
  });
});

describe('partials, overrides and front matter', () => {
  it('finds partials by file name without the underscore, also in folders', () => {
    const r = renderer({ 'a.md.hbs': '{{> dates}}|{{> parts/row}}', '_dates.md.hbs': 'due {{stage.due}}', 'parts/_row.hbs': 'row' });
    expect(r.render('a.md.hbs', context)).toBe('due 2027-01-20|row');
  });

  it("prefers the repository's template and partial over the built-in of the same name", () => {
    const r = renderer(
      { 'task.md.hbs': 'repo {{> footer}}', '_footer.md.hbs': 'repo footer' },
      { 'task.md.hbs': 'builtin', '_footer.md.hbs': 'builtin footer', 'milestone.md.hbs': 'builtin milestone {{> footer}}' },
    );
    expect(r.render('task.md.hbs', context)).toBe('repo repo footer');
    expect(r.render('milestone.md.hbs', context)).toBe('builtin milestone repo footer');
    expect(r.resolve('task.md.hbs')).toMatchObject({ origin: 'repo', file: { path: '.github/lifecycle/task.md.hbs' } });
    expect(r.resolve('milestone.md.hbs')).toMatchObject({ origin: 'builtin', file: { path: 'templates/common/milestone.md.hbs' } });
  });

  it('renders front matter title, labels and assignees with the same context', () => {
    const r = renderer({ 'task.md.hbs': '---\ntitle: "{{stage.name}}: {{task.title}}"\nlabels: [eval, "team-{{vars.team}}"]\nassignees: octocat, hubot\n---\nBody for {{task.id}}\n' });
    expect(r.renderIssue({ name: 'task.md.hbs' }, context)).toEqual({
      title: 'Fine-tuning: Curate the dataset',
      labels: ['eval', 'team-ml'],
      assignees: ['octocat', 'hubot'],
      body: 'Body for curate\n',
    });
  });

  it('renders an inline body with front matter, naming its source in errors', () => {
    const r = renderer({});
    expect(r.renderIssue({ inline: '---\ntitle: X {{task.id}}\n---\nInline', path: 'lifecycle.yml (task body)' }, context)).toMatchObject({ title: 'X curate', body: 'Inline' });
    expect(failure(() => r.renderIssue({ inline: 'a {{nope}}', path: 'lifecycle.yml (task body)' }, context)).message).toBe('lifecycle.yml (task body):1:5: "nope" is not defined');
  });

  it('reads front matter values as one line each, leaving out the empty ones, and knows where labels are set', () => {
    const r = renderer({ 't.md.hbs': '---\ntitle: "a\n  b"\nlabels: ["", "{{stage.id}}", " x\n y"]\nassignees: ["{{repo}}", u]\n---\nB' });
    expect(r.renderIssue({ name: 't.md.hbs' }, context)).toEqual({ title: 'a b', labels: ['fine-tuning', 'x y'], assignees: ['u'], body: 'B' });
    expect(r.labelsAt({ name: 't.md.hbs' })).toEqual({ file: '.github/lifecycle/t.md.hbs', line: 4, column: 1 });
    expect(r.labelsAt({ inline: '---\ntitle: x\n---\nB', path: 'i' })).toBeNull();
  });

  it('tells inline bodies apart by their text and their source, and templates by name', () => {
    const r = renderer({ 'a.md.hbs': 'A', 'b.md.hbs': 'B' });
    expect(r.renderIssue({ inline: 'one', path: 'p' }, context).body).toBe('one');
    expect(r.renderIssue({ inline: 'two', path: 'p' }, context).body).toBe('two');
    expect(failure(() => r.renderIssue({ inline: '{{nope}}', path: 'q' }, context)).file).toBe('q');
    expect(r.renderIssue({ name: 'a.md.hbs' }, context).body).toBe('A');
    expect(r.renderIssue({ name: 'b.md.hbs' }, context).body).toBe('B');
    expect(r.render('a.md.hbs', context)).toBe('A');
    expect(r.render('b.md.hbs', context)).toBe('B');
  });

  it('gives no title when there is no front matter', () => {
    expect(renderer({ 't.md.hbs': 'just a body' }).renderIssue({ name: 't.md.hbs' }, context)).toEqual({ title: null, labels: [], assignees: [], body: 'just a body' });
  });

  it.each([
    ['an unknown key', '---\ntitle: x\nmilestone: 3\n---\nb', 3, 'unknown front matter key "milestone"; known keys: title, labels, assignees'],
    ['no closing line', '---\ntitle: x\nbody', 1, 'front matter starts with "---" but has no closing "---" line'],
    ['labels that are not text', '---\nlabels: [{a: 1}]\n---\nb', 2, 'front matter "labels" must be a list of text'],
  ])('rejects front matter with %s', (_what, text, line, reason) => {
    expect(failure(() => renderer({ 't.md.hbs': text }).renderIssue({ name: 't.md.hbs' }, context))).toMatchObject({ line, reason });
  });

  it('names the line and column of a front matter value over GitHub\'s limits', () => {
    const label = `team-${'x'.repeat(50)}`;
    expect(failure(() => renderer({ 't.md.hbs': `---\ntitle: x\nlabels:\n  - ok\n  - ${label}\n---\nb` }).renderIssue({ name: 't.md.hbs' }, context))).toMatchObject({
      file: '.github/lifecycle/t.md.hbs',
      line: 5,
      column: 5,
      reason: `label "${label}" is 55 characters; GitHub allows at most 50 in a label name`,
    });
    expect(failure(() => renderer({ 't.md.hbs': '---\ntitle: x\n  milestone: 3\n---\nb' }).renderIssue({ name: 't.md.hbs' }, context))).toMatchObject({ line: 2, column: 8 });
    expect(failure(() => renderer({ 't.md.hbs': '---\ntitle: x\nowner: me\n---\nb' }).renderIssue({ name: 't.md.hbs' }, context))).toMatchObject({ line: 3, column: 1 });
  });

  it('refuses a label that only goes over 50 characters once rendered, at its line and column', () => {
    const r = renderer({ 't.md.hbs': `---\nlabels: [ok, "{{stage.id}}-${'x'.repeat(40)}"]\n---\nb` });
    const e = failure(() => r.renderIssue({ name: 't.md.hbs' }, context));
    expect(e).toMatchObject({ file: '.github/lifecycle/t.md.hbs', line: 2, column: 15 });
    expect(e.reason).toBe(`label "fine-tuning-${'x'.repeat(40)}" is 52 characters; GitHub allows at most 50 in a label name once rendered`);
  });

  it('names the column of a front matter value in template errors', () => {
    const r = renderer({ 't.md.hbs': '---\nlabels: [ok, "team-{{task.owner}}"]\n---\nb' });
    expect(failure(() => r.renderIssue({ name: 't.md.hbs' }, context))).toMatchObject({ line: 2, column: 22, variable: 'task.owner' });
  });

  it.each<[string, string, number, number]>([
    ['a label quoted over two lines', '---\nlabels: ["a\n  {{task.owner}}"]\n---\nb', 3, 5],
    ['a title holding an escape before the path', '---\ntitle: "a\\tb {{task.owner}}"\n---\nb', 2, 16],
    ['a blank line inside a quoted title', '---\ntitle: "a\n\n   {{task.owner}}"\n---\nb', 4, 6],
    ['a comma list over two lines', '---\nlabels: "ok,\n  x-{{task.owner}}"\n---\nb', 3, 7],
    ['a literal block title, past its first line', '---\ntitle: |\n  ab\n   {{task.owner}}\n---\nb', 4, 6],
    ['a folded block label', '---\nlabels:\n  - >\n    x\n    {{task.owner}}\n---\nb', 5, 7],
  ])('names where a missing path is written in %s', (_what, text, line, column) => {
    expect(failure(() => renderer({ 't.md.hbs': text }).renderIssue({ name: 't.md.hbs' }, context))).toMatchObject({ line, column, variable: 'task.owner' });
  });

  it('names the start of a label quoted over two lines that is too long once rendered', () => {
    const r = renderer({ 't.md.hbs': `---\nlabels: ["{{stage.id}}\n  ${'x'.repeat(40)}"]\n---\nb` });
    expect(failure(() => r.renderIssue({ name: 't.md.hbs' }, context))).toMatchObject({ line: 2, column: 11 });
  });

  it('rejects front matter in a milestone template, where it would mean nothing', () => {
    expect(failure(() => renderer({ 'm.md.hbs': '---\ntitle: x\n---\nb' }).render('m.md.hbs', context)).reason).toMatch(/only read in issue templates/);
  });

  it('checks a template without rendering it, for the validator', () => {
    const r = renderer({ 'ok.md.hbs': '{{stage.name}}', 'bad.md.hbs': 'a\n{{shout x}}' });
    expect(r.check('ok.md.hbs')).toEqual([]);
    expect(r.check('nope.md.hbs')).toEqual([]);
    expect(r.check('ok.md.hbs', 'guidance')).toEqual([]);
    expect(r.check('bad.md.hbs')).toEqual([{ file: '.github/lifecycle/bad.md.hbs', line: 2, column: 3, message: 'unknown helper "shout"' }]);
    // Problems Handlebars gives without a position are placed at the start of the file.
    expect(renderer({ 'e.md.hbs': '{{#if a}}' }).check('e.md.hbs', 'milestone')).toEqual([
      { file: '.github/lifecycle/e.md.hbs', line: 1, column: 1, message: 'template syntax error: the template ends inside a block ({{#…}} without its {{/…}})' },
    ]);
    expect(renderer({ 'y.md.hbs': '---\ntitle: "x\n---\nb' }).check('y.md.hbs')).toEqual([{ file: '.github/lifecycle/y.md.hbs', line: 3, column: 1, message: 'front matter is not valid YAML: Missing closing "quote' }]);
    const fm = renderer({ 'm.md.hbs': '---\ntitle: x\n---\nb' });
    expect(fm.check('m.md.hbs', 'issue')).toEqual([]);
    expect(fm.check('m.md.hbs', 'milestone')).toEqual([{ file: '.github/lifecycle/m.md.hbs', line: 1, column: 1, message: 'front matter (title, labels, assignees) is only read in issue templates' }]);
  });
});
