// The text of the upgrade pull request: what it brings, the notes of the merge, every conflict as
// a box to tick, the diff, and a hidden marker. Values in it come from the team's file and the
// preset, so they are neutralized (no mention, reference or markup gets out) and the whole stays
// within GitHub's limit on a body.
import { parseConfigText } from '../config/load.js';
import { unifiedDiff } from '../init/diff.js';
import { BODY_LIMIT, fitText } from '../plan/body-limit.js';
import { codeFence } from '../render/code-block.js';
import { neutralize } from '../render/escape.js';
import { conflictDiagnostic } from './run.js';
import type { MergedUpgrade } from './run.js';

export interface UpgradePullText {
  title: string;
  body: string;
  commitMessage: string;
}

/** The marker a pull request body ends with; JSON, as the tool's other markers. */
export function upgradeMarker(edition: string): string {
  return `<!-- lifecycle-action ${JSON.stringify({ v: 1, kind: 'upgrade', edition }).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')} -->`;
}

/** One line per conflict, at its line in the file as proposed (where `lifecycle validate` reports it). */
export function conflictChecklist(merged: MergedUpgrade, file: string): string[] {
  const marks = parseConfigText(merged.text, file).diagnostics.filter((d) => d.message.startsWith('unresolved upgrade conflict'));
  return merged.conflicts.map((c, i) => {
    const at = marks.length === merged.conflicts.length ? `line ${marks[i]!.line}` : `line ${c.line} of the current file`;
    return `- [ ] ${at}: ${neutralize(conflictDiagnostic(file, c).message, { max: 600 })}`;
  });
}

export function upgradePullText(merged: MergedUpgrade, ours: string, file: string): UpgradePullText {
  const shownFile = neutralize(file);
  const edition = neutralize(merged.theirsLabel);
  const conflicts = conflictChecklist(merged, file);
  const sections = [
    `Brings ${edition} into ${shownFile}, merged by meaning with the team's edits kept (from ${neutralize(merged.baseLabel)}).`,
    ...(merged.notes.length > 0 ? ['### Notes', merged.notes.map((n) => `- ${neutralize(n, { max: 1000 })}`).join('\n')] : []),
    ...(conflicts.length > 0
      ? [
          `### ${conflicts.length === 1 ? 'One conflict' : `${conflicts.length} conflicts`} to settle`,
          'Each is marked in the file with both values and a comment naming it: keep one value and delete the comment. ' +
            '`lifecycle validate` fails until every one is settled, so nothing is synced by accident.',
          conflicts.join('\n'),
        ]
      : ['No conflicts: every change of the new edition fell where the team had not edited, or both made the same change.']),
    'After this is merged, the next sync brings the issues along; an issue a person edited gets one comment proposing its new text instead.',
    '### The change',
    codeFence(unifiedDiff(ours, merged.text, { before: `${file} (now)`, after: `${file} (upgraded)` }).replace(/\n$/, ''), 'diff'),
  ];
  const marker = upgradeMarker(merged.theirsLabel);
  const content = fitText(sections.join('\n\n'), BODY_LIMIT - marker.length - 2);
  return {
    title: `Upgrade ${file} to ${merged.theirsLabel}`.slice(0, 256),
    body: `${content}\n\n${marker}`,
    commitMessage: `Upgrade ${file} to ${merged.theirsLabel}`,
  };
}

/** The branch the upgrade to `edition` (e.g. genai@2) is proposed from: one per edition. */
export function upgradeBranch(edition: string): string {
  return `lifecycle/upgrade-${edition.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}
