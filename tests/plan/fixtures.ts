// Small builders for desired and current states, so each test states only what it is about.
import { withMarker } from '../../src/plan/marker.js';
import type { CurrentIssue, CurrentMilestone, CurrentState, DesiredIssue, DesiredMilestone, DesiredState } from '../../src/plan/model.js';
import { applyPlanToState } from '../../src/plan/simulate.js';
import { plan } from '../../src/plan/plan.js';

export function desiredMilestone(stage: string, over: Partial<Omit<DesiredMilestone, 'stage'>> & { text?: string } = {}): DesiredMilestone {
  const { text, ...rest } = over;
  return {
    stage,
    title: `Stage ${stage}`,
    description: withMarker(text ?? `What the ${stage} stage is for.\n\n- [ ] exit criterion one\n- [ ] exit criterion two`, { kind: 'stage', stage }),
    dueOn: '2027-01-20',
    ...rest,
  };
}

export function desiredIssue(stage: string, task: string, over: Partial<Omit<DesiredIssue, 'stage' | 'task'>> & { text?: string } = {}): DesiredIssue {
  const { text, ...rest } = over;
  return {
    stage,
    task,
    title: `Do ${task}`,
    body: withMarker(text ?? `Why ${task} matters.\n\n- [ ] first step\n- [ ] second step\n- [ ] third step`, { kind: 'task', stage, task }),
    labels: ['lifecycle', `stage: ${stage}`],
    assignees: [],
    ...rest,
  };
}

export function desiredState(over: Partial<DesiredState> = {}): DesiredState {
  const milestones = over.milestones ?? [desiredMilestone('scope')];
  return {
    managedLabel: 'lifecycle',
    labels: over.labels ?? [
      { name: 'lifecycle', color: 'ededed', description: 'Managed by lifecycle-action' },
      ...milestones.map((m) => ({ name: `stage: ${m.stage}`, color: '0e8a16', description: `Work of the ${m.stage} stage` })),
    ],
    milestones,
    issues: over.issues ?? [desiredIssue('scope', 'define-use-case')],
  };
}

export const EMPTY: CurrentState = { labels: [], milestones: [], issues: [] };

/** The state GitHub holds after a first run of `desired` on an empty repository. */
export function synced(desired: DesiredState): CurrentState {
  return applyPlanToState(EMPTY, plan(desired, EMPTY), '2027-01-01T00:00:00Z');
}

export function milestone(number: number, over: Partial<CurrentMilestone> = {}): CurrentMilestone {
  return {
    number,
    title: `Milestone ${number}`,
    description: null,
    state: 'open',
    dueOn: null,
    openIssues: 0,
    closedIssues: 0,
    htmlUrl: `https://github.invalid/milestone/${number}`,
    createdAt: '2026-12-01T00:00:00Z',
    ...over,
  };
}

export function issue(number: number, over: Partial<CurrentIssue> = {}): CurrentIssue {
  return {
    number,
    title: `Issue ${number}`,
    body: null,
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    milestone: null,
    htmlUrl: `https://github.invalid/issues/${number}`,
    createdAt: '2026-12-01T00:00:00Z',
    ...over,
  };
}

export function mapIssue(state: CurrentState, number: number, edit: (i: CurrentIssue) => CurrentIssue): CurrentState {
  return { ...state, issues: state.issues.map((i) => (i.number === number ? edit({ ...i }) : i)) };
}

export function mapMilestone(state: CurrentState, number: number, edit: (m: CurrentMilestone) => CurrentMilestone): CurrentState {
  return { ...state, milestones: state.milestones.map((m) => (m.number === number ? edit({ ...m }) : m)) };
}
