// What the plan writes into an issue's fields: labels and assignees once each, within GitHub's 100
// labels, and the milestone moves the tool's own record allows.
import { describe, expect, it } from 'vitest';
import { parseMarker, setMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentState, Operation } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { EMPTY, desiredIssue, desiredState, mapIssue, milestone, synced } from './fixtures.js';

const tasks = desiredState();
const tasked = synced(tasks);
const updates = (ops: Operation[]) => ops.filter((o) => o.op === 'update-issue').map((o) => (o.op === 'update-issue' ? { changes: Object.keys(o.changes), reason: o.reason } : {}));

describe('labels and assignees', () => {
  it('creates an issue with each label and assignee once, in any case', () => {
    const desired = desiredState({ issues: [desiredIssue('scope', 'a', { labels: ['lifecycle', 'x', 'X', 'lifecycle'], assignees: ['ana', 'Ana', 'bob'] })] });
    const create = plan(desired, EMPTY).operations.find((o) => o.op === 'create-issue');
    expect(create?.op === 'create-issue' && [create.fields.labels, create.fields.assignees]).toEqual([
      ['lifecycle', 'x'],
      ['ana', 'bob'],
    ]);
  });

  it('adds up to GitHub\'s 100 labels, and no more', () => {
    const desired = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { labels: ['lifecycle', 'stage: scope', 'x', 'y'] })] });
    const filled = (n: number) => mapIssue(tasked, 1, (i) => ({ ...i, labels: [...i.labels, ...Array.from({ length: n - i.labels.length }, (_, k) => `l${k}`)] }));
    const at98 = plan(desired, filled(98));
    expect(at98.warnings).toEqual([]);
    expect(at98.operations.find((o) => o.op === 'update-issue')).toMatchObject({ changes: { labels: expect.arrayContaining(['x', 'y']) as unknown } });
    expect(plan(desired, filled(99)).warnings).toEqual([
      'issue #1 (task "define-use-case" of stage "scope") has 99 labels; adding "x", "y" would pass GitHub\'s 100, so they are left off',
    ]);
  });

  it('adds a missing label or assignee whatever its case, and leaves one present in another case', () => {
    const desired = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { labels: ['Lifecycle', 'STAGE: scope'], assignees: ['Ana'] })] });
    const current = mapIssue(synced(desired), 1, (i) => ({ ...i, labels: ['lifecycle', 'stage: scope'], assignees: ['ana'] }));
    expect(updates(plan(desired, current).operations)).toEqual([]);
  });

  it('adds an assignee the config added since the last write, but not one a person removed', () => {
    const withAna = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { assignees: ['ana'] })] });
    expect(updates(plan(withAna, tasked).operations)).toEqual([{ changes: ['assignees', 'body'], reason: 'assign ana' }]);
    const removed = mapIssue(synced(withAna), 1, (i) => ({ ...i, assignees: [] }));
    expect(updates(plan(withAna, removed).operations)).toEqual([]);
  });
});

describe('milestone moves', () => {
  const recorded = (state: CurrentState, milestoneKey: string | null): CurrentState =>
    mapIssue(state, 1, (i) => {
      const marker = parseMarker(i.body ?? '')!;
      const wrote = { ...marker.wrote };
      if (milestoneKey === null) delete wrote.milestone;
      else wrote.milestone = milestoneKey;
      return { ...i, body: setMarker(i.body ?? '', { ...marker, wrote }) };
    });

  it('moves an issue the tool put in another milestone into its stage milestone', () => {
    const current = recorded(mapIssue({ ...tasked, milestones: [...tasked.milestones, milestone(9, { title: 'Other' })] }, 1, (i) => ({ ...i, milestone: 9 })), '9');
    expect(updates(plan(tasks, current).operations)).toEqual([{ changes: ['milestoneStage', 'body'], reason: 'move from milestone #9 to its stage milestone' }]);
  });

  it('puts an issue whose recorded milestone was deleted into its stage milestone', () => {
    const current = recorded(mapIssue(tasked, 1, (i) => ({ ...i, milestone: null })), '7');
    expect(updates(plan(tasks, current).operations)).toEqual([{ changes: ['milestoneStage', 'body'], reason: 'put in its stage milestone' }]);
    const outByPerson = recorded(mapIssue(tasked, 1, (i) => ({ ...i, milestone: null })), '1');
    expect(plan(tasks, outByPerson).operations.filter((o) => o.op === 'drift').map((o) => o.op === 'drift' && o.field)).toEqual(['milestone']);
  });

  it('without a record, moves an issue out of no milestone, a deleted one or its own stage\'s, never out of another stage\'s', () => {
    const other = withMarker('Other stage.', { kind: 'stage', stage: 'other' });
    const unrecorded = recorded(tasked, null);
    const at = (n: number | null, extra: CurrentState['milestones'] = []) => mapIssue({ ...unrecorded, milestones: [...unrecorded.milestones, ...extra] }, 1, (i) => ({ ...i, milestone: n }));
    expect(updates(plan(tasks, at(null)).operations)).toEqual([{ changes: ['milestoneStage', 'body'], reason: 'put in its stage milestone' }]);
    expect(updates(plan(tasks, at(8)).operations)).toEqual([{ changes: ['milestoneStage', 'body'], reason: 'move from milestone #8 to its stage milestone' }]);
    // A second milestone of its own stage (a duplicate, closed by this plan) is one the tool used.
    expect(updates(plan(tasks, at(8, [milestone(8, { title: 'Copy of scope', description: withMarker('x', { kind: 'stage', stage: 'scope' }) })])).operations)).toEqual([
      { changes: ['milestoneStage', 'body'], reason: 'move from milestone #8 to its stage milestone' },
    ]);
    expect(plan(tasks, at(8, [milestone(8, { title: 'Other', description: other })])).operations.filter((o) => o.op === 'drift').map((o) => o.op === 'drift' && o.field)).toEqual(['milestone']);
    expect(plan(tasks, at(8, [milestone(8, { title: 'Plain' })])).operations.filter((o) => o.op === 'drift').map((o) => o.op === 'drift' && o.field)).toEqual(['milestone']);
  });
});

describe('whose issue is kept', () => {
  const first = tasked.issues[0]!;
  const ops = (issues: CurrentState['issues'], identity: string | null) =>
    plan(tasks, { ...tasked, issues }, { identity }).operations.filter((o) => o.op === 'close-issue' || o.op === 'conflict').map((o) => `${o.op} #${'number' in o ? o.number : ''}`);

  it.each<[string, CurrentState['issues'], string | null, string[]]>([
    ['a copy by an unknown author is a duplicate', [{ ...first, author: 'alice' }, { ...first, number: 7, author: null }], 'bot', ['close-issue #7']],
    ['a copy of an issue of unknown author is a duplicate', [{ ...first, author: null }, { ...first, number: 7, author: 'mallory' }], 'bot', ['close-issue #7']],
    ['without an identity, the oldest is kept', [{ ...first, author: 'alice' }, { ...first, number: 7, author: 'bot' }], null, ['conflict #7']],
    ["the tool's own is kept over an older one", [{ ...first, author: 'alice' }, { ...first, number: 7, author: 'bot' }], 'bot', ['conflict #1']],
  ])('%s', (_name, issues, identity, expected) => {
    expect(ops(issues, identity)).toEqual(expected);
  });
});

describe('bodies', () => {
  const marked = (edit: (wrote: Record<string, string>) => Record<string, string> | undefined) =>
    mapIssue(tasked, 1, (i) => {
      const marker = parseMarker(i.body ?? '')!;
      const { wrote, ...rest } = marker;
      const next = edit({ ...wrote });
      return { ...i, body: setMarker(i.body ?? '', next === undefined ? rest : { ...rest, wrote: next }) };
    });

  it('keeps what a stage issue\'s record says was written when it writes the body again', () => {
    const current = marked((w) => ({ ...w, state: 'closed', unlocked: '1' }));
    const [update] = plan(desiredState({ issues: [desiredIssue('scope', 'define-use-case', { text: 'New text' })] }), current).operations.filter((o) => o.op === 'update-issue');
    expect(update?.op === 'update-issue' && parseMarker(update.changes.body ?? '')?.wrote).toMatchObject({ state: 'closed', unlocked: '1', milestone: '1' });
  });

  it('adds a declared assignee to an issue whose marker has no record', () => {
    const current = marked(() => undefined);
    const withAna = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { assignees: ['ana'] })] });
    expect(updates(plan(withAna, current).operations).map((u) => u.reason)).toEqual(['assign ana']);
  });

  it("refreshes the record of a person's body when the title changes, keeping the body", () => {
    const edited = mapIssue(tasked, 1, (i) => ({ ...i, body: `Mine ${i.body ?? ''}` }));
    const [update] = plan(desiredState({ issues: [desiredIssue('scope', 'define-use-case', { title: 'New' })] }), edited).operations.filter((o) => o.op === 'update-issue');
    expect(update?.op === 'update-issue' && Object.keys(update.changes)).toEqual(['title', 'body']);
    expect(update?.op === 'update-issue' && update.changes.body).toMatch(/^Mine Why define-use-case matters\./);
  });

  it('takes a body a person copied from the proposal, invisible breaks and all, for the new text', () => {
    const desired = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { text: 'New text for @team' })] });
    const copied = mapIssue(tasked, 1, (i) => ({ ...i, body: setMarker('New text for @\u200Bteam', parseMarker(i.body ?? '')!) }));
    const result = plan(desired, copied).operations.filter((o) => o.op === 'update-issue' || o.op === 'drift');
    expect(result.map((o) => o.reason)).toEqual(['body re-rendered (ticked boxes kept)']);
  });
});

