// Stage issues and `open: when-ready`, planned from a real config and its built-in templates.
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { LifecycleConfigInput } from '../../src/config/schema.js';
import { parseMarker } from '../../src/plan/marker.js';
import type { CurrentState, Operation } from '../../src/plan/model.js';
import { isWrite } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { applyPlanToState } from '../../src/plan/simulate.js';
import { stageStatesOf } from '../../src/progress/inputs.js';
import { renderDesiredState } from '../../src/render/desired.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../../src/render/templates.js';
import type { TemplateSet } from '../../src/render/templates.js';

let templates: TemplateSet;
beforeAll(async () => {
  templates = makeTemplateSet([], await loadBuiltinTemplates());
});

const EMPTY: CurrentState = { labels: [], milestones: [], issues: [] };

function config(extra: Partial<LifecycleConfigInput> = {}) {
  return configSchema.parse({
    version: 1,
    project: { name: 'Demo', start: '2027-01-04' },
    stages: [
      { id: 'scope', name: 'Scope', estimate: { duration: '2d' }, exit_criteria: ['Use case signed off'], tasks: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] },
      { id: 'build', name: 'Build', estimate: { duration: '1w' }, tasks: [{ id: 'c', title: 'C' }] },
      { id: 'ship', name: 'Ship', when: 'false', tasks: [{ id: 'd', title: 'D' }] },
    ],
    ...extra,
  });
}

const creates = (ops: readonly Operation[]) => ops.filter((o) => o.op === 'create-issue').map((o) => (o.op === 'create-issue' ? `${o.stage}/${o.task}` : ''));

function closeTasks(state: CurrentState, stage: string): CurrentState {
  return {
    ...state,
    issues: state.issues.map((i) => {
      const m = parseMarker(i.body);
      return m?.kind === 'task' && m.stage === stage ? { ...i, state: 'closed' as const, stateReason: 'completed', closedAt: '2027-01-05T10:00:00Z' } : i;
    }),
  };
}

describe('stage issues', () => {
  it('one per stage that is not skipped, planned before the tasks, in the stage milestone', () => {
    const { desired } = renderDesiredState(config(), { templates, repo: null });
    const result = plan(desired, EMPTY);
    expect(creates(result.operations)).toEqual(['scope/', 'build/', 'scope/a', 'scope/b', 'build/c']);
    const scope = result.operations.find((o) => o.op === 'create-issue' && o.stage === 'scope' && o.task === '');
    expect(scope).toMatchObject({ fields: { title: 'Stage: Scope', milestoneStage: 'scope', labels: ['lifecycle', 'stage: scope'] } });
    const body = scope?.op === 'create-issue' ? scope.fields.body : '';
    expect(parseMarker(body)).toMatchObject({ kind: 'stage-issue', stage: 'scope' });
    expect(body).toContain('- [ ] Use case signed off');
    expect(body).toContain('Planned 2027-01-04 to 2027-01-05, on the critical path.');
  });

  it('a second plan over what the first wrote has nothing to write, and ticked exit criteria stay ticked', () => {
    const { desired } = renderDesiredState(config(), { templates, repo: null });
    const after = applyPlanToState(EMPTY, plan(desired, EMPTY));
    const ticked = { ...after, issues: after.issues.map((i) => ({ ...i, body: (i.body ?? '').replace('- [ ] Use case signed off', '- [x] Use case signed off') })) };
    expect(plan(desired, ticked).operations.filter(isWrite)).toEqual([]);
  });

  it('a stage issue a person edited is drift, left alone', () => {
    const { desired } = renderDesiredState(config(), { templates, repo: null });
    const after = applyPlanToState(EMPTY, plan(desired, EMPTY));
    const edited = { ...after, issues: after.issues.map((i) => (i.title === 'Stage: Scope' ? { ...i, body: `Our own words.\n${i.body ?? ''}` } : i)) };
    const ops = plan(desired, edited).operations;
    expect(ops.filter(isWrite)).toEqual([]);
    expect(ops.find((o) => o.op === 'drift')).toMatchObject({ kind: 'issue', stage: 'scope', task: '', field: 'body' });
  });
});

describe('open: when-ready', () => {
  const whenReady = () => config({ defaults: { open: 'when-ready' } });

  it('creates only the active stage tasks; a waiting stage gets its stage issue and nothing else', () => {
    const { desired } = renderDesiredState(whenReady(), { templates, repo: null });
    expect(creates(plan(desired, EMPTY).operations)).toEqual(['scope/', 'build/', 'scope/a', 'scope/b']);
  });

  it('creates the next stage tasks once the stage before it is done', () => {
    const { desired } = renderDesiredState(whenReady(), { templates, repo: null });
    const first = applyPlanToState(EMPTY, plan(desired, EMPTY));
    expect(plan(desired, first).operations.filter(isWrite)).toEqual([]);
    const done = closeTasks(first, 'scope');
    expect(stageStatesOf(desired.progression ?? [], done.issues).current).toEqual(['build']);
    expect(creates(plan(desired, done).operations)).toEqual(['build/c']);
  });

  it('per stage: upfront on a stage overrides defaults.open', () => {
    const cfg = configSchema.parse({ ...whenReady(), stages: whenReady().stages.map((s) => (s.id === 'build' ? { ...s, open: 'upfront' } : s)) });
    const { desired } = renderDesiredState(cfg, { templates, repo: null });
    expect(creates(plan(desired, EMPTY).operations)).toEqual(['scope/', 'build/', 'scope/a', 'scope/b', 'build/c']);
  });
});
