import { describe, expect, it } from 'vitest';
import { capBytes, progressBar, resultLine, stageStatus, summaryMarkdown, type SummaryInput } from '../../src/commands/sync-summary.js';

const none = { labels: 0, milestones: 0, issues: 0 };

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    repo: 'acme/assistant',
    dryRun: false,
    counts: { created: 34, updated: 0, unchanged: 0, drifted: 2, closed: 0, failed: 0 },
    createdByKind: { labels: 0, milestones: 6, issues: 28 },
    updatedByKind: none,
    closedByKind: none,
    driftByKind: { milestones: 0, issues: 2 },
    stages: [],
    gantt: null,
    drift: [],
    failures: [],
    warnings: [],
    stopped: null,
    requests: { total: 40, reads: 6, writes: 34 },
    today: '2027-01-10',
    ...overrides,
  };
}

describe('sync summary', () => {
  it('puts the result in one line: what was created, and what people edited', () => {
    expect(resultLine(input())).toBe('Created 6 milestones and 28 issues; 2 issues left alone because people edited them.');
  });

  it('says when nothing was written', () => {
    const line = resultLine(input({ createdByKind: none, driftByKind: { milestones: 0, issues: 0 }, counts: { created: 0, updated: 0, unchanged: 30, drifted: 0, closed: 0, failed: 0 } }));
    expect(line).toBe('Everything was already in step: nothing written.');
  });

  it('opens a dry run with "nothing was written", before the result line', () => {
    const md = summaryMarkdown(input({ dryRun: true }));
    const note = md.indexOf('nothing was written');
    expect(note).toBeGreaterThan(0);
    expect(note).toBeLessThan(md.indexOf('Would create 6 milestones and 28 issues'));
  });

  it('draws progress as five cells and the closed/total count', () => {
    expect(progressBar(3, 5)).toBe('▓▓▓░░ 3/5');
    expect(progressBar(0, 4)).toBe('░░░░░ 0/4');
    expect(progressBar(0, 0)).toBe('—');
  });

  it('calls a stage late only when its due date has passed with issues still open', () => {
    const open = { state: 'open' as const };
    expect(stageStatus({ due: '2027-01-05', total: 3, closed: 1, milestone: open }, '2027-01-06')).toBe('late');
    expect(stageStatus({ due: '2027-01-06', total: 3, closed: 1, milestone: open }, '2027-01-06')).toBe('on track');
    expect(stageStatus({ due: '2027-01-05', total: 3, closed: 3, milestone: open }, '2027-01-06')).toBe('done');
    expect(stageStatus({ due: null, total: 3, closed: 0, milestone: open }, '2027-01-06')).toBe('no due date');
  });

  it('renders the stage table, the gantt block and linked drift', () => {
    const md = summaryMarkdown(
      input({
        stages: [{ id: 'scope', name: 'Scope | define', milestone: { number: 1, url: 'https://x/m/1', state: 'open' }, due: '2027-01-06', total: 5, closed: 3, status: 'on track' }],
        gantt: 'gantt\n  title Plan',
        drift: [{ kind: 'issue', stage: 'scope', task: 't', number: 12, field: 'body', url: 'https://x/i/12', title: 'Curate data' }],
      }),
    );
    expect(md).toContain('| Scope \\| define | 🟢 on track | 2027-01-06 | ▓▓▓░░ 3/5 | [#1](https://x/m/1) |');
    expect(md).toContain('```mermaid\ngantt\n  title Plan\n```');
    expect(md).toContain('[#12 Curate data](https://x/i/12)');
  });

  it('neutralizes drifted titles, which people edit on GitHub', () => {
    const title = '@org/team <img src=x onerror=alert(1)> --> $\\Huge{x}$ [a](https://evil)';
    const md = summaryMarkdown(input({ drift: [{ kind: 'issue', stage: 's', number: 3, field: 'title', url: 'https://x/i/3', title }, { kind: 'milestone', stage: 's', number: 1, field: 'description', url: 'https://x/m/1', title }] }));
    expect(md).not.toMatch(/@org\/team/);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('-->');
    expect(md).not.toContain('[a](https://evil)');
    expect(md).toContain('](https://x/i/3)');
    expect(md).toContain('](https://x/m/1)');
  });

  it('lists what needs a person, with how to resolve it, and marks the blocked stage', () => {
    const conflict = {
      kind: 'milestone' as const,
      stage: 'build',
      number: 4,
      title: 'Build',
      url: 'https://x/m/4',
      message: 'milestone #4 has the title "Build" and no marker, and it is closed',
      resolve: 'rename milestone #4, or reopen it',
    };
    const stage = { id: 'build', name: 'Build', milestone: null, blockedBy: { number: 4, url: 'https://x/m/4' }, due: '2027-01-20', total: 3, closed: 0 };
    const md = summaryMarkdown(input({ conflicts: [conflict], stages: [{ ...stage, status: stageStatus(stage, '2027-01-10') }] }));
    expect(md).toContain('| Build | ⛔ blocked: a closed milestone has its title | 2027-01-20 | ░░░░░ 0/3 | [#4](https://x/m/4) (closed, not adopted) |');
    // "#4" in the text gets the invisible break: it names a milestone, and GitHub would link issue #4.
    expect(md).toContain('### Needs a person\n\n- Milestone [#4 Build](https://x/m/4): milestone #\u200B4 has the title "Build" and no marker, and it is closed. **To resolve:** rename milestone #\u200B4, or reopen it.');
    expect(resultLine(input({ conflicts: [conflict] }))).toBe('Created 6 milestones and 28 issues; 2 issues left alone because people edited them; 1 conflict needs a person.');
  });

  it('words a moved issue and a due date a person set as what they are', () => {
    const md = summaryMarkdown(
      input({
        drift: [
          { kind: 'issue', stage: 'build', task: 't', number: 7, field: 'milestone', url: 'https://x/i/7', title: 'Harden it' },
          { kind: 'milestone', stage: 'build', number: 2, field: 'due_on', url: 'https://x/m/2', title: 'Build' },
        ],
      }),
    );
    expect(md).toContain('- [#7 Harden it](https://x/i/7): it was moved out of its stage milestone by a person, so the sync left it where it is (the `overwrite` option moves it back).');
    expect(md).toContain('- milestone [Build](https://x/m/2): its due date was set by a person, so the sync left it as it is (the `overwrite` option replaces it).');
  });

  it('stays under the size GitHub allows, however long the drift list', () => {
    const drift = Array.from({ length: 20_000 }, (_, i) => ({ kind: 'issue' as const, stage: 's', number: i, field: 'body' as const, url: `https://x/${i}`, title: 'x'.repeat(200) }));
    const md = summaryMarkdown(input({ drift }));
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md).toContain('… and 19800 more');
  });

  it('cuts oversized text at a line boundary', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i} é`).join('\n');
    const cut = capBytes(text, 2000);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2000);
    expect(cut).toContain('summary cut');
    expect(cut).not.toContain('\uFFFD');
  });
});
