// Issues: one per declared task, found by the task marker in the body.
import { MAX_LABELS_PER_ISSUE } from '../config/schema.js';
import { fitText } from './body-limit.js';
import type { PlanContext, StageTargets } from './context.js';
import { quote } from './context.js';
import { indexIssues, taskKey, unmarkedIssuesByTitle } from './identity.js';
import type { Marked } from './identity.js';
import { parseMarker, untickAll } from './marker.js';
import type { Marker } from './marker.js';
import type { CurrentIssue, CurrentState, DesiredIssue, DesiredState, IssueFields, Operation } from './model.js';
import { issueRecord, sameRecord } from './record.js';
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
  const declared = new Set<string>();
  for (const d of desired.issues) {
    const key = taskKey(d.stage, d.task);
    if (declared.has(key)) {
      ctx.warnings.push(`task ${quote(d.task)} of stage ${quote(d.stage)} is declared twice; only the first is planned`);
      continue;
    }
    declared.add(key);
    if (!targets.has(d.stage)) ctx.warnings.push(`task ${quote(d.task)} belongs to stage ${quote(d.stage)}, which has no milestone in the plan`);
    const kept = byTask.get(key)?.[0];
    const orphan = kept ? undefined : unmarked.get(d.title)?.shift();
    if (kept) planExisting(d, kept, targets.get(d.stage), ctx);
    else if (orphan) planOrphan(d, orphan, ctx);
    else planCreate(d, ctx);
  }

  for (const [key, group] of byTask) {
    const [kept, ...extras] = group;
    if (!kept) continue;
    const stage = kept.marker.stage ?? '';
    const task = kept.marker.task ?? '';
    for (const extra of extras) {
      ctx.warnings.push(`issues #${kept.item.number} and #${extra.item.number} both carry task ${quote(task)} of stage ${quote(stage)}; keeping #${kept.item.number}, the oldest`);
      ctx.operations.push(duplicateOp(stage, task, kept.item, extra.item));
    }
    if (!declared.has(key)) ctx.operations.push(retiredOp(stage, task, kept.item, ctx.prune));
  }
}

function planCreate(d: DesiredIssue, ctx: PlanContext): void {
  const record = issueRecord(d.title, d.labels, d.assignees);
  ctx.operations.push({
    op: 'create-issue',
    stage: d.stage,
    task: d.task,
    fields: {
      title: d.title,
      body: ownedText(d.body, null, { kind: 'task', stage: d.stage, task: d.task }, record),
      labels: unique(d.labels),
      assignees: unique(d.assignees),
      milestoneStage: d.stage,
    },
    reason: `no issue carries task ${quote(d.task)} of stage ${quote(d.stage)}`,
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
    const body = ownedText(d.body, cur.body, { kind: 'task', stage: d.stage, task: d.task }, record);
    ctx.operations.push({ op: 'update-issue', ...base, changes: { body }, reason: 'marker removed by a person; body overwritten (ticked boxes kept)' });
    return;
  }
  ctx.operations.push(
    issueDrift(d, cur, 'body', `has the task's title and the managed label but its marker was removed; left as it is instead of creating a duplicate (overwrite restores it)`),
  );
}

function planExisting(d: DesiredIssue, found: Marked<CurrentIssue>, target: number | null | undefined, ctx: PlanContext): void {
  const { item: cur, marker } = found;
  const base = { stage: d.stage, task: d.task, number: cur.number };
  if (cur.state === 'closed') {
    // Closed work is history: no rewording, relabelling or moving after the fact.
    ctx.operations.push({ op: 'noop', kind: 'issue', ...base, reason: 'closed; a closed issue is left as it is' });
    return;
  }
  const wrote = marker.wrote;
  const record = issueRecord(d.title, d.labels, d.assignees);
  const changes: IssueFields = {};
  const why: string[] = [];
  const drift: Operation[] = [];
  const driftOp = (field: 'title' | 'body', reason: string): Operation => issueDrift(d, cur, field, reason);

  if (cur.title !== d.title) {
    // Same record as the config: the tool wrote this title and a person changed it since.
    if (wrote?.title === record.title) drift.push(driftOp('title', `title changed by a person to ${quote(cur.title)}; left as it is`));
    else {
      changes.title = d.title;
      why.push(`title ${quote(cur.title)} → ${quote(d.title)}`);
    }
  }

  // Labels and assignees are only ever added, and only when the config changed them since the last
  // write: a label a person removed, or a person's reassignment, stays as they left it.
  const labels = missingFrom(cur.labels, d.labels);
  if (labels.length > 0 && wrote?.labels !== record.labels) {
    if (cur.labels.length + labels.length > MAX_LABELS_PER_ISSUE) {
      // People's labels fill the issue: GitHub would refuse the whole update.
      ctx.warnings.push(
        `issue #${cur.number} (task ${quote(d.task)} of stage ${quote(d.stage)}) has ${cur.labels.length} labels; adding ${labels.map(quote).join(', ')} would pass GitHub's ${MAX_LABELS_PER_ISSUE}, so they are left off`,
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

  if (target === null || (target !== undefined && cur.milestone !== target)) {
    changes.milestoneStage = d.stage;
    why.push(cur.milestone === null ? 'put in its stage milestone' : `move from milestone #${cur.milestone} back to its stage milestone`);
  }

  const { edited, current } = bodyState(cur.body, marker, d.body);
  if (edited && !ctx.overwrite) {
    drift.push(driftOp('body', 'body edited by a person; left as it is (overwrite replaces it)'));
    if (why.length > 0 && !sameRecord(wrote, record)) {
      const refreshed = refreshedRecord(cur.body, marker, record);
      if (refreshed !== null) changes.body = refreshed;
    }
  } else if (current && sameRecord(wrote, record)) {
    // The text is what the tool wrote and would write now; at most boxes were ticked since, and
    // those stay as they are.
  } else {
    const body = ownedText(d.body, cur.body, { kind: 'task', stage: d.stage, task: d.task }, record);
    if (!sameText(body, cur.body)) {
      changes.body = body;
      why.push(edited ? 'body edited by a person; overwritten (ticked boxes kept)' : 'body re-rendered (ticked boxes kept)');
    }
  }

  if (Object.keys(changes).length > 0) ctx.operations.push({ op: 'update-issue', ...base, changes, reason: why.join('; ') });
  else if (drift.length === 0) ctx.operations.push({ op: 'noop', kind: 'issue', ...base, reason: 'up to date' });
  ctx.operations.push(...drift);
}

function issueDrift(d: DesiredIssue, cur: CurrentIssue, field: 'title' | 'body', reason: string): Operation {
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
  return { edited: isEdited(body, marker), current: false };
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
      `Closed as not planned: task \`${task}\` of stage \`${stage}\` is no longer in the project's life cycle ` +
        '(it was removed from the configuration, or its `when` condition is now false). Nothing was deleted; ' +
        'declare the task again and reopen this issue to pick it up where it was left.',
    ),
    reason: `task ${quote(task)} of stage ${quote(stage)} is no longer declared`,
  };
}
