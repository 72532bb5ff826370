import { describe, expect, it } from 'vitest';
import { ACTIONS_TOKEN, READ_TOKEN, useTestEmulator } from '../helpers/emulator.js';

describe('tokens and permissions', () => {
  const gh = useTestEmulator({
    seed: {
      tokens: [
        { token: 'scoped', login: 'scoped-bot', kind: 'app', repositories: ['octo-org/octo-repo'] },
        { token: 'installation', kind: 'app', app: 'release-helper' },
      ],
      repos: [
        { owner: 'octo-org', name: 'octo-repo', issues: [{ title: 'Existing' }] },
        { owner: 'octo-org', name: 'other', private: true },
      ],
    },
  });

  it('answers 401 without a token and with an unknown one', async () => {
    const none = await gh().request('GET', '/repos/octo-org/octo-repo', { token: null });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ message: 'Requires authentication', status: '401' });
    const bad = await gh().request('GET', '/repos/octo-org/octo-repo', { token: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ message: 'Bad credentials' });
  });

  it('lets a read-only token read but answers every write with 403', async () => {
    const o = gh().octokit(READ_TOKEN);
    await expect(o.rest.issues.get({ ...gh().repoParams, issue_number: 1 })).resolves.toMatchObject({ status: 200 });
    const writes = [
      () => o.rest.issues.create({ ...gh().repoParams, title: 'x' }),
      () => o.rest.issues.update({ ...gh().repoParams, issue_number: 1, state: 'closed' }),
      () => o.rest.issues.createLabel({ ...gh().repoParams, name: 'x', color: 'ffffff' }),
      () => o.rest.issues.createMilestone({ ...gh().repoParams, title: 'x' }),
      () => o.rest.issues.createComment({ ...gh().repoParams, issue_number: 1, body: 'x' }),
    ];
    for (const write of writes) {
      await expect(write()).rejects.toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } });
    }
    expect(gh().state.repo('octo-org/octo-repo').issues.get(1)?.state).toBe('open');
  });

  it('refuses GET /user to an Actions token and authors its writes as github-actions[bot]', async () => {
    const o = gh().octokit(ACTIONS_TOKEN);
    await expect(o.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 });
    const { data } = await o.rest.issues.create({ ...gh().repoParams, title: 'By the workflow' });
    expect(data.user?.login).toBe('github-actions[bot]');
    expect(data.user?.type).toBe('Bot');
    const me = await gh().octokit().rest.users.getAuthenticated();
    expect(me.data.login).toBe('octocat');
  });

  it('an App installation token: GET /user answers 403, writes are authored by <slug>[bot], a Bot', async () => {
    const o = gh().octokit('installation');
    await expect(o.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } });
    const { data } = await o.rest.issues.createComment({ ...gh().repoParams, issue_number: 1, body: 'From the App' });
    expect(data.user).toMatchObject({ login: 'release-helper[bot]', type: 'Bot' });
  });

  it('GraphQL viewer { login } answers every kind of token with the login its writes carry', async () => {
    const ask = (token: string) => gh().request('POST', '/graphql', { token, body: { query: 'query { viewer { login } }' } });
    for (const [token, login] of [
      ['test-token', 'octocat'],
      [ACTIONS_TOKEN, 'github-actions[bot]'],
      ['installation', 'release-helper[bot]'],
      // A read-only token may ask too: a query is a read.
      [READ_TOKEN, 'github-actions[bot]'],
    ] as const) {
      const answer = await ask(token);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { viewer: { login } } });
      expect(answer.headers.get('x-ratelimit-resource')).toBe('graphql');
    }
    const named = await gh().request('POST', '/graphql', { token: 'installation', body: { query: 'query Who {\n  viewer {\n    login # who writes\n  }\n}' } });
    expect(named.body).toEqual({ data: { viewer: { login: 'release-helper[bot]' } } });
    expect(gh().log.entries.filter((e) => e.route === '/graphql').every((e) => !e.write)).toBe(true);
  });

  it('GraphQL: any other query gets an error in GitHub\'s shape; no token gets 401', async () => {
    const other = await gh().request('POST', '/graphql', { body: { query: '{ viewer { login name } }' } });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ errors: [{ message: expect.stringContaining('query { viewer { login } }') }] });
    const none = await gh().request('POST', '/graphql', { token: null, body: { query: '{ viewer { login } }' } });
    expect(none.status).toBe(401);
  });

  it('answers 404 for unknown repositories, numbers, and repositories outside a token', async () => {
    const o = gh().octokit();
    await expect(o.rest.repos.get({ owner: 'octo-org', repo: 'missing' })).rejects.toMatchObject({ status: 404 });
    await expect(o.rest.issues.get({ ...gh().repoParams, issue_number: 999 })).rejects.toMatchObject({ status: 404 });
    await expect(o.rest.issues.getMilestone({ ...gh().repoParams, milestone_number: 7 })).rejects.toMatchObject({ status: 404 });
    await expect(o.rest.issues.getLabel({ ...gh().repoParams, name: 'nope' })).rejects.toMatchObject({ status: 404 });
    await expect(o.rest.pulls.get({ ...gh().repoParams, pull_number: 1 })).rejects.toMatchObject({ status: 404 });
    const scoped = gh().octokit('scoped');
    await expect(scoped.rest.repos.get({ owner: 'octo-org', repo: 'other' })).rejects.toMatchObject({ status: 404 });
    await expect(scoped.rest.repos.get(gh().repoParams)).resolves.toMatchObject({ status: 200 });
  });

  it('answers an unknown path with 404 and reports it as outside the description', async () => {
    const response = await gh().request('GET', '/repos/octo-org/octo-repo/nothing-here');
    expect(response.status).toBe(404);
    expect(gh().violations.map((v) => v.kind)).toEqual(['route']);
    gh().clearViolations();
  });
});
