// What the plan writes into a milestone: the record in its marker, and what taking one over changes.
import { describe, expect, it } from 'vitest';
import { parseMarker, setMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentState, MilestoneFields } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { titleHash } from '../../src/plan/record.js';
import { EMPTY, desiredMilestone, desiredState, mapMilestone, milestone, synced } from './fixtures.js';

const scope = desiredState({ issues: [] });
const scoped = synced(scope);
const only = (over: Parameters<typeof desiredMilestone>[1]) => desiredState({ issues: [], milestones: [desiredMilestone('scope', over)] });

function changesOf(desired = scope, current: CurrentState = scoped): { op: string; changes: MilestoneFields; reason: string }[] {
  return plan(desired, current).operations.flatMap((o) => (o.op === 'update-milestone' || o.op === 'adopt-milestone' ? [{ op: o.op, changes: o.changes, reason: o.reason }] : []));
}

describe('milestone records and take-overs', () => {
  it('records the new title when renaming', () => {
    const [update] = changesOf(only({ title: 'Scoping' }));
    expect(parseMarker(update?.changes.description ?? '')?.wrote?.title).toBe(titleHash('Scoping'));
  });

  it('takes over a retired stage\'s milestone whole: its text, title and date are the tool\'s', () => {
    const retired = { ...EMPTY, milestones: [milestone(1, { title: 'stage scope', description: withMarker('old', { kind: 'stage', stage: 'old' }), dueOn: '2027-02-01T08:00:00Z' })] };
    const [adopt] = changesOf(scope, retired);
    expect(adopt?.changes).toMatchObject({ title: 'Stage scope', due_on: '2027-01-20T12:00:00Z' });
    expect(stripMarker(adopt?.changes.description ?? '')).toBe(stripMarker(scope.milestones[0]!.description));
    const same = { ...EMPTY, milestones: [milestone(1, { title: 'Stage scope', description: withMarker('old', { kind: 'stage', stage: 'old' }), dueOn: '2027-01-20T08:00:00Z' })] };
    expect(Object.keys(changesOf(scope, same)[0]?.changes ?? {})).toEqual(['description']);
  });

  it("gives a milestone made by hand the stage's title, in its spelling", () => {
    const byHand = { ...EMPTY, milestones: [milestone(1, { title: 'stage SCOPE' })] };
    expect(changesOf(scope, byHand)[0]?.changes.title).toBe('Stage scope');
    const exact = { ...EMPTY, milestones: [milestone(1, { title: 'Stage scope' })] };
    expect(changesOf(scope, exact)[0]?.changes.title).toBeUndefined();
  });

  it("refreshes the record of a person's text when the date moves, keeping the text", () => {
    const edited = mapMilestone(scoped, 1, (m) => ({ ...m, description: `Mine ${m.description ?? ''}` }));
    const [update] = changesOf(only({ dueOn: '2027-02-03' }), edited);
    expect(Object.keys(update?.changes ?? {})).toEqual(['due_on', 'description']);
    expect(update?.changes.description).toMatch(/^Mine What the scope stage is for\./);
    expect(parseMarker(update?.changes.description ?? '')?.wrote?.due).toBe('2027-02-03');
    // Nothing moved: the person's text is left alone, record and all.
    expect(changesOf(scope, edited)).toEqual([]);
  });

  it('writes a record where there is none, and leaves a record from before due dates were recorded', () => {
    const rewrite = (wrote: Record<string, string> | undefined) =>
      mapMilestone(scoped, 1, (m) => {
        const marker = parseMarker(m.description ?? '')!;
        const { wrote: _old, ...rest } = marker;
        return { ...m, description: setMarker(m.description ?? '', wrote === undefined ? rest : { ...rest, wrote }) };
      });
    expect(changesOf(scope, rewrite(undefined)).map((u) => u.reason)).toEqual(['record what was written']);
    expect(changesOf(scope, rewrite({ title: titleHash('Stage scope') }))).toEqual([]);
  });
});
