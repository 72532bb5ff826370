import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';

describe('core routes', () => {
  const gh = useTestEmulator({ seed: { repos: [{ owner: 'octo-org', name: 'octo-repo', labels: [{ name: 'bug', color: 'd73a4a', description: 'Something is wrong' }], files: { 'README.md': 'hi' } }] } });

  it('gets the repository', async () => {
    const { data } = await gh().octokit().rest.repos.get(gh().repoParams);
    expect(data.full_name).toBe('octo-org/octo-repo');
  });

  it('creates and lists issues, labels, milestones and comments', async () => {
    const o = gh().octokit();
    const m = await o.rest.issues.createMilestone({ ...gh().repoParams, title: 'Scope', due_on: '2027-03-01T06:59:00Z' });
    const issue = await o.rest.issues.create({ ...gh().repoParams, title: 'First', body: 'b', labels: ['bug'], milestone: m.data.number, assignees: ['octocat'] });
    await o.rest.issues.update({ ...gh().repoParams, issue_number: issue.data.number, state: 'closed', state_reason: 'not_planned' });
    const c = await o.rest.issues.createComment({ ...gh().repoParams, issue_number: issue.data.number, body: 'hi' });
    await o.rest.issues.updateComment({ ...gh().repoParams, comment_id: c.data.id, body: 'hello' });
    await o.rest.issues.listComments({ ...gh().repoParams, issue_number: issue.data.number });
    await o.rest.issues.listForRepo({ ...gh().repoParams, state: 'all', labels: 'bug', milestone: '*' });
    await o.rest.issues.listMilestones({ ...gh().repoParams, state: 'all' });
    await o.rest.issues.getMilestone({ ...gh().repoParams, milestone_number: m.data.number });
    await o.rest.issues.listLabelsForRepo(gh().repoParams);
    await o.rest.issues.getLabel({ ...gh().repoParams, name: 'bug' });
    await o.rest.issues.createLabel({ ...gh().repoParams, name: 'stage: scope', color: '0e8a16' });
    await o.rest.issues.updateLabel({ ...gh().repoParams, name: 'stage: scope', new_name: 'stage: define', description: 'x' });
    await o.rest.issues.deleteComment({ ...gh().repoParams, comment_id: c.data.id });
    await o.rest.issues.get({ ...gh().repoParams, issue_number: issue.data.number });
    await o.rest.rateLimit.get();
    await o.rest.users.getAuthenticated();
    await o.rest.search.issuesAndPullRequests({ q: 'repo:octo-org/octo-repo is:issue First' });
    await o.rest.repos.getContent({ ...gh().repoParams, path: 'README.md' });
    await o.rest.repos.getContent({ ...gh().repoParams, path: '' }).catch(() => null);
    expect(gh().violations).toEqual([]);
  });
});
