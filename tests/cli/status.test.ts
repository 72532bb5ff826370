// `lifecycle status` as a person runs it (tests/helpers/cli.ts): a config file in a real folder, against
// the emulator over HTTP, after a project was synced and its first stage closed on chosen days of
// the emulator's clock.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/commands/sync.js';
import { runCli } from '../helpers/cli.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, REPO, REPO_NAME, smallProject, startSyncEmulator, USER_TOKEN, WRITE_TOKEN } from '../sync/helpers.js';

const DAY = 86_400_000;

async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-status-'));
  await mkdir(path.join(dir, '.github'), { recursive: true });
  await writeFile(path.join(dir, '.github', 'lifecycle.yml'), configYaml(smallProject()));
  return dir;
}

/** Synced on Monday 4 January 2027; the scope stage's two issues closed on Tuesday 5 and Friday 8. */
async function scopeFinishedTwoDaysLate(): Promise<TestEmulator> {
  const gh = await startSyncEmulator({ speed: 0 });
  const result = await runSync({ client: clientFor(gh), repo: REPO, configText: configYaml(smallProject()), today: '2027-01-04' });
  expect(result.ok).toBe(true);
  const octokit = gh.octokit(USER_TOKEN);
  const issues = [...gh.state.repo(REPO_NAME).issues.values()].filter((i) => i.body?.includes('"kind":"task","stage":"scope"'));
  expect(issues).toHaveLength(2);
  gh.clock.advance(1 * DAY);
  await octokit.rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: issues[0]!.number, state: 'closed' });
  gh.clock.advance(3 * DAY);
  await octokit.rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: issues[1]!.number, state: 'closed' });
  return gh;
}

const status = (gh: TestEmulator, dir: string, extra: string[], env: Record<string, string> = { NO_COLOR: '1' }) =>
  runCli(['status', '--repo', REPO_NAME, '--api-url', gh.url, ...extra], dir, { GITHUB_TOKEN: WRITE_TOKEN, ...env });

describe('lifecycle status', () => {
  it('gives scripts the stages planned against actual and the forecast, as JSON, to the day', { timeout: 60_000 }, async () => {
    const gh = await scopeFinishedTwoDaysLate();
    const from = gh.log.entries.length;
    const run = await status(gh, await workspace(), ['--today', '2027-01-11', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { current: string[]; late: string[]; atRisk: string[]; end: string; ratio: { value: number }; stages: Record<string, unknown>[] };
    // Scope took 5 workdays for 3: build's 10 become 17 from Monday 11, ship's 5 become 8 after it.
    expect(result.stages.map((s) => [s.id, s.state, s.plannedDue, s.actualStart, s.actualEnd, s.forecastEnd, `${String(s.tasksDone)}/${String(s.tasksTotal)}`, s.flag])).toEqual([
      ['scope', 'done', '2027-01-06', '2027-01-04', '2027-01-08', '2027-01-08', '2/2', null],
      ['build', 'active', '2027-01-20', '2027-01-11', null, '2027-02-02', '0/3', 'at-risk'],
      ['ship', 'waiting', '2027-01-27', null, null, '2027-02-12', '0/2', 'at-risk'],
    ]);
    expect([result.current, result.late, result.atRisk, result.end]).toEqual([['Build'], [], ['Build', 'Ship'], '2027-02-12']);
    expect(result.ratio.value).toBeCloseTo(5 / 3);
    expect(gh.log.entries.slice(from).filter((e) => e.write)).toEqual([]);
  });

  it('prints the status line and an aligned table for people, late in red on a terminal', { timeout: 60_000 }, async () => {
    const gh = await scopeFinishedTwoDaysLate();
    const dir = await workspace();
    const plain = await status(gh, dir, ['--today', '2027-01-21']);
    expect(plain.code).toBe(0);
    const lines = plain.stdout.split('\n');
    expect(lines[0]).toBe('Now: Build · Done: 1 of 3 stages · Late: Build · At risk: Ship · Forecast end: 2027-02-12 (planned 2027-01-27, later)');
    expect(lines[2]).toMatch(/^stage +state +planned +due +started +ended +forecast +tasks +flag$/);
    expect(lines[4]).toMatch(/^Build +active +2027-01-07 +2027-01-20 +2027-01-11 +– +2027-02-02 +0\/3 +late by 1 workday$/);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await status(gh, dir, ['--today', '2027-01-21'], { FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\u001b[31mBuild ');
  });

  it('refuses a malformed --today as a usage error', async () => {
    const run = await runCli(['status', '--repo', REPO_NAME, '--api-url', 'http://127.0.0.1:9', '--today', 'tomorrow'], await workspace(), { GITHUB_TOKEN: WRITE_TOKEN });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--today must be a date');
  });
});
