// Applies a plan to a CurrentState in memory, the way GitHub and the applier would: new numbers for
// created objects, milestone stages resolved to numbers (and recorded in the issue's marker),
// titles of milestones unique. It stands in for
// GitHub where only the resulting state matters (convergence tests, the benchmark, previews).
import { byNumber } from './identity.js';
import { parseMarker } from './marker.js';
import type { CurrentIssue, CurrentMilestone, CurrentState, IssueFields, MilestoneFields, Plan } from './model.js';
import { recordMilestone } from './record.js';

const EPOCH = '1970-01-01T00:00:00Z';

export class SimulationError extends Error {
  override name = 'SimulationError';
}

function pacificMidnight(date: string): string {
  // Midnight Pacific is 07:00Z while daylight saving time is on, 08:00Z otherwise.
  const summer = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: '2-digit', hourCycle: 'h23' }).format(new Date(`${date}T07:00:00Z`));
  return `${date}T${Number(summer) === 0 ? '07' : '08'}:00:00Z`;
}

/** GitHub keeps the Pacific date of what it is sent and answers that date's Pacific midnight. */
function storedDueOn(value: string | null): string | null {
  if (value === null) return null;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) throw new SimulationError(`invalid due_on ${value}`);
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
  return pacificMidnight(date);
}

function highest(numbers: Iterable<number>): number {
  let max = 0;
  for (const n of numbers) if (n > max) max = n;
  return max;
}

/** Returns the state after `plan`; `current` is left untouched. `now` stamps created objects. */
export function applyPlanToState(current: CurrentState, plan: Plan, now: string = EPOCH): CurrentState {
  const labels = current.labels.map((l) => ({ ...l }));
  const milestones = new Map<number, CurrentMilestone>(current.milestones.map((m) => [m.number, { ...m }]));
  const issues = new Map<number, CurrentIssue>(current.issues.map((i) => [i.number, { ...i, labels: [...i.labels], assignees: [...i.assignees] }]));
  let nextMilestone = highest(milestones.keys()) + 1;
  let nextIssue = highest(issues.keys()) + 1;

  const milestone = (n: number): CurrentMilestone => {
    const found = milestones.get(n);
    if (!found) throw new SimulationError(`milestone #${n} does not exist`);
    return found;
  };
  const issue = (n: number): CurrentIssue => {
    const found = issues.get(n);
    if (!found) throw new SimulationError(`issue #${n} does not exist`);
    return found;
  };
  const checkTitle = (title: string, self: number | null): void => {
    for (const m of milestones.values()) {
      if (m.title === title && m.number !== self) throw new SimulationError(`422 already_exists: milestone title ${JSON.stringify(title)} is taken by #${m.number}`);
    }
  };
  // The oldest milestone carrying the stage marker, as the applier resolves `milestoneStage`;
  // rebuilt only after a milestone changed.
  let stages: Map<string, number> | null = null;
  const stageMilestone = (stage: string): number => {
    if (stages === null) {
      stages = new Map();
      for (const m of [...milestones.values()].sort(byNumber)) {
        const marker = parseMarker(m.description);
        if (marker?.kind === 'stage' && marker.stage !== undefined && !stages.has(marker.stage)) stages.set(marker.stage, m.number);
      }
    }
    const number = stages.get(stage);
    if (number === undefined) throw new SimulationError(`no milestone carries stage ${JSON.stringify(stage)}`);
    return number;
  };
  const updateMilestone = (m: CurrentMilestone, changes: MilestoneFields): void => {
    stages = null;
    if (changes.title !== undefined) {
      checkTitle(changes.title, m.number);
      m.title = changes.title;
    }
    if (changes.description !== undefined) m.description = changes.description;
    if (changes.due_on !== undefined) m.dueOn = storedDueOn(changes.due_on);
    if (changes.state !== undefined) m.state = changes.state;
  };
  const updateIssue = (i: CurrentIssue, changes: IssueFields): void => {
    if (changes.title !== undefined) i.title = changes.title;
    if (changes.labels !== undefined) i.labels = [...changes.labels];
    if (changes.assignees !== undefined) i.assignees = [...changes.assignees];
    if (changes.milestoneStage !== undefined) i.milestone = changes.milestoneStage === null ? null : stageMilestone(changes.milestoneStage);
    if (changes.body !== undefined) i.body = changes.milestoneStage === undefined ? changes.body : recordMilestone(changes.body, i.milestone);
    if (changes.state !== undefined) i.state = changes.state;
    if (changes.state_reason !== undefined) i.stateReason = changes.state_reason;
  };

  for (const op of plan.operations) {
    switch (op.op) {
      case 'create-label':
        if (labels.some((l) => l.name.toLowerCase() === op.label.name.toLowerCase())) throw new SimulationError(`422 label ${op.label.name} exists`);
        labels.push({ ...op.label });
        break;
      case 'update-label': {
        const label = labels.find((l) => l.name.toLowerCase() === op.name.toLowerCase());
        if (!label) throw new SimulationError(`label ${op.name} does not exist`);
        if (op.changes.color !== undefined) label.color = op.changes.color;
        if (op.changes.description !== undefined) label.description = op.changes.description;
        if (op.changes.new_name !== undefined) label.name = op.changes.new_name;
        break;
      }
      case 'create-milestone': {
        checkTitle(op.fields.title, null);
        stages = null;
        const number = nextMilestone++;
        milestones.set(number, {
          number,
          title: op.fields.title,
          description: op.fields.description,
          state: 'open',
          dueOn: storedDueOn(op.fields.due_on),
          openIssues: 0,
          closedIssues: 0,
          htmlUrl: `https://github.invalid/milestone/${number}`,
          createdAt: now,
        });
        break;
      }
      case 'update-milestone':
      case 'adopt-milestone':
        updateMilestone(milestone(op.number), op.changes);
        break;
      case 'close-milestone':
        milestone(op.number).state = 'closed';
        break;
      case 'create-issue': {
        const number = nextIssue++;
        const into = op.fields.milestoneStage === null ? null : stageMilestone(op.fields.milestoneStage);
        issues.set(number, {
          number,
          title: op.fields.title,
          body: recordMilestone(op.fields.body, into),
          state: 'open',
          stateReason: null,
          labels: [...op.fields.labels],
          assignees: [...op.fields.assignees],
          milestone: into,
          htmlUrl: `https://github.invalid/issues/${number}`,
          createdAt: now,
        });
        break;
      }
      case 'update-issue':
        updateIssue(issue(op.number), op.changes);
        break;
      case 'close-issue': {
        const closed = issue(op.number);
        closed.state = 'closed';
        closed.stateReason = op.stateReason;
        break;
      }
      case 'noop':
      case 'drift':
      case 'conflict':
        break;
    }
  }

  const issueList = [...issues.values()].sort(byNumber);
  const milestoneList = [...milestones.values()].sort(byNumber);
  for (const m of milestoneList) {
    m.openIssues = 0;
    m.closedIssues = 0;
  }
  for (const i of issueList) {
    if (i.milestone === null) continue;
    const m = milestones.get(i.milestone);
    if (m) m[i.state === 'open' ? 'openIssues' : 'closedIssues'] += 1;
  }
  return { labels, milestones: milestoneList, issues: issueList };
}

