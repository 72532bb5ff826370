import { describe, expect, it } from 'vitest';
import { createClock, ghesFeatures, type Emulator } from '../../src/emulator/index.js';
import { startTestEmulator, TEST_OWNER, TEST_REPO, useTestEmulator } from '../helpers/emulator.js';

const clock = createClock({ start: '2027-01-04T12:00:00Z', speed: 0 });
const repoPath = `/repos/${TEST_OWNER}/${TEST_REPO}`;
// The limit tests make hundreds of writes; the secondary limit is tested elsewhere.
const limits = { contentPerMinute: 100_000, contentPerHour: 100_000 };

/** Seeds `count` issues and answers their ids and numbers. */
function seedIssues(emulator: Emulator, count: number, repo = `${TEST_OWNER}/${TEST_REPO}`): { id: number; number: number }[] {
  return Array.from({ length: count }, (_, i) => {
    const issue = emulator.state.addIssue(repo, { title: `Issue ${i + 1}` });
    return { id: issue.id, number: issue.number };
  });
}

describe('sub-issues', () => {
  const gh = useTestEmulator({
    clock,
    limits,
    seed: { repos: [{ owner: TEST_OWNER, name: 'other-repo' }, { owner: 'someone-else', name: 'elsewhere' }] },
  });
  const repo = () => gh().repoParams;

  it('adds sub-issues by id, lists them in order, and names the parent from the child', async () => {
    const o = gh().octokit();
    const [parent, a, b] = seedIssues(gh(), 3);
    const added = await o.rest.issues.addSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: a!.id });
    expect(added.status).toBe(201);
    expect(added.data).toMatchObject({ number: parent!.number, sub_issues_summary: { total: 1, completed: 0, percent_completed: 0 } });
    await o.rest.issues.addSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: b!.id });
    const listed = await o.rest.issues.listSubIssues({ ...repo(), issue_number: parent!.number });
    expect(listed.data.map((i) => i.number)).toEqual([a!.number, b!.number]);
    const child = await o.rest.issues.get({ ...repo(), issue_number: a!.number });
    expect(child.data.parent_issue_url).toBe(`${gh().url}${repoPath}/issues/${parent!.number}`);
    const got = await o.rest.issues.getParent({ ...repo(), issue_number: a!.number });
    expect(got.data.number).toBe(parent!.number);
  });

  it('answers 404 for the parent of an issue without one, and for an unknown sub_issue_id', async () => {
    const [lone] = seedIssues(gh(), 1);
    const parent = await gh().request('GET', `${repoPath}/issues/${lone!.number}/parent`);
    expect(parent.status).toBe(404);
    expect(parent.body).toMatchObject({ message: 'Not Found' });
    const unknown = await gh().request('POST', `${repoPath}/issues/${lone!.number}/sub_issues`, { body: { sub_issue_id: 999_999 } });
    expect(unknown.status).toBe(404);
  });

  it('refuses a second parent unless replace_parent, which moves the issue', async () => {
    const o = gh().octokit();
    const [first, second, child] = seedIssues(gh(), 3);
    await o.rest.issues.addSubIssue({ ...repo(), issue_number: first!.number, sub_issue_id: child!.id });
    const refused = await gh().request('POST', `${repoPath}/issues/${second!.number}/sub_issues`, { body: { sub_issue_id: child!.id } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'custom', field: 'sub_issue_id', message: 'Sub issue may only have one parent' }],
    });
    const again = await gh().request('POST', `${repoPath}/issues/${first!.number}/sub_issues`, { body: { sub_issue_id: child!.id } });
    expect(again.status).toBe(422);
    await o.rest.issues.addSubIssue({ ...repo(), issue_number: second!.number, sub_issue_id: child!.id, replace_parent: true });
    expect((await o.rest.issues.getParent({ ...repo(), issue_number: child!.number })).data.number).toBe(second!.number);
    expect((await o.rest.issues.get({ ...repo(), issue_number: first!.number })).data.sub_issues_summary?.total).toBe(0);
  });

  it('refuses more than 100 sub-issues on one parent', async () => {
    const o = gh().octokit();
    const [parent, ...children] = seedIssues(gh(), 102);
    for (const child of children.slice(0, 100)) {
      await o.rest.issues.addSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: child.id });
    }
    const refused = await gh().request('POST', `${repoPath}/issues/${parent!.number}/sub_issues`, { body: { sub_issue_id: children[100]!.id } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('100 sub-issues');
    const page = await o.rest.issues.listSubIssues({ ...repo(), issue_number: parent!.number, per_page: 100, page: 1 });
    expect(page.data).toHaveLength(100);
    const small = await o.rest.issues.listSubIssues({ ...repo(), issue_number: parent!.number, per_page: 30, page: 2 });
    expect(small.data).toHaveLength(30);
    expect(small.headers.link).toContain('rel="next"');
  });

  it('allows 8 levels of nesting below an issue and refuses a 9th, from either end', async () => {
    const o = gh().octokit();
    const chain = seedIssues(gh(), 10);
    for (let level = 1; level <= 8; level++) {
      await o.rest.issues.addSubIssue({ ...repo(), issue_number: chain[level - 1]!.number, sub_issue_id: chain[level]!.id });
    }
    const deeper = await gh().request('POST', `${repoPath}/issues/${chain[8]!.number}/sub_issues`, { body: { sub_issue_id: chain[9]!.id } });
    expect(deeper.status).toBe(422);
    expect(JSON.stringify(deeper.body)).toContain('8 levels');
    // Hanging the whole chain under a new root is a 9th level too.
    const [root] = seedIssues(gh(), 1);
    const above = await gh().request('POST', `${repoPath}/issues/${root!.number}/sub_issues`, { body: { sub_issue_id: chain[0]!.id } });
    expect(above.status).toBe(422);
  });

  it('refuses cycles and an issue under itself', async () => {
    const o = gh().octokit();
    const [a, b, c] = seedIssues(gh(), 3);
    await o.rest.issues.addSubIssue({ ...repo(), issue_number: a!.number, sub_issue_id: b!.id });
    await o.rest.issues.addSubIssue({ ...repo(), issue_number: b!.number, sub_issue_id: c!.id });
    const cycle = await gh().request('POST', `${repoPath}/issues/${c!.number}/sub_issues`, { body: { sub_issue_id: a!.id, replace_parent: true } });
    expect(cycle.status).toBe(422);
    const self = await gh().request('POST', `${repoPath}/issues/${a!.number}/sub_issues`, { body: { sub_issue_id: a!.id } });
    expect(self.status).toBe(422);
  });

  it('takes sub-issues from another repository of the same owner, not from another owner', async () => {
    const o = gh().octokit();
    const [parent] = seedIssues(gh(), 1);
    const [sibling] = seedIssues(gh(), 1, `${TEST_OWNER}/other-repo`);
    const [foreign] = seedIssues(gh(), 1, 'someone-else/elsewhere');
    await o.rest.issues.addSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: sibling!.id });
    const listed = await o.rest.issues.listSubIssues({ ...repo(), issue_number: parent!.number });
    expect(listed.data[0]?.repository_url).toBe(`${gh().url}/repos/${TEST_OWNER}/other-repo`);
    const refused = await gh().request('POST', `${repoPath}/issues/${parent!.number}/sub_issues`, { body: { sub_issue_id: foreign!.id } });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('same repository owner');
  });

  it('removes a sub-issue, and answers 404 for one that is not a sub-issue of that parent', async () => {
    const o = gh().octokit();
    const [parent, child, stranger] = seedIssues(gh(), 3);
    await o.rest.issues.addSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: child!.id });
    const removed = await o.rest.issues.removeSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: child!.id });
    expect(removed.data.sub_issues_summary).toEqual({ total: 0, completed: 0, percent_completed: 0 });
    expect((await o.rest.issues.get({ ...repo(), issue_number: child!.number })).data.parent_issue_url).toBeNull();
    const notChild = await gh().request('DELETE', `${repoPath}/issues/${parent!.number}/sub_issue`, { body: { sub_issue_id: stranger!.id } });
    expect(notChild.status).toBe(404);
  });

  it('reprioritizes with after_id or before_id, and refuses neither, both, or strangers', async () => {
    const o = gh().octokit();
    const [parent, a, b, c, stranger] = seedIssues(gh(), 5);
    for (const child of [a, b, c]) await o.rest.issues.addSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: child!.id });
    const order = async () => (await o.rest.issues.listSubIssues({ ...repo(), issue_number: parent!.number })).data.map((i) => i.id);
    await o.rest.issues.reprioritizeSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: a!.id, after_id: c!.id });
    expect(await order()).toEqual([b!.id, c!.id, a!.id]);
    await o.rest.issues.reprioritizeSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: c!.id, before_id: b!.id });
    expect(await order()).toEqual([c!.id, b!.id, a!.id]);
    const path = `${repoPath}/issues/${parent!.number}/sub_issues/priority`;
    for (const body of [{ sub_issue_id: a!.id }, { sub_issue_id: a!.id, after_id: b!.id, before_id: c!.id }, { sub_issue_id: stranger!.id, after_id: b!.id }, { sub_issue_id: a!.id, after_id: stranger!.id }]) {
      const refused = await gh().request('PATCH', path, { body });
      expect(refused.status).toBe(422);
      expect(refused.body).toHaveProperty('message');
    }
    expect(await order()).toEqual([c!.id, b!.id, a!.id]);
  });

  it('keeps the summary current as sub-issues close and reopen, in lists as well', async () => {
    const o = gh().octokit();
    const [parent, a, b, c] = seedIssues(gh(), 4);
    for (const child of [a, b, c]) await o.rest.issues.addSubIssue({ ...repo(), issue_number: parent!.number, sub_issue_id: child!.id });
    await o.rest.issues.update({ ...repo(), issue_number: a!.number, state: 'closed' });
    await o.rest.issues.update({ ...repo(), issue_number: b!.number, state: 'closed', state_reason: 'not_planned' });
    const summary = async () => {
      const all = await o.rest.issues.listForRepo({ ...repo(), state: 'all', per_page: 100 });
      return all.data.find((i) => i.number === parent!.number)?.sub_issues_summary;
    };
    expect(await summary()).toEqual({ total: 3, completed: 2, percent_completed: 66 });
    await o.rest.issues.update({ ...repo(), issue_number: a!.number, state: 'open' });
    expect(await summary()).toEqual({ total: 3, completed: 1, percent_completed: 33 });
  });
});

describe('seeded links', () => {
  const gh = useTestEmulator({
    clock,
    seed: {
      repos: [
        {
          owner: 'acme',
          name: 'seeded',
          issues: [{ title: 'Stage' }, { title: 'Task', parent: 1, state: 'closed' }, { title: 'Next stage', blocked_by: [1] }],
        },
      ],
    },
  });

  it('come from the seed: parent and blocked_by by number, in the fields and the lists', async () => {
    const o = gh().octokit();
    const params = { owner: 'acme', repo: 'seeded' };
    const stage = await o.rest.issues.get({ ...params, issue_number: 1 });
    expect(stage.data).toMatchObject({ sub_issues_summary: { total: 1, completed: 1, percent_completed: 100 }, issue_dependencies_summary: { blocking: 1 } });
    expect((await o.rest.issues.getParent({ ...params, issue_number: 2 })).data.number).toBe(1);
    expect((await o.rest.issues.listDependenciesBlockedBy({ ...params, issue_number: 3 })).data.map((i) => i.number)).toEqual([1]);
    expect(() => gh().state.addIssue('acme/seeded', { title: 'Orphan', parent: 99 })).toThrow(/unknown parent #99/);
  });
});

describe('search hits', () => {
  const gh = useTestEmulator({ clock, limits });

  it('carry both summaries but no parent_issue_url, as GitHub describes a hit', async () => {
    const o = gh().octokit();
    const [parent, child] = seedIssues(gh(), 2);
    await o.rest.issues.addSubIssue({ ...gh().repoParams, issue_number: parent!.number, sub_issue_id: child!.id });
    const found = await o.rest.search.issuesAndPullRequests({ q: `repo:${TEST_OWNER}/${TEST_REPO} is:issue` });
    const hit = found.data.items.find((i) => i.number === parent!.number);
    expect(hit).toMatchObject({ sub_issues_summary: { total: 1 }, issue_dependencies_summary: { total_blocked_by: 0 } });
    expect(found.data.items.every((i) => !('parent_issue_url' in i))).toBe(true);
  });
});

describe('issue dependencies', () => {
  const gh = useTestEmulator({ clock, limits, seed: { repos: [{ owner: TEST_OWNER, name: 'other-repo' }] } });
  const repo = () => gh().repoParams;

  it('adds, lists and removes blocked-by, lists blocking, and counts both in the summary', async () => {
    const o = gh().octokit();
    const [blocked, first, second] = seedIssues(gh(), 3);
    const [remote] = seedIssues(gh(), 1, `${TEST_OWNER}/other-repo`);
    const added = await o.rest.issues.addBlockedByDependency({ ...repo(), issue_number: blocked!.number, issue_id: first!.id });
    expect(added.status).toBe(201);
    await o.rest.issues.addBlockedByDependency({ ...repo(), issue_number: blocked!.number, issue_id: second!.id });
    await o.rest.issues.addBlockedByDependency({ ...repo(), issue_number: blocked!.number, issue_id: remote!.id });
    const list = await o.rest.issues.listDependenciesBlockedBy({ ...repo(), issue_number: blocked!.number });
    expect(list.data.map((i) => i.id)).toEqual([first!.id, second!.id, remote!.id]);
    const blocking = await o.rest.issues.listDependenciesBlocking({ ...repo(), issue_number: first!.number });
    expect(blocking.data.map((i) => i.number)).toEqual([blocked!.number]);

    await o.rest.issues.update({ ...repo(), issue_number: first!.number, state: 'closed' });
    const read = await o.rest.issues.get({ ...repo(), issue_number: blocked!.number });
    expect(read.data.issue_dependencies_summary).toEqual({ blocked_by: 2, blocking: 0, total_blocked_by: 3, total_blocking: 0 });
    const blocker = await o.rest.issues.get({ ...repo(), issue_number: second!.number });
    expect(blocker.data.issue_dependencies_summary).toEqual({ blocked_by: 0, blocking: 1, total_blocked_by: 0, total_blocking: 1 });

    const removed = await o.rest.issues.removeDependencyBlockedBy({ ...repo(), issue_number: blocked!.number, issue_id: second!.id });
    expect(removed.data.issue_dependencies_summary).toMatchObject({ total_blocked_by: 2 });
    const gone = await gh().request('DELETE', `${repoPath}/issues/${blocked!.number}/dependencies/blocked_by/${second!.id}`);
    expect(gone.status).toBe(404);
  });

  it('refuses a duplicate, the issue itself, and an unknown id', async () => {
    const o = gh().octokit();
    const [blocked, blocker] = seedIssues(gh(), 2);
    await o.rest.issues.addBlockedByDependency({ ...repo(), issue_number: blocked!.number, issue_id: blocker!.id });
    const path = `${repoPath}/issues/${blocked!.number}/dependencies/blocked_by`;
    expect((await gh().request('POST', path, { body: { issue_id: blocker!.id } })).status).toBe(422);
    expect((await gh().request('POST', path, { body: { issue_id: blocked!.id } })).status).toBe(422);
    expect((await gh().request('POST', path, { body: { issue_id: 999_999 } })).status).toBe(404);
  });
});

describe('an older GitHub Enterprise Server', () => {
  it('knows which release has which feature', () => {
    expect(ghesFeatures('3.17')).toEqual({ subIssues: false, dependencies: false });
    expect(ghesFeatures('3.18')).toEqual({ subIssues: false, dependencies: false });
    expect(ghesFeatures('3.19')).toEqual({ subIssues: false, dependencies: true });
  });

  it('answers 404 on the routes and leaves the fields out until the features are turned on', async () => {
    const gh = await startTestEmulator({ features: { subIssues: false, dependencies: false } });
    const [parent, child] = seedIssues(gh, 2);
    const o = gh.octokit();
    const routes: [string, string, unknown][] = [
      ['POST', `${repoPath}/issues/${parent!.number}/sub_issues`, { sub_issue_id: child!.id }],
      ['GET', `${repoPath}/issues/${parent!.number}/sub_issues`, undefined],
      ['GET', `${repoPath}/issues/${child!.number}/parent`, undefined],
      ['POST', `${repoPath}/issues/${parent!.number}/dependencies/blocked_by`, { issue_id: child!.id }],
      ['GET', `${repoPath}/issues/${parent!.number}/dependencies/blocking`, undefined],
    ];
    for (const [method, path, body] of routes) {
      const answer = await gh.request(method, path, { body });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ message: 'Not Found', documentation_url: expect.any(String) });
    }
    const before = await o.rest.issues.get({ ...gh.repoParams, issue_number: parent!.number });
    for (const field of ['parent_issue_url', 'sub_issues_summary', 'issue_dependencies_summary']) expect(before.data).not.toHaveProperty(field);

    gh.settings.features.dependencies = true;
    expect((await o.rest.issues.get({ ...gh.repoParams, issue_number: parent!.number })).data).toHaveProperty('issue_dependencies_summary');
    expect((await gh.request('GET', `${repoPath}/issues/${parent!.number}/sub_issues`)).status).toBe(404);

    gh.settings.features.subIssues = true;
    await o.rest.issues.addSubIssue({ ...gh.repoParams, issue_number: parent!.number, sub_issue_id: child!.id });
    const after = await o.rest.issues.listForRepo({ ...gh.repoParams });
    expect(after.data.find((i) => i.number === parent!.number)).toMatchObject({ parent_issue_url: null, sub_issues_summary: { total: 1 } });
  });
});
