import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';

// These requests break GitHub's schema on purpose, so the OpenAPI check must flag them; each test
// asserts that and then clears the violations.
describe('bad input gets GitHub answers, never a crash', () => {
  const gh = useTestEmulator({ seed: { repos: [{ owner: 'octo-org', name: 'octo-repo', issues: [{ title: 'One' }], milestones: [{ title: 'Scope' }] }] } });
  const issues = '/repos/octo-org/octo-repo/issues';

  it('answers a missing title with 422 "Invalid request" and an empty one with missing_field', async () => {
    const missing = await gh().request('POST', issues, { body: { body: 'no title' } });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ message: 'Invalid request.\n\n"title" wasn\'t supplied.', status: '422' });
    const empty = await gh().request('POST', issues, { body: { title: '  ' } });
    expect(empty.status).toBe(422);
    expect(empty.body).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
      documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
      status: '422',
    });
    expect(gh().violations.some((v) => v.kind === 'body')).toBe(true);
    gh().clearViolations();
  });

  it('refuses an issue milestone that is not the number of one of the repository\'s milestones', async () => {
    for (const milestone of ['abc', '99', 99, '1.0']) {
      const response = await gh().request('POST', issues, { body: { title: 'Filed', milestone } });
      expect(response.status, JSON.stringify(milestone)).toBe(422);
      expect(response.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'invalid', field: 'milestone', value: milestone }] });
    }
    const filed = await gh().request('POST', issues, { body: { title: 'Filed', milestone: '1' } });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ milestone: { number: 1 } });
    gh().clearViolations();
  });

  it('refuses a duplicate milestone title with already_exists', async () => {
    const response = await gh().request('POST', '/repos/octo-org/octo-repo/milestones', { body: { title: 'Scope' } });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Milestone', code: 'already_exists', field: 'title' }] });
  });

  it('refuses a bad label color and a duplicate label name', async () => {
    const color = await gh().request('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'foo', color: 'invalid' } });
    expect(color.status).toBe(422);
    expect(color.body).toMatchObject({ errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] });
    await gh().request('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'foo', color: 'ffffff' } });
    const dup = await gh().request('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'FOO', color: 'ffffff' } });
    expect(dup.body).toMatchObject({ errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
  });

  it('refuses bodies over 65,536 characters on issues and comments, and accepts exactly 65,536', async () => {
    const long = 'x'.repeat(65_537);
    const issue = await gh().request('POST', issues, { body: { title: 't', body: long } });
    expect(issue.status).toBe(422);
    expect(issue.body).toMatchObject({ errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
    const comment = await gh().request('POST', `${issues}/1/comments`, { body: { body: long } });
    expect(comment.status).toBe(422);
    expect(comment.body).toMatchObject({ errors: [{ resource: 'IssueComment', field: 'body', message: 'Body is too long (maximum is 65536 characters)' }] });
    const exact = await gh().request('POST', `${issues}/1/comments`, { body: { body: 'y'.repeat(65_536) } });
    expect(exact.status).toBe(201);
  });

  it('answers malformed JSON with 400 "Problems parsing JSON"', async () => {
    const response = await gh().request('POST', issues, { body: '{"title": ' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ message: 'Problems parsing JSON', status: '400' });
    gh().clearViolations();
  });

  it('answers wrong types with 422 naming the property', async () => {
    const labels = await gh().request('POST', issues, { body: { title: 't', labels: 'bug' } });
    expect(labels.status).toBe(422);
    expect((labels.body as { message: string }).message).toContain("For 'properties/labels'");
    const array = await gh().request('POST', issues, { body: ['not', 'an', 'object'] });
    expect(array.status).toBe(422);
    const milestone = await gh().request('PATCH', `${issues}/1`, { body: { milestone: 99 } });
    expect(milestone.body).toMatchObject({ errors: [{ resource: 'Issue', code: 'invalid', field: 'milestone' }] });
    const assignee = await gh().request('PATCH', `${issues}/1`, { body: { assignees: ['nobody-here'] } });
    expect(assignee.body).toMatchObject({ errors: [{ field: 'assignees', code: 'invalid', value: 'nobody-here' }] });
    const state = await gh().request('GET', `${issues}?state=maybe`);
    expect(state.status).toBe(422);
    expect(gh().violations.length).toBeGreaterThan(0);
    gh().clearViolations();
  });

  it('still serves normal requests after all that', async () => {
    const { data } = await gh().octokit().rest.issues.get({ ...gh().repoParams, issue_number: 1 });
    expect(data.title).toBe('One');
  });
});
