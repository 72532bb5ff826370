// Milestones: one per declared stage, found by the stage marker in the description.
//
// A milestone with the stage's title and no marker (made by hand) is adopted: the marker is added,
// and a description or due date the person gave it is kept and reported (src/plan/adopt.ts). A
// closed one is never adopted: writing to it, or filing new issues into it, would reopen work a
// person closed. GitHub keeps milestone titles unique, so the stage cannot get a milestone of its
// own either; it is reported as a conflict, and its issues are created without a milestone until
// a person renames the closed milestone (a new one is then made) or reopens it (it is then adopted).
import { adoption } from './adopt.js';
import type { PlanContext, StageTargets } from './context.js';
import { quote } from './context.js';
import { dueDateOf, dueOnValue } from './dates.js';
import { indexMilestones, milestoneTitleKey } from './identity.js';
import type { Marked, MilestoneIndex } from './identity.js';
import { stripMarker } from './marker.js';
import type { Marker, MarkerRecord } from './marker.js';
import type { CurrentMilestone, CurrentState, DesiredMilestone, DesiredState, DriftField, MilestoneFields, Operation } from './model.js';
import { dueKey, milestoneRecord, sameRecord, titleHash } from './record.js';
import { isEdited, ownedText, refreshedRecord, sameText } from './text.js';

type Entry =
  | { kind: 'existing'; desired: DesiredMilestone; current: CurrentMilestone; marker: Marker; renameTo: string | null; titleDrift: boolean; blocked: boolean }
  | { kind: 'closed'; desired: DesiredMilestone; current: CurrentMilestone }
  /** `byPerson`: made by hand (no marker), so what the person wrote in it is kept. */
  | { kind: 'adopt'; desired: DesiredMilestone; current: CurrentMilestone; why: string; byPerson: boolean }
  | { kind: 'conflict'; desired: DesiredMilestone; current: CurrentMilestone; why: string }
  | { kind: 'create'; desired: DesiredMilestone };

export function planMilestones(desired: DesiredState, current: CurrentState, ctx: PlanContext): StageTargets {
  const index = indexMilestones(current.milestones);
  const declared = new Set(desired.milestones.map((m) => m.stage));
  const matched = matchStages(desired.milestones, index, retiredByTitle(index, declared), ctx);
  blockTitleClashes(matched.entries, current.milestones, ctx);
  for (const entry of matched.entries) emitEntry(entry, ctx);
  planUndeclared(index, declared, matched.claimed, ctx);
  return matched.targets;
}

/**
 * A managed milestone of a stage no longer declared still holds its title; a declared stage with
 * that title takes it over (GitHub would refuse a second milestone with the same title).
 */
function retiredByTitle(index: MilestoneIndex, declared: ReadonlySet<string>): Map<string, Marked<CurrentMilestone>> {
  const retired = new Map<string, Marked<CurrentMilestone>>();
  for (const [stage, group] of index.byStage) {
    const oldest = group[0];
    const key = oldest ? milestoneTitleKey(oldest.item.title) : '';
    if (oldest && !declared.has(stage) && !retired.has(key)) retired.set(key, oldest);
  }
  return retired;
}

interface MatchedStages {
  targets: StageTargets;
  /** Milestones taken over by a declared stage (by title). */
  claimed: Set<number>;
  entries: Entry[];
}

/** Each declared stage's milestone: its own by marker, one to take over by title, or a new one. */
function matchStages(milestones: readonly DesiredMilestone[], index: MilestoneIndex, retired: Map<string, Marked<CurrentMilestone>>, ctx: PlanContext): MatchedStages {
  const matched: MatchedStages = { targets: new Map(), claimed: new Set(), entries: [] };
  for (const d of milestones) {
    if (matched.targets.has(d.stage)) {
      ctx.warnings.push(`stage ${quote(d.stage)} is declared twice; only the first is planned`);
      continue;
    }
    const oldest = index.byStage.get(d.stage)?.[0];
    if (oldest) {
      matched.targets.set(d.stage, oldest.item.number);
      matched.entries.push(existingEntry(d, oldest));
      continue;
    }
    const unmarked = index.unmarkedByTitle.get(milestoneTitleKey(d.title));
    const retiredOne = retired.get(milestoneTitleKey(d.title));
    if (unmarked && !matched.claimed.has(unmarked.number)) {
      takeOver(matched, d, unmarked, `milestone #${unmarked.number} has the title ${quote(d.title)} and no marker`, true);
    } else if (retiredOne && !matched.claimed.has(retiredOne.item.number)) {
      const why = `milestone #${retiredOne.item.number} has the title ${quote(d.title)} and belonged to stage ${quote(retiredOne.marker.stage ?? '')}, which is no longer declared`;
      takeOver(matched, d, retiredOne.item, why, false);
    } else {
      matched.targets.set(d.stage, null);
      matched.entries.push({ kind: 'create', desired: d });
    }
  }
  return matched;
}

/** Adopts a milestone holding the stage's title, or reports a conflict when it is closed. */
function takeOver(matched: MatchedStages, d: DesiredMilestone, found: CurrentMilestone, why: string, byPerson: boolean): void {
  matched.claimed.add(found.number);
  if (found.state === 'closed') {
    matched.targets.set(d.stage, 'blocked');
    matched.entries.push({ kind: 'conflict', desired: d, current: found, why });
  } else {
    matched.targets.set(d.stage, found.number);
    matched.entries.push({ kind: 'adopt', desired: d, current: found, why: `${why}; taking it over`, byPerson });
  }
}

/** Duplicates and stages no longer declared, oldest identity first. */
function planUndeclared(index: MilestoneIndex, declared: ReadonlySet<string>, claimed: ReadonlySet<number>, ctx: PlanContext): void {
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
        fields: { title: d.title, description: ownedText(d.description, null, identity, milestoneRecord(d.title, d.dueOn)), due_on: dueOnValue(d.dueOn) },
        reason: `no milestone carries stage ${quote(d.stage)}`,
      });
      return;
    case 'adopt': {
      const cur = entry.current;
      const owned = ownedText(d.description, cur.description, identity, milestoneRecord(d.title, d.dueOn));
      if (!entry.byPerson) {
        // The tool's own milestone of a retired stage: its text is the tool's, so it is replaced.
        const changes: MilestoneFields = { description: owned };
        if (cur.title !== d.title) changes.title = d.title;
        if (dueDateOf(cur.dueOn) !== d.dueOn) changes.due_on = dueOnValue(d.dueOn);
        ctx.operations.push({ op: 'adopt-milestone', stage: d.stage, number: cur.number, changes, reason: entry.why });
        return;
      }
      const { changes, kept } = adoption(owned, d.dueOn, cur, ctx.overwrite);
      // Taken over as "scope " or "SCOPE": the record says "Scope", so the title must say it too.
      if (cur.title !== d.title) changes.title = d.title;
      const keptWords = kept.map((field) => (field === 'due_on' ? 'due date' : field)).join(' and ');
      ctx.operations.push({ op: 'adopt-milestone', stage: d.stage, number: cur.number, changes, reason: kept.length > 0 ? `${entry.why}, keeping the ${keptWords} a person gave it` : entry.why });
      for (const field of kept) {
        const reason =
          field === 'description'
            ? 'made by a person with a description of its own; adopted with that description left as it is (overwrite replaces it)'
            : `made by a person with the due date ${dueDateOf(cur.dueOn) ?? 'none'}; left as it is, where the schedule says ${d.dueOn ?? 'none'} (overwrite replaces it)`;
        ctx.operations.push(milestoneDrift(d, cur, field, reason));
      }
      return;
    }
    case 'conflict': {
      const cur = entry.current;
      ctx.operations.push({
        op: 'conflict',
        kind: 'milestone',
        stage: d.stage,
        number: cur.number,
        title: cur.title,
        htmlUrl: cur.htmlUrl,
        reason: `${entry.why}, and it is closed: a closed milestone is never adopted, so stage ${quote(d.stage)} has no milestone and its issues are created without one`,
        resolve: `rename milestone #${cur.number} so the tool can create the stage's own, or reopen it so the tool adopts it; the stage's issues then move into that milestone`,
      });
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
  const driftOp = (field: DriftField, reason: string): Operation => milestoneDrift(d, cur, field, reason);

  if (entry.renameTo !== null) {
    changes.title = entry.renameTo;
    why.push(`title ${quote(cur.title)} → ${quote(entry.renameTo)}`);
  }
  if (entry.titleDrift) drift.push(driftOp('title', `title changed by a person to ${quote(cur.title)}; left as it is`));

  // The record says which due date the tool last wrote: if the schedule still gives the same, a
  // different date is a person's; if the schedule changed, its new date is applied. A re-planned
  // stage's date is the re-plan's, and stays until the next one.
  const due = dueDateOf(cur.dueOn);
  if (due !== d.dueOn && !ctx.replanned.has(d.stage)) {
    const byPerson = marker.wrote?.due === dueKey(d.dueOn);
    if (byPerson && !ctx.overwrite) drift.push(driftOp('due_on', `due date changed by a person to ${due ?? 'none'}; left as it is (overwrite replaces it)`));
    else {
      changes.due_on = dueOnValue(d.dueOn);
      why.push(`due ${due ?? 'none'} → ${d.dueOn ?? 'none'}${byPerson ? ' (a person\'s date, overwritten)' : ''}`);
    }
  }

  // A held-back rename keeps the old title record, so the next run tries the rename again. A record
  // written before due dates were recorded is not rewritten for that alone.
  const title = entry.blocked ? marker.wrote?.title : titleHash(d.title);
  const legacy = why.length === 0 && marker.wrote !== undefined && marker.wrote.due === undefined;
  const record: MarkerRecord = {
    ...(title === undefined ? {} : { title }),
    ...(legacy ? {} : { due: dueKey(d.dueOn) }),
    // Closed by the tool once, reopened by a person: a re-render keeps that known.
    ...(marker.wrote?.state === undefined ? {} : { state: marker.wrote.state }),
  };
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
      // A new record alone (a new due date, say) is not a new text.
      if (edited || !sameText(stripMarker(text), stripMarker(cur.description ?? ''))) why.push(edited ? 'description edited by a person; overwritten' : 'description re-rendered');
    }
  }

  if (Object.keys(changes).length > 0) {
    ctx.operations.push({ op: 'update-milestone', stage: d.stage, number: cur.number, changes, reason: why.length > 0 ? why.join('; ') : 'record what was written' });
  } else if (drift.length === 0) {
    ctx.operations.push({ op: 'noop', kind: 'milestone', stage: d.stage, number: cur.number, reason: 'up to date' });
  }
  ctx.operations.push(...drift);
}

function milestoneDrift(d: DesiredMilestone, cur: CurrentMilestone, field: DriftField, reason: string): Operation {
  return { op: 'drift', kind: 'milestone', stage: d.stage, number: cur.number, field, htmlUrl: cur.htmlUrl, reason };
}

function retiredOp(stage: string, milestone: CurrentMilestone, prune: boolean): Operation {
  if (milestone.state === 'closed') {
    return { op: 'noop', kind: 'milestone', stage, number: milestone.number, reason: `stage ${quote(stage)} is no longer declared; already closed` };
  }
  if (prune) return { op: 'close-milestone', stage, number: milestone.number, reason: `stage ${quote(stage)} is no longer declared` };
  return { op: 'noop', kind: 'milestone', stage, number: milestone.number, reason: 'no longer declared; run with prune to close' };
}
