// The declared context shapes are what templates really get: every context the renderer is given
// (milestone, task, guidance) has exactly the declared fields, of the declared kinds. The template
// check and docs/templates.md read the same shapes, so neither can drift from the code.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { VariableValue } from '../../src/config/schema.js';
import { buildGuideComment } from '../../src/guide/comment.js';
import { matchStages } from '../../src/guide/match.js';
import { baseContextShape, shapeName, templateContextShapes, TEMPLATE_KINDS } from '../../src/render/context-shape.js';
import type { ObjectShape, Shape, TemplateKind } from '../../src/render/context-shape.js';
import { buildTemplateContext } from '../../src/render/context.js';
import { renderDesiredState } from '../../src/render/desired.js';
import { Renderer } from '../../src/render/renderer.js';
import type { RenderedIssue, TemplateSource } from '../../src/render/renderer.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../../src/render/templates.js';
import type { TemplateSet } from '../../src/render/templates.js';
import { computeSchedule } from '../../src/schedule/schedule.js';
import { actualsInput, computeActuals } from '../../src/forecast/actuals.js';
import { renderDashboard } from '../../src/forecast/dashboard.js';
import { computeForecast } from '../../src/forecast/forecast.js';

/** Where `value` differs from `shape`: missing or extra fields, values of another kind. */
function mismatches(shape: Shape, value: unknown, path: string, variables: readonly string[]): string[] {
  switch (shape.kind) {
    case 'text':
      return typeof value === 'string' ? [] : [`${path}: expected text, got ${JSON.stringify(value)}`];
    case 'number':
      return typeof value === 'number' ? [] : [`${path}: expected a number, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected true or false, got ${JSON.stringify(value)}`];
    case 'oneOf':
      return shape.values.includes(value as string) ? [] : [`${path}: expected one of ${shape.values.join(', ')}, got ${JSON.stringify(value)}`];
    case 'variables': {
      if (typeof value !== 'object' || value === null) return [`${path}: expected the variables`];
      const names = Object.keys(value);
      const wrong = Object.values(value as Record<string, VariableValue>).filter((v) => v !== null && !['string', 'number', 'boolean'].includes(typeof v));
      return [...(names.join() === variables.join() ? [] : [`${path}: variables ${names.join()} instead of ${variables.join()}`]), ...wrong.map(() => `${path}: a variable is not a single value`)];
    }
    case 'list':
      return Array.isArray(value) ? value.flatMap((item, i) => mismatches(shape.of, item, `${path}[${i}]`, variables)) : [`${path}: expected a list`];
    case 'nullable':
      return value === null ? [] : mismatches(shape.of, value, path, variables);
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path}: expected ${shape.name}`];
      const record = value as Record<string, unknown>;
      const extra = Object.keys(record).filter((k) => !Object.hasOwn(shape.fields, k)).map((k) => `${path}.${k}: not declared in ${shape.name}`);
      const declared = Object.entries(shape.fields).flatMap(([k, field]) =>
        Object.hasOwn(record, k) ? mismatches(field, record[k], `${path}.${k}`, variables) : [`${path}.${k}: missing`],
      );
      return [...extra, ...declared];
    }
  }
}

// Records what the renderer is given, and renders it as usual.
class RecordingRenderer extends Renderer {
  readonly contexts: { name: string; context: object }[] = [];
  override render(name: string, context: object): string {
    this.contexts.push({ name, context });
    return super.render(name, context);
  }
  override renderIssue(source: TemplateSource, context: object): RenderedIssue {
    this.contexts.push({ name: 'name' in source ? source.name : 'inline', context });
    return super.renderIssue(source, context);
  }
}

const config = configSchema.parse({
  version: 1,
  project: { name: 'Support assistant', start: '2027-01-04' },
  variables: { audience: 'support agents', reward_model: false, seats: 3, owner: null },
  stages: [
    { id: 'scope', name: 'Scope', estimate: { duration: '3d', complexity: 'low' }, checklist: ['Use case written'], exit_criteria: ['Signed off'], match: { paths: ['docs/**'] }, tasks: [{ id: 'use-case', title: 'Write the use case', checklist: ['Users named'] }] },
    { id: 'rlhf', name: 'RLHF', when: 'vars.reward_model', tasks: [{ id: 'prefs', title: 'Collect preferences' }] },
    { id: 'build', name: 'Build', match: { paths: ['src/**'] }, tasks: [{ id: 'code', title: 'Write the code', body: '{{task.title}}' }] },
  ],
});
const variables = Object.keys(config.variables);

let templates: TemplateSet;
beforeAll(async () => {
  templates = makeTemplateSet([], await loadBuiltinTemplates());
});

function contextsOf(kind: TemplateKind): object[] {
  const renderer = new RecordingRenderer(templates);
  if (kind === 'guidance') {
    const schedule = computeSchedule(config);
    const base = buildTemplateContext(config, schedule, { vars: config.variables, repo: { owner: 'acme', name: 'app', url: 'https://github.com/acme/app' }, milestones: new Map([['scope', { number: 1, url: 'https://github.com/acme/app/milestone/1' }]]) });
    const matches = matchStages(config, ['scope', 'build'], { files: ['docs/a.md', 'src/b.ts'], labels: [], branch: 'x', body: '' }, []);
    buildGuideComment({
      base,
      guidanceTemplate: () => 'guidance.md.hbs',
      renderer,
      matches,
      pr: { number: 7, title: 'Docs', branch: 'x', author: 'octocat', url: 'https://github.com/acme/app/pull/7' },
      issues: [{ number: 3, title: 'Write the use case', url: 'https://github.com/acme/app/issues/3', stage: 'scope', state: 'open' }],
      files: { listed: 2, changedFiles: 2, truncated: false },
    });
  } else if (kind === 'dashboard') {
    const schedule = computeSchedule(config);
    const base = buildTemplateContext(config, schedule, { vars: config.variables, repo: { owner: 'acme', name: 'app', url: 'https://github.com/acme/app' } });
    const tasks = new Map([['scope', [{ number: 1, state: 'closed' as const, closedAt: '2027-01-08T10:00:00Z' }]], ['build', [{ number: 2, state: 'open' as const, closedAt: null }]]]);
    const actuals = computeActuals(actualsInput(schedule, tasks));
    const forecast = computeForecast({ schedule, actuals, today: '2027-01-11' });
    const record = { baseline: { build: '2027-01-07' }, replanned: '2027-01-08', ended: {} };
    const drift = [{ text: 'text of #2 edited by a person', url: 'https://github.com/acme/app/issues/2' }];
    renderDashboard(renderer, { config, schedule, actuals, forecast, base, drift, record, summaryUrl: null });
  } else {
    renderDesiredState(config, { templates, repo: null, renderer });
    renderDesiredState(config, { templates, repo: { owner: 'acme', name: 'app', url: 'https://github.com/acme/app' }, renderer });
  }
  const names = { milestone: ['milestone.md.hbs'], task: ['task.md.hbs', 'inline'], guidance: ['guidance.md.hbs'], dashboard: ['dashboard.md.hbs'], stage: ['stage.md.hbs'] }[kind];
  return renderer.contexts.filter((c) => names.includes(c.name)).map((c) => c.context);
}

describe('the declared context shapes', () => {
  it.each(TEMPLATE_KINDS)('are exactly what %s templates get', (kind) => {
    const contexts = contextsOf(kind);
    expect(contexts.length).toBeGreaterThan(0);
    for (const context of contexts) expect(mismatches(templateContextShapes[kind], context, kind, variables)).toEqual([]);
  });

  it('are listed in docs/templates.md as they are declared', () => {
    const docs = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
    const block = /<!-- context:start -->\n```text\n([\s\S]*?)```\n<!-- context:end -->/.exec(docs)?.[1];
    // On a difference, paste `reference()` between the markers.
    expect(block).toBe(reference());
  });
});

describe('shapeName', () => {
  const text: Shape = { kind: 'text' };
  it.each<[Shape, string]>([
    [text, 'text'],
    [{ kind: 'boolean' }, 'boolean'],
    [{ kind: 'oneOf', values: ['a', 'b'] }, '"a" | "b"'],
    [{ kind: 'variables' }, '{ <variable>: text | number | boolean | null }'],
    [{ kind: 'nullable', of: { kind: 'number' } }, 'number | null'],
    [{ kind: 'list', of: text }, 'text[]'],
    [{ kind: 'list', of: { kind: 'nullable', of: text } }, '(text | null)[]'],
    [{ kind: 'list', of: { kind: 'oneOf', values: ['a', 'b'] } }, '("a" | "b")[]'],
    [{ kind: 'list', of: { kind: 'object', name: 'StageView', fields: {} } }, 'StageView[]'],
    [{ kind: 'nullable', of: { kind: 'list', of: text } }, 'text[] | null'],
  ])('names %j as %s', (shape, name) => {
    expect(shapeName(shape)).toBe(name);
  });
});

/** The listing in docs/templates.md: the fields of each kind's context, then of each type they use. */
function reference(): string {
  const out: string[] = [];
  const table = (title: string, fields: [string, Shape][]) => {
    const nameWidth = Math.max(...fields.map(([k]) => k.length));
    const typeWidth = Math.max(...fields.map(([, s]) => shapeName(s).length));
    out.push(title);
    for (const [key, shape] of fields) out.push(`  ${key.padEnd(nameWidth)}  ${shapeName(shape).padEnd(typeWidth)}  ${shape.doc ?? ''}`.trimEnd());
    out.push('');
  };
  const objects: ObjectShape[] = [];
  const collect = (shape: Shape) => {
    if (shape.kind === 'list' || shape.kind === 'nullable') collect(shape.of);
    else if (shape.kind === 'object' && !objects.some((o) => o.name === shape.name)) {
      objects.push(shape);
      Object.values(shape.fields).forEach(collect);
    }
  };
  table('Every template', Object.entries(baseContextShape.fields));
  Object.values(baseContextShape.fields).forEach(collect);
  for (const kind of TEMPLATE_KINDS) {
    const own = Object.entries(templateContextShapes[kind].fields).filter(([k]) => !Object.hasOwn(baseContextShape.fields, k));
    table(`${kind[0]!.toUpperCase()}${kind.slice(1)} templates also get`, own);
    own.forEach(([, s]) => collect(s));
  }
  for (const shape of objects) table(shape.name, Object.entries(shape.fields));
  return `${out.join('\n').trimEnd()}\n`;
}
