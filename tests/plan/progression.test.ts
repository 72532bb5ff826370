// Stage issues and `open: when-ready`, planned from a real config and its built-in templates.
import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import type { LifecycleConfigInput } from '../../src/config/schema.js';
import { formatMarker, parseMarker } from '../../src/plan/marker.js';
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

describe('transitions', () => {
  function started() {
    const { desired } = renderDesiredState(config(), { templates, repo: null });
    return { desired, state: applyPlanToState(EMPTY, plan(desired, EMPTY)) };
  }
  const stageIssue = (state: CurrentState, stage: string) => state.issues.find((i) => parseMarker(i.body)?.kind === 'stage-issue' && parseMarker(i.body)?.stage === stage);
  const writes = (ops: readonly Operation[]) => ops.filter(isWrite).map((o) => `${o.op} ${'stage' in o ? o.stage : ''}`);

  it('the last task closed: the stage issue and milestone close, the next stage is announced, once', () => {
    const { desired, state } = started();
    const done = closeTasks(state, 'scope');
    const result = plan(desired, done);
    expect(writes(result.operations)).toEqual(['close-stage-issue scope', 'close-milestone scope', 'announce-stage build']);
    const close = result.operations.find((o) => o.op === 'close-stage-issue');
    expect(close).toMatchObject({ changes: { state: 'closed', state_reason: 'completed' } });
    const comment = close?.op === 'close-stage-issue' ? (close.comment ?? '') : '';
    expect(comment).toContain('**Scope** is done');
    expect(comment).toContain('- Finished: 2027-01-05 (planned 2027-01-05, on the planned day)');
    expect(comment).toContain(`This unlocks **Build** (#${stageIssue(done, 'build')?.number})`);
    expect(parseMarker(comment)).toMatchObject({ kind: 'transition', stage: 'scope', event: 'done:2027-01-05T10:00:00Z' });
    const announce = result.operations.find((o) => o.op === 'announce-stage');
    expect(announce?.op === 'announce-stage' ? announce.comment : '').toContain('**Build** can start: **Scope**');

    const after = applyPlanToState(done, result);
    expect(plan(desired, after).operations.filter(isWrite)).toEqual([]);
  });

  it('a task reopened in a done stage reopens its issue and milestone; the next stage is not announced again', () => {
    const { desired, state } = started();
    const done = closeTasks(state, 'scope');
    const closed = applyPlanToState(done, plan(desired, done));
    const task = closed.issues.find((i) => parseMarker(i.body)?.task === 'a');
    const reopened = { ...closed, issues: closed.issues.map((i) => (i === task ? { ...i, state: 'open' as const, stateReason: 'reopened', closedAt: null } : i)) };
    const result = plan(desired, reopened);
    expect(writes(result.operations)).toEqual(['reopen-stage-issue scope', 'update-milestone scope']);
    const after = applyPlanToState(reopened, result);
    expect(stageIssue(after, 'scope')?.state).toBe('open');
    expect(after.milestones.find((m) => m.title === 'Scope')?.state).toBe('open');
    expect(plan(desired, after).operations.filter(isWrite)).toEqual([]);
    // Closed again: done again, and closed again, with a comment for this finish.
    const again = closeTasks(after, 'scope');
    expect(writes(plan(desired, again).operations)).toEqual(['close-stage-issue scope', 'close-milestone scope']);
  });

  it('a stage issue and milestone a person reopened while the stage is done stay open, reported', () => {
    const { desired, state } = started();
    const done = closeTasks(state, 'scope');
    const closed = applyPlanToState(done, plan(desired, done));
    const number = stageIssue(closed, 'scope')?.number;
    const byPerson = {
      ...closed,
      issues: closed.issues.map((i) => (i.number === number ? { ...i, state: 'open' as const } : i)),
      milestones: closed.milestones.map((m) => (m.title === 'Scope' ? { ...m, state: 'open' as const } : m)),
    };
    const result = plan(desired, byPerson);
    expect(result.operations.filter(isWrite)).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(/reopened by a person while the stage is done; left open[\s\S]*milestone #\d+ of stage "scope" was reopened by a person/);
  });

  it('a stage issue a person closed early stays closed, reported', () => {
    const { desired, state } = started();
    const number = stageIssue(state, 'scope')?.number;
    const early = { ...state, issues: state.issues.map((i) => (i.number === number ? { ...i, state: 'closed' as const } : i)) };
    const result = plan(desired, early);
    expect(result.operations.filter(isWrite)).toEqual([]);
    expect(result.warnings).toContain(`the issue of stage "scope" (#${number}) was closed by a person while 0 of 2 tasks are closed; left closed`);
  });
});

describe('transition comments', () => {
  const three = () =>
    config({
      stages: [
        { id: 'scope', name: 'Scope', estimate: { duration: '2d' }, tasks: [{ id: 'a', title: 'A' }] },
        { id: 'data', name: 'Data', estimate: { duration: '2d' }, depends_on: [], tasks: [{ id: 'b', title: 'B' }] },
        { id: 'build', name: 'Build', estimate: { duration: '1w' }, depends_on: ['scope', 'data'], tasks: [{ id: 'c', title: 'C' }] },
      ],
    });
  const closeAt = (state: CurrentState, stage: string, at: string): CurrentState => ({
    ...state,
    issues: state.issues.map((i) => (parseMarker(i.body)?.kind === 'task' && parseMarker(i.body)?.stage === stage ? { ...i, state: 'closed' as const, stateReason: 'completed', closedAt: at } : i)),
  });
  const comments = (desired: ReturnType<typeof renderDesiredState>['desired'], state: CurrentState) =>
    plan(desired, state).operations.flatMap((o) => (o.op === 'close-stage-issue' || o.op === 'announce-stage' ? [`${o.op} ${o.stage}: ${o.comment ?? ''}`] : []));

  const done = (stage: string, at: string) => formatMarker({ v: 1, kind: 'transition', stage, event: `done:${at}` });

  it('say when a stage finished against the plan, when it started, and what it unlocks; a stage waiting on two names both', () => {
    const { desired } = renderDesiredState(three(), { templates, repo: null });
    const first = applyPlanToState(EMPTY, plan(desired, EMPTY));
    const both = closeAt(closeAt(first, 'scope', '2027-01-04T10:00:00Z'), 'data', '2027-01-09T10:00:00Z');
    expect(comments(desired, both)).toEqual([
      'close-stage-issue scope: **Scope** is done: every task issue of the stage is closed.\n\n- Finished: 2027-01-04 (planned 2027-01-05, 1 day early)\n- Started: 2027-01-04\n\n' +
        `This unlocks **Build** (#3).\n\n${done('scope', '2027-01-04T10:00:00Z')}`,
      'close-stage-issue data: **Data** is done: every task issue of the stage is closed.\n\n- Finished: 2027-01-09 (planned 2027-01-05, 4 days late)\n- Started: 2027-01-04\n\n' +
        `This unlocks **Build** (#3).\n\n${done('data', '2027-01-09T10:00:00Z')}`,
      `announce-stage build: **Build** can start: **Scope** (#1), **Data** (#2) are done.\n\nPlanned 2027-01-06 to 2027-01-12.\n\n${formatMarker({ v: 1, kind: 'transition', stage: 'build', event: 'start' })}`,
    ]);
    const after = applyPlanToState(both, plan(desired, both));
    expect(comments(desired, closeAt(after, 'build', '2027-01-10T10:00:00Z'))).toEqual([
      'close-stage-issue build: **Build** is done: every task issue of the stage is closed.\n\n- Finished: 2027-01-10 (planned 2027-01-12, 2 days early)\n' +
        `- Started: 2027-01-09 (planned 2027-01-06)\n\nNo stage was waiting on it.\n\n${done('build', '2027-01-10T10:00:00Z')}`,
    ]);
  });

  it('leave out the planned dates a project without a start has', () => {
    const { desired } = renderDesiredState(config({ project: { name: 'Demo' } }), { templates, repo: null });
    const first = applyPlanToState(EMPTY, plan(desired, EMPTY));
    const close = comments(desired, closeAt(first, 'scope', '2027-01-05T10:00:00Z')).find((c) => c.startsWith('close-stage-issue scope'));
    expect(close?.split('\n').slice(0, 4)).toEqual(['close-stage-issue scope: **Scope** is done: every task issue of the stage is closed.', '', '- Finished: 2027-01-05', '']);
  });

  it('put the other changes planned for a stage issue in the same write as its close', () => {
    const { desired, state } = (() => {
      const first = renderDesiredState(config(), { templates, repo: null }).desired;
      return { desired: renderDesiredState(config({ stages: config().stages.map((st) => (st.id === 'scope' ? { ...st, name: 'Scoping' } : st)) }), { templates, repo: null }).desired, state: applyPlanToState(EMPTY, plan(first, EMPTY)) };
    })();
    const ops = plan(desired, closeAt(state, 'scope', '2027-01-05T10:00:00Z')).operations;
    const number = state.issues.find((i) => parseMarker(i.body)?.kind === 'stage-issue' && parseMarker(i.body)?.stage === 'scope')?.number;
    const onIssue = ops.filter((o) => (o.op === 'update-issue' || o.op.endsWith('stage-issue') || o.op === 'announce-stage') && 'number' in o && o.number === number);
    expect(onIssue.map((o) => o.op)).toEqual(['close-stage-issue']);
    const close = ops.find((o) => o.op === 'close-stage-issue');
    if (close?.op !== 'close-stage-issue') throw new Error('expected a close');
    expect(close.changes).toMatchObject({ title: 'Stage: Scoping', state: 'closed', state_reason: 'completed' });
    expect(parseMarker(close.changes.body)?.wrote).toMatchObject({ state: 'closed' });
  });

  it('a stage waiting on two is not announced when one of them is done, and the done one says what it still waits on', () => {
    const { desired } = renderDesiredState(three(), { templates, repo: null });
    const first = applyPlanToState(EMPTY, plan(desired, EMPTY));
    expect(comments(desired, closeAt(first, 'scope', '2027-01-04T10:00:00Z'))).toEqual([
      'close-stage-issue scope: **Scope** is done: every task issue of the stage is closed.\n\n- Finished: 2027-01-04 (planned 2027-01-05, 1 day early)\n- Started: 2027-01-04\n\n' +
        `**Build** (#3) still waits on **Data** (#2).\n\n${done('scope', '2027-01-04T10:00:00Z')}`,
    ]);
  });

  it('leave the planned dates out of an announcement when the stage has no due date', () => {
    const noEstimate = config({ stages: config().stages.map((st) => (st.id === 'build' ? { ...st, estimate: undefined } : st)) });
    const { desired } = renderDesiredState(noEstimate, { templates, repo: null });
    const first = applyPlanToState(EMPTY, plan(desired, EMPTY));
    const announce = comments(desired, closeAt(first, 'scope', '2027-01-05T10:00:00Z')).find((c) => c.startsWith('announce-stage'));
    expect(announce).toBe(`announce-stage build: **Build** can start: **Scope** (#1) is done.\n\n${formatMarker({ v: 1, kind: 'transition', stage: 'build', event: 'start' })}`);
  });

  it('close a milestone whose text changes in the same run with the new text: nothing is left to write', () => {
    const before = renderDesiredState(config(), { templates, repo: null }).desired;
    const state = applyPlanToState(EMPTY, plan(before, EMPTY));
    const described = config({ stages: config().stages.map((st) => (st.id === 'scope' ? { ...st, description: 'Agree on what to build.' } : st)) });
    const { desired } = renderDesiredState(described, { templates, repo: null });
    const done = closeAt(state, 'scope', '2027-01-05T10:00:00Z');
    const result = plan(desired, done);
    expect(result.operations.filter((o) => o.op === 'update-milestone' || o.op === 'close-milestone').map((o) => o.op)).toEqual(['update-milestone', 'close-milestone']);
    const close = result.operations.find((o) => o.op === 'close-milestone');
    expect(close?.op === 'close-milestone' ? close.description : '').toMatch(/^Agree on what to build\./);
    const after = applyPlanToState(done, result);
    expect(after.milestones.find((m) => m.title === 'Scope')).toMatchObject({ state: 'closed', description: expect.stringMatching(/^Agree on what to build\./) });
    expect(plan(desired, after).operations.filter(isWrite)).toEqual([]);
  });

  it('name a stage waiting on one other with "is"', () => {
    const { desired } = renderDesiredState(config(), { templates, repo: null });
    const first = applyPlanToState(EMPTY, plan(desired, EMPTY));
    const announce = comments(desired, closeAt(first, 'scope', '2027-01-05T10:00:00Z')).find((c) => c.startsWith('announce-stage'));
    expect(announce?.split('\n')[0]).toBe('announce-stage build: **Build** can start: **Scope** (#1) is done.');
  });
});

describe('a stage no longer declared', () => {
  it('its stage issue is left open, and closed with prune, with a comment naming the stage', () => {
    const { desired } = renderDesiredState(config(), { templates, repo: null });
    const state = applyPlanToState(EMPTY, plan(desired, EMPTY));
    const { desired: fewer } = renderDesiredState(config({ stages: config().stages.filter((s) => s.id !== 'build') }), { templates, repo: null });
    expect(plan(fewer, state).operations.filter(isWrite).filter((o) => o.op === 'close-issue')).toEqual([]);
    const close = plan(fewer, state, { prune: true }).operations.find((o) => o.op === 'close-issue' && o.task === '');
    expect(close).toMatchObject({ stage: 'build', stateReason: 'not_planned', reason: 'stage "build" is no longer declared' });
    expect(close?.op === 'close-issue' ? close.comment : '').toMatch(/^Closed as not planned: stage `build` is no longer/);
  });
});
