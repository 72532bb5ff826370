// Convergence, proven over arbitrary configs and arbitrary human edits: a plan applied and planned
// again leaves nothing to write, planning is a pure function, and what people did survives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tickedItems } from '../../src/plan/checkboxes.js';
import { parseMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentIssue, CurrentState, DesiredIssue, DesiredMilestone, DesiredState, PlanOptions } from '../../src/plan/model.js';
import { isWrite } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { applyPlanToState } from '../../src/plan/simulate.js';
import { isEdited } from '../../src/plan/text.js';
import { EMPTY, milestone } from './fixtures.js';

const RUNS = { numRuns: 150 };
const STAGES = ['scope', 'data', 'pre-training', 'prompting', 'fine-tuning', 'rlhf', 'eval', 'deploy'];
const TASKS = ['define', 'collect', 'label', 'measure', 'review'];
const ITEMS = ['collect data', 'label data', 'write prompts', 'measure quality', 'review risks', 'ship it'];
const WORDS = ['model', 'data', 'the', 'prompt', 'réseau', '模型', '@team', 'a -> b', '**bold**', '<b>', '`code`', '  '];
const DATES = ['2027-01-04', '2027-03-14', '2027-03-15', '2027-07-01', '2027-11-07', '2027-12-31'];

const textArb = fc
  .tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), fc.array(fc.constantFrom(...ITEMS), { maxLength: 5 }))
  .map(([words, items]) => [words.join(' '), ...items.map((i) => `- [ ] ${i}`)].join('\n'));

const issueArb = (stage: string, task: string): fc.Arbitrary<DesiredIssue> =>
  fc
    .record({
      title: fc.constantFrom('Define the use case', 'Collect data', 'Measure', 'Same title'),
      text: textArb,
      labels: fc.subarray(['data', 'risk', 'Docs']),
      assignees: fc.subarray(['ada', 'grace', 'linus']),
    })
    .map(({ title, text, labels, assignees }) => ({
      stage,
      task,
      title,
      body: withMarker(text, { kind: 'task', stage, task }),
      labels: ['lifecycle', `stage: ${stage}`, ...labels],
      assignees,
    }));

const stageArb = (stage: string): fc.Arbitrary<{ milestone: DesiredMilestone; issues: DesiredIssue[] }> =>
  fc
    .record({
      name: fc.constantFrom('Scope', 'Data', 'Tuning', 'Evaluation'),
      text: textArb,
      dueOn: fc.option(fc.constantFrom(...DATES)),
      tasks: fc.uniqueArray(fc.constantFrom(...TASKS), { maxLength: 3 }),
    })
    .chain(({ name, text, dueOn, tasks }) =>
      fc.tuple(...tasks.map((task) => issueArb(stage, task))).map((issues) => ({
        // Titles are unique per repository; the stage id keeps declared titles apart.
        milestone: { stage, title: `${name} · ${stage}`, description: withMarker(text, { kind: 'stage', stage }), dueOn },
        issues,
      })),
    );

const desiredArb: fc.Arbitrary<DesiredState> = fc
  .uniqueArray(fc.constantFrom(...STAGES), { minLength: 1, maxLength: 4 })
  .chain((stages) => fc.tuple(...stages.map(stageArb)))
  .chain((stages) =>
    fc.constantFrom('ededed', '0E8A16').map((color) => ({
      managedLabel: 'lifecycle',
      labels: [
        { name: 'lifecycle', color, description: 'Managed by lifecycle-action' },
        ...stages.map((s) => ({ name: `stage: ${s.milestone.stage}`, color: '1d76db', description: s.milestone.title })),
      ],
      milestones: stages.map((s) => s.milestone),
      issues: stages.flatMap((s) => s.issues),
    })),
  );

type Edit =
  | 'edit-body'
  | 'tick'
  | 'close'
  | 'remove-label'
  | 'add-label'
  | 'retitle'
  | 'reassign'
  | 'unmilestone'
  | 'move-milestone'
  | 'duplicate'
  | 'rename-milestone'
  | 'edit-description'
  | 'close-milestone'
  | 'tick-description';
const EDITS: Edit[] = ['edit-body', 'tick', 'close', 'remove-label', 'add-label', 'retitle', 'reassign', 'unmilestone', 'move-milestone', 'duplicate', 'rename-milestone', 'edit-description', 'close-milestone', 'tick-description'];
const editsArb = fc.array(fc.tuple(fc.constantFrom(...EDITS), fc.nat()), { maxLength: 12 });
const optionsArb: fc.Arbitrary<PlanOptions> = fc.record({ overwrite: fc.boolean(), prune: fc.boolean() });

const tickFirst = (text: string | null): string | null => (text === null ? null : text.replace('- [ ] ', '- [x] '));

/** What people do between two runs: edit text, tick boxes, close things, relabel, rename. */
function humanEdits(state: CurrentState, edits: [Edit, number][]): CurrentState {
  const issues = state.issues.map((i) => ({ ...i, labels: [...i.labels], assignees: [...i.assignees] }));
  const milestones = state.milestones.map((m) => ({ ...m }));
  for (const [edit, n] of edits) {
    const i = issues[n % Math.max(1, issues.length)];
    const m = milestones[n % Math.max(1, milestones.length)];
    switch (edit) {
      case 'edit-body':
        if (i) i.body = `A note from a person.\n${i.body ?? ''}`;
        break;
      case 'tick':
        if (i) i.body = tickFirst(i.body);
        break;
      case 'close':
        if (i) Object.assign(i, { state: 'closed', stateReason: 'completed' });
        break;
      case 'remove-label':
        if (i) i.labels = i.labels.slice(1);
        break;
      case 'add-label':
        if (i) i.labels = [...i.labels, 'needs-review'];
        break;
      case 'retitle':
        if (i) i.title = `${i.title} (reworded)`;
        break;
      case 'reassign':
        if (i) i.assignees = ['someone-else'];
        break;
      case 'unmilestone':
        if (i) i.milestone = null;
        break;
      case 'move-milestone':
        if (i && m) i.milestone = m.number;
        break;
      case 'duplicate':
        if (i) issues.push({ ...i, number: Math.max(...issues.map((x) => x.number)) + 1, labels: [...i.labels], assignees: [...i.assignees] });
        break;
      case 'rename-milestone':
        if (m) m.title = `${m.title} (renamed #${m.number})`;
        break;
      case 'edit-description':
        if (m) m.description = `Our own words.\n${m.description ?? ''}`;
        break;
      case 'close-milestone':
        if (m) m.state = 'closed';
        break;
      case 'tick-description':
        if (m) m.description = tickFirst(m.description);
        break;
    }
  }
  return { ...state, issues, milestones };
}

const firstRun = (desired: DesiredState): CurrentState => applyPlanToState(EMPTY, plan(desired, EMPTY));

/** Issues that are the kept object of their identity (the oldest), by number. */
function keptIssues(state: CurrentState): Map<number, CurrentIssue> {
  const seen = new Set<string>();
  const kept = new Map<number, CurrentIssue>();
  for (const i of [...state.issues].sort((a, b) => a.number - b.number)) {
    const marker = parseMarker(i.body);
    const key = `${marker?.stage}/${marker?.task}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.set(i.number, i);
  }
  return kept;
}

describe('convergence', () => {
  it('leaves nothing to write after a plan is applied, from any config change and any human edits', () => {
    fc.assert(
      fc.property(desiredArb, desiredArb, editsArb, optionsArb, (before, after, edits, options) => {
        const current = humanEdits(firstRun(before), edits);
        const applied = applyPlanToState(current, plan(after, current, options));
        const next = plan(after, applied, options).operations;
        // A proposal of new text is a comment: the state holds no comments, so it is planned again,
        // and the applier finds the one already posted by its marker (tests/sync/proposals.test.ts).
        // It is only ever planned for an issue whose edited body is left alone.
        const again = next.filter((op) => isWrite(op) && op.op !== 'propose-text');
        expect(again).toEqual([]);
        for (const op of next.filter((o) => o.op === 'propose-text')) {
          expect(next).toContainEqual(expect.objectContaining({ op: 'drift', kind: 'issue', number: op.number, field: 'body' }));
        }
      }),
      RUNS,
    );
  });

  it('plans the same operations twice for the same input, without changing the input', () => {
    fc.assert(
      fc.property(desiredArb, desiredArb, editsArb, optionsArb, (before, after, edits, options) => {
        const current = humanEdits(firstRun(before), edits);
        const snapshot = structuredClone(current);
        const first = plan(after, current, options);
        expect(plan(after, structuredClone(current), options)).toEqual(first);
        expect(current).toEqual(snapshot);
      }),
      RUNS,
    );
  });

  it('takes over hand-made milestones with the declared titles instead of duplicating them', () => {
    fc.assert(
      fc.property(desiredArb, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (desired, handMade) => {
        const current: CurrentState = {
          ...EMPTY,
          milestones: desired.milestones.filter((_, k) => handMade[k]).map((m, k) => milestone(k + 1, { title: m.title, description: 'Made by hand' })),
        };
        const result = plan(desired, current);
        expect(result.operations.filter((o) => o.op === 'adopt-milestone')).toHaveLength(current.milestones.length);
        const applied = applyPlanToState(current, result); // throws on a duplicate title, as GitHub would
        expect(applied.milestones).toHaveLength(desired.milestones.length);
        expect(plan(desired, applied).operations.filter(isWrite)).toEqual([]);
      }),
      RUNS,
    );
  });
});

describe('human edits survive', () => {
  it('keeps every edit people made when the config did not change', () => {
    fc.assert(
      fc.property(desiredArb, editsArb, fc.boolean(), (desired, edits, prune) => {
        const current = humanEdits(firstRun(desired), edits);
        const applied = applyPlanToState(current, plan(desired, current, { prune }));
        const after = new Map(applied.issues.map((i) => [i.number, i]));
        for (const [number, before] of keptIssues(current)) {
          const now = after.get(number);
          expect(now?.title).toBe(before.title);
          expect(stripMarker(now?.body ?? '')).toBe(stripMarker(before.body ?? ''));
          expect(now?.labels).toEqual(before.labels);
          expect(now?.assignees).toEqual(before.assignees);
          expect(now?.milestone).toBe(before.milestone);
          expect(now?.state).toBe(before.state);
        }
        const milestonesAfter = new Map(applied.milestones.map((m) => [m.number, m]));
        for (const before of current.milestones) {
          const now = milestonesAfter.get(before.number);
          expect(now?.title).toBe(before.title);
          expect(stripMarker(now?.description ?? '')).toBe(stripMarker(before.description ?? ''));
          expect(now?.state).toBe(before.state);
        }
      }),
      RUNS,
    );
  });

  it('never reopens, deletes or unlabels, and never rewrites edited text, whatever the new config', () => {
    fc.assert(
      fc.property(desiredArb, desiredArb, editsArb, fc.boolean(), (before, after, edits, prune) => {
        const current = humanEdits(firstRun(before), edits);
        const applied = applyPlanToState(current, plan(after, current, { prune }));
        const issuesAfter = new Map(applied.issues.map((i) => [i.number, i]));
        for (const was of current.issues) {
          const now = issuesAfter.get(was.number);
          expect(now).toBeDefined();
          if (was.state === 'closed') expect(now?.state).toBe('closed');
          for (const label of was.labels) expect(now?.labels).toContain(label);
          if (isEdited(was.body, parseMarker(was.body))) expect(stripMarker(now?.body ?? '')).toBe(stripMarker(was.body ?? ''));
        }
        const milestonesAfter = new Map(applied.milestones.map((m) => [m.number, m]));
        const titleBefore = new Map(before.milestones.map((m) => [m.stage, m.title]));
        const titleAfter = new Map(after.milestones.map((m) => [m.stage, m.title]));
        for (const was of current.milestones) {
          const now = milestonesAfter.get(was.number);
          if (was.state === 'closed') expect(now?.state).toBe('closed');
          const marker = parseMarker(was.description);
          if (isEdited(was.description, marker)) expect(stripMarker(now?.description ?? '')).toBe(stripMarker(was.description ?? ''));
          // A person's rename holds as long as the config keeps the stage's name.
          const stage = marker?.stage ?? '';
          if (titleBefore.get(stage) === titleAfter.get(stage)) expect(now?.title).toBe(was.title);
        }
      }),
      RUNS,
    );
  });

  it('keeps every ticked box whose item is still in the re-rendered text', () => {
    fc.assert(
      fc.property(desiredArb, desiredArb, editsArb, fc.boolean(), (before, after, edits, overwrite) => {
        const current = humanEdits(firstRun(before), edits);
        const applied = applyPlanToState(current, plan(after, current, { overwrite }));
        const texts = [
          ...applied.issues.map((i) => [current.issues.find((c) => c.number === i.number)?.body ?? null, i.body] as const),
          ...applied.milestones.map((m) => [current.milestones.find((c) => c.number === m.number)?.description ?? null, m.description] as const),
        ];
        for (const [was, now] of texts) {
          const ticked = tickedItems(now);
          for (const item of tickedItems(was).keys()) {
            if ((now ?? '').includes(`] ${item}`)) expect(ticked.has(item)).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });
});
