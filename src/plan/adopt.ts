// Taking over a milestone a person made with a stage's title. The tool's marker is always added
// (that is what makes the milestone managed from then on), but a description or due date the
// person gave it stays, unless told to overwrite. What stays is reported as drift; the marker's
// digest and record describe what the tool would have written, so later runs keep seeing the
// person's text and date as theirs and leave them alone too.
import { dueDateOf, dueOnValue } from './dates.js';
import { parseMarker, setMarker, stripMarker } from './marker.js';
import type { CurrentMilestone, MilestoneFields } from './model.js';

export interface Adoption {
  changes: MilestoneFields;
  /** The person's values kept in place of the tool's. */
  kept: Array<'description' | 'due_on'>;
}

/**
 * `owned` is the description the tool would write (ending with its marker); `due` the stage's due
 * date (YYYY-MM-DD or null). A description counts as given when it has visible text.
 */
export function adoption(owned: string, due: string | null, current: CurrentMilestone, overwrite: boolean): Adoption {
  const kept: Adoption['kept'] = [];
  const theirs = stripMarker(current.description ?? '').trim();
  const marker = parseMarker(owned);
  let description = owned;
  if (theirs !== '' && !overwrite && marker !== null) {
    description = setMarker(current.description ?? '', marker);
    kept.push('description');
  }
  const changes: MilestoneFields = { description };
  const theirDue = dueDateOf(current.dueOn);
  if (theirDue !== due) {
    if (theirDue !== null && !overwrite) kept.push('due_on');
    else changes.due_on = dueOnValue(due);
  }
  return { changes, kept };
}
