// Checklist items, exit criteria, review items and match rules that depend on the answers, or (review
// items) on the files a pull request changes: resolved where they are used, with the variables.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import type { LifecycleConfig, VariableValue } from '../../src/config/schema.js';
import { resolveMatch } from '../../src/config/conditional.js';
import { buildTemplateContext, reviewChecklist } from '../../src/render/context.js';
import { computeSchedule } from '../../src/schedule/schedule.js';
import { matchStages } from '../../src/guide/match.js';
import { skeletonFolders } from '../../src/init/skeleton.js';
import { previewGuide } from '../../src/commands/guide/preview.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../../src/render/templates.js';

const FIXTURE = new URL('../fixtures/valid/conditional-items.yml', import.meta.url);

function load(vars: Record<string, VariableValue> = {}): LifecycleConfig {
  const config = configSchema.parse(parse(readFileSync(FIXTURE, 'utf8')));
  return { ...config, variables: { ...config.variables, ...vars } };
}

function view(vars: Record<string, VariableValue> = {}) {
  const config = load(vars);
  const context = buildTemplateContext(config, computeSchedule(config), { vars: config.variables, repo: null });
  const stage = context.stages[0];
  if (!stage) throw new Error('no stage');
  return stage;
}

const pr = (files: string[], extra: { labels?: string[]; branch?: string } = {}) => ({ files, labels: extra.labels ?? [], branch: extra.branch ?? 'x', body: '' });

describe('conditional checklist items', () => {
  it.each([
    [{ hosting: 'api', agent: false }, ['Canary share agreed', "The provider's model snapshot is pinned"], ['Staged rollout finished']],
    [{ hosting: 'self-hosted', agent: false }, ['Canary share agreed'], ['Staged rollout finished', 'GPU autoscaling tested under peak load']],
  ])('with %o: task checklist %j, exit criteria %j', (vars, checklist, exit) => {
    const stage = view(vars);
    expect(stage.tasks[0]?.checklist).toEqual(checklist);
    expect(stage.exit_criteria).toEqual(exit);
  });

  it('keeps review items limited to paths in the milestone view, where no pull request says otherwise', () => {
    expect(view().checklist).toEqual(['Eval results compared with the last release', 'Latency p50 and p95 and cost per request, before and after']);
    expect(view({ agent: true }).checklist).toContain('Tool calls capped in steps and spend');
  });

  it.each([
    [['serving/config.yaml'], ['Eval results compared with the last release', 'Latency p50 and p95 and cost per request, before and after']],
    [['app/main.ts'], ['Eval results compared with the last release']],
    [[], ['Eval results compared with the last release']],
  ])('a pull request changing %j is asked %j', (files, items) => {
    const config = load();
    const stage = config.stages[0];
    if (!stage) throw new Error('no stage');
    expect(reviewChecklist(stage, config.variables, files)).toEqual(items);
  });
});

describe('conditional match rules', () => {
  it('apply only when their when holds', () => {
    const config = load();
    const stage = config.stages[0];
    expect(resolveMatch(stage?.match, { agent: false, hosting: 'api' })).toEqual({ paths: ['serving/**'], labels: ['stage: deployment'], branches: ['^deploy/'] });
    expect(resolveMatch(stage?.match, { agent: true, hosting: 'self-hosted' })).toEqual({
      paths: ['serving/**', 'tools/**'],
      labels: ['stage: deployment', 'gpu'],
      branches: ['^deploy/', '^tools/'],
    });
  });

  it.each([
    [false, pr(['tools/search.py']), []],
    [true, pr(['tools/search.py']), ['deployment']],
    [false, pr([], { branch: 'tools/search' }), []],
    [true, pr([], { branch: 'tools/search' }), ['deployment']],
  ])('route pull requests with agent: %s', (agent, facts, stages) => {
    const config = load({ agent });
    expect(matchStages(config, ['deployment'], facts, []).map((m) => m.stage)).toEqual(stages);
  });

  it('decide which skeleton folders exist', () => {
    expect(skeletonFolders(load({ agent: false })).map((f) => f.path)).toEqual(['serving']);
    expect(skeletonFolders(load({ agent: true })).map((f) => f.path)).toEqual(['serving', 'tools']);
  });
});

describe('the guidance comment', () => {
  it('asks about latency only when the pull request changes serving files, and lists only items whose when holds', async () => {
    const templates = makeTemplateSet([], await loadBuiltinTemplates());
    const comment = (files: string[], vars: Record<string, VariableValue> = {}) =>
      previewGuide({ config: load(vars), templates, files, labels: ['stage: deployment'] }).markdown;
    const routine = comment(['app/main.ts']);
    expect(routine).toContain('- [ ] Eval results compared with the last release');
    expect(routine).not.toContain('Latency p50');
    expect(routine).not.toContain('Tool calls capped');
    expect(comment(['serving/vllm.yaml'])).toContain('- [ ] Latency p50 and p95 and cost per request, before and after');
    expect(comment(['app/main.ts'], { agent: true })).toContain('- [ ] Tool calls capped in steps and spend');
  });
});
