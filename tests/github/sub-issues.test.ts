// The sub-issue and dependency calls the sync makes, over HTTP against the emulator: what they read
// and write, GitHub's refusals, and "feature absent" on an older server, then after an upgrade.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { addBlockedBy, listBlockedBy, listBlocking, removeBlockedBy } from '../../src/github/dependencies.js';
import { FeatureAbsentError, isFeatureAbsent, validationMessages } from '../../src/github/errors.js';
import { listIssuesByLabel } from '../../src/github/issues.js';
import { addSubIssue, getParentIssue, listSubIssues, removeSubIssue, reprioritizeSubIssue } from '../../src/github/sub-issues.js';
import { clientFor, REPO, REPO_NAME, startSyncEmulator } from '../sync/helpers.js';

let emulator: Emulator | null = null;
afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

function seed(target: Emulator, titles: string[]): { id: number; number: number }[] {
  return titles.map((title) => {
    const issue = target.state.addIssue(REPO_NAME, { title, labels: ['lifecycle'] });
    return { id: issue.id, number: issue.number };
  });
}

describe('sub-issues', () => {
  it('adds, lists every page, reorders, finds the parent, and removes', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const [stage, ...tasks] = seed(emulator, ['Stage', ...Array.from({ length: 100 }, (_, i) => `Task ${i + 1}`)]);
    for (const task of tasks) await addSubIssue(client, REPO, stage!.number, task.id);

    const listed = await listSubIssues(client, REPO, stage!.number);
    expect(listed).toHaveLength(100);
    expect(listed[0]).toMatchObject({ id: tasks[0]!.id, number: tasks[0]!.number, title: 'Task 1', repositoryUrl: `${emulator.url}/repos/${REPO_NAME}` });
    expect(emulator.log.forRoute('GET /repos/{owner}/{repo}/issues/{issue_number}/sub_issues')).toHaveLength(1);

    await reprioritizeSubIssue(client, REPO, stage!.number, tasks[0]!.id, { afterId: tasks[2]!.id });
    await reprioritizeSubIssue(client, REPO, stage!.number, tasks[99]!.id, { beforeId: tasks[1]!.id });
    const order = (await listSubIssues(client, REPO, stage!.number)).slice(0, 4).map((i) => i.title);
    expect(order).toEqual(['Task 100', 'Task 2', 'Task 3', 'Task 1']);

    expect(await getParentIssue(client, REPO, tasks[5]!.number)).toMatchObject({ number: stage!.number, title: 'Stage' });
    expect(await getParentIssue(client, REPO, stage!.number)).toBeNull();

    await removeSubIssue(client, REPO, stage!.number, tasks[5]!.id);
    expect(await getParentIssue(client, REPO, tasks[5]!.number)).toBeNull();
  });

  it('reports GitHub\'s refusal of a second parent, and moves the issue with replaceParent', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const [mine, theirs, task] = seed(emulator, ['Stage', 'Epic a person made', 'Task']);
    await addSubIssue(client, REPO, theirs!.number, task!.id);
    const refused = await addSubIssue(client, REPO, mine!.number, task!.id).catch((error: unknown) => error);
    expect(refused).not.toBeInstanceOf(FeatureAbsentError);
    expect(validationMessages(refused)).toEqual(['Sub issue may only have one parent']);
    await addSubIssue(client, REPO, mine!.number, task!.id, { replaceParent: true });
    expect((await getParentIssue(client, REPO, task!.number))?.number).toBe(mine!.number);
  });

  it('reads the parent and the summaries from the issue list itself, with no request per issue', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const [stage, a, b, other] = seed(emulator, ['Stage', 'A', 'B', 'Other stage']);
    await addSubIssue(client, REPO, stage!.number, a!.id);
    await addSubIssue(client, REPO, stage!.number, b!.id);
    await addBlockedBy(client, REPO, other!.number, stage!.id);
    await client.octokit.rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: a!.number, state: 'closed' });

    const before = emulator.log.entries.length;
    const { issues } = await listIssuesByLabel(client, REPO, 'lifecycle');
    expect(emulator.log.entries.length - before).toBe(1);
    const byTitle = new Map(issues.map((i) => [i.title, i]));
    expect(byTitle.get('Stage')).toMatchObject({
      id: stage!.id,
      parentIssueUrl: null,
      subIssuesSummary: { total: 2, completed: 1, percentCompleted: 50 },
      dependenciesSummary: { blockedBy: 0, blocking: 1, totalBlockedBy: 0, totalBlocking: 1 },
    });
    expect(byTitle.get('A')?.parentIssueUrl).toBe(`${emulator.url}/repos/${REPO_NAME}/issues/${stage!.number}`);
    expect(byTitle.get('Other stage')?.dependenciesSummary).toEqual({ blockedBy: 1, blocking: 0, totalBlockedBy: 1, totalBlocking: 0 });
  });
});

describe('dependencies', () => {
  it('adds, lists both ways, and removes blocked-by edges', async () => {
    emulator = await startSyncEmulator();
    const client = clientFor(emulator);
    const [design, build, ship] = seed(emulator, ['Design', 'Build', 'Ship']);
    await addBlockedBy(client, REPO, ship!.number, design!.id);
    await addBlockedBy(client, REPO, ship!.number, build!.id);
    expect((await listBlockedBy(client, REPO, ship!.number)).map((i) => i.title)).toEqual(['Design', 'Build']);
    expect((await listBlocking(client, REPO, design!.number)).map((i) => i.id)).toEqual([ship!.id]);
    const duplicate = await addBlockedBy(client, REPO, ship!.number, design!.id).catch((error: unknown) => error);
    expect(validationMessages(duplicate)).toHaveLength(1);
    await removeBlockedBy(client, REPO, ship!.number, design!.id);
    expect((await listBlockedBy(client, REPO, ship!.number)).map((i) => i.title)).toEqual(['Build']);
  });
});

describe('an older GitHub Enterprise Server', () => {
  it('reports each call as feature absent, reads issues without the fields, and works once upgraded', async () => {
    emulator = await startSyncEmulator();
    emulator.settings.features.subIssues = false;
    emulator.settings.features.dependencies = false;
    const client = clientFor(emulator);
    const [stage, task] = seed(emulator, ['Stage', 'Task']);

    const calls: [string, () => Promise<unknown>][] = [
      ['sub-issues', () => listSubIssues(client, REPO, stage!.number)],
      ['sub-issues', () => addSubIssue(client, REPO, stage!.number, task!.id)],
      ['sub-issues', () => reprioritizeSubIssue(client, REPO, stage!.number, task!.id, { afterId: stage!.id })],
      ['sub-issues', () => removeSubIssue(client, REPO, stage!.number, task!.id)],
      ['dependencies', () => listBlockedBy(client, REPO, stage!.number)],
      ['dependencies', () => listBlocking(client, REPO, stage!.number)],
      ['dependencies', () => addBlockedBy(client, REPO, stage!.number, task!.id)],
      ['dependencies', () => removeBlockedBy(client, REPO, stage!.number, task!.id)],
    ];
    for (const [feature, call] of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(isFeatureAbsent(error, feature as 'sub-issues' | 'dependencies')).toBe(true);
    }
    const { issues } = await listIssuesByLabel(client, REPO, 'lifecycle');
    expect(issues.every((i) => i.subIssuesSummary === undefined && i.parentIssueUrl === undefined && i.dependenciesSummary === undefined)).toBe(true);

    emulator.settings.features.subIssues = true;
    emulator.settings.features.dependencies = true;
    await addSubIssue(client, REPO, stage!.number, task!.id);
    expect((await listSubIssues(client, REPO, stage!.number)).map((i) => i.number)).toEqual([task!.number]);
    const upgraded = await listIssuesByLabel(client, REPO, 'lifecycle');
    expect(upgraded.issues.find((i) => i.number === stage!.number)?.subIssuesSummary).toEqual({ total: 1, completed: 0, percentCompleted: 0 });
  });
});
