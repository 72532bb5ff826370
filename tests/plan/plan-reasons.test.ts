// What the plan says about each milestone and issue it touches: the reasons `lifecycle plan` prints
// beside every operation and the warnings it prints above them, scenario by scenario.
import { describe, expect, it } from 'vitest';
import { withMarker } from '../../src/plan/marker.js';
import type { CurrentState, DesiredState, Operation, PlanOptions } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { EMPTY, desiredMilestone, desiredState, mapMilestone, milestone, synced } from './fixtures.js';

const scope = desiredState({ issues: [] });
const scoped = synced(scope);
const withTwo = desiredState({ issues: [], milestones: [desiredMilestone('scope'), desiredMilestone('old')] });
const twoSynced = synced(withTwo);
const only = (over: Parameters<typeof desiredMilestone>[1]) => desiredState({ issues: [], milestones: [desiredMilestone('scope', over)] });
const editedText = mapMilestone(scoped, 1, (m) => ({ ...m, description: `Mine ${m.description ?? ''}` }));

/** Each milestone operation as [op, number, reason, and the field of a drift], then the warnings. */
function said(desired: DesiredState, current: CurrentState, options: PlanOptions = {}): string[] {
  const result = plan(desired, current, options);
  const isMilestone = (o: Operation) => o.op.endsWith('-milestone') || (('kind' in o) && o.kind === 'milestone');
  return [
    ...result.operations.filter(isMilestone).map((o) => `${o.op} ${'number' in o ? `#${o.number}` : 'new'}${o.op === 'drift' ? ` ${o.field}` : ''}: ${o.reason}${o.op === 'conflict' ? ` | ${o.resolve}` : ''}`),
    ...result.warnings.map((w) => `warning: ${w}`),
  ];
}

describe('what the plan says about milestones', () => {
  it.each<[string, DesiredState, CurrentState, PlanOptions, string[]]>([
    ['none yet', scope, EMPTY, {}, ['create-milestone new: no milestone carries stage "scope"']],
    ['one made by hand, empty', scope, { ...EMPTY, milestones: [milestone(1, { title: 'Stage scope' })] }, {}, ['adopt-milestone #1: milestone #1 has the title "Stage scope" and no marker; taking it over']],
    [
      'one made by hand with its own text and date',
      scope,
      { ...EMPTY, milestones: [milestone(1, { title: 'stage SCOPE', description: 'mine', dueOn: '2027-02-01T08:00:00Z' })] },
      {},
      [
        'adopt-milestone #1: milestone #1 has the title "Stage scope" and no marker; taking it over, keeping the description and due date a person gave it',
        'drift #1 description: made by a person with a description of its own; adopted with that description left as it is (overwrite replaces it)',
        'drift #1 due_on: made by a person with the due date 2027-02-01; left as it is, where the schedule says 2027-01-20 (overwrite replaces it)',
      ],
    ],
    [
      'one made by hand with only a date, none planned',
      only({ dueOn: null }),
      { ...EMPTY, milestones: [milestone(1, { title: 'Stage scope', dueOn: '2027-02-01T08:00:00Z' })] },
      {},
      [
        'adopt-milestone #1: milestone #1 has the title "Stage scope" and no marker; taking it over, keeping the due date a person gave it',
        'drift #1 due_on: made by a person with the due date 2027-02-01; left as it is, where the schedule says none (overwrite replaces it)',
      ],
    ],
    [
      "a retired stage's, with the title",
      scope,
      { ...EMPTY, milestones: [milestone(1, { title: 'Stage scope', description: withMarker('old', { kind: 'stage', stage: 'old' }) })] },
      {},
      ['adopt-milestone #1: milestone #1 has the title "Stage scope" and belonged to stage "old", which is no longer declared; taking it over'],
    ],
    [
      'a closed one with the title',
      scope,
      { ...EMPTY, milestones: [milestone(1, { title: 'Stage scope', state: 'closed' })] },
      {},
      [
        'conflict #1: milestone #1 has the title "Stage scope" and no marker, and it is closed: a closed milestone is never adopted, so stage "scope" has no milestone and its issues are created without one | rename milestone #1 so the tool can create the stage\'s own, or reopen it so the tool adopts it; the stage\'s issues then move into that milestone',
      ],
    ],
    ['its own, closed', scope, mapMilestone(scoped, 1, (m) => ({ ...m, state: 'closed' })), {}, ['noop #1: closed; a closed milestone is left as it is']],
    ['its own, up to date', scope, scoped, {}, ['noop #1: up to date']],
    ['the stage renamed', only({ title: 'Scoping' }), scoped, {}, ['update-milestone #1: title "Stage scope" → "Scoping"']],
    ['renamed by a person', scope, mapMilestone(scoped, 1, (m) => ({ ...m, title: 'Mine' })), {}, ['drift #1 title: title changed by a person to "Mine"; left as it is']],
    ['a new due date', only({ dueOn: '2027-02-03' }), scoped, {}, ['update-milestone #1: due 2027-01-20 → 2027-02-03']],
    ['no due date any more', only({ dueOn: null }), scoped, {}, ['update-milestone #1: due 2027-01-20 → none']],
    ['a due date for the first time', only({}), mapMilestone(scoped, 1, (m) => ({ ...m, dueOn: null })), {}, ['drift #1 due_on: due date changed by a person to none; left as it is (overwrite replaces it)']],
    ['a date a person moved', scope, mapMilestone(scoped, 1, (m) => ({ ...m, dueOn: '2027-03-01T08:00:00Z' })), {}, ['drift #1 due_on: due date changed by a person to 2027-03-01; left as it is (overwrite replaces it)']],
    ['a date a person moved, overwritten', scope, mapMilestone(scoped, 1, (m) => ({ ...m, dueOn: '2027-03-01T08:00:00Z' })), { overwrite: true }, ["update-milestone #1: due 2027-03-01 → 2027-01-20 (a person's date, overwritten)"]],
    ['a new text', only({ text: 'New text' }), scoped, {}, ['update-milestone #1: description re-rendered']],
    ['a text a person edited', scope, editedText, {}, ['drift #1 description: description edited by a person; left as it is (overwrite replaces it)']],
    ['a text a person edited, overwritten', scope, editedText, { overwrite: true }, ['update-milestone #1: description edited by a person; overwritten']],
    ['a stage no longer declared', scope, twoSynced, {}, ['noop #1: up to date', 'noop #2: no longer declared; run with prune to close']],
    ['a stage no longer declared, pruned', scope, twoSynced, { prune: true }, ['noop #1: up to date', 'close-milestone #2: stage "old" is no longer declared']],
    ['a stage no longer declared, closed', scope, mapMilestone(twoSynced, 2, (m) => ({ ...m, state: 'closed' })), { prune: true }, ['noop #1: up to date', 'noop #2: stage "old" is no longer declared; already closed']],
    [
      'copies of the marker',
      scope,
      { ...scoped, milestones: [...scoped.milestones, { ...scoped.milestones[0]!, number: 5, title: 'Copy' }, { ...scoped.milestones[0]!, number: 6, title: 'Copy 2', state: 'closed' }] },
      {},
      [
        'noop #1: up to date',
        'close-milestone #5: duplicate of milestone #1 (same stage marker)',
        'noop #6: duplicate of milestone #1 (stage "scope"), already closed',
        'warning: milestones #1 and #5 both carry stage "scope"; keeping #1, the oldest',
        'warning: milestones #1 and #6 both carry stage "scope"; keeping #1, the oldest',
      ],
    ],
    [
      'a stage declared twice',
      desiredState({ issues: [], milestones: [desiredMilestone('scope'), desiredMilestone('scope', { title: 'Other' })] }),
      EMPTY,
      {},
      ['create-milestone new: no milestone carries stage "scope"', 'warning: stage "scope" is declared twice; only the first is planned'],
    ],
    [
      'a rename onto a title taken',
      only({ title: 'Taken' }),
      { ...scoped, milestones: [...scoped.milestones, milestone(7, { title: 'Taken' })] },
      {},
      ['noop #1: up to date', 'warning: milestone #1 (stage "scope") cannot be renamed to "Taken": another milestone has that title'],
    ],
    [
      'two new ones with one title',
      desiredState({ issues: [], milestones: [desiredMilestone('scope'), desiredMilestone('b', { title: 'Stage scope' })] }),
      EMPTY,
      {},
      [
        'create-milestone new: no milestone carries stage "scope"',
        'create-milestone new: no milestone carries stage "b"',
        'warning: milestone for stage "scope" cannot be created: another milestone has the title "Stage scope"',
        'warning: milestone for stage "b" cannot be created: another milestone has the title "Stage scope"',
      ],
    ],
  ])('%s', (_name, desired, current, options, expected) => {
    expect(said(desired, current, options)).toEqual(expected);
  });
});
