// Applies a plan to a CurrentState in memory, the way GitHub and the applier would: new numbers for
// created objects, milestone stages resolved to numbers (and recorded in the issue's marker),
// titles of milestones unique. It stands in for
// GitHub where only the resulting state matters (convergence tests, the benchmark, previews).
import { byNumber } from './identity.js';
import { parseMarker } from './marker.js';
import type { CurrentIssue, CurrentLabel, CurrentMilestone, CurrentState, DesiredLabel, IssueFields, LabelFields, MilestoneFields, Operation, Plan } from './model.js';
import { recordMilestone } from './record.js';

const EPOCH = '1970-01-01T00:00:00Z';

type NewMilestoneFields = Extract<Operation, { op: 'create-milestone' }>['fields'];
type NewIssueFields = Extract<Operation, { op: 'create-issue' }>['fields'];

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
  const repo = new SimulatedRepository(current, now);
  for (const op of plan.operations) repo.apply(op);
  return repo.state();
}

/** A copy of a CurrentState that operations change in place, with GitHub's checks. */
class SimulatedRepository {
  private readonly labels: CurrentLabel[];
  private readonly milestones: Map<number, CurrentMilestone>;
  private readonly issues: Map<number, CurrentIssue>;
  private nextMilestone: number;
  private nextIssue: number;
  // The oldest milestone carrying the stage marker, as the applier resolves `milestoneStage`;
  // rebuilt only after a milestone changed.
  private stages: Map<string, number> | null = null;

  constructor(
    current: CurrentState,
    private readonly now: string,
  ) {
    this.labels = current.labels.map((l) => ({ ...l }));
    this.milestones = new Map(current.milestones.map((m) => [m.number, { ...m }]));
    this.issues = new Map(current.issues.map((i) => [i.number, { ...i, labels: [...i.labels], assignees: [...i.assignees] }]));
    this.nextMilestone = highest(this.milestones.keys()) + 1;
    this.nextIssue = highest(this.issues.keys()) + 1;
  }

  apply(op: Operation): void {
    switch (op.op) {
      case 'create-label':
        this.createLabel(op.label);
        break;
      case 'update-label':
        this.updateLabel(op.name, op.changes);
        break;
      case 'create-milestone':
        this.createMilestone(op.fields);
        break;
      case 'update-milestone':
      case 'adopt-milestone':
        this.updateMilestone(this.milestone(op.number), op.changes);
        break;
      case 'close-milestone': {
        const closed = this.milestone(op.number);
        closed.state = 'closed';
        if (op.description !== undefined) closed.description = op.description;
        break;
      }
      case 'close-stage-issue':
      case 'reopen-stage-issue':
      case 'announce-stage':
        this.updateIssue(this.issue(op.number), op.changes);
        break;
      case 'create-issue':
        this.createIssue(op.fields);
        break;
      case 'update-issue':
        this.updateIssue(this.issue(op.number), op.changes);
        break;
      case 'close-issue': {
        const closed = this.issue(op.number);
        closed.state = 'closed';
        closed.stateReason = op.stateReason;
        break;
      }
      // A proposal is a comment: the issue itself does not change, and comments are not part of the state.
      case 'propose-text':
      case 'noop':
      case 'drift':
      case 'conflict':
        break;
    }
  }

  /** The state now, sorted by number, with milestone issue counts recounted. */
  state(): CurrentState {
    const issueList = [...this.issues.values()].sort(byNumber);
    const milestoneList = [...this.milestones.values()].sort(byNumber);
    for (const m of milestoneList) {
      m.openIssues = 0;
      m.closedIssues = 0;
    }
    for (const i of issueList) {
      if (i.milestone === null) continue;
      const m = this.milestones.get(i.milestone);
      if (m) m[i.state === 'open' ? 'openIssues' : 'closedIssues'] += 1;
    }
    return { labels: this.labels, milestones: milestoneList, issues: issueList };
  }

  private milestone(n: number): CurrentMilestone {
    const found = this.milestones.get(n);
    if (!found) throw new SimulationError(`milestone #${n} does not exist`);
    return found;
  }

  private issue(n: number): CurrentIssue {
    const found = this.issues.get(n);
    if (!found) throw new SimulationError(`issue #${n} does not exist`);
    return found;
  }

  private checkTitle(title: string, self: number | null): void {
    for (const m of this.milestones.values()) {
      if (m.title === title && m.number !== self) throw new SimulationError(`422 already_exists: milestone title ${JSON.stringify(title)} is taken by #${m.number}`);
    }
  }

  private stageMilestone(stage: string): number {
    if (this.stages === null) {
      this.stages = new Map();
      for (const m of [...this.milestones.values()].sort(byNumber)) {
        const marker = parseMarker(m.description);
        if (marker?.kind === 'stage' && marker.stage !== undefined && !this.stages.has(marker.stage)) this.stages.set(marker.stage, m.number);
      }
    }
    const number = this.stages.get(stage);
    if (number === undefined) throw new SimulationError(`no milestone carries stage ${JSON.stringify(stage)}`);
    return number;
  }

  private createLabel(label: DesiredLabel): void {
    if (this.labels.some((l) => l.name.toLowerCase() === label.name.toLowerCase())) throw new SimulationError(`422 label ${label.name} exists`);
    this.labels.push({ ...label });
  }

  private updateLabel(name: string, changes: LabelFields): void {
    const label = this.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (!label) throw new SimulationError(`label ${name} does not exist`);
    if (changes.color !== undefined) label.color = changes.color;
    if (changes.description !== undefined) label.description = changes.description;
    if (changes.new_name !== undefined) label.name = changes.new_name;
  }

  private createMilestone(fields: NewMilestoneFields): void {
    this.checkTitle(fields.title, null);
    this.stages = null;
    const number = this.nextMilestone++;
    this.milestones.set(number, {
      number,
      title: fields.title,
      description: fields.description,
      state: 'open',
      dueOn: storedDueOn(fields.due_on),
      openIssues: 0,
      closedIssues: 0,
      htmlUrl: `https://github.invalid/milestone/${number}`,
      createdAt: this.now,
    });
  }

  private updateMilestone(m: CurrentMilestone, changes: MilestoneFields): void {
    this.stages = null;
    if (changes.title !== undefined) {
      this.checkTitle(changes.title, m.number);
      m.title = changes.title;
    }
    if (changes.description !== undefined) m.description = changes.description;
    if (changes.due_on !== undefined) m.dueOn = storedDueOn(changes.due_on);
    if (changes.state !== undefined) m.state = changes.state;
  }

  private createIssue(fields: NewIssueFields): void {
    const number = this.nextIssue++;
    const into = fields.milestoneStage === null ? null : this.stageMilestone(fields.milestoneStage);
    this.issues.set(number, {
      number,
      title: fields.title,
      body: recordMilestone(fields.body, into),
      state: 'open',
      stateReason: null,
      labels: [...fields.labels],
      assignees: [...fields.assignees],
      milestone: into,
      htmlUrl: `https://github.invalid/issues/${number}`,
      createdAt: this.now,
    });
  }

  private updateIssue(i: CurrentIssue, changes: IssueFields): void {
    if (changes.title !== undefined) i.title = changes.title;
    if (changes.labels !== undefined) i.labels = [...changes.labels];
    if (changes.assignees !== undefined) i.assignees = [...changes.assignees];
    if (changes.milestoneStage !== undefined) i.milestone = changes.milestoneStage === null ? null : this.stageMilestone(changes.milestoneStage);
    if (changes.body !== undefined) i.body = changes.milestoneStage === undefined ? changes.body : recordMilestone(changes.body, i.milestone);
    if (changes.state !== undefined) i.state = changes.state;
    if (changes.state_reason !== undefined) i.stateReason = changes.state_reason;
  }
}
