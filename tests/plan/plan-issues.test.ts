import { describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/plan/body-limit.js';
import { digest, formatMarker, parseMarker, setMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import type { CurrentState, Operation } from '../../src/plan/model.js';
import { isWrite } from '../../src/plan/model.js';
import { dependsOnIdentity, plan } from '../../src/plan/plan.js';
import { hasProposal, proposalComment, proposalMarker } from '../../src/plan/proposals.js';
import { applyPlanToState } from '../../src/plan/simulate.js';
import { EMPTY, desiredIssue, desiredMilestone, desiredState, issue, mapIssue, milestone, synced } from './fixtures.js';

const issueOps = (operations: Operation[]) => operations.filter((o) => 'task' in o);
const tick = (body: string | null, item: string) => (body ?? '').replace(`- [ ] ${item}`, `- [x] ${item}`);

describe('identity: which current objects stand for which declared ones', () => {
  const stageMarker = (stage: string) => withMarker('x', { kind: 'stage', stage });
  const milestoneOps = (operations: Operation[]) => operations.filter((o) => ('kind' in o ? o.kind === 'milestone' : o.op.endsWith('milestone')));

  it('adopts the oldest hand-made milestone with the title, compared trimmed and in any case, whatever order GitHub lists them in', () => {
    const current = { ...EMPTY, milestones: [milestone(9, { title: 'Stage scope' }), milestone(4, { title: ' STAGE SCOPE ' })] };
    expect(milestoneOps(plan(desiredState({ issues: [] }), current).operations).map((o) => [o.op, 'number' in o ? o.number : null])).toEqual([['adopt-milestone', 4]]);
    expect(current.milestones.map((m) => m.number)).toEqual([9, 4]);
  });

  it('keeps the oldest milestone of a stage, whatever order GitHub lists them in', () => {
    const current = { ...EMPTY, milestones: [milestone(9, { title: 'Stage scope', description: stageMarker('scope') }), milestone(4, { title: 'Older', description: stageMarker('scope') })] };
    const ops = milestoneOps(plan(desiredState({ issues: [] }), current).operations);
    expect(ops.map((o) => [o.op, 'number' in o ? o.number : null])).toEqual([
      ['update-milestone', 4],
      ['close-milestone', 9],
    ]);
    expect(current.milestones.map((m) => m.number)).toEqual([9, 4]);
  });

  it.each([
    ['a task marker', withMarker('x', { kind: 'task', stage: 'scope', task: 't' })],
    ['a stage marker without a stage', withMarker('x', { kind: 'stage' })],
  ])('neither matches nor adopts a milestone with %s', (_, description) => {
    const current = { ...EMPTY, milestones: [milestone(3, { title: 'Stage scope', description })] };
    expect(milestoneOps(plan(desiredState({ issues: [] }), current).operations).map((o) => o.op)).toEqual(['create-milestone']);
  });

  it.each([
    ['a task marker with an empty task', { kind: 'task', stage: 'scope', task: '' }, null],
    ['a task marker without a task', { kind: 'task', stage: 'scope' }, null],
    ['a guide marker', { kind: 'guide', stage: 'scope' }, null],
    ['a guide marker naming a task', { kind: 'guide', stage: 'scope', task: 'x' }, null],
    ['a marker without a stage', { kind: 'stage-issue' }, null],
    ['a stage issue marker', { kind: 'stage-issue', stage: 'scope' }, 7],
  ] as const)('takes an issue with %s for the stage issue: %s', (_, marker, number) => {
    const desired = { ...desiredState({ issues: [] }), stageIssues: [desiredIssue('scope', '', { title: 'Stage: Scope' })] };
    const current = { ...synced(desiredState({ issues: [] })), issues: [issue(7, { title: 'Elsewhere', body: withMarker('Text.', marker) })] };
    const ops = issueOps(plan(desired, current).operations);
    expect(ops.some((o) => o.op === 'create-issue')).toBe(number === null);
    expect(ops.some((o) => 'number' in o && o.number === 7)).toBe(number !== null);
  });

  it('tells apart tasks whose stage and task ids run together the same', () => {
    const desired = desiredState({ milestones: [desiredMilestone('ab'), desiredMilestone('a')], issues: [desiredIssue('ab', 'c'), desiredIssue('a', 'bc')] });
    const current = synced(desired);
    expect(current.issues).toHaveLength(2);
    expect(plan(desired, current).operations.filter(isWrite)).toEqual([]);
  });

  it('matches the oldest of the managed issues without a marker that have the task\'s title, whatever order GitHub lists them in', () => {
    const current = { ...synced(desiredState({ issues: [] })), issues: [issue(9, { title: 'Do define-use-case', body: 'Mine.' }), issue(4, { title: 'Do define-use-case', body: 'Older.' })] };
    expect(issueOps(plan(desiredState(), current).operations)).toMatchObject([{ op: 'drift', field: 'body', number: 4 }]);
    expect(current.issues.map((i) => i.number)).toEqual([9, 4]);
  });

  it('never takes an issue with another task\'s marker for a task whose title it has', () => {
    const other = withMarker('Text.', { kind: 'task', stage: 'scope', task: 'gone' });
    const current = { ...synced(desiredState({ issues: [] })), issues: [issue(5, { title: 'Do define-use-case', body: other })] };
    expect(issueOps(plan(desiredState(), current).operations).map((o) => [o.op, 'number' in o ? o.number : null])).toEqual([
      ['create-issue', null],
      ['noop', 5],
    ]);
  });

  it('keeps the oldest issue of a task, whatever order GitHub lists them in', () => {
    const first = synced(desiredState());
    const [only] = first.issues;
    if (!only) throw new Error('expected an issue');
    const current = { ...first, issues: [{ ...only, number: 9 }, { ...only, number: 4 }] };
    expect(issueOps(plan(desiredState(), current).operations).map((o) => [o.op, 'number' in o ? o.number : null])).toEqual([
      ['noop', 4],
      ['close-issue', 9],
    ]);
    expect(current.issues.map((i) => i.number)).toEqual([9, 4]);
  });
});

describe('issues', () => {
  it('creates a missing issue in its stage milestone with labels, assignees and the task marker', () => {
    const desired = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { assignees: ['ada'] })] });
    const [create] = issueOps(plan(desired, EMPTY).operations);
    expect(create).toMatchObject({ op: 'create-issue', stage: 'scope', task: 'define-use-case', fields: { title: 'Do define-use-case', labels: ['lifecycle', 'stage: scope'], assignees: ['ada'], milestoneStage: 'scope' } });
    if (create?.op !== 'create-issue') throw new Error('expected a create');
    expect(parseMarker(create.fields.body)).toMatchObject({ kind: 'task', stage: 'scope', task: 'define-use-case' });
  });

  it('finds issues by marker, never by title', () => {
    const desired = desiredState({ issues: [desiredIssue('scope', 'a', { title: 'Same' }), desiredIssue('scope', 'b', { title: 'Same' })] });
    const current = synced(desired);
    expect(issueOps(plan(desired, current).operations).map((o) => [o.op, 'number' in o ? o.number : null])).toEqual([
      ['noop', 1],
      ['noop', 2],
    ]);
  });

  it('ignores issues without a task marker', () => {
    const current: CurrentState = { ...synced(desiredState()), issues: [...synced(desiredState()).issues, issue(50, { title: 'Do define-use-case', body: 'hand-written' })] };
    expect(JSON.stringify(plan(desiredState(), current).operations)).not.toContain('"number":50');
  });

  it('matches a managed issue whose marker a person deleted by its title, reporting drift instead of creating a duplicate', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: 'Rewritten by hand, marker and all.' }));
    const ops = issueOps(plan(desiredState(), current).operations);
    expect(ops).toMatchObject([{ op: 'drift', field: 'body', number: 1 }]);
    expect(ops.some((o) => o.op === 'create-issue')).toBe(false);
  });

  it('restores the text and marker of such an issue with overwrite', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: 'Rewritten by hand, marker and all.' }));
    const [op] = issueOps(plan(desiredState(), current, { overwrite: true }).operations);
    expect(op).toMatchObject({ op: 'update-issue', number: 1 });
    if (op?.op !== 'update-issue') throw new Error('expected an update');
    expect(parseMarker(op.changes.body)).toMatchObject({ kind: 'task', stage: 'scope', task: 'define-use-case' });
  });

  it('retitles an issue when the config renames the task', () => {
    const current = synced(desiredState());
    const renamed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { title: 'Define the use case' })] });
    expect(issueOps(plan(renamed, current).operations)[0]).toMatchObject({ op: 'update-issue', number: 1, changes: { title: 'Define the use case' } });
  });

  it('keeps a title a person gave the issue while the config keeps the same title', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, title: 'Use case (draft)' }));
    expect(issueOps(plan(desiredState(), current).operations)).toMatchObject([{ op: 'drift', field: 'title', number: 1 }]);
  });

  it('adds declared labels the issue lacks and keeps the labels a person added', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, labels: [...i.labels, 'priority'] }));
    const more = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { labels: ['lifecycle', 'stage: scope', 'data'] })] });
    expect(issueOps(plan(more, current).operations)[0]).toMatchObject({ op: 'update-issue', changes: { labels: ['lifecycle', 'stage: scope', 'priority', 'data'] } });
  });

  it('leaves off a label a person removed while the config is unchanged', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, labels: ['lifecycle'] }));
    expect(issueOps(plan(desiredState(), current).operations)).toMatchObject([{ op: 'noop', reason: 'up to date' }]);
  });

  it('compares issue labels without regard to case', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, labels: ['Lifecycle', 'STAGE: scope'] }));
    const more = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { labels: ['lifecycle', 'stage: scope', 'data'] })] });
    expect(issueOps(plan(more, current).operations)[0]).toMatchObject({ changes: { labels: ['Lifecycle', 'STAGE: scope', 'data'] } });
  });

  it('keeps a person reassigning the issue, and adds a newly declared assignee beside theirs', () => {
    const declared = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { assignees: ['ada'] })] });
    const current = mapIssue(synced(declared), 1, (i) => ({ ...i, assignees: ['grace'] }));
    expect(issueOps(plan(declared, current).operations)).toMatchObject([{ op: 'noop' }]);
    const changed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { assignees: ['linus'] })] });
    expect(issueOps(plan(changed, current).operations)[0]).toMatchObject({ op: 'update-issue', changes: { assignees: ['grace', 'linus'] } });
  });

  it('leaves an issue a person moved to another milestone where they put it, reported as drift', () => {
    const two = desiredState({ milestones: [desiredMilestone('scope'), desiredMilestone('eval', { title: 'Eval' })] });
    const current = mapIssue(synced(two), 1, (i) => ({ ...i, milestone: 2 }));
    const ops = issueOps(plan(two, current).operations);
    expect(ops).toMatchObject([{ op: 'drift', kind: 'issue', field: 'milestone', number: 1, reason: expect.stringContaining('moved to milestone #2 by a person') }]);
    const applied = applyPlanToState(current, plan(two, current));
    expect(plan(two, applied).operations.filter(isWrite)).toEqual([]);
  });

  it('moves an issue a person moved back into its stage milestone with overwrite, recording where it put it', () => {
    const two = desiredState({ milestones: [desiredMilestone('scope'), desiredMilestone('eval', { title: 'Eval' })] });
    const current = mapIssue(synced(two), 1, (i) => ({ ...i, milestone: 2 }));
    const result = plan(two, current, { overwrite: true });
    expect(issueOps(result.operations)).toMatchObject([{ op: 'update-issue', changes: { milestoneStage: 'scope' }, reason: expect.stringContaining('where a person put it') }]);
    const applied = applyPlanToState(current, result);
    expect(applied.issues[0]?.milestone).toBe(1);
    expect(parseMarker(applied.issues[0]?.body)?.wrote?.milestone).toBe('1');
    expect(plan(two, applied, { overwrite: true }).operations.filter(isWrite)).toEqual([]);
  });

  it('leaves an issue a person took out of its milestone without one, reported as drift', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, milestone: null }));
    expect(issueOps(plan(desiredState(), current).operations)).toMatchObject([{ op: 'drift', field: 'milestone', reason: expect.stringContaining('taken out of its milestone by a person') }]);
  });

  it('records in the marker the milestone an issue is created in', () => {
    expect(parseMarker(synced(desiredState()).issues[0]?.body)?.wrote?.milestone).toBe('1');
  });

  it('tells a person\'s move from its own for an issue written before milestones were recorded', () => {
    const two = desiredState({ milestones: [desiredMilestone('scope'), desiredMilestone('eval', { title: 'Eval' })] });
    const legacy = (state: CurrentState, milestone: number | null) =>
      mapIssue(state, 1, (i) => {
        const marker = parseMarker(i.body);
        const { milestone: _recorded, ...wrote } = marker?.wrote ?? {};
        return { ...i, milestone, body: marker ? setMarker(i.body ?? '', { ...marker, wrote }) : i.body };
      });
    expect(issueOps(plan(two, legacy(synced(two), 2)).operations)).toMatchObject([{ op: 'drift', field: 'milestone' }]);
    // Its stage's own milestone, made again after the first was deleted: the tool's own change.
    const again = { ...legacy(synced(two), 1), milestones: synced(two).milestones.filter((m) => m.number !== 1) };
    expect(issueOps(plan(two, again).operations)).toMatchObject([{ op: 'update-issue', changes: { milestoneStage: 'scope' } }]);
  });

  it('moves an issue whose recorded milestone was deleted into the stage\'s new one', () => {
    const first = synced(desiredState());
    const deleted: CurrentState = { ...first, milestones: [], issues: first.issues.map((i) => ({ ...i, milestone: null })) };
    const result = plan(desiredState(), deleted);
    expect(issueOps(result.operations)).toMatchObject([{ op: 'update-issue', changes: { milestoneStage: 'scope' }, reason: 'put in its stage milestone' }]);
    const applied = applyPlanToState(deleted, result);
    expect(applied.issues[0]?.milestone).toBe(applied.milestones[0]?.number);
    expect(plan(desiredState(), applied).operations.filter(isWrite)).toEqual([]);
  });

  it('moves an issue into its stage milestone when that milestone is created in the same plan', () => {
    const current: CurrentState = { ...synced(desiredState()), milestones: [] };
    const result = plan(desiredState(), current).operations;
    expect(result.some((o) => o.op === 'create-milestone')).toBe(true);
    expect(issueOps(result)[0]).toMatchObject({ op: 'update-issue', changes: { milestoneStage: 'scope' } });
  });

  it('leaves a closed issue entirely alone', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, state: 'closed', stateReason: 'completed' }));
    const changed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { title: 'New title', text: 'New text', labels: ['x'] })] });
    expect(issueOps(plan(changed, current).operations)).toEqual([{ op: 'noop', kind: 'issue', stage: 'scope', task: 'define-use-case', number: 1, reason: 'closed; a closed issue is left as it is' }]);
  });

  it('does not count ticking boxes as an edit', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: tick(i.body, 'first step') }));
    expect(issueOps(plan(desiredState(), current).operations)).toMatchObject([{ op: 'noop', reason: 'up to date' }]);
  });

  it('carries ticked boxes into a re-rendered body, matched by item text', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: tick(tick(i.body, 'second step'), 'third step') }));
    const reordered = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { text: 'New intro.\n\n- [ ] third step\n- [ ] new step\n- [ ] first step' })] });
    const [update] = issueOps(plan(reordered, current).operations);
    if (update?.op !== 'update-issue') throw new Error('expected an update');
    expect(stripMarker(update.changes.body ?? '')).toBe('New intro.\n\n- [x] third step\n- [ ] new step\n- [ ] first step');
  });

  it('reports a body a person edited as drift and leaves the text alone', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: (i.body ?? '').replace('Why', 'Why exactly') }));
    const changed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { text: 'Rewritten.' })] });
    expect(issueOps(plan(changed, current).operations)).toMatchObject([
      { op: 'drift', kind: 'issue', field: 'body', number: 1, htmlUrl: 'https://github.invalid/issues/1' },
      { op: 'propose-text', kind: 'issue', number: 1, stage: 'scope', task: 'define-use-case' },
    ]);
  });

  it('proposes the new text of an edited issue in a comment: the diff from the text as it is (boxes unticked), the text in full, how to take it, the marker last', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: tick((i.body ?? '').replace('Why', 'Why exactly'), 'first step') }));
    const changed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { text: 'Rewritten.' })] });
    const proposal = issueOps(plan(changed, current).operations).find((o) => o.op === 'propose-text');
    if (proposal?.op !== 'propose-text') throw new Error('expected a proposal');
    expect(proposal).toMatchObject({ number: 1, htmlUrl: 'https://github.invalid/issues/1', digest: digest('Rewritten.') });
    expect(proposal.reason).toBe('the text for this task changed, and a person edited the description: the new text is proposed in a comment (overwrite replaces it)');
    const { comment } = proposal;
    expect(comment.startsWith('The life cycle now has new text for this issue. A person has edited the description, so it was left as it is; ')).toBe(true);
    expect(comment).toContain('\n\n```diff\n--- description now\n+++ new text\n');
    expect(comment).toContain('\n-Why exactly define-use-case matters.\n');
    expect(comment).toContain('\n-- [ ] first step\n');
    expect(comment).toContain('\n+Rewritten.\n');
    expect(comment).toContain('\n\n<details><summary>The new text in full</summary>\n\n```markdown\nRewritten.\n```\n\n</details>\n\n');
    expect(comment.endsWith(`or run the sync with \`overwrite\`. Until then the issue is reported as edited by a person.\n\n${proposalMarker('scope', 'define-use-case', digest('Rewritten.'))}\n`)).toBe(true);
    expect(hasProposal([comment], 'scope', 'define-use-case', digest('Rewritten.'))).toBe(true);
  });

  it.each([
    ['the marker on the last line', (m: string) => `text\n\n${m}\n`, true],
    ['the marker alone, Windows line endings and blanks after it', (m: string) => `${m}\r\n  \r\n`, true],
    ['text before it, Windows line endings', (m: string) => `text\r\n\r\n${m}\r\n`, true],
    ['text after the marker', (m: string) => `${m}\nmore`, false],
    ['the marker inside a line', (m: string) => `see ${m}`, false],
    ['the marker of another text', () => proposalMarker('scope', 'a', '0000000000000000'), false],
    ['the marker of another task', () => proposalMarker('scope', 'b', 'abcdef0123456789'), false],
    ['the marker of another stage', () => proposalMarker('build', 'a', 'abcdef0123456789'), false],
  ])('finds a proposal in a comment with %s: %s', (_, comment, found) => {
    const marker = proposalMarker('scope', 'a', 'abcdef0123456789');
    expect(marker).toBe('<!-- lifecycle-action-proposal {"v":1,"stage":"scope","task":"a","digest":"abcdef0123456789"} -->');
    expect(hasProposal(['other', comment(marker)], 'scope', 'a', 'abcdef0123456789')).toBe(found);
  });

  it('keeps a proposal of exactly GitHub\'s limit whole, and cuts one a character longer', () => {
    const marker = proposalMarker('scope', 'a', 'abcdef0123456789');
    const sized = (extra: number) => proposalComment(`now ${'n'.repeat(extra)}`, 'new', marker);
    const fill = BODY_LIMIT - sized(0).length;
    const exact = sized(fill);
    expect(exact.length).toBe(BODY_LIMIT);
    expect(exact).toContain('<details>');
    const over = sized(fill + 1);
    expect(over.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(over).not.toContain('<details>');
    expect(over).toContain('The rest of this text was cut');
  });

  it('cuts a proposal past GitHub\'s limit in the diff, keeping how to take it and the marker', () => {
    const long = Array.from({ length: 16000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const marker = proposalMarker('scope', 'a', 'abcdef0123456789');
    const comment = proposalComment(long, 'short', marker);
    expect(comment.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(comment.length).toBeGreaterThan(BODY_LIMIT - 200);
    expect(comment.startsWith('The life cycle now has new text')).toBe(true);
    expect(comment).not.toContain('<details>');
    expect(comment).toContain('> The rest of this text was cut: GitHub allows at most 65,536 characters here.\n\nTo take it, copy the new text');
    expect(comment.endsWith(`edited by a person.\n\n${marker}\n`)).toBe(true);
  });

  it('proposes nothing when only the person changed the text', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: (i.body ?? '').replace('Why', 'Why exactly') }));
    expect(issueOps(plan(desiredState(), current).operations)).toMatchObject([{ op: 'drift', kind: 'issue', field: 'body', number: 1 }]);
  });

  it('updates other fields of an edited issue, keeping the text and refreshing only the hidden record', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: (i.body ?? '').replace('Why', 'Why exactly') }));
    const before = current.issues[0]?.body ?? '';
    const renamed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { title: 'Renamed' })] });
    const [update, drift] = issueOps(plan(renamed, current).operations);
    if (update?.op !== 'update-issue') throw new Error('expected an update');
    expect(update.changes.title).toBe('Renamed');
    expect(stripMarker(update.changes.body ?? '')).toBe(stripMarker(before));
    expect(parseMarker(update.changes.body)?.digest).toBe(parseMarker(before)?.digest);
    expect(drift).toMatchObject({ op: 'drift', field: 'body' });
  });

  it('replaces an edited body with overwrite, keeping ticked boxes', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body: tick((i.body ?? '').replace('Why', 'Why exactly'), 'first step') }));
    const [update] = issueOps(plan(desiredState(), current, { overwrite: true }).operations);
    if (update?.op !== 'update-issue') throw new Error('expected an update');
    expect(stripMarker(update.changes.body ?? '')).toBe('Why define-use-case matters.\n\n- [x] first step\n- [ ] second step\n- [ ] third step');
    expect(update.reason).toContain('overwritten');
  });

  it('treats a marker without a digest as edited text', () => {
    const body = `Old text\n\n${formatMarker({ v: 1, kind: 'task', stage: 'scope', task: 'define-use-case' })}\n`;
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, body }));
    expect(issueOps(plan(desiredState(), current).operations).map((o) => o.op)).toEqual(['drift']);
  });

  it('keeps the oldest of two issues with the same identity and closes the newer as a duplicate', () => {
    const first = synced(desiredState());
    const current: CurrentState = { ...first, issues: [...first.issues, { ...first.issues[0]!, number: 4 }] };
    const result = plan(desiredState(), current);
    expect(issueOps(result.operations)).toMatchObject([
      { op: 'noop', number: 1 },
      { op: 'close-issue', number: 4, stateReason: 'duplicate', comment: expect.stringContaining('Duplicate of #1') },
    ]);
    expect(result.warnings).toEqual(['issues #1 and #4 both carry task "define-use-case" of stage "scope"; keeping #1, the oldest']);
  });

  it('does not close a duplicate that is already closed', () => {
    const first = synced(desiredState());
    const current: CurrentState = { ...first, issues: [...first.issues, { ...first.issues[0]!, number: 4, state: 'closed' }] };
    expect(issueOps(plan(desiredState(), current).operations)[1]).toMatchObject({ op: 'noop', number: 4 });
  });

  it('keeps the tool\'s own issue over an older one someone else opened with a copied marker, and never closes either', () => {
    const first = synced(desiredState());
    const own = { ...first.issues[0]!, number: 5, author: 'github-actions[bot]' };
    const copy = { ...first.issues[0]!, number: 2, author: 'mallory', title: 'Copied', htmlUrl: 'https://github.invalid/issues/2' };
    const current: CurrentState = { ...first, issues: [copy, own] };
    const result = plan(desiredState(), current, { identity: 'github-actions[bot]' });
    const ops = issueOps(result.operations);
    expect(ops).toMatchObject([
      { op: 'noop', number: 5, reason: 'up to date' },
      { op: 'conflict', kind: 'issue', number: 2, title: 'Copied', htmlUrl: 'https://github.invalid/issues/2', reason: expect.stringContaining('opened by @mallory') },
    ]);
    expect(ops.some((o) => o.op === 'close-issue')).toBe(false);
    expect(JSON.stringify(result.operations.filter(isWrite))).not.toContain('"number":2');
  });

  it('writes to the tool\'s own issue, never to a copy of its marker', () => {
    const first = synced(desiredState());
    const own = { ...first.issues[0]!, number: 5, author: 'github-actions[bot]' };
    const copy = { ...first.issues[0]!, number: 2, author: 'mallory' };
    const renamed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { title: 'Renamed' })] });
    const writes = plan(renamed, { ...first, issues: [copy, own] }, { identity: 'github-actions[bot]' }).operations.filter(isWrite);
    expect(writes.filter((o) => 'task' in o).map((o) => ['number' in o ? o.number : null, o.op])).toEqual([[5, 'update-issue']]);
  });

  it('closes nothing when two issues carry one marker and neither is known to be the tool\'s', () => {
    const first = synced(desiredState());
    const current: CurrentState = { ...first, issues: [{ ...first.issues[0]!, author: 'alice' }, { ...first.issues[0]!, number: 4, author: 'github-actions[bot]' }] };
    const ops = issueOps(plan(desiredState(), current).operations);
    expect(ops.map((o) => o.op)).toEqual(['noop', 'conflict']);
  });

  it.each([
    ['no operation', [], false],
    ['an issue closed as a duplicate', [{ op: 'close-issue', stage: 's', task: 't', number: 2, comment: '', stateReason: 'duplicate', reason: '' }], true],
    ['an issue closed as not planned', [{ op: 'close-issue', stage: 's', task: 't', number: 2, comment: '', stateReason: 'not_planned', reason: '' }], false],
    ['an issue in conflict', [{ op: 'conflict', kind: 'issue', stage: 's', task: 't', number: 2, title: '', htmlUrl: '', reason: '', resolve: '' }], true],
    ['an issue up to date', [{ op: 'noop', kind: 'issue', stage: 's', task: 't', number: 2, reason: 'up to date' }], false],
    ['a milestone in conflict', [{ op: 'conflict', kind: 'milestone', stage: 's', number: 2, title: '', htmlUrl: '', reason: '', resolve: '' }], false],
  ] as [string, Operation[], boolean][])('asks who the tool writes as for a plan with %s: %s', (_, operations, depends) => {
    expect(dependsOnIdentity({ operations, warnings: [] })).toBe(depends);
  });

  it('closes a newer copy by the same author as a duplicate, as a racing run leaves it', () => {
    const first = synced(desiredState());
    const bot = 'github-actions[bot]';
    const current: CurrentState = { ...first, issues: [{ ...first.issues[0]!, author: 'alice', number: 1 }, { ...first.issues[0]!, number: 4, author: bot }, { ...first.issues[0]!, number: 6, author: bot }] };
    const result = plan(desiredState(), current, { identity: bot });
    expect(issueOps(result.operations).map((o) => `${o.op}:${'number' in o ? o.number : ''}`)).toEqual(['noop:4', 'close-issue:6', 'conflict:1']);
    expect(result.warnings).toEqual(['issues #4 and #6 both carry task "define-use-case" of stage "scope"; keeping #4, the oldest opened by github-actions[bot]']);
  });

  it('closes an issue the config no longer declares only with prune, as not planned with a comment', () => {
    const two = desiredState({ issues: [desiredIssue('scope', 'a'), desiredIssue('scope', 'b')] });
    const current = synced(two);
    const one = desiredState({ issues: [desiredIssue('scope', 'a')] });
    expect(issueOps(plan(one, current).operations)[1]).toMatchObject({ op: 'noop', number: 2, reason: 'no longer declared; run with prune to close' });
    const pruned = issueOps(plan(one, current, { prune: true }).operations)[1];
    expect(pruned).toMatchObject({ op: 'close-issue', number: 2, stateReason: 'not_planned', comment: expect.stringContaining('no longer in the project') });
  });

  it('never closes again an issue no longer declared that is already closed', () => {
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, state: 'closed' }));
    const none = desiredState({ issues: [] });
    expect(issueOps(plan(none, current, { prune: true }).operations)).toMatchObject([{ op: 'noop', reason: 'no longer declared; already closed' }]);
  });
});

describe('the plan as a whole', () => {
  const two = () =>
    desiredState({
      milestones: [desiredMilestone('scope'), desiredMilestone('eval', { title: 'Eval' })],
      issues: [desiredIssue('eval', 'b'), desiredIssue('scope', 'a')],
    });

  it('orders labels, then milestones, then issues, each in declared order', () => {
    const order = plan(two(), EMPTY).operations.map((o) => `${o.op}:${'task' in o ? o.task : 'stage' in o ? o.stage : ''}`);
    expect(order).toEqual(['create-label:', 'create-label:', 'create-label:', 'create-milestone:scope', 'create-milestone:eval', 'create-issue:b', 'create-issue:a']);
  });

  it('puts duplicates and undeclared objects after the declared ones', () => {
    const first = synced(two());
    const current: CurrentState = { ...first, issues: [{ ...first.issues[1]!, number: 0 }, ...first.issues] };
    const result = plan(desiredState({ milestones: two().milestones, issues: [desiredIssue('scope', 'a')] }), current, { prune: true });
    expect(issueOps(result.operations).map((o) => `${o.op}:${'number' in o ? o.number : ''}`)).toEqual(['noop:0', 'close-issue:2', 'close-issue:1']);
  });

  it('answers the same plan for the same input and leaves the input untouched', () => {
    const current = mapIssue(synced(two()), 1, (i) => ({ ...i, title: 'x', labels: [] }));
    const snapshot = JSON.stringify(current);
    const a = plan(two(), current, { prune: true });
    const b = plan(two(), current, { prune: true });
    expect(a).toEqual(b);
    expect(JSON.stringify(current)).toBe(snapshot);
  });

  it('tells writes from noops and drift', () => {
    const kinds = plan(two(), EMPTY).operations.map(isWrite);
    expect(kinds.every(Boolean)).toBe(true);
    const after = applyPlanToState(EMPTY, plan(two(), EMPTY));
    expect(plan(two(), after).operations.some(isWrite)).toBe(false);
    expect(isWrite({ op: 'drift', kind: 'issue', stage: 's', number: 1, field: 'body', htmlUrl: '', reason: '' })).toBe(false);
  });

  it('leaves declared labels off an issue that people filled with labels, rather than have GitHub refuse the update', () => {
    const people = Array.from({ length: 98 }, (_, i) => `person-${i}`);
    const current = mapIssue(synced(desiredState()), 1, (i) => ({ ...i, labels: [...i.labels, ...people] }));
    const more = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { title: 'Define the use case', labels: ['lifecycle', 'stage: scope', 'needs-owner'] })] });
    const result = plan(more, current);
    const [op] = issueOps(result.operations);
    expect(op).toMatchObject({ op: 'update-issue', number: 1, changes: { title: 'Define the use case' } });
    expect(op?.op === 'update-issue' && 'labels' in op.changes).toBe(false);
    expect(result.warnings).toEqual([expect.stringContaining('has 100 labels; adding "needs-owner" would pass GitHub\'s 100, so they are left off')]);
  });

  it('writes bodies whose marker records the title, labels and assignees it wrote', () => {
    const create = plan(desiredState(), EMPTY).operations.find((o) => o.op === 'create-issue');
    if (create?.op !== 'create-issue') throw new Error('expected a create');
    expect(Object.keys(parseMarker(create.fields.body)?.wrote ?? {})).toEqual(['title', 'labels', 'assignees']);
    expect(stripMarker(create.fields.body)).toBe(stripMarker(withMarker('Why define-use-case matters.\n\n- [ ] first step\n- [ ] second step\n- [ ] third step', { kind: 'task', stage: 'scope', task: 'define-use-case' })));
  });
});
