// Milestones: one per declared stage, found by the stage marker in the description.
import type { PlanContext, StageTargets } from './context.js';
import { quote } from './context.js';
import { dueDateOf, dueOnValue } from './dates.js';
import { indexMilestones, milestoneTitleKey } from './identity.js';
import type { Marked } from './identity.js';
import type { Marker, MarkerRecord } from './marker.js';
import type { CurrentMilestone, CurrentState, DesiredMilestone, DesiredState, MilestoneFields, Operation } from './model.js';
import { milestoneRecord, sameRecord, titleHash } from './record.js';
import { isEdited, ownedText, refreshedRecord, sameText } from './text.js';

type Entry =
  | { kind: 'existing'; desired: DesiredMilestone; current: CurrentMilestone; marker: Marker; renameTo: string | null; titleDrift: boolean; blocked: boolean }
  | { kind: 'closed'; desired: DesiredMilestone; current: CurrentMilestone }
  | { kind: 'adopt'; desired: DesiredMilestone; current: CurrentMilestone; why: string }
  | { kind: 'create'; desired: DesiredMilestone };

export function planMilestones(desired: DesiredState, current: CurrentState, ctx: PlanContext): StageTargets {
  const index = indexMilestones(current.milestones);
  const declared = new Set(desired.milestones.map((m) => m.stage));
  // A managed milestone of a stage no longer declared still holds its title; a declared stage with
  // that title takes it over (GitHub would refuse a second milestone with the same title).
  const retiredByTitle = new Map<string, Marked<CurrentMilestone>>();
  for (const [stage, group] of index.byStage) {
    const oldest = group[0];
    const key = oldest ? milestoneTitleKey(oldest.item.title) : '';
    if (oldest && !declared.has(stage) && !retiredByTitle.has(key)) retiredByTitle.set(key, oldest);
  }

  const targets: StageTargets = new Map();
  const claimed = new Set<number>();
  const entries: Entry[] = [];
  for (const d of desired.milestones) {
    if (targets.has(d.stage)) {
      ctx.warnings.push(`stage ${quote(d.stage)} is declared twice; only the first is planned`);
      continue;
    }
    const oldest = index.byStage.get(d.stage)?.[0];
    if (oldest) {
      targets.set(d.stage, oldest.item.number);
      entries.push(existingEntry(d, oldest));
      continue;
    }
    const unmarked = index.unmarkedByTitle.get(milestoneTitleKey(d.title));
    const retired = retiredByTitle.get(milestoneTitleKey(d.title));
    if (unmarked && !claimed.has(unmarked.number)) {
      claimed.add(unmarked.number);
      targets.set(d.stage, unmarked.number);
      entries.push({ kind: 'adopt', desired: d, current: unmarked, why: `milestone #${unmarked.number} has the title ${quote(d.title)} and no marker; taking it over` });
      continue;
    }
    if (retired && !claimed.has(retired.item.number)) {
      claimed.add(retired.item.number);
      targets.set(d.stage, retired.item.number);
      entries.push({
        kind: 'adopt',
        desired: d,
        current: retired.item,
        why: `milestone #${retired.item.number} has the title ${quote(d.title)} and belonged to stage ${quote(retired.marker.stage ?? '')}, which is no longer declared; taking it over`,
      });
      continue;
    }
    targets.set(d.stage, null);
    entries.push({ kind: 'create', desired: d });
  }

  blockTitleClashes(entries, current.milestones, ctx);
  for (const entry of entries) emitEntry(entry, ctx);

  // Duplicates and stages no longer declared, oldest identity first.
  for (const [stage, group] of index.byStage) {
    const [kept, ...extras] = group;
    if (!kept) continue;
    for (const extra of extras) {
      ctx.warnings.push(`milestones #${kept.item.number} and #${extra.item.number} both carry stage ${quote(stage)}; keeping #${kept.item.number}, the oldest`);
      if (extra.item.state === 'open') {
        ctx.operations.push({ op: 'close-milestone', stage, number: extra.item.number, reason: `duplicate of milestone #${kept.item.number} (same stage marker)` });
      } else {
        // No stage on this one: an applier mapping stages to milestones must never pick a duplicate.
        ctx.operations.push({ op: 'noop', kind: 'milestone', number: extra.item.number, reason: `duplicate of milestone #${kept.item.number} (stage ${quote(stage)}), already closed` });
      }
    }
    if (declared.has(stage) || claimed.has(kept.item.number)) continue;
    ctx.operations.push(retiredOp(stage, kept.item, ctx.prune));
  }
  return targets;
}

function existingEntry(d: DesiredMilestone, found: Marked<CurrentMilestone>): Entry {
  const { item, marker } = found;
  if (item.state === 'closed') return { kind: 'closed', desired: d, current: item };
  const differs = item.title !== d.title;
  // The record says which title the tool last wrote: if the config still says the same, a
  // different title is a person's rename; if the config changed, the stage was renamed.
  const titleDrift = differs && marker.wrote?.title === titleHash(d.title);
  return { kind: 'existing', desired: d, current: item, marker, renameTo: differs && !titleDrift ? d.title : null, titleDrift, blocked: false };
}

/** A rename into a title another milestone keeps would fail (titles are unique): hold it back and say so. */
function blockTitleClashes(entries: Entry[], milestones: readonly CurrentMilestone[], ctx: PlanContext): void {
  const finalTitle = new Map<number, string>();
  for (const m of milestones) finalTitle.set(m.number, m.title);
  const created: string[] = [];
  for (const e of entries) {
    if (e.kind === 'existing' && e.renameTo !== null) finalTitle.set(e.current.number, e.renameTo);
    if (e.kind === 'create') created.push(e.desired.title);
  }
  const count = new Map<string, number>();
  for (const title of [...finalTitle.values(), ...created]) count.set(milestoneTitleKey(title), (count.get(milestoneTitleKey(title)) ?? 0) + 1);
  const taken = (title: string) => (count.get(milestoneTitleKey(title)) ?? 0) > 1;
  for (const e of entries) {
    if (e.kind === 'existing' && e.renameTo !== null && taken(e.renameTo)) {
      ctx.warnings.push(`milestone #${e.current.number} (stage ${quote(e.desired.stage)}) cannot be renamed to ${quote(e.renameTo)}: another milestone has that title`);
      e.renameTo = null;
      e.blocked = true;
    }
    if (e.kind === 'create' && taken(e.desired.title)) {
      ctx.warnings.push(`milestone for stage ${quote(e.desired.stage)} cannot be created: another milestone has the title ${quote(e.desired.title)}`);
    }
  }
}

function emitEntry(entry: Entry, ctx: PlanContext): void {
  const d = entry.desired;
  const identity = { kind: 'stage' as const, stage: d.stage };
  switch (entry.kind) {
    case 'create':
      ctx.operations.push({
        op: 'create-milestone',
        stage: d.stage,
        fields: { title: d.title, description: ownedText(d.description, null, identity, milestoneRecord(d.title)), due_on: dueOnValue(d.dueOn) },
        reason: `no milestone carries stage ${quote(d.stage)}`,
      });
      return;
    case 'adopt': {
      const changes: MilestoneFields = { description: ownedText(d.description, entry.current.description, identity, milestoneRecord(d.title)) };
      // Taken over as "scope " or "SCOPE": the record says "Scope", so the title must say it too.
      if (entry.current.title !== d.title) changes.title = d.title;
      if (dueDateOf(entry.current.dueOn) !== d.dueOn) changes.due_on = dueOnValue(d.dueOn);
      ctx.operations.push({ op: 'adopt-milestone', stage: d.stage, number: entry.current.number, changes, reason: entry.why });
      return;
    }
    case 'closed':
      ctx.operations.push({ op: 'noop', kind: 'milestone', stage: d.stage, number: entry.current.number, reason: 'closed; a closed milestone is left as it is' });
      return;
    case 'existing':
      emitExisting(entry, ctx);
  }
}

function emitExisting(entry: Extract<Entry, { kind: 'existing' }>, ctx: PlanContext): void {
  const { desired: d, current: cur, marker } = entry;
  const changes: MilestoneFields = {};
  const why: string[] = [];
  const drift: Operation[] = [];
  const driftOp = (field: 'title' | 'description', reason: string): Operation => ({
    op: 'drift',
    kind: 'milestone',
    stage: d.stage,
    number: cur.number,
    field,
    htmlUrl: cur.htmlUrl,
    reason,
  });

  if (entry.renameTo !== null) {
    changes.title = entry.renameTo;
    why.push(`title ${quote(cur.title)} → ${quote(entry.renameTo)}`);
  }
  if (entry.titleDrift) drift.push(driftOp('title', `title changed by a person to ${quote(cur.title)}; left as it is`));

  const due = dueDateOf(cur.dueOn);
  if (due !== d.dueOn) {
    changes.due_on = dueOnValue(d.dueOn);
    why.push(`due ${due ?? 'none'} → ${d.dueOn ?? 'none'}`);
  }

  // A held-back rename keeps the old record, so the next run tries the rename again.
  const record: MarkerRecord = entry.blocked ? { ...(marker.wrote?.title === undefined ? {} : { title: marker.wrote.title }) } : milestoneRecord(d.title);
  const edited = isEdited(cur.description, marker);
  if (edited && !ctx.overwrite) {
    drift.push(driftOp('description', 'description edited by a person; left as it is (overwrite replaces it)'));
    if (why.length > 0 && !sameRecord(marker.wrote, record)) {
      const refreshed = refreshedRecord(cur.description, marker, record);
      if (refreshed !== null) changes.description = refreshed;
    }
  } else {
    const text = ownedText(d.description, cur.description, { kind: 'stage', stage: d.stage }, record);
    if (!sameText(text, cur.description)) {
      changes.description = text;
      why.push(edited ? 'description edited by a person; overwritten' : 'description re-rendered');
    }
  }

  if (Object.keys(changes).length > 0) {
    ctx.operations.push({ op: 'update-milestone', stage: d.stage, number: cur.number, changes, reason: why.length > 0 ? why.join('; ') : 'record what was written' });
  } else if (drift.length === 0) {
    ctx.operations.push({ op: 'noop', kind: 'milestone', stage: d.stage, number: cur.number, reason: 'up to date' });
  }
  ctx.operations.push(...drift);
}

function retiredOp(stage: string, milestone: CurrentMilestone, prune: boolean): Operation {
  if (milestone.state === 'closed') {
    return { op: 'noop', kind: 'milestone', stage, number: milestone.number, reason: `stage ${quote(stage)} is no longer declared; already closed` };
  }
  if (prune) return { op: 'close-milestone', stage, number: milestone.number, reason: `stage ${quote(stage)} is no longer declared` };
  return { op: 'noop', kind: 'milestone', stage, number: milestone.number, reason: 'no longer declared; run with prune to close' };
}
