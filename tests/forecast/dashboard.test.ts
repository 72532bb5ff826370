import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { configSchema } from '../../src/config/schema.js';
import type { LifecycleConfig } from '../../src/config/schema.js';
import { actualsInput, computeActuals } from '../../src/forecast/actuals.js';
import type { TaskIssue } from '../../src/forecast/actuals.js';
import { commandCheckbox, driftItems, renderDashboard, tickedCommands, untickCommands } from '../../src/forecast/dashboard.js';
import type { DashboardInput } from '../../src/forecast/dashboard.js';
import { computeForecast } from '../../src/forecast/forecast.js';
import { EMPTY_RECORD, readDashboardRecord, recordReplan } from '../../src/forecast/record.js';
import { BODY_LIMIT } from '../../src/plan/body-limit.js';
import { digest, parseMarker, stripMarker } from '../../src/plan/marker.js';
import { buildTemplateContext } from '../../src/render/context.js';
import { Renderer } from '../../src/render/renderer.js';
import { checkTemplates } from '../../src/render/template-check.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../../src/render/templates.js';
import type { TemplateSet } from '../../src/render/templates.js';
import { computeSchedule } from '../../src/schedule/schedule.js';
import { makeConfig, stage } from '../schedule/helpers.js';
import { closed, open } from './helpers.js';

type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;
let templates: TemplateSet;

beforeAll(async () => {
  // Mermaid sanitizes with DOMPurify, which needs a window; its parser needs nothing else.
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const g = globalThis as Record<string, unknown>;
  g.window ??= dom.window;
  g.document ??= dom.window.document;
  mermaid = ((await import('mermaid')) as unknown as { default: Mermaid }).default;
  templates = makeTemplateSet([], await loadBuiltinTemplates());
});

const repo = { owner: 'acme', name: 'app', url: 'https://github.com/acme/app' };

function input(config: LifecycleConfig, tasks: Record<string, TaskIssue[]>, today: string, extra: Partial<DashboardInput> = {}): DashboardInput {
  const schedule = computeSchedule(config);
  const actuals = computeActuals(actualsInput(schedule, new Map(Object.entries(tasks))));
  const forecast = computeForecast({ schedule, actuals, today });
  const milestones = new Map(schedule.stages.map((s, i) => [s.id, { number: i + 1, url: `${repo.url}/milestone/${i + 1}` }]));
  const base = buildTemplateContext(config, schedule, { vars: config.variables, repo, milestones });
  return { config, schedule, actuals, forecast, base, drift: [], record: EMPTY_RECORD, summaryUrl: `${repo.url}/actions/runs/1`, ...extra };
}

const render = (i: DashboardInput, limit?: number) => renderDashboard(new Renderer(templates), i, limit);
const mermaidBlock = (body: string) => /```mermaid\n([\s\S]*?)```/.exec(body)?.[1] ?? '';

// Monday 4 January 2027; a: Mon 4–Wed 6, b: Thu 7–Fri 8, c: Mon 11–Fri 15; x is skipped.
const abc = makeConfig([stage('a', '3d', { name: 'Scope | use case' }), stage('x', '2w', { when: 'vars.extra' }), stage('b', '2d'), stage('c', '5d')], {}, { extra: false });
const lateA = { a: [closed('2027-01-08')], x: [], b: [open()], c: [open()] };

describe('the dashboard', () => {
  it('leads with where the project is: current stages, what is done, what is late, the forecast end', () => {
    const { body } = render(input(abc, lateA, '2027-01-11'));
    expect(body.split('\n')[0]).toBe('**Now:** b · **Done:** 1 of 3 stages · **Late:** b · **At risk:** c · **Forecast end:** 2027-01-25 (planned 2027-01-15, later)');
  });

  it('has a row per stage: state, baseline, actual, forecast, tasks, flag', () => {
    const { body } = render(input(abc, lateA, '2027-01-11'));
    const rows = body.split('\n').filter((l) => l.startsWith('| ['));
    expect(rows).toEqual([
      '| [Scope &#124; use case](https://github.com/acme/app/milestone/1) | done | 2027-01-04 | 2027-01-06 | 2027-01-04 | 2027-01-08 | 2027-01-08 | 1/1 | finished 2 workdays late |',
      '| [b](https://github.com/acme/app/milestone/3) | active | 2027-01-07 | 2027-01-08 | 2027-01-11 | – | 2027-01-13 | 0/1 | **late by 1 workday** |',
      '| [c](https://github.com/acme/app/milestone/4) | waiting | 2027-01-11 | 2027-01-15 | – | – | 2027-01-25 | 0/1 | at risk: forecast 6 workdays after its due date |',
    ]);
    expect(body).toContain('| x | skipped | – | – | – | – | – | 0/0 |  |');
    expect(body).toContain('remaining estimates × 1.67 (median of 1 finished stage)');
  });

  it('draws a chart Mermaid 11 parses, with the baseline and the actual or forecast bar of each stage side by side', async () => {
    const { body } = render(input(abc, lateA, '2027-01-11'));
    const chart = mermaidBlock(body);
    await expect(mermaid.parse(chart)).resolves.toMatchObject({ diagramType: 'gantt' });
    expect(chart.split('\n').slice(5, 11)).toEqual([
      '  section Scope use case',
      '  Plan :p-a, 2027-01-04, 2027-01-07',
      '  Actual :done, a-a, 2027-01-04, 2027-01-09',
      '  section b',
      '  Plan :p-b, 2027-01-07, 2027-01-09',
      '  Forecast :crit, active, a-b, 2027-01-11, 2027-01-14',
    ]);
    expect(chart).not.toContain('p-x');
  });

  it('draws a chart Mermaid parses on the days calendar, with a stage found done the day it was unlocked', async () => {
    const config = makeConfig([stage('a', '3d'), stage('b', '2d'), stage('c', '1w')], { start: '2027-01-02', calendar: 'days' });
    const { body } = render(input(config, { a: [closed('2027-01-06')], b: [closed('2027-01-03')], c: [open()] }, '2027-01-07'));
    const chart = mermaidBlock(body);
    expect(chart).not.toContain('excludes');
    expect(chart).toContain('Actual :done, a-b, 2027-01-06, 2027-01-07');
    await expect(mermaid.parse(chart)).resolves.toBeTruthy();
  });

  it('has no chart without a start date', () => {
    const config = makeConfig([stage('a', '3d')], { start: undefined });
    expect(render(input(config, { a: [open()] }, '2027-01-05')).body).not.toContain('```mermaid');
  });

  it('writes the day it is rendered for, so an unchanged project is rewritten at most once a day', () => {
    const monday = render(input(abc, lateA, '2027-01-11')).body;
    expect(monday).toContain('As of 2027-01-11');
    expect(render(input(abc, lateA, '2027-01-11')).body).toBe(monday);
    expect(render(input(abc, lateA, '2027-01-12')).body).not.toBe(monday);
  });

  it('offers the commands as boxes a person ticks, read back by their hidden tag', () => {
    const { body } = render(input(abc, lateA, '2027-01-11'));
    expect(body).toContain(`${commandCheckbox('sync', 'Sync now')}\n${commandCheckbox('replan', 'Re-plan the remaining stages from today')}`);
    expect(tickedCommands(body)).toEqual([]);
    const ticked = body.replace('- [ ] Re-plan', '- [x] Re-plan');
    expect(tickedCommands(ticked)).toEqual(['replan']);
    expect(untickCommands(ticked)).toBe(body);
    // Ticking is not an edit: the digest of what the tool wrote still matches.
    expect(digest(ticked)).toBe(parseMarker(body)?.digest);
  });

  it('lists drift with links, and the baseline a re-plan replaced', () => {
    const drift = driftItems([
      { op: 'drift', kind: 'issue', stage: 'b', task: 't', number: 12, field: 'body', htmlUrl: `${repo.url}/issues/12`, reason: '' },
      { op: 'noop', kind: 'issue', reason: 'unchanged' },
    ] as never);
    const record = recordReplan(EMPTY_RECORD, [{ stage: 'b', from: '2027-01-08', to: '2027-01-13' }], '2027-01-11');
    const { body } = render(input(abc, lateA, '2027-01-11', { drift, record }));
    expect(body).toContain('- [text of #12 (b / t) edited by a person](https://github.com/acme/app/issues/12)');
    expect(body).toContain('Re-planned on 2027-01-11. The due dates it replaced:\n- b: 2027-01-08');
    expect(readDashboardRecord(parseMarker(body)?.keep)).toEqual(record);
  });

  it('passes the template check as a dashboard template', () => {
    expect(checkTemplates({ templates, uses: [{ kind: 'dashboard', name: 'dashboard.md.hbs' }], variables: [] })).toEqual([]);
  });

  it('is rendered from a repository template of the same name when there is one', async () => {
    const own = makeTemplateSet([{ name: 'dashboard.md.hbs', path: '.github/lifecycle/dashboard.md.hbs', text: '{{dashboard.status}} ({{dashboard.date}})\n' }], await loadBuiltinTemplates());
    const { body } = renderDashboard(new Renderer(own), input(abc, lateA, '2027-01-11'));
    expect(stripMarker(body)).toBe('**Now:** b · **Done:** 1 of 3 stages · **Late:** b · **At risk:** c · **Forecast end:** 2027-01-25 (planned 2027-01-15, later) (2027-01-11)');
  });
});

describe('the dashboard at 200 stages', () => {
  const many = configSchema.parse({
    version: 1,
    project: { name: 'Large programme', start: '2027-01-04' },
    stages: Array.from({ length: 200 }, (_, i) => ({
      id: `stage-${String(i).padStart(3, '0')}`,
      name: `Stage ${i} with a name long enough to be realistic in a table`,
      estimate: { duration: `${(i % 5) + 1}d` },
      tasks: [{ id: 't', title: 'Task' }],
    })),
  });
  const tasks = Object.fromEntries(many.stages.map((s, i) => [s.id, i < 60 ? [closed('2027-02-01'), closed('2027-02-02')] : [open(), open()]]));

  it('stays under GitHub limit, keeps the status, the commands, the current stages and the marker, and points to the job summary', async () => {
    const { body, view } = render(input(many, tasks, '2027-03-01'));
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body.split('\n')[0]).toMatch(/^\*\*Now:\*\* Stage 60 [^·]+ · \*\*Done:\*\* 60 of 200 stages · \*\*At risk:\*\* .* and \d+ more · /);
    expect(body).toContain('- [ ] Sync now');
    expect(view.cut).toMatch(/^\d+ of 200 stages are shown here/);
    expect(body).toContain('[the job summary of the last sync run](https://github.com/acme/app/actions/runs/1)');
    expect(body).toContain('| [Stage 60 with');
    expect(view.rows.length).toBeGreaterThan(100);
    expect(parseMarker(body)?.kind).toBe('dashboard');
    expect(parseMarker(body)?.digest).toBe(digest(body));
    await expect(mermaid.parse(mermaidBlock(body))).resolves.toBeTruthy();
  });

  it('keeps every stage when the limit allows it', () => {
    const { view } = render(input(many, tasks, '2027-03-01'), 10_000_000);
    expect([view.rows.length, view.cut]).toEqual([200, null]);
  });
});

describe('docs/dashboard.md', () => {
  it('shows the dashboard the code renders for its example', async () => {
    const { exampleDashboard } = await import('../../scripts/render-dashboard-example.js');
    const docs = readFileSync(new URL('../../docs/dashboard.md', import.meta.url), 'utf8');
    const shown = /<!-- example:start -->\n````markdown\n([\s\S]*?)````\n<!-- example:end -->/.exec(docs)?.[1];
    // On a difference, paste the output of `npx tsx scripts/render-dashboard-example.ts` between the markers.
    expect(shown).toBe(await exampleDashboard());
  });
});

describe('lifecycle validate', () => {
  it("checks a repository's own dashboard.md.hbs with the config, at its line and column", async () => {
    const { validateLifecycle } = await import('../../src/commands/validate.js');
    const own = makeTemplateSet([{ name: 'dashboard.md.hbs', path: '.github/lifecycle/dashboard.md.hbs', text: '{{dashboard.status}}\n{{dashboard.sttus}}\n' }], await loadBuiltinTemplates());
    const yaml = 'version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n';
    const result = validateLifecycle(yaml, { file: '.github/lifecycle.yml', templates: own });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      '.github/lifecycle/dashboard.md.hbs:2:3: "dashboard.sttus" is not defined (did you mean "dashboard.status"?)',
    ]);
    expect(validateLifecycle(yaml, { file: '.github/lifecycle.yml', templates }).diagnostics).toEqual([]);
  });
});
