// The Action's word that a newer edition of the preset is out: when it is said, what it says.
import { describe, expect, it } from 'vitest';
import { renderPresetEdition } from '../../src/init/editions.js';
import { newerEditionNotice } from '../../src/upgrade/edition-notice.js';

describe('newerEditionNotice', () => {
  it('names the recorded edition, the newest, and the commands to run', async () => {
    const first = await renderPresetEdition('genai', 1, { name: 'Support bot' });
    const notice = newerEditionNotice(first, '.github/lifecycle.yml');
    expect(notice?.line).toBe(
      'A newer edition of the genai preset is out: .github/lifecycle.yml was written from genai@1, the newest is genai@2. Run "lifecycle upgrade" in a checkout to bring it in with your edits kept.',
    );
    expect(notice?.markdown).toContain('## A newer edition of the preset\n');
    expect(notice?.markdown).toContain('```sh\nlifecycle upgrade --dry-run\nlifecycle upgrade\n```');
    const recorded = first.replace('\nproject:\n', '\npreset: genai@1\nproject:\n');
    expect(newerEditionNotice(recorded, "plans/our plan's.yml")?.markdown).toContain(`lifecycle upgrade -c 'plans/our plan'\\''s.yml' --dry-run`);
  });

  it('says nothing on the newest edition, on another preset or on a file from no known edition', async () => {
    const cases = [
      await renderPresetEdition('genai', 2, { name: 'Support bot' }),
      await renderPresetEdition('minimal', 1, { name: 'Support bot' }),
      'version: 1\npreset: genai@9\nproject:\n  name: x\nstages: []\n',
      'version: 1\npreset: [genai]\nproject:\n  name: x\nstages: []\n',
      'not: [yaml',
    ];
    for (const text of cases) expect(newerEditionNotice(text, '.github/lifecycle.yml')).toBeNull();
  });
});
