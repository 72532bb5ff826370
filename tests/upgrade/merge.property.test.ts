// Properties of the merge over generated life cycles: a base, an edition that edits it, and a team's
// file that edits it another way, with the team's own comments and expressions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Document, isMap, isScalar, isSeq, parse } from 'yaml';
import type { Node, Pair } from 'yaml';
import { mergeLifecycle } from '../../src/upgrade/merge.js';

interface Task {
  id: string;
  title: string;
  checklist?: string[];
}
interface Stage {
  id: string;
  name: string;
  estimate: { duration: string };
  checklist: string[];
  tasks: Task[];
}
interface Config {
  version: 1;
  project: { name: string };
  variables: { fast: boolean };
  stages: Stage[];
}

const ITEMS = ['Review done', 'Metrics agreed', 'Licence quoted', 'Data versioned', 'Owner named', 'Risks listed'];
const NAMES = ['Scope', 'Data', 'Tuning', 'Evaluation', 'Launch', 'Alignment'];
const TITLES = ['Write it down', 'Pick metrics', 'Collect data', 'Run the eval', 'Ship it'];
const DURATIONS = ['1w', '3d', '10d', "${{ vars.fast && '2d' || '3w' }}"];
const TEAM_EXPRESSIONS = ["${{ vars.fast && '1d' || '4w' }}", "${{ !vars.fast && '6d' || '2d' }}"];

const task = (id: string): fc.Arbitrary<Task> =>
  fc.record({ id: fc.constant(id), title: fc.constantFrom(...TITLES), checklist: fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 3 }) });

const stage = (id: string): fc.Arbitrary<Stage> =>
  fc.record({
    id: fc.constant(id),
    name: fc.constantFrom(...NAMES),
    estimate: fc.record({ duration: fc.constantFrom(...DURATIONS) }),
    checklist: fc.uniqueArray(fc.constantFrom(...ITEMS), { maxLength: 4 }),
    tasks: fc.uniqueArray(fc.constantFrom('t1', 't2', 't3', 't4'), { maxLength: 3 }).chain((ids) => fc.tuple(...ids.map(task))),
  });

const config: fc.Arbitrary<Config> = fc
  .uniqueArray(fc.constantFrom('scope', 'data', 'tune', 'eval', 'ship'), { minLength: 1, maxLength: 4 })
  .chain((ids) => fc.tuple(...ids.map(stage)))
  .map((stages) => ({ version: 1 as const, project: { name: 'Demo' }, variables: { fast: false }, stages }));

/** One edit, applied to whatever stage or task its numbers land on. */
type Edit = { op: string; a: number; b: number; pick: number };
const edits = fc.array(
  fc.record({
    op: fc.constantFrom('rename', 'duration', 'add-item', 'drop-item', 'drop-task', 'add-task', 'retitle', 'add-stage', 'drop-stage', 'move-stage', 'move-item'),
    a: fc.nat(),
    b: fc.nat(),
    pick: fc.nat(),
  }),
  { maxLength: 5 },
);

function applyEdits(base: Config, list: Edit[], side: 'ours' | 'theirs'): Config {
  const next = structuredClone(base);
  for (const { op, a, b, pick } of list) {
    const stage = next.stages[a % next.stages.length];
    if (!stage) continue;
    const t = stage.tasks[b % Math.max(1, stage.tasks.length)];
    const durations = side === 'ours' ? [...DURATIONS, ...TEAM_EXPRESSIONS] : DURATIONS;
    if (op === 'rename') stage.name = `${NAMES[pick % NAMES.length]} ${side}`;
    else if (op === 'duration') stage.estimate.duration = durations[pick % durations.length] ?? '1w';
    else if (op === 'add-item') {
      const item = `${ITEMS[pick % ITEMS.length]} (${side})`;
      if (!stage.checklist.includes(item)) stage.checklist.splice(b % (stage.checklist.length + 1), 0, item);
    } else if (op === 'drop-item') stage.checklist.splice(b % Math.max(1, stage.checklist.length), 1);
    else if (op === 'drop-task') stage.tasks.splice(b % Math.max(1, stage.tasks.length), 1);
    else if (op === 'retitle' && t) t.title = `${TITLES[pick % TITLES.length]} (${side})`;
    else if (op === 'add-task') {
      const id = `${side}-${pick % 3}`;
      if (!stage.tasks.some((x) => x.id === id)) stage.tasks.push({ id, title: 'New work' });
    } else if (op === 'add-stage') {
      const id = `${side}-stage-${pick % 3}`;
      if (!next.stages.some((s) => s.id === id)) next.stages.splice(b % (next.stages.length + 1), 0, { id, name: `Added ${id}`, estimate: { duration: '1w' }, checklist: [], tasks: [] });
    } else if (op === 'drop-stage' && next.stages.length > 1) next.stages.splice(a % next.stages.length, 1);
    else if (op === 'move-stage') next.stages.splice(b % next.stages.length, 0, ...next.stages.splice(a % next.stages.length, 1));
    else if (op === 'move-item' && stage.checklist.length > 1) stage.checklist.splice(pick % stage.checklist.length, 0, ...stage.checklist.splice(b % stage.checklist.length, 1));
  }
  return next;
}

/**
 * The file as text: the preset's comment on each stage, and with `team` set, a team's comment on
 * each stage name and after each duration. Checklists are written both ways (block and flow).
 */
function render(data: Config, team: boolean): string {
  const doc = new Document(data);
  const stages = doc.get('stages', true);
  if (isSeq(stages)) {
    for (const item of stages.items) {
      if (!isMap(item)) continue;
      const id = String(item.get('id'));
      item.commentBefore = ` preset: the ${id} stage`;
      const checklist = item.get('checklist', true);
      if (isSeq(checklist)) checklist.flow = id.length % 2 === 0;
      if (!team) continue;
      const name = item.items.find((p: Pair) => isScalar(p.key) && p.key.value === 'name');
      if (name && isScalar(name.key)) name.key.commentBefore = ` team: we call ${id} this`;
      const duration = (item.get('estimate', true) as Node | undefined) && (doc.getIn(['stages', stages.items.indexOf(item), 'estimate', 'duration'], true) as Node);
      if (duration) duration.comment = ` team: ${id} estimate checked`;
    }
  }
  return doc.toString({ lineWidth: 0 });
}

const commentsOf = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('#') || /\s#\s/.test(l)).map((l) => l.slice(l.indexOf('#')));
const expressionsOf = (text: string) => text.match(/\$\{\{[^}]*\}\}/g) ?? [];

const RUNS = { numRuns: 100, seed: 20261201 };

describe('merge properties', () => {
  it('when the team changed nothing, the result reads as the new edition', () => {
    fc.assert(
      fc.property(config, edits, (base, theirsEdits) => {
        const baseText = render(base, false);
        const theirs = render(applyEdits(base, theirsEdits, 'theirs'), false);
        const result = mergeLifecycle({ base: baseText, theirs, ours: baseText });
        expect(result.conflicts).toEqual([]);
        expect(parse(result.text)).toEqual(parse(theirs));
      }),
      RUNS,
    );
  });

  it("when the edition changed nothing, the result is the team's file, byte for byte", () => {
    fc.assert(
      fc.property(config, edits, (base, oursEdits) => {
        const baseText = render(base, false);
        const ours = render(applyEdits(base, oursEdits, 'ours'), true);
        expect(mergeLifecycle({ base: baseText, theirs: baseText, ours })).toEqual({ text: ours, conflicts: [] });
      }),
      RUNS,
    );
  });

  it('merging the result again changes nothing', () => {
    fc.assert(
      fc.property(config, edits, edits, fc.constantFrom('mark', 'ours', 'theirs') as fc.Arbitrary<'mark' | 'ours' | 'theirs'>, (base, oursEdits, theirsEdits, resolution) => {
        const baseText = render(base, false);
        const ours = render(applyEdits(base, oursEdits, 'ours'), true);
        const theirs = render(applyEdits(base, theirsEdits, 'theirs'), false);
        const once = mergeLifecycle({ base: baseText, theirs, ours }, resolution).text;
        expect(mergeLifecycle({ base: baseText, theirs, ours: once }, resolution).text).toBe(once);
      }),
      RUNS,
    );
  });

  it("no comment of the team's and no expression the team wrote is lost", () => {
    fc.assert(
      fc.property(config, edits, edits, (base, oursEdits, theirsEdits) => {
        const baseText = render(base, false);
        const ours = render(applyEdits(base, oursEdits, 'ours'), true);
        const theirs = render(applyEdits(base, theirsEdits, 'theirs'), false);
        const merged = mergeLifecycle({ base: baseText, theirs, ours }).text;
        const mergedComments = new Set(commentsOf(merged));
        for (const comment of commentsOf(ours).filter((c) => c.startsWith('# team:'))) expect(mergedComments).toContain(comment);
        const baseExpressions = new Set(expressionsOf(baseText));
        for (const expression of expressionsOf(ours).filter((e) => !baseExpressions.has(e))) expect(merged).toContain(expression);
      }),
      RUNS,
    );
  });
});
