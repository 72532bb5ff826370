import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/index.js';
import { useTestEmulator } from '../helpers/emulator.js';

const clock = createClock({ start: '2027-01-04T12:00:00Z', speed: 0 });

describe('repository, labels, milestones, issues, comments', () => {
  const gh = useTestEmulator({
    clock,
    seed: {
      repos: [
        {
          owner: 'octo-org',
          name: 'octo-repo',
          files: { 'README.md': 'hello\n', '.github/lifecycle.yml': 'version: 1\n' },
          refs: { 'abc123': { '.github/lifecycle.yml': 'version: 1 # base\n' } },
          labels: [{ name: 'bug', color: 'd73a4a', description: 'Something is wrong' }],
          pulls: [{ title: 'Add data loader', head: { ref: 'feature/data', sha: 'f'.repeat(40) }, labels: ['bug'], files: ['data/load.py', 'README.md'] }],
        },
      ],
    },
  });
  const repo = () => gh().repoParams;

  it('gets the repository with its default branch and permissions', async () => {
    const { data } = await gh().octokit().rest.repos.get(repo());
    expect(data).toMatchObject({ full_name: 'octo-org/octo-repo', default_branch: 'main', private: false, permissions: { push: true } });
  });

  it('creates, reads and updates issues with timestamps from the clock', async () => {
    const o = gh().octokit();
    const milestone = await o.rest.issues.createMilestone({ ...repo(), title: 'Scope' });
    const created = await o.rest.issues.create({ ...repo(), title: 'Write the brief', body: 'b', labels: ['bug', 'new-label'], milestone: milestone.data.number, assignees: ['octocat'] });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`${gh().url}/repos/octo-org/octo-repo/issues/${created.data.number}`);
    expect(created.data).toMatchObject({ title: 'Write the brief', state: 'open', created_at: '2027-01-04T12:00:00Z', milestone: { number: milestone.data.number, open_issues: 1 } });
    expect(created.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['bug', 'new-label']);
    expect(created.data.assignees?.map((a) => a.login)).toEqual(['octocat']);

    clock.advance(60_000);
    const closed = await o.rest.issues.update({ ...repo(), issue_number: created.data.number, state: 'closed', state_reason: 'not_planned', labels: [] });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_at: '2027-01-04T12:01:00Z', updated_at: '2027-01-04T12:01:00Z', labels: [] });
    expect(closed.data.closed_by?.login).toBe('octocat');
    const reopened = await o.rest.issues.update({ ...repo(), issue_number: created.data.number, state: 'open', milestone: null });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, milestone: null });
  });

  it('shares one number sequence between issues and pull requests, and lists pull requests with their pull_request key', async () => {
    const o = gh().octokit();
    const issue = await o.rest.issues.create({ ...repo(), title: 'After the pull request' });
    expect(issue.data.number).toBeGreaterThan(1);
    const asIssue = await o.rest.issues.get({ ...repo(), issue_number: 1 });
    expect(asIssue.data.pull_request?.url).toBe(`${gh().url}/repos/octo-org/octo-repo/pulls/1`);
    const listed = await o.rest.issues.listForRepo({ ...repo(), state: 'all', per_page: 100 });
    const pull = listed.data.find((i) => i.number === 1);
    expect(pull?.pull_request).toBeDefined();
    expect(listed.data.find((i) => i.number === issue.data.number)?.pull_request).toBeUndefined();
  });

  it('manages labels: create, get case-insensitively, rename, delete', async () => {
    const o = gh().octokit();
    const created = await o.rest.issues.createLabel({ ...repo(), name: 'stage: scope', color: '0E8A16', description: 'Scope stage' });
    expect(created.data).toMatchObject({ name: 'stage: scope', color: '0E8A16', default: false });
    await expect(o.rest.issues.getLabel({ ...repo(), name: 'STAGE: SCOPE' })).resolves.toMatchObject({ data: { name: 'stage: scope' } });
    const renamed = await o.rest.issues.updateLabel({ ...repo(), name: 'stage: scope', new_name: 'stage: define', color: 'ffffff' });
    expect(renamed.data).toMatchObject({ name: 'stage: define', color: 'ffffff', description: 'Scope stage' });
    await o.rest.issues.deleteLabel({ ...repo(), name: 'stage: define' });
    await expect(o.rest.issues.getLabel({ ...repo(), name: 'stage: define' })).rejects.toMatchObject({ status: 404 });
  });

  it('keeps milestone due dates as Pacific dates and lists by state, sort and direction', async () => {
    const o = gh().octokit();
    const feb = await o.rest.issues.createMilestone({ ...repo(), title: 'Feb', due_on: '2027-03-01T06:59:00Z' });
    expect(feb.data.due_on).toBe('2027-02-28T08:00:00Z');
    const jul = await o.rest.issues.createMilestone({ ...repo(), title: 'Jul', due_on: '2027-07-15T12:00:00Z', state: 'closed' });
    expect(jul.data).toMatchObject({ due_on: '2027-07-15T07:00:00Z', state: 'closed' });
    expect(jul.data.closed_at).not.toBeNull();
    const open = await o.rest.issues.listMilestones({ ...repo() });
    expect(open.data.map((m) => m.title)).not.toContain('Jul');
    const all = await o.rest.issues.listMilestones({ ...repo(), state: 'all', sort: 'due_on', direction: 'desc' });
    expect(all.data.map((m) => m.title).slice(0, 2)).toEqual(['Jul', 'Feb']);
    const moved = await o.rest.issues.updateMilestone({ ...repo(), milestone_number: feb.data.number, due_on: '2027-04-01T12:00:00Z', description: 'later' });
    expect(moved.data).toMatchObject({ due_on: '2027-04-01T07:00:00Z', description: 'later' });
    await o.rest.issues.deleteMilestone({ ...repo(), milestone_number: jul.data.number });
    await expect(o.rest.issues.getMilestone({ ...repo(), milestone_number: jul.data.number })).rejects.toMatchObject({ status: 404 });
  });

  it('creates, lists, updates and deletes comments and keeps the count', async () => {
    const o = gh().octokit();
    const issue = await o.rest.issues.create({ ...repo(), title: 'Discussed' });
    const first = await o.rest.issues.createComment({ ...repo(), issue_number: issue.data.number, body: 'first' });
    await o.rest.issues.createComment({ ...repo(), issue_number: issue.data.number, body: 'second' });
    await o.rest.issues.updateComment({ ...repo(), comment_id: first.data.id, body: 'first, edited' });
    const listed = await o.rest.issues.listComments({ ...repo(), issue_number: issue.data.number });
    expect(listed.data.map((c) => c.body)).toEqual(['first, edited', 'second']);
    await o.rest.issues.deleteComment({ ...repo(), comment_id: first.data.id });
    const after = await o.rest.issues.get({ ...repo(), issue_number: issue.data.number });
    expect(after.data.comments).toBe(1);
    await expect(o.rest.issues.getComment({ ...repo(), comment_id: first.data.id })).rejects.toMatchObject({ status: 404 });
  });

  it('serves file contents in base64, at a ref, and folders as lists', async () => {
    const o = gh().octokit();
    const file = await o.rest.repos.getContent({ ...repo(), path: '.github/lifecycle.yml' });
    const data = file.data as { content: string; encoding: string };
    expect(data.encoding).toBe('base64');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('version: 1\n');
    const atBase = await o.rest.repos.getContent({ ...repo(), path: '.github/lifecycle.yml', ref: 'abc123' });
    expect(Buffer.from((atBase.data as { content: string }).content, 'base64').toString('utf8')).toBe('version: 1 # base\n');
    const folder = await o.rest.repos.getContent({ ...repo(), path: '.github' });
    expect((folder.data as { name: string }[]).map((e) => e.name)).toEqual(['lifecycle.yml']);
    await expect(o.rest.repos.getContent({ ...repo(), path: 'missing.txt' })).rejects.toMatchObject({ status: 404 });
    await expect(o.rest.repos.getContent({ ...repo(), path: 'README.md', ref: 'no-such-ref' })).rejects.toMatchObject({ status: 404 });
  });

  it('gets a pull request with its branches and lists its files', async () => {
    const o = gh().octokit();
    const { data } = await o.rest.pulls.get({ ...repo(), pull_number: 1 });
    expect(data).toMatchObject({ number: 1, changed_files: 2, head: { ref: 'feature/data', sha: 'f'.repeat(40) }, base: { ref: 'main' } });
    const files = await o.rest.pulls.listFiles({ ...repo(), pull_number: 1 });
    expect(files.data.map((f) => f.filename)).toEqual(['data/load.py', 'README.md']);
    const listed = await o.rest.pulls.list({ ...repo(), state: 'open' });
    expect(listed.data.map((p) => p.number)).toEqual([1]);
  });
});
