import { describe, expect, it } from 'vitest';
import { hierarchySection, planLinks, reorderMoves, type LinkedIssue, type ReorderMove, type StageLinkInput } from '../../src/progress/hierarchy.js';

const task = (number: number, parent: LinkedIssue['parent'] = null): LinkedIssue => ({ number, id: 1000 + number, parent });

function stage(over: Partial<StageLinkInput> = {}): StageLinkInput {
  return { stage: 'scope', issue: { number: 1, id: 1001, parent: null, subIssues: 0, blockedBy: 0 }, tasks: [task(2), task(3)], blockers: [], ...over };
}

describe('planLinks', () => {
  it('adds every task without a parent, in declared order, and lists nothing', () => {
    const plan = planLinks([stage()]);
    expect(plan.add.map((a) => a.child)).toEqual([2, 3]);
    expect(plan.add[0]).toEqual({ stage: 'scope', parent: 1, child: 2, childId: 1002 });
    expect(plan.listChildren).toEqual([]);
  });

  it('summaries that agree with the plan: nothing to add, nothing to list', () => {
    const plan = planLinks([stage({ issue: { number: 1, id: 1001, parent: null, subIssues: 2, blockedBy: 1 }, tasks: [task(2, 1), task(3, 1)], blockers: [task(9)] })]);
    expect(plan).toEqual({ add: [], listChildren: [], listBlockers: [], heldElsewhere: [], overflow: [] });
  });

  it('a task declared before placed ones is added and the order is checked', () => {
    const plan = planLinks([stage({ issue: { number: 1, id: 1001, parent: null, subIssues: 1 }, tasks: [task(4), task(2, 1)] })]);
    expect(plan.add.map((a) => a.child)).toEqual([4]);
    expect(plan.listChildren).toEqual(['scope']);
  });

  it('a task added after the placed ones needs no listing', () => {
    const plan = planLinks([stage({ issue: { number: 1, id: 1001, parent: null, subIssues: 1 }, tasks: [task(2, 1), task(4)] })]);
    expect(plan.listChildren).toEqual([]);
  });

  it('a sub-issue a person added makes the counts disagree: one listing', () => {
    const plan = planLinks([stage({ issue: { number: 1, id: 1001, parent: null, subIssues: 3 }, tasks: [task(2, 1), task(3, 1)] })]);
    expect(plan.listChildren).toEqual(['scope']);
  });

  it('a task a person put under another parent stays there, reported', () => {
    const plan = planLinks([stage({ tasks: [task(2, 7), task(3, 'elsewhere')] })]);
    expect(plan.add).toEqual([]);
    expect(plan.heldElsewhere).toEqual([
      { stage: 'scope', child: 2, parent: 7 },
      { stage: 'scope', child: 3, parent: 'elsewhere' },
    ]);
  });

  it('missing blockers are listed only where the count is short', () => {
    expect(planLinks([stage({ blockers: [task(9)] })]).listBlockers).toEqual(['scope']);
    expect(planLinks([stage({ issue: { number: 1, parent: null, blockedBy: 1 }, blockers: [task(9)] })]).listBlockers).toEqual([]);
  });

  it('150 tasks: the first 100 become sub-issues, the rest overflow into the body', () => {
    const tasks = Array.from({ length: 150 }, (_, i) => task(10 + i));
    const plan = planLinks([stage({ tasks })]);
    expect(plan.add).toHaveLength(100);
    expect(plan.overflow).toEqual([{ stage: 'scope', numbers: tasks.slice(100).map((t) => t.number) }]);
  });
});

describe('reorderMoves', () => {
  const cases: Array<[string, number[], number[], ReorderMove[]]> = [
    ['in order', [1, 2, 3], [1, 2, 3], []],
    ['the last added belongs first', [2, 3, 1], [1, 2, 3], [{ id: 1, beforeId: 2 }]],
    ['a person\'s sub-issue in between is left where it is', [1, 9, 2, 3], [1, 2, 3], []],
    ['swapped pair', [1, 3, 2], [1, 2, 3], [{ id: 2, afterId: 1 }]],
    // The first of ours goes before the one first now (3), not before the one declared next (2).
    ['the first behind one that belongs last', [3, 1, 2], [1, 2, 3], [{ id: 1, beforeId: 3 }, { id: 2, afterId: 1 }]],
  ];
  it.each(cases)('%s', (_name, listed, wanted, moves) => {
    expect(reorderMoves(listed, wanted)).toEqual(moves);
  });

  /** GitHub's reprioritize: the sub-issue taken out, then put right after or right before its anchor. */
  function applyAsGitHub(listed: readonly number[], moves: readonly ReorderMove[]): number[] {
    const order = [...listed];
    for (const move of moves) {
      order.splice(order.indexOf(move.id), 1);
      const anchor = 'afterId' in move ? move.afterId : move.beforeId;
      order.splice(order.indexOf(anchor) + ('afterId' in move ? 1 : 0), 0, move.id);
    }
    return order;
  }

  function permutations(items: number[]): number[][] {
    if (items.length <= 1) return [items];
    return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
  }

  it('applied as GitHub applies them, give the declared order from every order, a person\'s sub-issues kept in place', () => {
    const wanted = [1, 2, 3, 4, 5];
    for (const listedOurs of permutations(wanted)) {
      for (const listed of [listedOurs, [90, ...listedOurs.slice(0, 2), 91, ...listedOurs.slice(2)]]) {
        const after = applyAsGitHub(listed, reorderMoves(listed, wanted));
        expect(after.filter((id) => id < 90), listed.join()).toEqual(wanted);
        expect(after.filter((id) => id >= 90)).toEqual(listed.filter((id) => id >= 90));
        expect(reorderMoves(after, wanted)).toEqual([]);
      }
    }
  });
});

describe('hierarchySection', () => {
  it('dependencies without sub-issues (GitHub Enterprise Server 3.19): only the task list', () => {
    expect(hierarchySection({ subIssues: false, dependencies: true }, [2], [1])).toBe('### Tasks\n\n- [ ] #2');
  });
  it('fallback: a task list and the dependencies as links', () => {
    expect(hierarchySection({ subIssues: false, dependencies: false }, [2, 3], [1])).toBe('### Tasks\n\n- [ ] #2\n- [ ] #3\n\nBlocked by #1.');
  });
  it('native: nothing, unless past 100 tasks', () => {
    expect(hierarchySection({ subIssues: true, dependencies: true }, [2, 3], [1])).toBe('');
    const many = Array.from({ length: 102 }, (_, i) => i + 10);
    expect(hierarchySection({ subIssues: true, dependencies: true }, many, [])).toContain('- [ ] #110\n- [ ] #111');
  });
});
