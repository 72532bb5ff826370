// A team's plan as the upgrade tests meet it: what `init` wrote on edition 1 of the genai preset,
// and the edits the team made since.
import { expect } from 'vitest';
import { renderPresetEdition } from '../../src/init/editions.js';

export const FIRST_ANSWERS = { name: 'Support bot', start: '2026-01-05', tuning_method: 'lora', reward_model: true };

/** What `init` wrote for the team on edition 1 (a file without a preset: line, as that edition wrote it). */
export async function firstEditionFile(): Promise<string> {
  return renderPresetEdition('genai', 1, FIRST_ANSWERS);
}

/** The team's edits since: a stage renamed with a comment, its own checklist item, a task cut. */
export function teamEdits(text: string): string {
  const edited = text
    .replace('    name: Prompt engineering\n', '    name: Prompting   # what we call it\n')
    .replace(
      '      - "Cost note: the assumptions behind the estimate are stated"\n',
      '      - "Cost note: the assumptions behind the estimate are stated"\n      - Legal has signed off\n',
    )
    .replace(/\n {6}- id: pruning\n(?: {8}.*\n)+/, '\n');
  expect(edited).not.toBe(text);
  expect(edited).not.toContain('id: pruning');
  return edited;
}
