// The dashboard issue as the sync keeps it, over HTTP against the emulator with the emulator's
// clock: a project run through its first weeks in seconds, its issues closed on chosen days, and
// the forecast asserted to the day.
import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/commands/sync.js';
import { parseMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, REPO, REPO_NAME, smallProject, startSyncEmulator, USER_TOKEN } from '../sync/helpers.js';

const DAY = 86_400_000;
const config = configYaml(smallProject(), { dashboard: true });

const sync = (gh: TestEmulator, today: string, configText = config) => runSync({ client: clientFor(gh), repo: REPO, configText, today });
const dashboards = (gh: TestEmulator) => [...gh.state.repo(REPO_NAME).issues.values()].filter((i) => parseMarker(i.body ?? null)?.kind === 'dashboard');
const tasksOf = (gh: TestEmulator, stage: string) => [...gh.state.repo(REPO_NAME).issues.values()].filter((i) => i.body?.includes(`"kind":"task","stage":"${stage}"`));

async function close(gh: TestEmulator, number: number, state: 'closed' | 'open' = 'closed') {
  await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: number, state });
}

describe('the dashboard issue', () => {
  it('is created once, rewritten only when its text changes, and a run the same day with nothing changed writes nothing', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    const first = await sync(gh, '2027-01-04');
    expect(first.ok).toBe(true);
    expect(first.dashboard?.action).toBe('created');
    expect(dashboards(gh)).toHaveLength(1);
    const issue = dashboards(gh)[0]!;
    expect(issue.title).toBe('Dashboard: Support assistant');
    expect(issue.body?.split('\n')[0]).toBe('**Now:** Scope · **Done:** 0 of 3 stages · **Forecast end:** 2027-01-27 (as planned)');
    // The job summary leads with the same status line and table.
    expect(first.summaryMarkdown.startsWith(`${issue.body?.split('\n')[0] ?? ''}\n\n| Stage | State |`)).toBe(true);

    const from = gh.log.entries.length;
    const again = await sync(gh, '2027-01-04');
    expect(again.dashboard?.action).toBe('unchanged');
    expect(gh.log.entries.slice(from).filter((e) => e.write)).toEqual([]);

    // The next day the text names the new day: one write, to the same issue.
    const nextDay = gh.log.entries.length;
    const tuesday = await sync(gh, '2027-01-05');
    expect(tuesday.dashboard?.action).toBe('updated');
    expect(gh.log.entries.slice(nextDay).filter((e) => e.write)).toHaveLength(1);
    expect(dashboards(gh).map((i) => i.number)).toEqual([issue.number]);
  });

  it('shows the due dates a run just moved, so the next run the same day writes nothing', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    await sync(gh, '2027-01-04');
    // The team estimates scope at 5 days instead of 3: the sync moves every due date after it.
    const longer = configYaml(smallProject().map((stage) => (stage.id === 'scope' ? { ...stage, duration: '5d' } : stage)), { dashboard: true });
    const moved = await sync(gh, '2027-01-04', longer);
    expect(moved.dashboard?.view?.rows.map((r) => [r.id, r.plannedDue, r.flag])).toEqual([
      ['scope', '2027-01-08', null],
      ['build', '2027-01-22', null],
      ['ship', '2027-01-29', null],
    ]);
    const from = gh.log.entries.length;
    const again = await sync(gh, '2027-01-04', longer);
    expect(again.dashboard?.action).toBe('unchanged');
    expect(gh.log.entries.slice(from).filter((e) => e.write)).toEqual([]);
  });

  it('forecasts to the day from issues closed on chosen days, and keeps a stage’s first end when it is reopened', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    await sync(gh, '2027-01-04');
    const scope = tasksOf(gh, 'scope');
    expect(scope).toHaveLength(2);
    gh.clock.advance(1 * DAY);
    await close(gh, scope[0]!.number);
    gh.clock.advance(3 * DAY);
    await close(gh, scope[1]!.number);

    // Scope took 5 workdays for 3: build's 10 become 17 from Monday 11, ship's 5 become 8 after it.
    const monday = await sync(gh, '2027-01-11');
    expect(monday.dashboard?.action).toBe('updated');
    const rows = monday.dashboard?.view?.rows.map((r) => [r.id, r.state, r.plannedDue, r.actualStart, r.actualEnd, r.forecastEnd, r.flag]);
    expect(rows).toEqual([
      ['scope', 'done', '2027-01-06', '2027-01-04', '2027-01-08', '2027-01-08', null],
      ['build', 'active', '2027-01-20', '2027-01-11', null, '2027-02-02', 'at-risk'],
      ['ship', 'waiting', '2027-01-27', null, null, '2027-02-12', 'at-risk'],
    ]);
    expect(parseMarker(dashboards(gh)[0]!.body ?? null)?.keep).toEqual({ ended: { scope: '2027-01-08' } });

    // A reopened task: the record still knows when scope first ended.
    gh.clock.advance(1 * DAY);
    await close(gh, scope[1]!.number, 'open');
    const reopened = await sync(gh, '2027-01-12');
    expect(reopened.dashboard?.body).toContain('reopened (first done 2027-01-08)');
    expect(parseMarker(dashboards(gh)[0]!.body ?? null)?.keep).toEqual({ ended: { scope: '2027-01-08' } });
  });

  it('is created again, once, when a person deleted it', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    await sync(gh, '2027-01-04');
    const [issue] = dashboards(gh);
    gh.state.repo(REPO_NAME).issues.delete(issue!.number);
    const again = await sync(gh, '2027-01-04');
    expect(again.dashboard?.action).toBe('created');
    await sync(gh, '2027-01-04');
    expect(dashboards(gh)).toHaveLength(1);
  });

  it('re-plan moves only the remaining milestones to their forecast end, one write each, and the dashboard records the baseline', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    await sync(gh, '2027-01-04');
    const scope = tasksOf(gh, 'scope');
    gh.clock.advance(4 * DAY);
    for (const t of scope) await close(gh, t.number);
    await sync(gh, '2027-01-11');
    const dues = () => Object.fromEntries([...gh.state.repo(REPO_NAME).milestones.values()].map((m) => [m.title, m.dueOn?.slice(0, 10) ?? null]));
    expect(dues()).toEqual({ Scope: '2027-01-06', Build: '2027-01-20', Ship: '2027-01-27' });

    const from = gh.log.entries.length;
    const result = await runSync({ client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-11', replan: true });
    expect(result.ok).toBe(true);
    expect(result.replanned).toEqual([
      { stage: 'build', from: '2027-01-20', to: '2027-02-02' },
      { stage: 'ship', from: '2027-01-27', to: '2027-02-12' },
    ]);
    // Scope is done: its due date stays the baseline it was measured against.
    expect(dues()).toEqual({ Scope: '2027-01-06', Build: '2027-02-02', Ship: '2027-02-12' });
    const writes = gh.log.entries.slice(from).filter((e) => e.write);
    expect(writes.filter((e) => (e.route ?? '').includes('/milestones/'))).toHaveLength(2);
    const keep = parseMarker(dashboards(gh)[0]!.body ?? null)?.keep;
    expect(keep).toEqual({ baseline: { build: '2027-01-20', ship: '2027-01-27' }, replanned: '2027-01-11', ended: { scope: '2027-01-08' } });
    expect(result.dashboard?.view?.atRisk).toEqual([]);

    // Asked again with nothing new: nothing moves, and the first baseline is kept.
    const again = await runSync({ client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-11', replan: true });
    expect(again.replanned).toEqual([]);
    expect(parseMarker(dashboards(gh)[0]!.body ?? null)?.keep).toEqual(keep);

    // A plain sync afterwards: the re-planned dates are the tool's own, not a person's edit, and stay,
    // overwrite or not.
    for (const overwrite of [false, true]) {
      const mark = gh.log.entries.length;
      const plain = await runSync({ client: clientFor(gh), repo: REPO, configText: config, today: '2027-01-11', overwrite });
      expect(plain.drift.filter((d) => d.field === 'due_on')).toEqual([]);
      expect(gh.log.entries.slice(mark).filter((e) => e.write)).toEqual([]);
      expect(dues()).toEqual({ Scope: '2027-01-06', Build: '2027-02-02', Ship: '2027-02-12' });
    }
  });

  it('is not created twice when the answer to its create is lost', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    await sync(gh, '2027-01-04', configYaml(smallProject(), { dashboard: false }));
    // The only issue the next run creates is the dashboard: it lands, and the answer never arrives.
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    const result = await sync(gh, '2027-01-04');
    expect(result.dashboard?.action).toBe('created');
    expect(result.ok).toBe(true);
    expect(dashboards(gh)).toHaveLength(1);
    expect(result.dashboard?.number).toBe(dashboards(gh)[0]!.number);
  });

  it('is not kept with dashboard: false', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator({ speed: 0 });
    const result = await sync(gh, '2027-01-04', configYaml(smallProject(), { dashboard: false }));
    expect(result.dashboard?.action).toBe('off');
    expect(dashboards(gh)).toEqual([]);
  });
});
