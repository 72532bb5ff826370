// Issues: one per declared task, found by the task marker in the body.
//
// A marker can be copied: a person pastes a managed issue's body into an issue of their own, or an
// issue comes over from another repository. Of several issues carrying one task's marker, the
// tool's own (opened by the login the token writes as) are kept first; an issue whose author is not
// the kept one's is reported as a conflict and never written, closed or taken over. Only issues by
// the kept one's author are closed as duplicates (a run racing another writes as the same login).
import { MAX_LABELS_PER_ISSUE } from '../config/schema.js';
import { fitText } from './body-limit.js';
import type { PlanContext, StageTarget, StageTargets } from './context.js';
import { quote } from './context.js';
import { hierarchySection } from '../progress/hierarchy.js';
import { indexIssues, stageIssueKey, taskKey, unmarkedIssuesByTitle } from './identity.js';
import type { Marked } from './identity.js';
import { digest, parseMarker, untickAll } from './marker.js';
import type { Marker, MarkerRecord } from './marker.js';
import type { CurrentIssue, CurrentMilestone, CurrentState, DesiredIssue, DesiredState, DriftField, IssueFields, Operation } from './model.js';
import { proposalFor } from './proposals.js';
import { issueRecord, milestoneKey, sameRecord } from './record.js';
import { isEdited, ownedText, refreshedRecord, sameText, visibleText } from './text.js';

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const key = v.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

const NONE: string[] = [];

/** Declared values the issue lacks (case-insensitive, as GitHub compares labels and logins). */
function missingFrom(have: readonly string[], want: readonly string[]): string[] {
  if (want.every((v) => have.includes(v))) return NONE;
  const present = new Set(have.map((v) => v.toLowerCase()));
  return unique(want).filter((v) => !present.has(v.toLowerCase()));
}

export function planIssues(desired: DesiredState, current: CurrentState, targets: StageTargets, ctx: PlanContext): void {
  const byTask = indexIssues(current.issues);
  const unmarked = unmarkedIssuesByTitle(current.issues);
  const milestones = new Map(current.milestones.map((m) => [m.number, m]));
  const ranked = new Map<string, Ranked>();
  for (const [key, group] of byTask) ranked.set(key, rank(group, ctx.identity));
  const declared = new Set<string>();
  for (let d of [...(desired.stageIssues ?? []), ...desired.issues]) {
    const key = taskKey(d.stage, d.task);
    if (d.task === '') d = withHierarchy(d, desired, ranked, ctx);
    if (held(d, desired, ctx, ranked.has(key))) {
      declared.add(key);
      continue;
    }
    if (declared.has(key)) {
      ctx.warnings.push(`task ${quote(d.task)} of stage ${quote(d.stage)} is declared twice; only the first is planned`);
      continue;
    }
    declared.add(key);
    if (!targets.has(d.stage)) ctx.warnings.push(`task ${quote(d.task)} belongs to stage ${quote(d.stage)}, which has no milestone in the plan`);
    const kept = ranked.get(key)?.kept;
    const orphan = kept ? undefined : unmarked.get(d.title)?.shift();
    const target = targets.get(d.stage);
    if (kept) planExisting(d, kept, target, milestones, ctx);
    else if (orphan) planOrphan(d, orphan, ctx);
    else planCreate(d, target, ctx);
  }

  for (const [key, { kept, duplicates, foreign }] of ranked) {
    const stage = kept.marker.stage ?? '';
    const task = kept.marker.kind === 'stage-issue' ? '' : (kept.marker.task ?? '');
    const which = kept.own ? `the oldest opened by ${ctx.identity ?? 'the tool'}` : 'the oldest';
    for (const extra of duplicates) {
      ctx.warnings.push(`issues #${kept.item.number} and #${extra.item.number} both carry task ${quote(task)} of stage ${quote(stage)}; keeping #${kept.item.number}, ${which}`);
      ctx.operations.push(duplicateOp(stage, task, kept.item, extra.item));
    }
    for (const other of foreign) ctx.operations.push(copiedMarkerConflict(stage, task, kept, other.item, ctx.identity));
    if (!declared.has(key)) ctx.operations.push(retiredOp(stage, task, kept.item, ctx.prune));
  }
}

/** The marker identity of a desired issue: a task, or the stage's own issue (task ""). */
function identityOf(d: DesiredIssue): { kind: 'task' | 'stage-issue'; stage: string; task?: string } {
  return d.task === '' ? { kind: 'stage-issue', stage: d.stage } : { kind: 'task', stage: d.stage, task: d.task };
}

/**
 * A task of a `when-ready` stage that is not active yet: its issue is created once the stage opens
 * (an issue that exists already is planned as usual).
 */
function held(d: DesiredIssue, desired: DesiredState, ctx: PlanContext, exists: boolean): boolean {
  if (exists || d.task === '' || ctx.states?.get(d.stage) !== 'waiting') return false;
  return desired.progression?.find((p) => p.stage === d.stage)?.open === 'when-ready';
}

/**
 * A stage issue's body with what the hierarchy adds to it (see src/progress/hierarchy.ts): in
 * fallback mode its task list and dependency links, natively the tasks past GitHub's 100
 * sub-issues. Issues created in this run have no number yet: the link phase after the writes adds
 * them with this same text, so the next plan finds nothing to change.
 */
function withHierarchy(d: DesiredIssue, desired: DesiredState, ranked: ReadonlyMap<string, Ranked>, ctx: PlanContext): DesiredIssue {
  const progression = desired.progression?.find((p) => p.stage === d.stage);
  if (!progression) return d;
  const numberOf = (key: string) => ranked.get(key)?.kept.item.number;
  const tasks = progression.tasks.map((t) => numberOf(taskKey(d.stage, t))).filter((n): n is number => n !== undefined);
  const blockers = progression.dependsOn.map((s) => numberOf(stageIssueKey(s))).filter((n): n is number => n !== undefined);
  const section = hierarchySection(ctx.hierarchy, tasks, blockers);
  return section === '' ? d : { ...d, body: `${visibleText(d.body)}\n\n${section}` };
}

/** How messages name a desired issue. */
function named(d: DesiredIssue): string {
  return d.task === '' ? `the issue of stage ${quote(d.stage)}` : `task ${quote(d.task)} of stage ${quote(d.stage)}`;
}

/**
 * The issue the plan keeps for each task and stage issue (keyed as indexIssues keys them): the
 * oldest of the tool's own, never a copy someone else made of its marker.
 */
export function keptIssues(issues: readonly CurrentIssue[], identity: string | null): Map<string, CurrentIssue> {
  const out = new Map<string, CurrentIssue>();
  for (const [key, group] of indexIssues(issues)) out.set(key, rank(group, identity).kept.item);
  return out;
}

interface Ranked {
  /** The task's issue; `own` when its author is the login the token writes as. */
  kept: Marked<CurrentIssue> & { own: boolean };
  /** Same author as the kept one: copies a racing run (or a lost answer) left, closed as duplicates. */
  duplicates: Marked<CurrentIssue>[];
  /** Another author: someone copied the marker. Reported, never written or closed. */
  foreign: Marked<CurrentIssue>[];
}

function sameLogin(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/**
 * An unknown author (a state read without it) counts as anyone's: the issues then rank by age
 * alone, oldest first, and newer ones are duplicates.
 */
function rank(group: readonly Marked<CurrentIssue>[], identity: string | null): Ranked {
  const known = (i: CurrentIssue) => i.author !== undefined && i.author !== null;
  const own = identity === null ? undefined : group.find((g) => known(g.item) && sameLogin(g.item.author, identity));
  const first = own ?? (group[0] as Marked<CurrentIssue>);
  const duplicates: Marked<CurrentIssue>[] = [];
  const foreign: Marked<CurrentIssue>[] = [];
  for (const g of group) {
    if (g === first) continue;
    if (!known(g.item) || !known(first.item) || sameLogin(g.item.author, first.item.author)) duplicates.push(g);
    else foreign.push(g);
  }
  return { kept: { ...first, own: own !== undefined }, duplicates, foreign };
}

function copiedMarkerConflict(stage: string, task: string, kept: Marked<CurrentIssue>, other: CurrentIssue, identity: string | null): Operation {
  const by = other.author ? `@${other.author}` : 'someone else';
  const keptBy = kept.item.author ? ` (opened by ${identity !== null && sameLogin(kept.item.author, identity) ? 'the tool' : `@${kept.item.author}`})` : '';
  return {
    op: 'conflict',
    kind: 'issue',
    stage,
    task,
    number: other.number,
    title: other.title,
    htmlUrl: other.htmlUrl,
    reason: `#${other.number}, opened by ${by}, carries the marker of task ${quote(task)} of stage ${quote(stage)}, whose issue is #${kept.item.number}${keptBy}; left as it is, never closed or taken over`,
    resolve: `remove the hidden lifecycle-action marker from the body of #${other.number} if it is a separate piece of work, or close it if it repeats #${kept.item.number}`,
  };
}

function planCreate(d: DesiredIssue, target: StageTarget | undefined, ctx: PlanContext): void {
  const record = issueRecord(d.title, d.labels, d.assignees);
  const blocked = target === 'blocked';
  ctx.operations.push({
    op: 'create-issue',
    stage: d.stage,
    task: d.task,
    fields: {
      title: d.title,
      body: ownedText(d.body, null, identityOf(d), record),
      labels: unique(d.labels),
      assignees: unique(d.assignees),
      milestoneStage: blocked ? null : d.stage,
    },
    reason: `no issue carries ${named(d)}${blocked ? '; created without a milestone, since a closed milestone holds the stage\'s title' : ''}`,
  });
}

/**
 * A managed issue with this task's title whose marker is gone (a person replaced the body). Creating
 * the task again would duplicate it: it is reported as drift and left alone, and `overwrite`
 * restores the tool's text and marker (ticked boxes kept).
 */
function planOrphan(d: DesiredIssue, cur: CurrentIssue, ctx: PlanContext): void {
  const base = { stage: d.stage, task: d.task, number: cur.number };
  if (cur.state === 'closed') {
    ctx.operations.push({ op: 'noop', kind: 'issue', ...base, reason: 'closed, without its marker; a closed issue is left as it is' });
    return;
  }
  if (ctx.overwrite) {
    const record = issueRecord(d.title, d.labels, d.assignees);
    const body = ownedText(d.body, cur.body, identityOf(d), record);
    ctx.operations.push({ op: 'update-issue', ...base, changes: { body }, reason: 'marker removed by a person; body overwritten (ticked boxes kept)' });
    return;
  }
  ctx.operations.push(
    issueDrift(d, cur, 'body', `has the task's title and the managed label but its marker was removed; left as it is instead of creating a duplicate (overwrite restores it)`),
  );
}

/**
 * What a re-render keeps of the record: the milestone the applier recorded, and on a stage issue
 * the transitions written (see src/plan/transitions.ts).
 */
function carried(wrote: MarkerRecord | undefined): MarkerRecord {
  const out: MarkerRecord = {};
  if (wrote?.milestone !== undefined) out.milestone = wrote.milestone;
  if (wrote?.state !== undefined) out.state = wrote.state;
  if (wrote?.unlocked !== undefined) out.unlocked = wrote.unlocked;
  return out;
}

/** What the plan works out for one open managed issue, phase by phase. */
interface IssueUpdate {
  d: DesiredIssue;
  cur: CurrentIssue;
  marker: Marker;
  wrote: MarkerRecord | undefined;
  /** What a write now records in the marker. */
  record: MarkerRecord;
  changes: IssueFields;
  why: string[];
  drift: Operation[];
}

function planExisting(d: DesiredIssue, found: Marked<CurrentIssue>, target: StageTarget | undefined, milestones: ReadonlyMap<number, CurrentMilestone>, ctx: PlanContext): void {
  const { item: cur, marker } = found;
  const base = { stage: d.stage, task: d.task, number: cur.number };
  if (cur.state === 'closed') {
    // Closed work is history: no rewording, relabelling or moving after the fact.
    ctx.operations.push({ op: 'noop', kind: 'issue', ...base, reason: 'closed; a closed issue is left as it is' });
    return;
  }
  const wrote = marker.wrote;
  // The milestone is recorded by the applier as it sends it; any other write keeps that record.
  const record = { ...issueRecord(d.title, d.labels, d.assignees), ...carried(wrote) };
  const update: IssueUpdate = { d, cur, marker, wrote, record, changes: {}, why: [], drift: [] };
  planTitle(update);
  planLabelsAndAssignees(update, ctx);
  planMilestoneMove(update, target, milestones, ctx);
  planBody(update, ctx);
  recordMove(update);

  const { changes, why, drift } = update;
  if (Object.keys(changes).length > 0) ctx.operations.push({ op: 'update-issue', ...base, changes, reason: why.join('; ') });
  else if (drift.length === 0) ctx.operations.push({ op: 'noop', kind: 'issue', ...base, reason: 'up to date' });
  ctx.operations.push(...drift);
}

function planTitle({ d, cur, wrote, record, changes, why, drift }: IssueUpdate): void {
  if (cur.title === d.title) return;
  // Same record as the config: the tool wrote this title and a person changed it since.
  if (wrote?.title === record.title) drift.push(issueDrift(d, cur, 'title', `title changed by a person to ${quote(cur.title)}; left as it is`));
  else {
    changes.title = d.title;
    why.push(`title ${quote(cur.title)} → ${quote(d.title)}`);
  }
}

// Labels and assignees are only ever added, and only when the config changed them since the last
// write: a label a person removed, or a person's reassignment, stays as they left it.
function planLabelsAndAssignees({ d, cur, wrote, record, changes, why }: IssueUpdate, ctx: PlanContext): void {
  const labels = missingFrom(cur.labels, d.labels);
  if (labels.length > 0 && wrote?.labels !== record.labels) {
    if (cur.labels.length + labels.length > MAX_LABELS_PER_ISSUE) {
      // People's labels fill the issue: GitHub would refuse the whole update.
      ctx.warnings.push(
        `issue #${cur.number} (${named(d)}) has ${cur.labels.length} labels; adding ${labels.map(quote).join(', ')} would pass GitHub's ${MAX_LABELS_PER_ISSUE}, so they are left off`,
      );
    } else {
      changes.labels = [...cur.labels, ...labels];
      why.push(`add label${labels.length === 1 ? '' : 's'} ${labels.map(quote).join(', ')}`);
    }
  }
  const assignees = missingFrom(cur.assignees, d.assignees);
  if (assignees.length > 0 && wrote?.assignees !== record.assignees) {
    changes.assignees = [...cur.assignees, ...assignees];
    why.push(`assign ${assignees.join(', ')}`);
  }
}

function planMilestoneMove(update: IssueUpdate, target: StageTarget | undefined, milestones: ReadonlyMap<number, CurrentMilestone>, ctx: PlanContext): void {
  const { d, cur, wrote, changes, why, drift } = update;
  // A target of null is a milestone this plan creates: every issue of the stage moves into it.
  if (!(target === null || (typeof target === 'number' && cur.milestone !== target))) return;
  if (placedByTool(cur, wrote?.milestone, d.stage, milestones)) {
    changes.milestoneStage = d.stage;
    why.push(cur.milestone === null ? 'put in its stage milestone' : `move from milestone #${cur.milestone} to its stage milestone`);
  } else if (ctx.overwrite) {
    changes.milestoneStage = d.stage;
    why.push(cur.milestone === null ? 'put back in its stage milestone (a person took it out; overwritten)' : `move from milestone #${cur.milestone}, where a person put it, back to its stage milestone (overwritten)`);
  } else {
    const where = cur.milestone === null ? 'taken out of its milestone' : `moved to milestone #${cur.milestone}`;
    drift.push(issueDrift(d, cur, 'milestone', `${where} by a person; left there (overwrite moves it back)`));
  }
}

function planBody({ d, cur, marker, wrote, record, changes, why, drift }: IssueUpdate, ctx: PlanContext): void {
  const { edited, current } = bodyState(cur.body, marker, d.body);
  if (edited && !ctx.overwrite) {
    drift.push(issueDrift(d, cur, 'body', 'body edited by a person; left as it is (overwrite replaces it)'));
    const proposal = proposalFor(d, cur, marker);
    if (proposal) drift.push(proposal);
    if (why.length > 0 && !sameRecord(wrote, record)) {
      const refreshed = refreshedRecord(cur.body, marker, record);
      if (refreshed !== null) changes.body = refreshed;
    }
  } else if (current && sameRecord(wrote, record)) {
    // The text is what the tool wrote and would write now; at most boxes were ticked since, and
    // those stay as they are.
  } else {
    const body = ownedText(d.body, cur.body, identityOf(d), record);
    if (!sameText(body, cur.body)) {
      changes.body = body;
      // With the text as it was, only the marker's record changes: the reason is the change that
      // moved the record (a new title, a label), not a re-rendered body nobody would see.
      if (!current) why.push(edited ? 'body edited by a person; overwritten (ticked boxes kept)' : 'body re-rendered (ticked boxes kept)');
      else if (why.length === 0) why.push('record in the marker brought up to date; text unchanged');
    }
  }
}

/** A move is recorded in the marker by the applier, so it needs a body to record it in. */
function recordMove({ cur, marker, record, changes }: IssueUpdate): void {
  if (changes.milestoneStage === undefined || changes.body !== undefined) return;
  const refreshed = refreshedRecord(cur.body, marker, record);
  // A person's text at the very limit has no room for a record: the move goes unrecorded.
  if (refreshed !== null) changes.body = refreshed;
}

/**
 * Whether the issue sits where the tool last put it, so that moving it is the tool's own change
 * (its stage's milestone was made again, or it waited without one while a closed milestone held
 * the stage's title) and not a person's move. The record holds the number the tool sent. A
 * recorded milestone that no longer exists was deleted, which leaves its issues without one. An
 * issue written before milestones were recorded was put in a milestone of its own stage.
 */
function placedByTool(cur: CurrentIssue, recorded: string | undefined, stage: string, milestones: ReadonlyMap<number, CurrentMilestone>): boolean {
  if (recorded !== undefined) {
    if (recorded === milestoneKey(cur.milestone)) return true;
    return cur.milestone === null && recorded !== 'none' && !milestones.has(Number(recorded));
  }
  if (cur.milestone === null) return true;
  const holder = milestones.get(cur.milestone);
  if (holder === undefined) return true;
  const marker = parseMarker(holder.description);
  return marker?.kind === 'stage' && marker.stage === stage;
}

function issueDrift(d: DesiredIssue, cur: CurrentIssue, field: DriftField, reason: string): Operation {
  return { op: 'drift', kind: 'issue', stage: d.stage, task: d.task, number: cur.number, field, htmlUrl: cur.htmlUrl, reason };
}

/**
 * Whether a person edited the body, and whether it already holds the text the tool would write.
 * When the marker's digest is the rendered text's, the tool last wrote exactly that text, so
 * comparing the texts answers both questions without hashing the body (the common case, on every
 * issue of every run).
 */
function bodyState(body: string | null, marker: Marker, rendered: string): { edited: boolean; current: boolean } {
  if (marker.digest !== undefined && marker.digest === parseMarker(rendered)?.digest) {
    const same = untickAll(visibleText(body ?? '')) === untickAll(visibleText(rendered));
    return { edited: !same, current: same };
  }
  // A person who copied the new text in has taken it: the tool's text again, its record refreshed.
  return { edited: isEdited(body, marker) && !tookRenderedText(body, rendered), current: false };
}

// Copied from the proposal comment, the text carries the invisible breaks that keep its mentions
// quiet there; they do not make it a different text.
function tookRenderedText(body: string | null, rendered: string): boolean {
  const quiet = (text: string) => text.replace(/\u200B/g, '');
  return digest(quiet(body ?? '')) === digest(quiet(visibleText(rendered)));
}

function duplicateOp(stage: string, task: string, kept: CurrentIssue, extra: CurrentIssue): Operation {
  if (extra.state === 'closed') {
    return { op: 'noop', kind: 'issue', stage, task, number: extra.number, reason: `duplicate of #${kept.number}, already closed` };
  }
  return {
    op: 'close-issue',
    stage,
    task,
    number: extra.number,
    stateReason: 'duplicate',
    comment: fitText(`Duplicate of #${kept.number}: both issues stand for task \`${task}\` of stage \`${stage}\`, and the oldest one is kept. Nothing was deleted.`),
    reason: `duplicate of #${kept.number} (same task marker)`,
  };
}

function retiredOp(stage: string, task: string, issue: CurrentIssue, prune: boolean): Operation {
  const base = { stage, task, number: issue.number };
  if (issue.state === 'closed') return { op: 'noop', kind: 'issue', ...base, reason: 'no longer declared; already closed' };
  if (!prune) return { op: 'noop', kind: 'issue', ...base, reason: 'no longer declared; run with prune to close' };
  return {
    op: 'close-issue',
    ...base,
    stateReason: 'not_planned',
    comment: fitText(
      `Closed as not planned: ${task === '' ? `stage \`${stage}\`` : `task \`${task}\` of stage \`${stage}\``} is no longer in the project's life cycle ` +
        '(it was removed from the configuration, or its `when` condition is now false). Nothing was deleted; ' +
        `declare the ${task === '' ? 'stage' : 'task'} again and reopen this issue to pick it up where it was left.`,
    ),
    reason: `${task === '' ? `stage ${quote(stage)}` : `task ${quote(task)} of stage ${quote(stage)}`} is no longer declared`,
  };
}
