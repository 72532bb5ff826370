// `lifecycle demo --upgrade` tells its story end to end: edition 1 edited by a team, synced, an issue
// edited by a person, the upgrade to edition 2, a sync that proposes rather than overwrites, and a
// re-run with nothing to write.
import { describe, expect, it } from 'vitest';
import { runUpgradeDemo } from '../../src/demo/upgrade.js';

describe('the upgrade demo', () => {
  it('upgrades, proposes one new text to the person who edited, and converges', async () => {
    const lines: string[] = [];
    const report = await runUpgradeDemo({ write: (line) => lines.push(line) });
    expect(report.upgradeExit).toBe(0);
    expect(report.firstSync).toMatch(/^Created \d+ milestones, \d+ issues and \d+ labels\.$/);
    expect(report.afterSync).toContain('1 issue left alone because people edited it; proposed new text in a comment on 1 issue');
    expect(report.proposals).toBe(1);
    expect(report.againWrites).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('Upgrading .github/lifecycle.yml from genai@1 to genai@2: written.');
    expect(text).toContain('lifecycle validate: valid');
    expect(text).toContain('```diff');
  }, 120_000);
});
