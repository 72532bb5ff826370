// Prints the dashboard of an example project, rendered by the code the Action runs: the genai-like
// life cycle after its first stage finished two days late. `npx tsx scripts/render-dashboard-example.ts`
// prints it; docs/dashboard.md shows it, and a test keeps the two the same.
import { pathToFileURL } from 'node:url';
import { configSchema } from '../src/config/schema.js';
import { actualsInput, computeActuals } from '../src/forecast/actuals.js';
import type { TaskIssue } from '../src/forecast/actuals.js';
import { renderDashboard } from '../src/forecast/dashboard.js';
import { computeForecast } from '../src/forecast/forecast.js';
import { EMPTY_RECORD, recordActuals } from '../src/forecast/record.js';
import { buildTemplateContext } from '../src/render/context.js';
import { Renderer } from '../src/render/renderer.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../src/render/templates.js';
import { computeSchedule } from '../src/schedule/schedule.js';

const config = configSchema.parse({
  version: 1,
  project: { name: 'Support assistant', start: '2027-01-04', calendar: 'workdays' },
  variables: { foundation_model: true },
  stages: [
    { id: 'scope', name: 'Scope', estimate: { duration: '3d' }, tasks: [{ id: 'use-case', title: 'Write the use case' }, { id: 'model', title: 'Choose a model' }] },
    { id: 'pre-training', name: 'Pre-training', when: '!vars.foundation_model', estimate: { duration: '8w' }, tasks: [{ id: 'justify', title: 'Justify pre-training' }] },
    { id: 'prompt-engineering', name: 'Prompt engineering', estimate: { duration: '1w' }, tasks: [{ id: 'baseline', title: 'Baseline prompts' }, { id: 'eval-set', title: 'Evaluation set' }] },
    { id: 'evaluation', name: 'Evaluation', estimate: { duration: '4d' }, tasks: [{ id: 'metrics', title: 'Metrics' }] },
    { id: 'deployment', name: 'Deployment', estimate: { duration: '2d' }, tasks: [{ id: 'ship', title: 'Ship it' }] },
  ],
});

const repo = { owner: 'acme', name: 'support-assistant', url: 'https://github.com/acme/support-assistant' };
const today = '2027-01-14';
const closed = (number: number, day: string): TaskIssue => ({ number, state: 'closed', closedAt: `${day}T15:30:00Z` });
const open = (number: number): TaskIssue => ({ number, state: 'open', closedAt: null });
const tasks = new Map<string, TaskIssue[]>([
  ['scope', [closed(1, '2027-01-05'), closed(2, '2027-01-08')]],
  ['prompt-engineering', [closed(3, '2027-01-12'), open(4)]],
  ['evaluation', [open(5)]],
  ['deployment', [open(6)]],
]);

/** The example's dashboard body, exactly as it would be written to the issue. */
export async function exampleDashboard(): Promise<string> {
  const schedule = computeSchedule(config);
  const milestones = new Map(['scope', 'prompt-engineering', 'evaluation', 'deployment'].map((id, i) => [id, { number: i + 1, url: `${repo.url}/milestone/${i + 1}` }]));
  const base = buildTemplateContext(config, schedule, { vars: config.variables, repo, milestones });
  const actuals = computeActuals(actualsInput(schedule, tasks));
  const forecast = computeForecast({ schedule, actuals, today });
  const renderer = new Renderer(makeTemplateSet([], await loadBuiltinTemplates()));
  return renderDashboard(renderer, {
    config,
    schedule,
    actuals,
    forecast,
    base,
    drift: [{ text: 'text of #4 (prompt-engineering / eval-set) edited by a person', url: `${repo.url}/issues/4` }],
    record: recordActuals(EMPTY_RECORD, actuals),
    summaryUrl: null,
  }).body;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(await exampleDashboard());
