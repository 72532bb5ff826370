// A stage's transitions, written once, from the stage states (src/progress/states.ts):
//
//   done                      close its stage issue (completed) with a comment (planned vs actual,
//                             what it unlocks), close its milestone
//   a stage it waited for     a "can start" comment on its stage issue, once
//   done again → not done     (a task was reopened) reopen the stage issue and the milestone
//
// What the tool wrote is kept in the hidden record (`state: closed`, `unlocked: 1`), so a person's
// own move is told apart and respected: a stage issue or milestone a person reopened while the
// stage is still done stays open, one a person closed early stays closed; both are reported.
// Comments carry a marker naming the transition, so a retried or re-run write never posts twice.
import { fitText } from './body-limit.js';
import type { PlanContext } from './context.js';
import { quote } from './context.js';
import { indexIssues, indexMilestones, stageIssueKey } from './identity.js';
import { formatMarker, parseMarker, setMarker } from './marker.js';
import type { MarkerRecord } from './marker.js';
import type { CurrentIssue, CurrentMilestone, CurrentState, DesiredState, IssueFields, Operation, StageProgression } from './model.js';
import type { StageStatus } from '../progress/states.js';

export function planTransitions(desired: DesiredState, current: CurrentState, statuses: readonly StageStatus[], ctx: PlanContext): void {
  const progression = desired.progression;
  if (!progression) return;
  const issues = indexIssues(current.issues);
  const milestones = indexMilestones(current.milestones).byStage;
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const issueOf = (stage: string) => issues.get(stageIssueKey(stage))?.[0]?.item;
  for (const p of progression) {
    const status = byId.get(p.stage);
    if (!status || status.state === 'skipped') continue;
    const issue = issueOf(p.stage);
    const milestone = milestones.get(p.stage)?.[0]?.item;
    const view: StageView = { p, status, progression, byId, issueOf };
    if (issue) planStageIssue(view, issue, ctx);
    if (milestone) planMilestone(view, milestone, ctx);
  }
}

interface StageView {
  p: StageProgression;
  status: StageStatus;
  progression: readonly StageProgression[];
  byId: ReadonlyMap<string, StageStatus>;
  issueOf: (stage: string) => CurrentIssue | undefined;
}

function recordOf(text: string | null): MarkerRecord {
  return parseMarker(text)?.wrote ?? {};
}

function planStageIssue(view: StageView, issue: CurrentIssue, ctx: PlanContext): void {
  const { p, status } = view;
  const wrote = recordOf(issue.body);
  const done = status.state === 'done';
  if (done && issue.state === 'open') {
    if (wrote.state === 'closed') return report(ctx, `the issue of stage ${quote(p.stage)} (#${issue.number}) was reopened by a person while the stage is done; left open`);
    const { base, changes } = takeUpdate(ctx, issue);
    changes.body = withRecord(base, { state: 'closed' });
    changes.state = 'closed';
    changes.state_reason = 'completed';
    ctx.operations.push({ op: 'close-stage-issue', stage: p.stage, number: issue.number, changes, comment: doneComment(view), reason: `stage ${quote(p.stage)} is done: every task issue is closed` });
    return;
  }
  if (!done && issue.state === 'closed') {
    // A stage with no task is finished by closing its issue: that is never "early".
    if (wrote.state !== 'closed') {
      if (p.tasks.length > 0) report(ctx, `the issue of stage ${quote(p.stage)} (#${issue.number}) was closed by a person while ${status.closed} of ${status.total} tasks are closed; left closed`);
      return;
    }
    const changes: IssueFields = { state: 'open', body: withRecord(issue.body ?? '', { state: undefined }) };
    ctx.operations.push({ op: 'reopen-stage-issue', stage: p.stage, number: issue.number, changes, comment: null, reason: `stage ${quote(p.stage)} is no longer done: a task issue was reopened` });
    return;
  }
  if (status.state === 'active' && issue.state === 'open' && p.dependsOn.length > 0 && wrote.unlocked !== '1') {
    const { base, changes } = takeUpdate(ctx, issue);
    changes.body = withRecord(base, { unlocked: '1' });
    ctx.operations.push({ op: 'announce-stage', stage: p.stage, number: issue.number, changes, comment: startComment(view), reason: `stage ${quote(p.stage)} can start: ${p.dependsOn.map(quote).join(', ')} done` });
  }
}

function planMilestone({ p, status }: StageView, milestone: CurrentMilestone, ctx: PlanContext): void {
  const wrote = recordOf(milestone.description);
  if (status.state === 'done' && milestone.state === 'open') {
    if (wrote.state === 'closed') return report(ctx, `milestone #${milestone.number} of stage ${quote(p.stage)} was reopened by a person while the stage is done; left open`);
    const update = ctx.operations.findIndex((op) => op.op === 'update-milestone' && op.number === milestone.number);
    const base = update === -1 ? (milestone.description ?? '') : ((ctx.operations[update] as Extract<Operation, { op: 'update-milestone' }>).changes.description ?? milestone.description ?? '');
    ctx.operations.push({ op: 'close-milestone', stage: p.stage, number: milestone.number, description: withRecord(base, { state: 'closed' }), reason: `stage ${quote(p.stage)} is done` });
  } else if (status.state !== 'done' && milestone.state === 'closed' && wrote.state === 'closed') {
    ctx.operations.push({
      op: 'update-milestone',
      stage: p.stage,
      number: milestone.number,
      changes: { state: 'open', description: withRecord(milestone.description ?? '', { state: undefined }) },
      reason: `stage ${quote(p.stage)} is no longer done: a task issue was reopened`,
    });
  }
}

function report(ctx: PlanContext, warning: string): void {
  ctx.warnings.push(warning);
}

/**
 * The update planIssues made for this issue, taken out of the plan so the transition writes it in
 * the same request (one body, not two racing ones); its body is where the record goes.
 */
function takeUpdate(ctx: PlanContext, issue: CurrentIssue): { base: string; changes: IssueFields } {
  const at = ctx.operations.findIndex((op) => op.op === 'update-issue' && op.number === issue.number);
  if (at === -1) return { base: issue.body ?? '', changes: {} };
  const [op] = ctx.operations.splice(at, 1) as [Extract<Operation, { op: 'update-issue' }>];
  return { base: op.changes.body ?? issue.body ?? '', changes: { ...op.changes } };
}

/** `text` with its marker's record changed; a field set to undefined is dropped. */
function withRecord(text: string, fields: Partial<Record<'state' | 'unlocked', string | undefined>>): string {
  const marker = parseMarker(text);
  if (!marker) return text;
  const wrote: MarkerRecord = { ...marker.wrote };
  for (const [key, value] of Object.entries(fields) as ['state' | 'unlocked', string | undefined][]) {
    if (value === undefined) delete wrote[key];
    else wrote[key] = value;
  }
  return setMarker(text, { ...marker, wrote });
}

function day(timestamp: string | null): string | null {
  return timestamp === null ? null : timestamp.slice(0, 10);
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function versusPlan(actual: string | null, planned: string | null): string {
  if (actual === null || planned === null) return '';
  const diff = daysBetween(planned, actual);
  if (diff === 0) return ', on the planned day';
  return `, ${Math.abs(diff)} day${Math.abs(diff) === 1 ? '' : 's'} ${diff < 0 ? 'early' : 'late'}`;
}

function stageLink(view: StageView, stage: string): string {
  const p = view.progression.find((x) => x.stage === stage);
  const issue = view.issueOf(stage);
  return `**${p?.name ?? stage}**${issue ? ` (#${issue.number})` : ''}`;
}

/** The stages that can start because this one is done: active now, and waiting on it before. */
function unlocks(view: StageView): string[] {
  return view.progression.filter((x) => x.dependsOn.includes(view.p.stage) && x.dependsOn.every((d) => view.byId.get(d)?.state === 'done')).map((x) => x.stage);
}

/** The stages that wait on this one and on others not done yet, each with those others. */
function stillWaiting(view: StageView, unlocked: readonly string[]): { stage: string; on: string[] }[] {
  return view.progression
    .filter((x) => x.dependsOn.includes(view.p.stage) && !unlocked.includes(x.stage))
    .map((x) => ({ stage: x.stage, on: x.dependsOn.filter((d) => d !== view.p.stage && view.byId.get(d)?.state !== 'done') }))
    .filter((x) => x.on.length > 0);
}

function transitionMarker(stage: string, event: string): string {
  return formatMarker({ v: 1, kind: 'transition', stage, event });
}

function doneComment(view: StageView): string {
  const { p, status } = view;
  const finished = day(status.finishedAt);
  const started = day(status.startedAt);
  const lines = [`**${p.name}** is done: every task issue of the stage is closed.`, ''];
  lines.push(`- Finished: ${finished ?? 'now'}${p.due ? ` (planned ${p.due}${versusPlan(finished, p.due)})` : ''}`);
  if (started !== null || p.start !== null) lines.push(`- Started: ${started ?? p.start ?? '—'}${p.start && started ? ` (planned ${p.start})` : ''}`);
  const next = unlocks(view);
  const waiting = stillWaiting(view, next);
  lines.push('');
  if (next.length > 0) lines.push(`This unlocks ${next.map((s) => stageLink(view, s)).join(', ')}.`);
  for (const { stage, on } of waiting) lines.push(`${stageLink(view, stage)} still waits on ${on.map((s) => stageLink(view, s)).join(', ')}.`);
  if (next.length === 0 && waiting.length === 0) lines.push('No stage was waiting on it.');
  lines.push('', transitionMarker(p.stage, `done:${status.finishedAt ?? ''}`));
  return fitText(lines.join('\n'));
}

function startComment(view: StageView): string {
  const { p } = view;
  const lines = [`**${p.name}** can start: ${p.dependsOn.map((s) => stageLink(view, s)).join(', ')} ${p.dependsOn.length === 1 ? 'is' : 'are'} done.`];
  if (p.start && p.due) lines.push('', `Planned ${p.start} to ${p.due}.`);
  lines.push('', transitionMarker(p.stage, 'start'));
  return fitText(lines.join('\n'));
}
