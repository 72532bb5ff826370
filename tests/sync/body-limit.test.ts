// Texts longer than GitHub allows, over real HTTP against the emulator: the sync still succeeds, and
// every body and description it wrote fits the 65,536-character limit with its marker, is cut at a
// line with a note, and keeps a marker that parses and whose digest is that of the text written.
import { describe, expect, it } from 'vitest';
import { runSync, type SyncResult } from '../../src/commands/sync.js';
import type { RepoRecord } from '../../src/emulator/index.js';
const BODY_LIMIT = 65_536;
import { digest, parseMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, REPO, startSyncEmulator, USER_TOKEN } from './helpers.js';

const CUT_NOTE = 'The rest of this text was cut: GitHub allows at most 65,536 characters here.';

function sync(emulator: TestEmulator, configText: string): Promise<SyncResult> {
  return runSync({ client: clientFor(emulator), repo: REPO, configText, templatesDir: null, today: '2027-01-10', identity: 'github-actions[bot]' });
}

function repoOf(emulator: TestEmulator): RepoRecord {
  const repo = emulator.state.findRepo(REPO.owner, REPO.name);
  if (!repo) throw new Error('missing repository');
  return repo;
}

/** Every text the run wrote: milestone descriptions and issue bodies. */
function writtenTexts(emulator: TestEmulator): { what: string; text: string }[] {
  const repo = repoOf(emulator);
  return [
    ...[...repo.milestones.values()].map((m) => ({ what: `milestone #${m.number}`, text: m.description ?? '' })),
    ...[...repo.issues.values()].map((i) => ({ what: `issue #${i.number}`, text: i.body ?? '' })),
  ];
}

function expectFits(text: string, kind: 'stage' | 'stage-issue' | 'task'): void {
  expect(text.length).toBeLessThanOrEqual(BODY_LIMIT);
  const marker = parseMarker(text);
  expect(marker).toMatchObject({ v: 1, kind, stage: 'scope' });
  // The digest is that of the text as written, so the next run does not mistake the cut for an edit.
  expect(marker?.digest).toBe(digest(text));
  expect(Object.keys(marker?.wrote ?? {})).toContain('title');
  // The marker is the last line, on its own.
  expect(text.trimEnd().split('\n').at(-1)).toMatch(/^<!-- lifecycle-action \{.*\} -->$/);
}

function config(stage: string): string {
  return ['version: 1', 'dashboard: false', 'project:', '  name: Support assistant', '  start: 2027-01-04', 'stages:', stage].join('\n') + '\n';
}

describe('bodies over GitHub\'s limit', () => {
  it('a stage description of 70,000 characters: the sync succeeds and every text is cut at a line, marker intact', async () => {
    const gh = await startSyncEmulator();
    const line = 'The stage description goes on, one long sentence after another. ';
    const description = Array.from({ length: Math.ceil(70_000 / line.length) }, (_, i) => `${i} ${line}`).join('\n').slice(0, 70_000);
    expect(description.length).toBe(70_000);
    const yaml = config(
      [
        '  - id: scope',
        '    name: Scope',
        '    estimate: { duration: 3d }',
        `    description: ${JSON.stringify(description)}`,
        '    tasks:',
        '      - id: brief',
        '        title: Write the brief',
      ].join('\n'),
    );
    const result = await sync(gh, yaml);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);

    const texts = writtenTexts(gh);
    // The milestone, the stage's own issue and the task: each shows the description.
    expect(texts).toHaveLength(3);
    for (const { what, text } of texts) {
      expectFits(text, what.startsWith('milestone') ? 'stage' : (parseMarker(text)?.kind === 'stage-issue' ? 'stage-issue' : 'task'));
      expect(text, what).toContain(CUT_NOTE);
      // Cut at a line: the text before the note ends with a whole line of the description.
      const before = text.slice(0, text.indexOf('\n\n> [!NOTE]'));
      expect(before.endsWith(line.trimEnd()), what).toBe(true);
    }

    // The next run sees what it wrote as current: nothing to write, nothing reported as drift.
    const again = await sync(gh, yaml);
    expect(again.ok).toBe(true);
    expect(again.counts.drifted).toBe(0);
    expect(again.results).toEqual([]);
  });

  it('80 checklist items of 1,000 characters: the sync succeeds and the issue body fits with its marker', async () => {
    const gh = await startSyncEmulator();
    const items = Array.from({ length: 80 }, (_, i) => `${String(i).padStart(2, '0')} ${'c'.repeat(997)}`);
    expect(items.every((item) => item.length === 1000)).toBe(true);
    const yaml = config(
      [
        '  - id: scope',
        '    name: Scope',
        '    tasks:',
        '      - id: brief',
        '        title: Write the brief',
        `        checklist: ${JSON.stringify(items)}`,
      ].join('\n'),
    );
    const result = await sync(gh, yaml);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);

    const issue = [...repoOf(gh).issues.values()].find((i) => parseMarker(i.body)?.kind === 'task');
    const body = issue?.body ?? '';
    expectFits(body, 'task');
    expect(body).toContain(CUT_NOTE);
    // Whole checklist lines only: the last box before the note is a complete item.
    const boxes = body.split('\n').filter((l) => l.startsWith('- [ ] '));
    expect(boxes.length).toBeGreaterThan(60);
    expect(boxes.length).toBeLessThan(80);
    for (const box of boxes) expect(box).toHaveLength(1006);

    // Ticking a box is progress, not an edit: the next run keeps it and writes nothing.
    const ticked = body.replace('- [ ] 00 ', '- [x] 00 ');
    await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: issue?.number ?? 0, body: ticked });
    const again = await sync(gh, yaml);
    expect(again.ok).toBe(true);
    expect(again.counts.drifted).toBe(0);
  });
});
