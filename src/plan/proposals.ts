// When the text the tool renders for an issue changes (an upgrade of the plan, an edited template)
// and a person has edited the issue's description, the description is left alone; the new text is
// offered in one comment instead, as a diff from the description as it is. The comment ends with a
// hidden marker carrying the digest of the proposed text, so it is posted once per change: a re-run
// finds it, a later change of the text proposes again.
//
// The marker has a prefix of its own ("lifecycle-action-proposal"), not the task marker's: a person
// who copies the comment's source into the description must not give the issue a second identity.
import { unifiedDiff } from '../init/diff.js';
import { codeFence } from '../render/code-block.js';
import { BODY_LIMIT, cutAtLine, cutNote } from './body-limit.js';
import { digest, parseMarker, untickAll } from './marker.js';
import type { Marker } from './marker.js';
import type { CurrentIssue, DesiredIssue, Operation } from './model.js';
import { visibleText } from './text.js';

export type ProposeTextOp = Extract<Operation, { op: 'propose-text' }>;

const PREFIX = '<!-- lifecycle-action-proposal ';

export function proposalMarker(stage: string, task: string, proposed: string): string {
  // Ids are slugs and the digest is hex: nothing here can close the comment early.
  return `${PREFIX}${JSON.stringify({ v: 1, stage, task, digest: proposed })} -->`;
}

/**
 * Whether one of `comments` is the proposal of this text for this task: its last line is the
 * marker. Only the last line counts, so a marker quoted inside a diff (every diff line starts with
 * "+", "-" or a space) or in a person's comment text is never taken for one.
 */
export function hasProposal(comments: readonly string[], stage: string, task: string, proposed: string): boolean {
  const marker = proposalMarker(stage, task, proposed);
  return comments.some((body) => lastLine(body) === marker);
}

function lastLine(text: string): string {
  const trimmed = text.replace(/\r\n/g, '\n').trimEnd();
  return trimmed.slice(trimmed.lastIndexOf('\n') + 1);
}

/**
 * The proposal for an issue whose description a person edited, or null when the text the tool
 * would write now is the one it last wrote (the marker's digest): then only the person changed
 * anything, and there is nothing to propose.
 */
export function proposalFor(d: DesiredIssue, cur: CurrentIssue, marker: Marker): ProposeTextOp | null {
  const proposed = parseMarker(d.body)?.digest ?? digest(d.body);
  if (marker.digest === undefined || marker.digest === proposed) return null;
  const current = untickAll(visibleText(cur.body ?? ''));
  const wanted = visibleText(d.body);
  return {
    op: 'propose-text',
    kind: 'issue',
    stage: d.stage,
    task: d.task,
    number: cur.number,
    htmlUrl: cur.htmlUrl,
    digest: proposed,
    comment: proposalComment(current, wanted, proposalMarker(d.stage, d.task, proposed)),
    reason: 'the text for this task changed, and a person edited the description: the new text is proposed in a comment (overwrite replaces it)',
  };
}

const INTRO =
  'The life cycle now has new text for this issue. A person has edited the description, so it was left as it is; ' +
  'here is what would change, from the description as it is now to the new text:';
const OUTRO =
  'To take it, copy the new text into the description (ticked boxes may stay ticked), or run the sync with `overwrite`. ' +
  'Until then the issue is reported as edited by a person.';

/**
 * The comment: the diff, the new text in full to copy, and how to take it, with the marker last.
 * Both blocks are fenced longer than any backtick run in them, so a person's text shows as written
 * and cannot close them. Within GitHub's limit: the full text is dropped first, then the diff cut.
 */
export function proposalComment(current: string, wanted: string, marker: string): string {
  const diff = unifiedDiff(`${current}\n`, `${wanted}\n`, { before: 'description now', after: 'new text' });
  const diffBlock = codeFence(diff.replace(/\n$/, ''), 'diff');
  const full = `<details><summary>The new text in full</summary>\n\n${codeFence(wanted, 'markdown')}\n\n</details>`;
  const whole = [INTRO, diffBlock, full, OUTRO, marker].join('\n\n');
  if (whole.length + 1 <= BODY_LIMIT) return `${whole}\n`;
  const tail = `\n\n${OUTRO}\n\n${marker}\n`;
  const room = BODY_LIMIT - tail.length - cutNote(BODY_LIMIT).length;
  return `${cutAtLine(`${INTRO}\n\n${diffBlock}`, room)}${cutNote(BODY_LIMIT)}${tail}`;
}
