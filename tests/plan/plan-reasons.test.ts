// What the plan says about each milestone and issue it touches: the reasons `lifecycle plan` prints
// beside every operation and the warnings it prints above them, scenario by scenario.
import { describe, expect, it } from 'vitest';
import { withMarker } from '../../src/plan/marker.js';
import type { CurrentState, DesiredState, Operation, PlanOptions } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { EMPTY, desiredIssue, desiredMilestone, desiredState, mapIssue, mapMilestone, milestone, synced } from './fixtures.js';

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

const tasks = desiredState();
const tasked = synced(tasks);
const first = tasked.issues[0]!;
const task = (over: Parameters<typeof desiredIssue>[2]) => desiredState({ issues: [desiredIssue('scope', 'define-use-case', over)] });
const orphan = mapIssue(tasked, 1, (i) => ({ ...i, body: 'replaced' }));
const elsewhere = { ...tasked, milestones: [...tasked.milestones, milestone(9, { title: 'Other' })] };
const withOld = synced(desiredState({ issues: [desiredIssue('scope', 'define-use-case'), desiredIssue('scope', 'old')] }));
const stageIssueOnly = synced({ ...desiredState({ issues: [] }), stageIssues: [desiredIssue('scope', '', { title: 'Stage: Scope' })] });

/** Each issue operation as [op, number, task, reason, and what it posts or asks], then the warnings. */
function saidOfIssues(desired: DesiredState, current: CurrentState, options: PlanOptions = {}): string[] {
  const result = plan(desired, current, options);
  const isIssue = (o: Operation) => o.op.endsWith('-issue') || (('kind' in o) && o.kind === 'issue');
  return [
    ...result.operations.filter(isIssue).map((o) => {
      const head = `${o.op} ${'number' in o ? `#${o.number}` : 'new'} ${'task' in o ? o.task : ''}`;
      const changed = o.op === 'update-issue' ? ` [${Object.keys(o.changes).join(', ')}]` : o.op === 'drift' ? ` [${o.field}]` : '';
      const more = o.op === 'close-issue' ? ` | ${o.comment}` : o.op === 'conflict' ? ` | ${o.resolve}` : '';
      return `${head}${changed}: ${o.reason}${more}`;
    }),
    ...result.warnings.map((w) => `warning: ${w}`),
  ];
}

describe('what the plan says about issues', () => {
  it.each<[string, DesiredState, CurrentState, PlanOptions, string[]]>([
    ['none yet', tasks, { ...tasked, issues: [] }, {}, ['create-issue new define-use-case: no issue carries task "define-use-case" of stage "scope"']],
    [
      'none yet, a closed milestone holding the title',
      tasks,
      { ...EMPTY, milestones: [milestone(1, { title: 'Stage scope', state: 'closed' })] },
      {},
      ['create-issue new define-use-case: no issue carries task "define-use-case" of stage "scope"; created without a milestone, since a closed milestone holds the stage\'s title'],
    ],
    [
      "a stage's own issue",
      { ...desiredState({ issues: [] }), stageIssues: [desiredIssue('scope', '', { title: 'Stage: Scope' })] },
      tasked,
      {},
      ['create-issue new : no issue carries the issue of stage "scope"', 'noop #1 define-use-case: no longer declared; run with prune to close'],
    ],
    [
      'a stage without a milestone',
      desiredState({ milestones: [], issues: [desiredIssue('x', 'a')] }),
      EMPTY,
      {},
      ['create-issue new a: no issue carries task "a" of stage "x"', 'warning: task "a" belongs to stage "x", which has no milestone in the plan'],
    ],
    [
      'a task declared twice',
      desiredState({ issues: [desiredIssue('scope', 'a'), desiredIssue('scope', 'a', { title: 'B' })] }),
      EMPTY,
      {},
      ['create-issue new a: no issue carries task "a" of stage "scope"', 'warning: task "a" of stage "scope" is declared twice; only the first is planned'],
    ],
    [
      'its marker removed',
      tasks,
      orphan,
      {},
      ["drift #1 define-use-case [body]: has the task's title and the managed label but its marker was removed; left as it is instead of creating a duplicate (overwrite restores it)"],
    ],
    ['its marker removed, overwritten', tasks, orphan, { overwrite: true }, ['update-issue #1 define-use-case [body]: marker removed by a person; body overwritten (ticked boxes kept)']],
    ['its marker removed, closed', tasks, mapIssue(orphan, 1, (i) => ({ ...i, state: 'closed' })), {}, ['noop #1 define-use-case: closed, without its marker; a closed issue is left as it is']],
    ['closed', tasks, mapIssue(tasked, 1, (i) => ({ ...i, state: 'closed' })), {}, ['noop #1 define-use-case: closed; a closed issue is left as it is']],
    ['up to date', tasks, tasked, {}, ['noop #1 define-use-case: up to date']],
    ['a new title', task({ title: 'New' }), tasked, {}, ['update-issue #1 define-use-case [title, body]: title "Do define-use-case" → "New"']],
    ['retitled by a person', tasks, mapIssue(tasked, 1, (i) => ({ ...i, title: 'Mine' })), {}, ['drift #1 define-use-case [title]: title changed by a person to "Mine"; left as it is']],
    [
      'new labels and assignees',
      task({ labels: ['lifecycle', 'stage: scope', 'x', 'y'], assignees: ['ana', 'bob'] }),
      tasked,
      {},
      ['update-issue #1 define-use-case [labels, assignees, body]: add labels "x", "y"; assign ana, bob'],
    ],
    ['one new label', task({ labels: ['lifecycle', 'stage: scope', 'x'] }), tasked, {}, ['update-issue #1 define-use-case [labels, body]: add label "x"']],
    [
      'a new label on an issue with 100',
      task({ labels: ['lifecycle', 'stage: scope', 'x'] }),
      mapIssue(tasked, 1, (i) => ({ ...i, labels: Array.from({ length: 100 }, (_, k) => `l${k}`) })),
      {},
      [
        'update-issue #1 define-use-case [body]: record in the marker brought up to date; text unchanged',
        'warning: issue #1 (task "define-use-case" of stage "scope") has 100 labels; adding "lifecycle", "stage: scope", "x" would pass GitHub\'s 100, so they are left off',
      ],
    ],
    ['taken out of its milestone', tasks, mapIssue(tasked, 1, (i) => ({ ...i, milestone: null })), {}, ['drift #1 define-use-case [milestone]: taken out of its milestone by a person; left there (overwrite moves it back)']],
    [
      'taken out of its milestone, overwritten',
      tasks,
      mapIssue(tasked, 1, (i) => ({ ...i, milestone: null })),
      { overwrite: true },
      ['update-issue #1 define-use-case [milestoneStage, body]: put back in its stage milestone (a person took it out; overwritten)'],
    ],
    ['moved to another milestone', tasks, mapIssue(elsewhere, 1, (i) => ({ ...i, milestone: 9 })), {}, ['drift #1 define-use-case [milestone]: moved to milestone #9 by a person; left there (overwrite moves it back)']],
    [
      'moved to another milestone, overwritten',
      tasks,
      mapIssue(elsewhere, 1, (i) => ({ ...i, milestone: 9 })),
      { overwrite: true },
      ['update-issue #1 define-use-case [milestoneStage, body]: move from milestone #9, where a person put it, back to its stage milestone (overwritten)'],
    ],
    ['a body a person edited', tasks, mapIssue(tasked, 1, (i) => ({ ...i, body: `Mine ${i.body ?? ''}` })), {}, ['drift #1 define-use-case [body]: body edited by a person; left as it is (overwrite replaces it)']],
    [
      'a body a person edited, overwritten',
      tasks,
      mapIssue(tasked, 1, (i) => ({ ...i, body: `Mine ${i.body ?? ''}` })),
      { overwrite: true },
      ['update-issue #1 define-use-case [body]: body edited by a person; overwritten (ticked boxes kept)'],
    ],
    ['a new text', task({ text: 'New text' }), tasked, {}, ['update-issue #1 define-use-case [body]: body re-rendered (ticked boxes kept)']],
    [
      'copies by the same author',
      tasks,
      { ...tasked, issues: [first, { ...first, number: 7 }, { ...first, number: 8, state: 'closed' }] },
      {},
      [
        'noop #1 define-use-case: up to date',
        'close-issue #7 define-use-case: duplicate of #1 (same task marker) | Duplicate of #1: both issues stand for task `define-use-case` of stage `scope`, and the oldest one is kept. Nothing was deleted.',
        'noop #8 define-use-case: duplicate of #1, already closed',
        'warning: issues #1 and #7 both carry task "define-use-case" of stage "scope"; keeping #1, the oldest',
        'warning: issues #1 and #8 both carry task "define-use-case" of stage "scope"; keeping #1, the oldest',
      ],
    ],
    [
      'copies by the login the token writes as',
      tasks,
      { ...tasked, issues: [{ ...first, author: 'bot' }, { ...first, number: 7, author: 'Bot' }] },
      { identity: 'bot' },
      [
        'noop #1 define-use-case: up to date',
        'close-issue #7 define-use-case: duplicate of #1 (same task marker) | Duplicate of #1: both issues stand for task `define-use-case` of stage `scope`, and the oldest one is kept. Nothing was deleted.',
        'warning: issues #1 and #7 both carry task "define-use-case" of stage "scope"; keeping #1, the oldest opened by bot',
      ],
    ],
    [
      "a copy of the tool's marker by someone else",
      tasks,
      { ...tasked, issues: [{ ...first, author: 'bot' }, { ...first, number: 7, author: 'mallory' }] },
      { identity: 'bot' },
      [
        'noop #1 define-use-case: up to date',
        'conflict #7 define-use-case: #7, opened by @mallory, carries the marker of task "define-use-case" of stage "scope", whose issue is #1 (opened by the tool); left as it is, never closed or taken over | remove the hidden lifecycle-action marker from the body of #7 if it is a separate piece of work, or close it if it repeats #1',
      ],
    ],
    [
      "a copy of a person's marker by someone else",
      tasks,
      { ...tasked, issues: [{ ...first, author: 'alice' }, { ...first, number: 7, author: 'mallory' }] },
      { identity: 'bot' },
      [
        'noop #1 define-use-case: up to date',
        'conflict #7 define-use-case: #7, opened by @mallory, carries the marker of task "define-use-case" of stage "scope", whose issue is #1 (opened by @alice); left as it is, never closed or taken over | remove the hidden lifecycle-action marker from the body of #7 if it is a separate piece of work, or close it if it repeats #1',
      ],
    ],
    ['a task no longer declared', tasks, withOld, {}, ['noop #1 define-use-case: up to date', 'noop #2 old: no longer declared; run with prune to close']],
    [
      'a task no longer declared, pruned',
      tasks,
      withOld,
      { prune: true },
      [
        'noop #1 define-use-case: up to date',
        "close-issue #2 old: task \"old\" of stage \"scope\" is no longer declared | Closed as not planned: task `old` of stage `scope` is no longer in the project's life cycle (it was removed from the configuration, or its `when` condition is now false). Nothing was deleted; declare the task again and reopen this issue to pick it up where it was left.",
      ],
    ],
    ['a task no longer declared, closed', tasks, mapIssue(withOld, 2, (i) => ({ ...i, state: 'closed' })), { prune: true }, ['noop #1 define-use-case: up to date', 'noop #2 old: no longer declared; already closed']],
    [
      'a stage issue no longer declared, pruned',
      desiredState({ issues: [] }),
      stageIssueOnly,
      { prune: true },
      [
        "close-issue #1 : stage \"scope\" is no longer declared | Closed as not planned: stage `scope` is no longer in the project's life cycle (it was removed from the configuration, or its `when` condition is now false). Nothing was deleted; declare the stage again and reopen this issue to pick it up where it was left.",
      ],
    ],
  ])('%s', (_name, desired, current, options, expected) => {
    expect(saidOfIssues(desired, current, options)).toEqual(expected);
  });
});
