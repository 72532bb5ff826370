// The dashboard's command boxes, over HTTP against the emulator, with GitHub's recorded
// `issues: edited` payload: a tick by a person with write access runs the command, unticks the box
// and says what it did in one comment; a tick by anyone else is unticked with a note.
import { describe, expect, it } from 'vitest';
import { runDashboardCommand } from '../../src/commands/dashboard-command.js';
import { runSync } from '../../src/commands/sync.js';
import { tickedCommands } from '../../src/forecast/dashboard.js';
import { parseMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { issuesEditedPayload } from '../helpers/payloads.js';
import { clientFor, configYaml, REPO, REPO_NAME, smallProject, startSyncEmulator, USER_TOKEN } from './helpers.js';

const DAY = 86_400_000;
const config = configYaml(smallProject(), { dashboard: true });
const issues = (gh: TestEmulator) => [...gh.state.repo(REPO_NAME).issues.values()];
const dashboardOf = (gh: TestEmulator) => issues(gh).find((i) => parseMarker(i.body ?? null)?.kind === 'dashboard')!;
const commentsOn = (gh: TestEmulator, number: number) => [...gh.state.repo(REPO_NAME).comments.values()].filter((c) => c.issueNumber === number);

/** A project whose first stage finished two workdays late, with its dashboard; a person ticks a box. */
async function ticked(box: 'Sync now' | 'Re-plan the remaining stages from today', sender: string) {
  const gh = await startSyncEmulator({ speed: 0 });
  await runSync({ client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-04' });
  gh.clock.advance(4 * DAY);
  const person = gh.octokit(USER_TOKEN);
  for (const t of issues(gh).filter((i) => i.body?.includes('"kind":"task","stage":"scope"'))) {
    await person.rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: t.number, state: 'closed' });
  }
  await runSync({ client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-11' });
  const dashboard = dashboardOf(gh);
  const previous = dashboard.body ?? '';
  const body = previous.replace(`- [ ] ${box}`, `- [x] ${box}`);
  await person.rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: dashboard.number, body });
  const event = issuesEditedPayload({ apiUrl: gh.url, owner: REPO.owner, repo: REPO.name, sender, number: dashboard.number, body, previousBody: previous });
  return { gh, number: dashboard.number, payload: event.payload as Parameters<typeof runDashboardCommand>[0] };
}

describe('the dashboard command boxes', () => {
  it('re-plan ticked by a person with write access: the remaining milestones move, the box is unticked, one comment says what moved', { timeout: 60_000 }, async () => {
    const { gh, number, payload } = await ticked('Re-plan the remaining stages from today', 'alice');
    const outcome = await runDashboardCommand(payload, { client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-11' });
    expect(outcome?.allowed).toBe(true);
    expect(outcome?.commands).toEqual(['replan']);
    const dues = [...gh.state.repo(REPO_NAME).milestones.values()].map((m) => [m.title, m.dueOn?.slice(0, 10)]);
    expect(dues).toEqual([['Scope', '2027-01-06'], ['Build', '2027-02-02'], ['Ship', '2027-02-12']]);
    expect(tickedCommands(dashboardOf(gh).body ?? '')).toEqual([]);
    const comments = commentsOn(gh, number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('@alice: Re-planned the remaining stages from today and synced.');
    expect(comments[0]!.body).toContain('- build: due 2027-01-20 → 2027-02-02');
  });

  it('a tick by a person without write access is unticked with a note, and nothing runs', { timeout: 60_000 }, async () => {
    const { gh, number, payload } = await ticked('Sync now', 'bob');
    const from = gh.log.entries.length;
    const outcome = await runDashboardCommand(payload, { client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-12' });
    expect(outcome?.allowed).toBe(false);
    expect(tickedCommands(dashboardOf(gh).body ?? '')).toEqual([]);
    const writes = gh.log.entries.slice(from).filter((e) => e.write).map((e) => `${e.method} ${e.route ?? e.path}`);
    expect(writes).toEqual(['PATCH /repos/{owner}/{repo}/issues/{issue_number}', 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    expect(commentsOn(gh, number).map((c) => c.body)).toEqual([
      '@bob ticked a command on this dashboard, but only people with write access to the repository can run one; the box was unticked and nothing ran.',
    ]);
    // The dashboard still speaks of the day before: no sync ran.
    expect(dashboardOf(gh).body).toContain('As of 2027-01-11');
  });

  it('an edit of any other issue, or of the dashboard without a tick, runs nothing', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    await runSync({ client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-04' });
    const task = issues(gh).find((i) => parseMarker(i.body ?? null)?.kind === 'task')!;
    const dashboard = dashboardOf(gh);
    const options = { client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-04' };
    const other = issuesEditedPayload({ apiUrl: gh.url, owner: REPO.owner, repo: REPO.name, sender: 'alice', number: task.number, body: `${task.body ?? ''}\n- [x] Sync now <!-- lifecycle-command:sync -->`, previousBody: task.body ?? '' });
    const plain = issuesEditedPayload({ apiUrl: gh.url, owner: REPO.owner, repo: REPO.name, sender: 'alice', number: dashboard.number, body: dashboard.body ?? '', previousBody: '' });
    expect(await runDashboardCommand(other.payload, options)).toBeNull();
    expect(await runDashboardCommand(plain.payload, options)).toBeNull();
  });
});
