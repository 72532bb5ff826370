import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.js';
import { previewFiles } from '../../src/plan/previews.js';
import type { Operation, Plan } from '../../src/plan/model.js';
import { countVerbs, formatPlanReport, verb } from '../../src/plan/report.js';
import type { Schedule } from '../../src/schedule/schedule.js';
import { EMPTY, desiredIssue, desiredMilestone, desiredState, mapIssue, milestone, synced } from './fixtures.js';

const stage = (id: string, due: string | null, active = true) => ({
  id,
  name: id,
  active,
  skippedReason: active ? null : 'vars.x is false',
  duration: '2d',
  days: 2,
  start: null,
  due,
  dependsOn: [],
  critical: true,
});

const schedule: Schedule = {
  calendar: 'days',
  start: '2027-01-04',
  end: '2027-01-20',
  totalDays: 12,
  stages: [stage('scope', '2027-01-20'), stage('skip', null, false)],
  criticalPath: ['scope'],
};

describe('plan report', () => {
  it('words each row by what happens: unchanged, edited by a person, not declared', () => {
    const before = desiredState({ issues: [desiredIssue('scope', 'a'), desiredIssue('scope', 'b'), desiredIssue('scope', 'gone')] });
    const current = mapIssue(synced(before), 2, (i) => ({ ...i, body: `Mine. ${i.body ?? ''}` }));
    const now = desiredState({ issues: [desiredIssue('scope', 'a'), desiredIssue('scope', 'b')] });
    const lines = formatPlanReport({ subject: 'acme/app', offline: false, plan: plan(now, current), schedule });
    expect(lines).toEqual([
      'Plan for acme/app (start 2027-01-04, days)',
      '  stage   due          milestone   issues',
      '  scope   2027-01-20   unchanged   1 edited by a person, 1 unchanged, 1 not declared',
      '  skip    —            skipped (vars.x is false)',
      '  labels: 2 unchanged',
      'Critical path: scope (12 days)',
      'Nothing to write.',
    ]);
  });

  it('counts verbs in a fixed order', () => {
    const ops = plan(desiredState({ milestones: [desiredMilestone('scope')], issues: [desiredIssue('scope', 'a'), desiredIssue('scope', 'b')] }), EMPTY).operations;
    expect(countVerbs(ops)).toBe('5 create');
  });

  it('shows a closed milestone in the way of a stage as a conflict, with how to resolve it', () => {
    const current = { ...EMPTY, milestones: [milestone(4, { title: 'Stage scope', state: 'closed' })] };
    const lines = formatPlanReport({ subject: 'acme/app', offline: false, plan: plan(desiredState(), current), schedule });
    expect(lines[2]).toBe('  scope   2027-01-20   conflict    1 create');
    expect(lines).toContain(
      'conflict: milestone #4 has the title "Stage scope" and no marker, and it is closed: a closed milestone is never adopted, so stage "scope" has no milestone and its issues are created without one. ' +
        "To resolve: rename milestone #4 so the tool can create the stage's own, or reopen it so the tool adopts it; the stage's issues then move into that milestone.",
    );
  });

  it('names preview files by stage and task order, without the hidden marker', () => {
    const files = previewFiles(desiredState({ milestones: [desiredMilestone('scope', { dueOn: null })], issues: [desiredIssue('scope', 'a', { assignees: ['ada'] })] }));
    expect(files.map((f) => f.path)).toEqual(['01-scope/milestone.md', '01-scope/01-a.md']);
    expect(files[0]?.content).toContain('> Milestone of stage `scope` · no due date');
    expect(files[1]?.content).toContain('assignees: ada');
    expect(files.some((f) => f.content.includes('lifecycle-action'))).toBe(false);
  });
});

// Operations as the planner makes them, cut to the fields the report reads.
const label = { name: 'x', color: 'ededed', description: '' };
const url = 'https://github.invalid/x';
const OPS: Record<string, Operation> = {
  createLabel: { op: 'create-label', label, reason: '' },
  updateLabel: { op: 'update-label', name: 'x', changes: {}, reason: '' },
  createMilestone: { op: 'create-milestone', stage: 'scope', fields: { title: 'S', description: '', due_on: null }, reason: '' },
  updateMilestone: { op: 'update-milestone', stage: 'scope', number: 1, changes: {}, reason: '' },
  adoptMilestone: { op: 'adopt-milestone', stage: 'scope', number: 1, changes: {}, reason: '' },
  closeMilestone: { op: 'close-milestone', stage: 'scope', number: 1, reason: '' },
  createIssue: { op: 'create-issue', stage: 'scope', task: 'a', fields: { title: 'A', body: '', labels: [], assignees: [], milestoneStage: 'scope' }, reason: '' },
  updateIssue: { op: 'update-issue', stage: 'scope', task: 'a', number: 2, changes: {}, reason: '' },
  closeIssue: { op: 'close-issue', stage: 'scope', task: 'a', number: 2, comment: '', stateReason: 'not_planned', reason: '' },
  closeStageIssue: { op: 'close-stage-issue', stage: 'scope', number: 3, changes: {}, comment: null, reason: '' },
  reopenStageIssue: { op: 'reopen-stage-issue', stage: 'scope', number: 3, changes: {}, comment: null, reason: '' },
  announceStage: { op: 'announce-stage', stage: 'scope', number: 3, changes: {}, comment: null, reason: '' },
  drift: { op: 'drift', kind: 'milestone', stage: 'scope', number: 1, field: 'due_on', htmlUrl: url, reason: '' },
  conflict: { op: 'conflict', kind: 'issue', stage: 'scope', task: 'c', number: 5, title: 'C', htmlUrl: url, reason: '#5 copies a marker', resolve: 'remove it' },
  proposeText: { op: 'propose-text', kind: 'issue', stage: 'scope', task: 'b', number: 4, htmlUrl: url, digest: 'd', comment: '', reason: '' },
  upToDate: { op: 'noop', kind: 'issue', stage: 'scope', task: 'a', number: 2, reason: 'up to date' },
  closed: { op: 'noop', kind: 'issue', stage: 'scope', task: 'a', number: 2, reason: 'closed; a closed issue is left as it is' },
  notDeclared: { op: 'noop', kind: 'issue', stage: 'gone', task: 'a', number: 2, reason: 'no longer declared; run with prune to close' },
  duplicate: { op: 'noop', kind: 'issue', stage: 'scope', task: 'a', number: 6, reason: 'duplicate of #2, already closed' },
};

describe('plan report words', () => {
  it.each([
    ['createLabel', 'create'],
    ['createMilestone', 'create'],
    ['createIssue', 'create'],
    ['updateLabel', 'update'],
    ['updateMilestone', 'update'],
    ['updateIssue', 'update'],
    ['adoptMilestone', 'adopt'],
    ['closeMilestone', 'close'],
    ['closeIssue', 'close'],
    ['closeStageIssue', 'close'],
    ['reopenStageIssue', 'reopen'],
    ['announceStage', 'announce'],
    ['drift', 'edited by a person'],
    ['conflict', 'conflict'],
    ['proposeText', 'propose new text'],
    ['upToDate', 'unchanged'],
    ['closed', 'closed'],
    ['notDeclared', 'not declared'],
    ['duplicate', 'duplicate'],
  ])('%s is shown as "%s"', (name, word) => {
    expect(verb(OPS[name] as Operation)).toBe(word);
  });

  it('counts every verb in the fixed order, whatever the order of the plan', () => {
    const names = ['duplicate', 'notDeclared', 'closed', 'upToDate', 'drift', 'conflict', 'proposeText', 'announceStage', 'reopenStageIssue', 'closeIssue', 'updateIssue', 'adoptMilestone', 'createIssue', 'createLabel'];
    const ops = names.map((n) => OPS[n] as Operation);
    expect(countVerbs(ops)).toBe(
      '2 create, 1 adopt, 1 update, 1 close, 1 reopen, 1 announce, 1 propose new text, 1 conflict, 1 edited by a person, 1 unchanged, 1 closed, 1 not declared, 1 duplicate',
    );
    expect(countVerbs([])).toBe('');
  });
});

describe('plan report layout', () => {
  const sched = (over: Partial<Schedule> = {}): Schedule => ({ ...schedule, stages: [stage('scope', null)], criticalPath: [], ...over });
  const report = (operations: Operation[], over: Partial<Schedule> = {}, offline = false, warnings: string[] = []) =>
    formatPlanReport({ subject: 'demo', offline, plan: { operations, warnings } satisfies Plan, schedule: sched(over) });

  it('sorts operations into milestone and issue columns, adds the stages no longer declared, and lists conflicts and warnings', () => {
    const o = (name: string) => OPS[name] as Operation;
    const operations = [
      o('createLabel'),
      o('updateMilestone'),
      o('closeMilestone'),
      o('createIssue'),
      o('announceStage'),
      o('proposeText'),
      o('drift'),
      o('conflict'),
      { op: 'noop', kind: 'milestone', stage: 'old', number: 9, reason: 'no longer declared; run with prune to close' },
      { op: 'close-milestone', stage: 'old', number: 11, reason: 'duplicate of milestone #9 (same stage marker)' },
      { op: 'close-issue', stage: 'old', task: 't', number: 10, comment: '', stateReason: 'not_planned', reason: '' },
      o('notDeclared'),
      { op: 'noop', kind: 'label', name: 'x', reason: 'up to date' },
    ] satisfies Operation[];
    const lines = report(operations, { calendar: 'workdays', start: null, totalDays: 1, stages: [stage('scope', null), { ...stage('skip', null, false), skippedReason: null }], criticalPath: ['scope'] }, true, [
      'two milestones carry one stage',
    ]);
    expect(lines).toEqual([
      'Plan for demo (offline, no start date, workdays)',
      `  stage   due   milestone${' '.repeat(27)}issues`,
      '  scope   —     update, close, edited by a person   1 create, 1 announce, 1 propose new text, 1 conflict',
      // The reason of a skipped stage runs past the milestone column instead of widening it.
      '  skip    —     skipped (its when condition is false)',
      `  old     —     not declared, close${' '.repeat(17)}1 close`,
      `  gone    —     —${' '.repeat(35)}1 not declared`,
      '  labels: 1 create, 1 unchanged',
      'Critical path: scope (1 workday)',
      'conflict: #5 copies a marker. To resolve: remove it.',
      'warning: two milestones carry one stage',
      '8 writes planned for an empty repository; nothing was written.',
    ]);
  });

  it('sizes the id and due columns by every stage, skipped or not, and leaves a stage with nothing planned blank', () => {
    const lines = report([OPS.updateLabel as Operation], { stages: [stage('a', null), stage('a-long-skipped-stage', null, false)] });
    expect(lines.slice(1, 5)).toEqual([
      `  stage${' '.repeat(15)}   due   milestone   issues`,
      `  a${' '.repeat(22)}—`,
      '  a-long-skipped-stage   —     skipped (vars.x is false)',
      '  labels: 1 update',
    ]);
  });

  it.each([
    [{ calendar: 'workdays', totalDays: 3, criticalPath: ['a', 'b'] }, 'Critical path: a → b (3 workdays)'],
    [{ calendar: 'days', totalDays: 1, criticalPath: ['a'] }, 'Critical path: a (1 day)'],
    [{ calendar: 'days', totalDays: null, criticalPath: ['a'] }, 'Critical path: a'],
    [{ calendar: 'days', totalDays: 4, criticalPath: [] }, undefined],
  ] as [Partial<Schedule>, string | undefined][])('shows the critical path of %j as %s', (over, line) => {
    expect(report([], over).find((l) => l.startsWith('Critical path'))).toBe(line);
  });

  it.each([
    [[], false, 'Nothing to write.'],
    [['createLabel'], false, '1 write planned; nothing was written.'],
    [['createLabel', 'upToDate', 'drift', 'conflict', 'createIssue'], false, '2 writes planned; nothing was written.'],
    [['createLabel'], true, '1 write planned for an empty repository; nothing was written.'],
  ] as [string[], boolean, string][])('ends %j (offline %s) with "%s"', (names, offline, last) => {
    const lines = report(names.map((n) => OPS[n] as Operation), {}, offline);
    expect(lines.at(-1)).toBe(last);
    expect(lines[0]).toBe(`Plan for demo (${offline ? 'offline, ' : ''}start 2027-01-04, days)`);
  });

  it('says "none" for labels when the plan has no label operation', () => {
    expect(report([OPS.createIssue as Operation])).toContain('  labels: none');
  });
});

describe('preview files', () => {
  it('writes the milestone, the stage issue and each task issue of a stage, with what each is filed under', () => {
    const desired = desiredState({
      milestones: [desiredMilestone('scope', { dueOn: '2027-02-01', text: 'Why.' }), desiredMilestone('ship', { dueOn: null, text: 'Ship it.' })],
      issues: [desiredIssue('scope', 'a', { text: 'A.', assignees: ['ada', 'bob'] }), desiredIssue('scope', 'b', { text: 'B.', labels: [] })],
    });
    desired.stageIssues = [desiredIssue('scope', '', { title: 'Scope', text: 'Stage body.', labels: [] }), desiredIssue('ship', '', { title: 'Ship', text: 'Ship body.', labels: ['lifecycle'] })];
    expect(previewFiles(desired)).toEqual([
      { path: '01-scope/milestone.md', content: '# Stage scope\n\n> Milestone of stage `scope` · due 2027-02-01\n\nWhy.\n' },
      { path: '01-scope/stage.md', content: '# Scope\n\n> The stage\'s own issue, in milestone "Stage scope" (due 2027-02-01) · labels: none\n\nStage body.\n' },
      {
        path: '01-scope/01-a.md',
        content: '# Do a\n\n> Issue in milestone "Stage scope" (due 2027-02-01) · labels: `lifecycle`, `stage: scope` · assignees: ada, bob\n\nA.\n',
      },
      { path: '01-scope/02-b.md', content: '# Do b\n\n> Issue in milestone "Stage scope" (due 2027-02-01) · labels: none · assignees: none\n\nB.\n' },
      { path: '02-ship/milestone.md', content: '# Stage ship\n\n> Milestone of stage `ship` · no due date\n\nShip it.\n' },
      { path: '02-ship/stage.md', content: '# Ship\n\n> The stage\'s own issue, in milestone "Stage ship" (no due date) · labels: `lifecycle`\n\nShip body.\n' },
    ]);
  });

  it('numbers with as many digits as the count needs, at least two', () => {
    const milestones = Array.from({ length: 100 }, (_, i) => desiredMilestone(`s${i}`));
    const paths = previewFiles(desiredState({ milestones, issues: [] })).map((f) => f.path);
    expect([paths[0], paths[9], paths[99]]).toEqual(['001-s0/milestone.md', '010-s9/milestone.md', '100-s99/milestone.md']);
    expect(previewFiles(desiredState({ milestones: milestones.slice(0, 9), issues: [] }))[8]?.path).toBe('09-s8/milestone.md');
  });
});
