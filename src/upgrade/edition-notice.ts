// What the Action says when the preset a lifecycle.yml came from has a newer edition: a short
// section of the job summary with the commands to run, and one line for the log. Nothing is
// written anywhere else; the upgrade stays a person's decision, made in a checkout.
import { editionRecord, presetDefinition } from '../init/presets.js';
import { codeFence } from '../render/code-block.js';
import { recordedPresetEdition } from './recorded-edition.js';

export interface EditionNotice {
  /** One line, for the log and a notice annotation. */
  line: string;
  /** A section for the job summary. */
  markdown: string;
}

/** The notice for `configText` (read from `configPath`), or null when it is on the newest edition or came from no known one. */
export function newerEditionNotice(configText: string, configPath: string): EditionNotice | null {
  const found = recordedPresetEdition(configText);
  if (found.found !== 'edition') return null;
  const from = found.definition;
  const newest = presetDefinition(from.name);
  if (newest.edition <= from.edition) return null;
  const option = configPath === '.github/lifecycle.yml' ? '' : ` -c ${shellWord(configPath)}`;
  const commands = [`lifecycle upgrade${option} --dry-run`, `lifecycle upgrade${option}`];
  const line = `A newer edition of the ${from.name} preset is out: ${configPath} was written from ${editionRecord(from)}, the newest is ${editionRecord(newest)}. Run "${commands[1]}" in a checkout to bring it in with your edits kept.`;
  const markdown = [
    '## A newer edition of the preset',
    '',
    `The plan was written from edition ${from.edition} of the ${from.name} preset (${editionRecord(from)}); edition ${newest.edition} is out. ` +
      "To bring it in with the team's edits kept, run in a checkout (the first shows the change and the conflicts, the second writes it):",
    '',
    codeFence(commands.join('\n'), 'sh'),
    '',
    'Then review the change, run `lifecycle validate` and commit it; the next sync brings the issues along. This run changed nothing for it.',
    '',
  ].join('\n');
  return { line, markdown };
}

/** A path as one shell word: quoted when it holds anything but plain path characters. */
function shellWord(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
