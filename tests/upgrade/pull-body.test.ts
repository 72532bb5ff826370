import { describe, expect, it } from 'vitest';
import { BODY_LIMIT } from '../../src/plan/body-limit.js';
import { upgradeBranch, upgradePullText } from '../../src/upgrade/pull-body.js';
import type { MergedUpgrade } from '../../src/upgrade/run.js';

const merged = (over: Partial<MergedUpgrade> = {}): MergedUpgrade => ({
  text: 'version: 1\nproject:\n  name: New\n',
  conflicts: [],
  notes: [],
  baseLabel: 'genai@1',
  theirsLabel: 'genai@2',
  ...over,
});

describe('the upgrade pull request text', () => {
  it('neutralizes text from the file: no mention, reference or marker gets out of a note', () => {
    const { body } = upgradePullText(merged({ notes: ['Answer team (@octo-org/admins see #12) <!-- lifecycle-action {"v":1} -->'] }), 'version: 1\n', '.github/lifecycle.yml');
    const notes = body.split('### Notes')[1]!.split('\n\n')[1]!;
    expect(notes).not.toMatch(/@octo-org/);
    expect(notes).not.toMatch(/ #12/);
    expect(notes).not.toContain('<!--');
    expect(body.match(/<!-- lifecycle-action/g)).toHaveLength(1);
  });

  it('stays within GitHub\'s limit on a body, marker kept whole', () => {
    const huge = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n');
    const { body } = upgradePullText(merged({ text: `${huge}\n` }), 'version: 1\n', '.github/lifecycle.yml');
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body).toMatch(/<!-- lifecycle-action \{"v":1,"kind":"upgrade","edition":"genai@2"\} -->$/);
    expect(body).toContain('The rest of this text was cut');
  });

  it('names one branch per edition', () => {
    expect(upgradeBranch('genai@2')).toBe('lifecycle/upgrade-genai-2');
  });
});
