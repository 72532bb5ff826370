// Comparing and producing the texts the tool owns (milestone descriptions, issue bodies).
import { fits, fitWithMarker } from './body-limit.js';
import { carryTicks } from './checkboxes.js';
import { digest, setMarker, stripMarker } from './marker.js';
import type { Marker, MarkerKind, MarkerRecord } from './marker.js';

function normalize(text: string | null | undefined): string {
  return (text ?? '').replace(/\r\n/g, '\n').trimEnd();
}

/** Equal as a person would see them: line endings and trailing blank space do not count. */
export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return normalize(a) === normalize(b);
}

const PREFIX = '<!-- lifecycle-action ';

/**
 * The text as stripMarker gives it. When the only marker is on the last line (the shape the tool
 * writes) the text before it is sliced off rather than copied: this runs on two bodies per issue.
 */
export function visibleText(body: string): string {
  const at = body.indexOf(PREFIX);
  if (at !== -1 && body.indexOf(PREFIX, at + 1) === -1 && !body.includes('\r') && body[at + PREFIX.length] === '{') {
    const end = body.indexOf(' -->', at);
    if (end !== -1 && body[end - 1] === '}' && !body.slice(at, end).includes('\n') && body.slice(end + 4).trim() === '') return body.slice(0, at).trimEnd();
  }
  return stripMarker(body);
}

/**
 * Whether a person changed the text since the tool wrote it. Without a digest the tool cannot know
 * what it wrote, so the text counts as edited: leaving it alone is the safe side.
 */
export function isEdited(text: string | null, marker: Marker | null): boolean {
  if (marker?.digest === undefined) return true;
  return digest(text ?? '') !== marker.digest;
}

export interface Identity {
  kind: MarkerKind;
  stage: string;
  task?: string;
}

/**
 * The text to write: the rendered text with the boxes a person ticked in `previous` ticked again,
 * and a marker carrying the digest of the text and the record of the other fields, the whole cut to
 * GitHub's limit now that the marker is complete. The digest is computed from the text as written
 * (ticks do not count), never read from the rendered marker, so a stale digest there cannot pose
 * as an edit later.
 */
export function ownedText(rendered: string, previous: string | null, identity: Identity, record: MarkerRecord): string {
  return fitWithMarker(carryTicks(visibleText(rendered), previous), { ...identity, wrote: record });
}

/**
 * A person's text kept as it is, with only the hidden record brought up to date (the old digest
 * stays); null when the longer marker would take the text past GitHub's limit: a person's text is
 * never cut, so the record then stays as it was.
 */
export function refreshedRecord(text: string | null, marker: Marker, record: MarkerRecord): string | null {
  const refreshed = setMarker(text ?? '', { ...marker, wrote: record });
  return fits(refreshed) ? refreshed : null;
}
