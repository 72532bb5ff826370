// The life cycle moves, over real HTTP against the emulator: stage issues with their tasks as
// sub-issues and their dependencies as "blocked by", transitions written once, the older-server
// fallback and its upgrade, faults mid-transition, and a stage of 150 tasks.
import { describe, expect, it } from 'vitest';
import { runSync, type SyncOptions, type SyncResult } from '../../src/commands/sync.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, issuesOf, repoOf, REPO, stageIssue, taskIssue, smallProject, startSyncEmulator, USER_TOKEN, type StageSpec } from './helpers.js';

function sync(gh: TestEmulator, stages: StageSpec[] = smallProject(), overrides: Partial<SyncOptions> = {}): Promise<SyncResult> {
  return runSync({ client: clientFor(gh), repo: REPO, configText: configYaml(stages), templatesDir: null, today: '2027-01-10', identity: 'github-actions[bot]', ...overrides });
}

const issues = issuesOf;
const params = { owner: REPO.owner, repo: REPO.name };
const person = (gh: TestEmulator) => gh.octokit(USER_TOKEN);
const writesSince = (gh: TestEmulator, from: number) => gh.log.entries.slice(from).filter((e) => e.write);

async function subIssueTitles(gh: TestEmulator, stage: string): Promise<string[]> {
  const { data } = await person(gh).rest.issues.listSubIssues({ ...params, issue_number: stageIssue(gh, stage).number });
  return data.map((i) => i.title);
}

async function blockedBy(gh: TestEmulator, stage: string): Promise<number[]> {
  const { data } = await person(gh).rest.issues.listDependenciesBlockedBy({ ...params, issue_number: stageIssue(gh, stage).number });
  return data.map((i) => i.number);
}

async function closeTasks(gh: TestEmulator, stage: string, tasks: string[]): Promise<void> {
  for (const task of tasks) await person(gh).rest.issues.update({ ...params, issue_number: taskIssue(gh, stage, task).number, state: 'closed', state_reason: 'completed' });
}

describe('the life cycle on GitHub', () => {
  it('the first sync builds the hierarchy and the dependency edges; a second writes nothing and lists nothing more', async () => {
    const gh = await startSyncEmulator();
    const first = await sync(gh);
    expect(first.ok).toBe(true);
    expect(await subIssueTitles(gh, 'scope')).toEqual(['Write the brief', 'List the risks']);
    expect(await subIssueTitles(gh, 'build')).toEqual(['Build a prototype', 'Evaluate the prototype', 'Harden it']);
    expect(await blockedBy(gh, 'build')).toEqual([stageIssue(gh, 'scope').number]);
    expect(await blockedBy(gh, 'ship')).toEqual([stageIssue(gh, 'build').number]);
    expect(await blockedBy(gh, 'scope')).toEqual([]);
    expect(stageIssue(gh, 'scope').milestone).toBe(first.milestones.scope);

    const from = gh.log.entries.length;
    const again = await sync(gh);
    expect(writesSince(gh, from)).toEqual([]);
    // The repository, labels, milestones and one page of managed issues: no listing of sub-issues or dependencies.
    const reads = gh.log.entries.slice(from).filter((e) => !e.write).map((e) => e.route);
    expect(reads.filter((r) => r?.includes('sub_issues') || r?.includes('dependencies'))).toEqual([]);
    expect(again.requests.reads).toBe(4);
  });

  it('closing the last task of a stage closes its issue and milestone once, with one comment, and announces the next stage once', async () => {
    const gh = await startSyncEmulator();
    await sync(gh);
    await closeTasks(gh, 'scope', ['brief', 'risks']);
    const from = gh.log.entries.length;
    const result = await sync(gh);
    expect(result.ok).toBe(true);
    const writes = writesSince(gh, from).map((e) => `${e.method} ${e.route}`);
    expect(writes).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
      'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    const scope = stageIssue(gh, 'scope');
    expect(scope).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect([...repoOf(gh).milestones.values()].find((m) => m.title === 'Scope')?.state).toBe('closed');
    const comments = (n: number) => (repoOf(gh).commentsByIssue.get(n) ?? []).map((id) => repoOf(gh).comments.get(id)?.body ?? '');
    expect(comments(scope.number)).toHaveLength(1);
    expect(comments(scope.number)[0]).toContain(`This unlocks **Build** (#${stageIssue(gh, 'build').number})`);
    expect(comments(stageIssue(gh, 'build').number)).toEqual([expect.stringContaining('**Build** can start: **Scope**')]);

    const after = gh.log.entries.length;
    await sync(gh);
    expect(writesSince(gh, after)).toEqual([]);
  });

  it('a burst of closes in three stages with only the last event\'s run executing: every transition is written, once', async () => {
    const gh = await startSyncEmulator();
    await sync(gh);
    // GitHub keeps one pending run per concurrency group: the runs of the earlier closes never happen.
    await closeTasks(gh, 'scope', ['brief', 'risks']);
    await closeTasks(gh, 'build', ['prototype', 'evaluate', 'harden']);
    await closeTasks(gh, 'ship', ['release', 'announce']);
    const result = await sync(gh);
    expect(result.ok).toBe(true);
    for (const stage of ['scope', 'build', 'ship']) {
      expect(stageIssue(gh, stage).state, stage).toBe('closed');
      expect(repoOf(gh).commentsByIssue.get(stageIssue(gh, stage).number) ?? [], stage).toHaveLength(1);
    }
    expect([...repoOf(gh).milestones.values()].map((m) => m.state)).toEqual(['closed', 'closed', 'closed']);
    expect(result.stageStates.current).toEqual([]);
    const from = gh.log.entries.length;
    await sync(gh);
    expect(writesSince(gh, from)).toEqual([]);
  });

  it('reopening a task reopens the stage issue and milestone; a person reopening a done stage issue is left alone', async () => {
    const gh = await startSyncEmulator();
    await sync(gh);
    await closeTasks(gh, 'scope', ['brief', 'risks']);
    await sync(gh);
    await person(gh).rest.issues.update({ ...params, issue_number: taskIssue(gh, 'scope', 'risks').number, state: 'open' });
    await sync(gh);
    expect(stageIssue(gh, 'scope').state).toBe('open');
    expect([...repoOf(gh).milestones.values()].find((m) => m.title === 'Scope')?.state).toBe('open');

    await closeTasks(gh, 'scope', ['risks']);
    await sync(gh);
    expect(stageIssue(gh, 'scope').state).toBe('closed');
    await person(gh).rest.issues.update({ ...params, issue_number: stageIssue(gh, 'scope').number, state: 'open' });
    const from = gh.log.entries.length;
    const result = await sync(gh);
    expect(writesSince(gh, from)).toEqual([]);
    expect(stageIssue(gh, 'scope').state).toBe('open');
    expect(result.warnings.join('\n')).toContain('reopened by a person while the stage is done; left open');
  });

  it('a lost answer and a 5xx mid-transition converge on the next run, without a second comment', async () => {
    const gh = await startSyncEmulator();
    await sync(gh);
    await closeTasks(gh, 'scope', ['brief', 'risks']);
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', dropResponse: true });
    gh.faults.inject({ route: 'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}', status: 503, times: 5 });
    await sync(gh).catch(() => null);
    await sync(gh);
    const scope = stageIssue(gh, 'scope');
    expect(scope.state).toBe('closed');
    expect([...repoOf(gh).milestones.values()].find((m) => m.title === 'Scope')?.state).toBe('closed');
    expect(repoOf(gh).commentsByIssue.get(scope.number) ?? []).toHaveLength(1);
    expect(repoOf(gh).commentsByIssue.get(stageIssue(gh, 'build').number) ?? []).toHaveLength(1);
    const from = gh.log.entries.length;
    await sync(gh);
    expect(writesSince(gh, from)).toEqual([]);
  });

  it('an older server: task lists and links in the stage issue; after an upgrade, sub-issues without duplicates', async () => {
    const gh = await startSyncEmulator();
    gh.settings.features.subIssues = false;
    gh.settings.features.dependencies = false;
    const first = await sync(gh);
    expect(first.ok).toBe(true);
    const build = stageIssue(gh, 'build');
    expect(build.body).toContain(`### Tasks\n\n- [ ] #${taskIssue(gh, 'build', 'prototype').number}\n- [ ] #${taskIssue(gh, 'build', 'evaluate').number}`);
    expect(build.body).toContain(`Blocked by #${stageIssue(gh, 'scope').number}.`);
    expect(first.summaryMarkdown).toContain('task lists in the stage issues');
    const from = gh.log.entries.length;
    await sync(gh);
    expect(writesSince(gh, from)).toEqual([]);

    gh.settings.features.subIssues = true;
    gh.settings.features.dependencies = true;
    const upgraded = await sync(gh);
    expect(upgraded.ok).toBe(true);
    expect(await subIssueTitles(gh, 'build')).toEqual(['Build a prototype', 'Evaluate the prototype', 'Harden it']);
    expect(await blockedBy(gh, 'build')).toEqual([stageIssue(gh, 'scope').number]);
    expect(stageIssue(gh, 'build').body).not.toContain('### Tasks');
    expect(issues(gh)).toHaveLength(10);
    const later = gh.log.entries.length;
    await sync(gh);
    expect(writesSince(gh, later)).toEqual([]);
  });

  it('a task a person made a sub-issue of something else stays there, reported', async () => {
    const gh = await startSyncEmulator();
    const { data: own } = await person(gh).rest.issues.create({ ...params, title: 'Epic of our own' });
    await sync(gh);
    // Undone and redone by a person: the task now sits under their epic.
    const risks = taskIssue(gh, 'scope', 'risks');
    await person(gh).rest.issues.addSubIssue({ ...params, issue_number: own.number, sub_issue_id: risks.id, replace_parent: true });
    const result = await sync(gh);
    expect(result.warnings.join('\n')).toContain(`task issue #${risks.number} of stage "scope" is a sub-issue of #${own.number}, where a person put it; left there`);
    expect(await subIssueTitles(gh, 'scope')).toEqual(['Write the brief']);
  });

  it('150 tasks in one stage: the first 100 are sub-issues, the rest listed in the stage issue', { timeout: 120_000 }, async () => {
    const gh = await startSyncEmulator();
    const tasks = Array.from({ length: 150 }, (_, i) => ({ id: `t${i + 1}`, title: `Task ${i + 1}` }));
    const stages: StageSpec[] = [{ id: 'big', name: 'Big', tasks }];
    const result = await sync(gh, stages);
    expect(result.ok).toBe(true);
    const { data } = await person(gh).rest.issues.listSubIssues({ ...params, issue_number: stageIssue(gh, 'big').number, per_page: 100 });
    expect(data.map((i) => i.title)).toEqual(tasks.slice(0, 100).map((t) => t.title));
    const body = stageIssue(gh, 'big').body ?? '';
    expect(body).toContain(`- [ ] #${taskIssue(gh, 'big', 't101').number}`);
    expect(body).toContain(`- [ ] #${taskIssue(gh, 'big', 't150').number}`);
    expect(body).not.toContain(`- [ ] #${taskIssue(gh, 'big', 't100').number}\n`);
    const from = gh.log.entries.length;
    await sync(gh, stages);
    expect(writesSince(gh, from)).toEqual([]);
  });
});
