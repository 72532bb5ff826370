import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.js';
import { previewFiles } from '../../src/plan/previews.js';
import { countVerbs, formatPlanReport } from '../../src/plan/report.js';
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
