// A stage issue's body on a server without sub-issues or issue dependencies: its task list and the
// stage issues it waits for are written into it (src/progress/hierarchy.ts), from the issues found.
import { describe, expect, it } from 'vitest';
import { stripMarker } from '../../src/plan/marker.js';
import type { DesiredState, StageProgression } from '../../src/plan/model.js';
import { plan } from '../../src/plan/plan.js';
import { desiredIssue, desiredMilestone, desiredState, synced } from './fixtures.js';

const stage = (id: string, over: Partial<StageProgression>): StageProgression => ({ stage: id, name: id, start: null, due: null, enabled: true, dependsOn: [], tasks: [], open: 'upfront', ...over });
const desired: DesiredState = {
  ...desiredState({ milestones: [desiredMilestone('scope'), desiredMilestone('build')], issues: [desiredIssue('scope', 'a'), desiredIssue('scope', 'b'), desiredIssue('build', 'c')] }),
  stageIssues: [desiredIssue('scope', '', { title: 'Scope', text: 'Scope body.' }), desiredIssue('build', '', { title: 'Build', text: 'Build body.' })],
  progression: [stage('scope', { tasks: ['a', 'b', 'gone'] }), stage('build', { dependsOn: ['scope', 'other'], tasks: ['c'] })],
};
const current = synced(desired);
const numberOf = (title: string) => current.issues.find((i) => i.title === title)?.number;

/** The visible body each stage issue is given, by title. */
function stageBodies(features: { subIssues: boolean; dependencies: boolean }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const op of plan(desired, current, { hierarchy: features }).operations) {
    if (op.op === 'update-issue' && op.task === '' && op.changes.body !== undefined) out[op.stage] = stripMarker(op.changes.body);
  }
  return out;
}

describe('stage issues without sub-issues or dependencies', () => {
  it('lists the tasks found and links the stage issues waited for', () => {
    expect(stageBodies({ subIssues: false, dependencies: false })).toEqual({
      scope: `Scope body.\n\n### Tasks\n\n- [ ] #${numberOf('Do a')}\n- [ ] #${numberOf('Do b')}`,
      build: `Build body.\n\n### Tasks\n\n- [ ] #${numberOf('Do c')}\n\nBlocked by #${numberOf('Scope')}.`,
    });
  });

  it('adds only what the server lacks, and nothing when it has both', () => {
    expect(stageBodies({ subIssues: true, dependencies: false })).toEqual({ build: `Build body.\n\nBlocked by #${numberOf('Scope')}.` });
    expect(stageBodies({ subIssues: true, dependencies: true })).toEqual({});
  });

  it('leaves task issues as they are', () => {
    const tasks = plan(desired, current, { hierarchy: { subIssues: false, dependencies: false } }).operations.filter((o) => o.op === 'update-issue' && o.task !== '');
    expect(tasks).toEqual([]);
  });
});
