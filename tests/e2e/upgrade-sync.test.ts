// The whole way from an old plan to a new one: init wrote edition 1 of the genai preset, the team
// edited the file and people edited issues; `lifecycle upgrade` brings edition 2 in, validate
// passes, and sync, over HTTP against the emulator, brings the issues along: an issue a person
// edited gets one comment proposing its new text and keeps everything else it holds.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.js';
import { runSync, type SyncResult } from '../../src/commands/sync.js';
import type { IssueRecord, RepoRecord } from '../../src/emulator/index.js';
import { parseMarker } from '../../src/plan/marker.js';
import { presetEditionSource } from '../../src/upgrade/preset-editions.js';
import { runUpgrade } from '../../src/upgrade/run.js';
import { clientFor, REPO, startSyncEmulator, USER_TOKEN } from '../sync/helpers.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { firstEditionFile, teamEdits } from '../upgrade/team-plan.js';

function sync(gh: TestEmulator, configText: string, dryRun = false): Promise<SyncResult> {
  return runSync({ client: clientFor(gh), repo: REPO, configText, templatesDir: null, today: '2026-01-05', identity: 'github-actions[bot]', dryRun });
}

function repoOf(gh: TestEmulator): RepoRecord {
  const repo = gh.state.findRepo(REPO.owner, REPO.name);
  if (!repo) throw new Error('missing repository');
  return repo;
}

function comments(gh: TestEmulator, issue: number): string[] {
  const repo = repoOf(gh);
  return (repo.commentsByIssue.get(issue) ?? []).map((id) => repo.comments.get(id)?.body ?? '');
}

/** What a person sees of an issue besides its comments. */
function held(issue: IssueRecord | undefined) {
  if (!issue) throw new Error('missing issue');
  return { title: issue.title, body: issue.body, labels: [...issue.labels], assignees: [...issue.assignees], milestone: issue.milestone, state: issue.state };
}

describe('an upgrade from edition 1 to 2, then sync', () => {
  it('edited issues get one proposal each and keep all they hold; the others take the new text', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-upgrade-e2e-'));
    await mkdir(path.join(dir, '.github'));
    const file = path.join(dir, '.github/lifecycle.yml');
    const ours = teamEdits(await firstEditionFile());
    await writeFile(file, ours);

    const gh = await startSyncEmulator();
    const first = await sync(gh, ours);
    expect(first.ok).toBe(true);

    const out: string[] = [];
    const upgraded = await runUpgrade(
      { config: '.github/lifecycle.yml', set: [], dryRun: false },
      { cwd: dir, interactive: false, out: (l) => out.push(l), err: (l) => out.push(l), editions: presetEditionSource() },
    );
    expect(upgraded.exitCode).toBe(0);
    expect(out).toContain('Upgrading .github/lifecycle.yml from genai@1 to genai@2: written.');
    const merged = await readFile(file, 'utf8');
    expect((await validateCommand({ config: '.github/lifecycle.yml' }, dir)).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    // Issues whose only change from the upgrade is their text: two are edited by people first.
    const preview = await sync(gh, merged, true);
    const textOnly = preview.plan.operations.filter((op) => op.op === 'update-issue' && Object.keys(op.changes).join() === 'body');
    expect(textOnly.length).toBeGreaterThanOrEqual(3);
    const [editedA, editedB] = textOnly.map((op) => (op.op === 'update-issue' ? op.number : 0));
    const people = gh.octokit(USER_TOKEN).rest.issues;
    for (const number of [editedA, editedB] as number[]) {
      const body = repoOf(gh).issues.get(number)?.body ?? '';
      await people.update({ owner: REPO.owner, repo: REPO.name, issue_number: number, body: body.replace('<!--', 'Notes from our review.\n\n<!--') });
    }
    const before = new Map([...repoOf(gh).issues.values()].map((i) => [i.number, held(i)]));

    const after = await sync(gh, merged);
    expect(after.ok).toBe(true);
    for (const number of [editedA, editedB] as number[]) {
      expect(held(repoOf(gh).issues.get(number))).toEqual(before.get(number));
      const posted = comments(gh, number);
      expect(posted).toHaveLength(1);
      expect(posted[0]).toContain('```diff\n');
      expect(posted[0]).toMatch(/<!-- lifecycle-action-proposal \{.*\} -->\n$/);
    }
    expect(after.drift.map((d) => d.number).sort()).toEqual([editedA, editedB].sort());
    expect(after.resultLine).toContain('proposed new text in a comment on 2 issues');
    // The issues nobody edited took the new text, and got no comment.
    for (const op of textOnly.slice(2)) {
      if (op.op !== 'update-issue') continue;
      const issue = repoOf(gh).issues.get(op.number);
      expect(issue?.body).not.toBe(before.get(op.number)?.body);
      // A stage's own issue has no task in its marker; its operation names the task as ''.
      expect(parseMarker(issue?.body)?.task ?? '').toBe(op.task);
      expect(comments(gh, op.number)).toEqual([]);
    }

    // Again: nothing is written, and no second proposal.
    gh.log.clear();
    await sync(gh, merged);
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    for (const number of [editedA, editedB] as number[]) expect(comments(gh, number)).toHaveLength(1);
  }, 180_000);
});
