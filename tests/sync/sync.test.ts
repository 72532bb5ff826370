// The guarantees of sync (issue 5, Must 4), each over real HTTP against the embedded emulator,
// with every request and answer held to GitHub's OpenAPI description.
import { describe, expect, it } from 'vitest';
import { ConfigInvalidError, runSync, type SyncOptions, type SyncResult } from '../../src/commands/sync.js';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { loadBuiltinTemplates, makeTemplateSet } from '../../src/render/templates.js';
import type { IssueRecord, RepoRecord } from '../../src/emulator/index.js';
import { PermissionError, RateLimitError } from '../../src/github/errors.js';
import { findIdentity } from '../../src/github/identity.js';
import { parseMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, READ_TOKEN, REPO, REPO_NAME, smallProject, startSyncEmulator, USER_TOKEN, type StageSpec } from './helpers.js';

type Overrides = Partial<Omit<SyncOptions, 'client' | 'repo'>> & { token?: string };

function sync(emulator: TestEmulator, stages: StageSpec[], overrides: Overrides = {}, start?: string): Promise<SyncResult> {
  const { token, ...rest } = overrides;
  return runSync({
    client: clientFor(emulator, token),
    repo: REPO,
    configText: configYaml(stages, start ? { start } : {}),
    templatesDir: null,
    today: '2027-01-10',
    identity: 'github-actions[bot]',
    ...rest,
  });
}

function repoOf(emulator: TestEmulator): RepoRecord {
  const repo = emulator.state.findRepo(REPO.owner, REPO.name);
  if (!repo) throw new Error('missing repository');
  return repo;
}

function issues(emulator: TestEmulator): IssueRecord[] {
  return [...repoOf(emulator).issues.values()].filter((i) => i.pull === null);
}

function taskOf(issue: IssueRecord): string {
  const marker = parseMarker(issue.body);
  return `${marker?.stage}/${marker?.kind === 'stage-issue' ? 'stage-issue' : marker?.task}`;
}

function labelNames(emulator: TestEmulator, issue: IssueRecord): string[] {
  const repo = repoOf(emulator);
  return issue.labels.map((id) => repo.labels.get(id)?.name ?? '?').sort();
}

function writesSince(emulator: TestEmulator, from: number) {
  return emulator.log.entries.slice(from).filter((e) => e.write);
}

/** One open issue per declared task and one per stage (its own), each in its stage's milestone; nothing else open. */
function expectExactlyDesired(emulator: TestEmulator, stages: StageSpec[]): void {
  const repo = repoOf(emulator);
  const milestoneByStage = new Map([...repo.milestones.values()].map((m) => [parseMarker(m.description)?.stage, m]));
  expect([...repo.milestones.values()].map((m) => m.title).sort()).toEqual(stages.map((s) => s.name).sort());
  const open = issues(emulator).filter((i) => i.state === 'open');
  const expected = [...stages.map((s) => `${s.id}/stage-issue`), ...stages.flatMap((s) => s.tasks.map((t) => `${s.id}/${t.id}`))].sort();
  expect(open.map(taskOf).sort()).toEqual(expected);
  for (const issue of open) {
    const stage = parseMarker(issue.body)?.stage;
    expect(issue.milestone).toBe(milestoneByStage.get(stage)?.number);
  }
}

describe('sync', () => {
  it('first sync creates exactly the declared labels, milestones and issues', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    const result = await sync(gh, stages);
    expect(result.ok).toBe(true);
    // Each stage's own issue, and its tasks'.
    expect(result.resultLine).toBe('Created 3 milestones, 10 issues and 4 labels.');

    const repo = repoOf(gh);
    expect([...repo.labels.values()].map((l) => l.name).sort()).toEqual(['lifecycle', 'stage: build', 'stage: scope', 'stage: ship']);
    expectExactlyDesired(gh, stages);
    const brief = issues(gh).find((i) => taskOf(i) === 'scope/brief');
    expect(brief?.title).toBe('Write the brief');
    expect(brief?.assignees).toEqual(['alice']);
    expect(labelNames(gh, brief as IssueRecord)).toEqual(['lifecycle', 'stage: scope']);
    expect(brief?.body).toContain('- [ ] Problem stated');
    expect(result.milestones).toEqual({ scope: 1, build: 2, ship: 3 });
    // Exactly one write per object, then one per sub-issue (7 tasks) and per dependency edge
    // (build on scope, ship on build); nothing else.
    expect(gh.log.entries.filter((e) => e.write)).toHaveLength(4 + 3 + 3 + 7 + 7 + 2);
  });

  it('gives milestones their due dates to the day, across the switch to daylight saving time', async () => {
    const gh = await startSyncEmulator();
    // US clocks go forward on Sunday 2027-03-14. Scope ends the Friday before, Build the Monday after.
    const stages: StageSpec[] = [
      { id: 'scope', name: 'Scope', duration: '5d', tasks: [] },
      { id: 'build', name: 'Build', duration: '1d', tasks: [] },
      { id: 'ship', name: 'Ship', duration: '1w', tasks: [] },
    ];
    const result = await sync(gh, stages, {}, '2027-03-08');
    expect(result.stages.map((s) => [s.id, s.due])).toEqual([
      ['scope', '2027-03-12'],
      ['build', '2027-03-15'],
      ['ship', '2027-03-22'],
    ]);
    // As GitHub would answer them: midnight Pacific of the intended day, whatever the season.
    const { data } = await gh.octokit(USER_TOKEN).rest.issues.listMilestones({ ...{ owner: REPO.owner, repo: REPO.name }, state: 'all' });
    const pacific = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });
    expect(data.map((m) => [m.title, pacific.format(new Date(m.due_on as string))])).toEqual([
      ['Scope', '2027-03-12'],
      ['Build', '2027-03-15'],
      ['Ship', '2027-03-22'],
    ]);
    expect(data.map((m) => m.due_on)).toEqual(['2027-03-12T08:00:00Z', '2027-03-15T07:00:00Z', '2027-03-22T07:00:00Z']);
  });

  it('a second sync with nothing changed makes zero write requests', async () => {
    const gh = await startSyncEmulator();
    await sync(gh, smallProject());
    const from = gh.log.entries.length;
    const again = await sync(gh, smallProject());
    expect(writesSince(gh, from)).toEqual([]);
    expect(again.counts).toMatchObject({ created: 0, updated: 0, closed: 0, unchanged: 17 });
    expect(again.resultLine).toBe('Everything was already in step: nothing written.');
  });

  it('renaming a task title updates that one issue', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const renamed = structuredClone(stages);
    (renamed[1]?.tasks[0] as { title: string }).title = 'Build a first prototype';
    const from = gh.log.entries.length;
    const result = await sync(gh, renamed);
    const writes = writesSince(gh, from);
    const target = issues(gh).find((i) => taskOf(i) === 'build/prototype') as IssueRecord;
    const issueWrites = writes.filter((w) => w.route?.includes('/issues'));
    expect(issueWrites.map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /repos/${REPO_NAME}/issues/${target.number}`]);
    // The stage's milestone lists its tasks by title, so its description follows; nothing else is written.
    expect(writes.filter((w) => !w.route?.includes('/issues')).map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /repos/${REPO_NAME}/milestones/2`]);
    expect(target.title).toBe('Build a first prototype');
    expect(issues(gh)).toHaveLength(10);
    expect(result.counts).toMatchObject({ created: 0, updated: 2 });
  });

  it('renaming a stage updates that one milestone in place', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const before = new Map([...repoOf(gh).milestones.values()].map((m) => [m.number, m.title]));
    const renamed = structuredClone(stages);
    (renamed[1] as { name: string }).name = 'Build and test';
    const from = gh.log.entries.length;
    await sync(gh, renamed);
    const writes = writesSince(gh, from);
    const milestoneWrites = writes.filter((w) => w.route?.includes('milestones'));
    expect(milestoneWrites.map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /repos/${REPO_NAME}/milestones/2`]);
    expect(writes.some((w) => w.method === 'POST')).toBe(false);
    const after = new Map([...repoOf(gh).milestones.values()].map((m) => [m.number, m.title]));
    expect(after).toEqual(new Map([...before].map(([n, t]) => [n, n === 2 ? 'Build and test' : t])));
  });

  it('leaves a body a person edited alone and reports it as drift, with a link', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const target = issues(gh).find((i) => taskOf(i) === 'scope/risks') as IssueRecord;
    const edited = `${target.body}\n\nAlso: the vendor may drop the model we use.`.replace('<!--', 'Notes from the kickoff.\n\n<!--');
    await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: target.number, body: edited });
    const changed = structuredClone(stages);
    (changed[0]?.tasks[1] as { checklist?: string[] }).checklist = ['Top five risks ranked'];
    const result = await sync(gh, changed);
    expect(repoOf(gh).issues.get(target.number)?.body).toBe(edited);
    expect(result.drift).toEqual([expect.objectContaining({ kind: 'issue', number: target.number, field: 'body' })]);
    expect(result.drift[0]?.url).toMatch(new RegExp(`/issues/${target.number}$`));
    expect(result.resultLine).toContain('1 issue left alone because people edited it');
    expect(result.summaryMarkdown).toContain(`[#${target.number} List the risks](${result.drift[0]?.url})`);
  });

  it('does not duplicate an issue whose body, hidden marker included, a person replaced', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const target = issues(gh).find((i) => taskOf(i) === 'scope/risks') as IssueRecord;
    const count = issues(gh).length;
    await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: target.number, body: 'Our own list lives in the wiki.' });
    gh.log.clear();
    const result = await sync(gh, stages);
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    expect(issues(gh)).toHaveLength(count);
    expect(result.drift).toEqual([expect.objectContaining({ kind: 'issue', number: target.number, field: 'body' })]);
  });

  it('keeps ticked checkboxes when the template changes', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const target = issues(gh).find((i) => taskOf(i) === 'scope/brief') as IssueRecord;
    const ticked = (target.body ?? '').replace('- [ ] Problem stated', '- [x] Problem stated');
    await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: target.number, body: ticked });
    const changed = structuredClone(stages);
    (changed[0]?.tasks[0] as { checklist?: string[] }).checklist = ['Problem stated', 'Users named', 'Success measured'];
    const result = await sync(gh, changed);
    const body = repoOf(gh).issues.get(target.number)?.body ?? '';
    expect(body).toContain('- [x] Problem stated');
    expect(body).toContain('- [ ] Success measured');
    expect(result.drift).toEqual([]);
  });

  it('a closed issue or milestone stays closed', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const person = gh.octokit(USER_TOKEN);
    const issue = issues(gh).find((i) => taskOf(i) === 'build/evaluate') as IssueRecord;
    await person.rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
    await person.rest.issues.updateMilestone({ owner: REPO.owner, repo: REPO.name, milestone_number: 1, state: 'closed' });
    const changed = structuredClone(stages);
    (changed[1]?.tasks[1] as { title: string }).title = 'Evaluate the prototype on real data';
    const from = gh.log.entries.length;
    const result = await sync(gh, changed);
    expect(repoOf(gh).issues.get(issue.number)?.state).toBe('closed');
    expect(repoOf(gh).issues.get(issue.number)?.title).toBe('Evaluate the prototype');
    expect(repoOf(gh).milestones.get(1)?.state).toBe('closed');
    // Only the open Build milestone's task list follows the new title; the closed issue and the
    // closed milestone get no write at all.
    expect(writesSince(gh, from).map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH /repos/${REPO_NAME}/milestones/2`]);
    expect(result.stages.find((s) => s.id === 'build')).toMatchObject({ closed: 1, total: 3 });
    expect(result.stages.find((s) => s.id === 'scope')?.status).toBe('closed');
  });

  it('prune closes removed tasks with a comment and never deletes anything', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const trimmed = structuredClone(stages);
    trimmed[2]?.tasks.pop();
    const removed = issues(gh).find((i) => taskOf(i) === 'ship/announce') as IssueRecord;

    await sync(gh, trimmed);
    expect(repoOf(gh).issues.get(removed.number)?.state).toBe('open');

    const result = await sync(gh, trimmed, { prune: true });
    const closed = repoOf(gh).issues.get(removed.number);
    expect(closed?.state).toBe('closed');
    expect(closed?.stateReason).toBe('not_planned');
    const comments = repoOf(gh).commentsByIssue.get(removed.number) ?? [];
    expect(comments).toHaveLength(1);
    expect(repoOf(gh).comments.get(comments[0] as number)?.body).toMatch(/no longer in the project's life cycle.*Nothing was deleted/s);
    expect(result.counts.closed).toBe(1);
    expect(issues(gh)).toHaveLength(10);
    expect(gh.log.entries.some((e) => e.method === 'DELETE')).toBe(false);
  });

  it('faults mid-run, then a re-run, leave exactly the desired state: no duplicates, nothing missing', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/milestones', dropResponse: true });
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', status: 500 });
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', reset: true });
    gh.faults.inject({ route: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', status: 502, times: 2 });
    // Every later issue create fails outright for a while: the run ends with failures.
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', status: 503, times: 9 });
    const first = await sync(gh, stages).catch((e: Error) => { console.log('THROWN', e.stack, gh.log.entries.map((x) => `${x.method} ${x.route} ${x.status}`).join('\n')); throw e; });
    expect(first.ok).toBe(false);
    expect(first.failures.length).toBeGreaterThan(0);

    const second = await sync(gh, stages);
    expect(second.ok).toBe(true);
    expectExactlyDesired(gh, stages);
    expect(issues(gh)).toHaveLength(10);

    const from = gh.log.entries.length;
    await sync(gh, stages);
    expect(writesSince(gh, from)).toEqual([]);
  });

  it('stops cleanly when the primary rate limit runs out, and the runs after each reset finish the job', async () => {
    const gh = await startSyncEmulator({ limits: { primary: 12, contentPerMinute: false, contentPerHour: false } });
    const stages = smallProject();
    const first = await sync(gh, stages);
    expect(first.ok).toBe(false);
    expect(first.error).toBeInstanceOf(RateLimitError);
    expect(first.error?.message).toMatch(/resets at .*planned changes were not made/);
    expect(first.summaryMarkdown).toContain((first.error as RateLimitError).message);

    // Each hour the budget is back and the next scheduled run picks up where the last one stopped.
    let runs = 1;
    let done = false;
    while (!done && runs < 6) {
      gh.clock.advance(60 * 60 * 1000);
      runs += 1;
      try {
        done = (await sync(gh, stages)).ok;
      } catch (error) {
        // The limit may also run out while a run is still reading: the same clean error.
        expect(error).toBeInstanceOf(RateLimitError);
      }
    }
    expect(done).toBe(true);
    expect(runs).toBeGreaterThan(1);
    expectExactlyDesired(gh, stages);
    expect(issues(gh)).toHaveLength(stages.length + stages.flatMap((s) => s.tasks).length);
  });

  it('two syncs started at the same moment leave no duplicate once both have finished', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    const [a, b] = await Promise.all([sync(gh, stages), sync(gh, stages)]);
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expectExactlyDesired(gh, stages);
    const closed = issues(gh).filter((i) => i.state === 'closed');
    expect(closed.every((i) => i.stateReason === 'duplicate')).toBe(true);
    expect(gh.log.entries.some((e) => e.method === 'DELETE')).toBe(false);

    const from = gh.log.entries.length;
    await sync(gh, stages);
    expect(writesSince(gh, from)).toEqual([]);
    expectExactlyDesired(gh, stages);
  });

  it('a token without issues: write fails with a message naming the missing permission', async () => {
    const gh = await startSyncEmulator();
    const result = await sync(gh, smallProject(), { token: READ_TOKEN });
    expect(result.ok).toBe(false);
    expect(result.error).toBeInstanceOf(PermissionError);
    expect(result.error?.message).toContain('"issues: write"');
    expect(result.summaryMarkdown).toContain('issues: write');
    expect(repoOf(gh).labels.size).toBe(0);
  });

  it('a broken template stops the sync before any request, with the diagnostics validate gives', async () => {
    const gh = await startSyncEmulator();
    const templates = makeTemplateSet([{ name: 'task.md.hbs', path: '.github/lifecycle/task.md.hbs', text: '{{task.title}}\nDue {{stage.duee}}\n' }], await loadBuiltinTemplates());
    const failure = await sync(gh, smallProject(), { templates }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ConfigInvalidError);
    expect((failure as ConfigInvalidError).diagnostics.map((d) => formatDiagnostic(d))).toEqual([
      '.github/lifecycle/task.md.hbs:2:7: error: "stage.duee" is not defined (did you mean "stage.due"?)',
    ]);
    expect(gh.log.entries).toEqual([]);
  });

  it('a dry run reads, plans and reports, and writes nothing', async () => {
    const gh = await startSyncEmulator();
    const result = await sync(gh, smallProject(), { dryRun: true });
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    expect(result.resultLine).toBe('Would create 3 milestones, 10 issues and 4 labels.');
    expect(result.summaryMarkdown.split('\n').slice(0, 4).join('\n')).toContain('nothing was written');
    expect(result.stages.map((s) => s.total)).toEqual([2, 3, 2]);
  });

  it('finds a managed issue a person took the label and milestone off, instead of creating it again', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const target = issues(gh).find((i) => taskOf(i) === 'build/harden') as IssueRecord;
    await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: target.number, labels: [], milestone: null });
    const from = gh.log.entries.length;
    await sync(gh, stages);
    expect(issues(gh)).toHaveLength(10);
    expect(writesSince(gh, from).filter((w) => w.method === 'POST')).toEqual([]);
  });

  it('asks GitHub who the token is only when it would create issues, and looks among that login\'s issues', async () => {
    const gh = await startSyncEmulator();
    gh.state.addToken({ token: 'ghs_app', kind: 'app', app: 'acme-planner' });
    const client = clientFor(gh, 'ghs_app');
    const stages = smallProject();
    const first = await sync(gh, stages, { token: 'ghs_app', identity: () => findIdentity(client) });
    expect(first.warnings).toEqual([]);
    expect(issues(gh).every((i) => i.user === 'acme-planner[bot]')).toBe(true);
    expect(gh.log.forRoute('POST /graphql')).toHaveLength(1);
    const creators = gh.log.entries.filter((e) => e.query.includes('creator=')).map((e) => new URLSearchParams(e.query).get('creator'));
    expect(creators).toEqual(['acme-planner[bot]']);
    const from = gh.log.entries.length;
    await sync(gh, stages, { token: 'ghs_app', identity: () => findIdentity(client) });
    expect(gh.log.entries.slice(from).filter((e) => e.route === '/graphql')).toEqual([]);
  });

  it('an identity GitHub cannot tell: the look-up by creator is skipped with a warning, never run with a guess', async () => {
    const gh = await startSyncEmulator();
    gh.state.addToken({ token: 'ghs_app', kind: 'app', app: 'acme-planner' });
    gh.faults.inject({ route: 'POST /graphql', status: 503, times: Infinity });
    gh.faults.inject({ route: 'GET /user', status: 503, times: Infinity });
    const client = clientFor(gh, 'ghs_app', { retries: 0 });
    const result = await sync(gh, smallProject(), { token: 'ghs_app', identity: () => findIdentity(client) });
    expect(result.ok).toBe(true);
    expect(result.warnings.join('\n')).toMatch(/Could not tell which login this token writes as .*not looked for.*`identity` input/s);
    expect(gh.log.entries.filter((e) => e.query.includes('creator='))).toEqual([]);
  });
});
