// What GitHub does that its description only hints at: secondary limits as 429 and without
// retry-after, issues deleted or transferred under a tool, locked issues, and state_reason
// ignored unless the state changes.
import { describe, expect, it } from 'vitest';
import { createClock, deleteIssue, transferIssue } from '../../src/emulator/index.js';
import { createClient } from '../../src/github/client.js';
import { startTestEmulator, TEST_TOKEN } from '../helpers/emulator.js';

const seed = {
  repos: [
    { owner: 'octo-org', name: 'octo-repo', labels: [{ name: 'lifecycle' }], issues: [{ title: 'One', labels: ['lifecycle'], comments: [{ body: 'hi' }] }, { title: 'Two', labels: ['lifecycle'] }, { title: 'Three' }] },
    { owner: 'octo-org', name: 'elsewhere', labels: [{ name: 'lifecycle' }], issues: [{ title: 'Theirs' }] },
  ],
};

describe('secondary limits', () => {
  it('can answer 429 without retry-after; the client waits its own default and goes on', async () => {
    const clock = createClock({ start: '2027-01-04T09:00:00Z', speed: 0 });
    const gh = await startTestEmulator({ clock, limits: { contentPerMinute: 1, secondaryStatus: 429, secondaryRetryAfter: false } });
    const waits: string[] = [];
    // The stopped clock moves only when the client says it waits: a server minute, its default.
    const log = { debug() {}, warn() {}, error() {}, info(message: string) {
      waits.push(message);
      clock.advance(60_000);
    } };
    const client = createClient({ token: TEST_TOKEN, baseUrl: gh.url, log, timing: { timeScale: 1000, writeSpacingMs: 0, retryBackoffMs: 5 } });
    await client.octokit.rest.issues.create({ ...gh.repoParams, title: 'First' });
    await client.octokit.rest.issues.create({ ...gh.repoParams, title: 'Second' });
    expect(gh.log.forRoute('POST /repos/{owner}/{repo}/issues').map((e) => e.status)).toEqual([201, 429, 201]);
    expect(client.stats.secondaryLimitWaits).toBe(1);
    // 60 server seconds at 1,000 server ms per real ms.
    expect(waits).toEqual([expect.stringMatching(/waiting 0\.06s/)]);
  });

  it('answers 403 with retry-after by default, and 429 with it when asked', async () => {
    const clock = createClock({ start: '2027-01-04T09:00:00Z', speed: 0 });
    const gh = await startTestEmulator({ clock, limits: { contentPerMinute: 1 } });
    await gh.request('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'a', color: '000000' } });
    const refused = await gh.request('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'b', color: '000000' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('retry-after')).toBe('60');
    gh.settings.limits.secondaryStatus = 429;
    const again = await gh.request('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'c', color: '000000' } });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('60');
    expect(again.body).toMatchObject({ message: expect.stringMatching(/secondary rate limit/) });
  });
});

describe('issues that leave', () => {
  it('a deleted issue answers 410 on every route under its number and leaves the lists', async () => {
    const gh = await startTestEmulator({ seed });
    deleteIssue(gh.state, 'octo-org/octo-repo', 1);
    for (const [method, path, body] of [
      ['GET', '/repos/octo-org/octo-repo/issues/1', undefined],
      ['PATCH', '/repos/octo-org/octo-repo/issues/1', { state: 'closed' }],
      ['GET', '/repos/octo-org/octo-repo/issues/1/comments', undefined],
      ['POST', '/repos/octo-org/octo-repo/issues/1/comments', { body: 'x' }],
    ] as const) {
      const answer = await gh.request(method, path, { body });
      expect(answer.status, `${method} ${path}`).toBe(410);
      expect(answer.body).toMatchObject({ message: 'This issue was deleted', status: '410' });
    }
    const listed = await gh.octokit().rest.issues.listForRepo({ ...gh.repoParams, state: 'all', labels: 'lifecycle' });
    expect(listed.data.map((i) => i.number)).toEqual([2]);
    expect((await gh.request('GET', '/repos/octo-org/octo-repo/issues/4')).status).toBe(404);
  });

  it('a transferred issue answers 301 to its new place, where a plain GET follows it', async () => {
    const gh = await startTestEmulator({ seed });
    const moved = transferIssue(gh.state, 'octo-org/octo-repo', 2, 'octo-org/elsewhere');
    expect(moved.number).toBe(2);
    const target = gh.state.repo('octo-org/elsewhere');
    expect(target.labels.get(moved.labels[0]!)?.name).toBe('lifecycle');
    const answer = await gh.request('PATCH', '/repos/octo-org/octo-repo/issues/2', { body: { title: 'x' } });
    expect(answer.status).toBe(301);
    const url = `${gh.url}/repositories/${target.id}/issues/2`;
    expect(answer.headers.get('location')).toBe(url);
    expect(answer.body).toMatchObject({ message: 'Moved Permanently', url });
    expect(target.issues.get(2)?.title).toBe('Two');
    const followed = await gh.octokit().rest.issues.get({ ...gh.repoParams, issue_number: 2 });
    expect(followed.data).toMatchObject({ title: 'Two', repository_url: `${gh.url}/repos/octo-org/elsewhere` });
    const listed = await gh.octokit().rest.issues.listForRepo({ ...gh.repoParams, labels: 'lifecycle' });
    expect(listed.data.map((i) => i.number)).toEqual([1]);
  });
});

describe('locked issues', () => {
  it('lock with a reason and unlock, answering 204; writers still comment', async () => {
    const gh = await startTestEmulator({ seed });
    const octokit = gh.octokit();
    expect((await octokit.rest.issues.lock({ ...gh.repoParams, issue_number: 1, lock_reason: 'resolved' })).status).toBe(204);
    expect((await octokit.rest.issues.get({ ...gh.repoParams, issue_number: 1 })).data).toMatchObject({ locked: true, active_lock_reason: 'resolved' });
    expect((await octokit.rest.issues.createComment({ ...gh.repoParams, issue_number: 1, body: 'still here' })).status).toBe(201);
    expect((await octokit.rest.issues.unlock({ ...gh.repoParams, issue_number: 1 })).status).toBe(204);
    expect((await octokit.rest.issues.get({ ...gh.repoParams, issue_number: 1 })).data).toMatchObject({ locked: false, active_lock_reason: null });
    const refused = await gh.request('PUT', '/repos/octo-org/octo-repo/issues/1/lock', { body: { lock_reason: 'bored' } });
    expect(refused.status).toBe(422);
    gh.clearViolations();
  });
});

describe('state_reason', () => {
  it('is ignored unless the state changes with it', async () => {
    const gh = await startTestEmulator({ seed });
    const octokit = gh.octokit();
    const issue = { ...gh.repoParams, issue_number: 3 };
    await octokit.rest.issues.update({ ...issue, state: 'closed', state_reason: 'not_planned' });
    const kept = await octokit.rest.issues.update({ ...issue, state_reason: 'completed' });
    expect(kept.data).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    const stillClosed = await octokit.rest.issues.update({ ...issue, state: 'closed', state_reason: 'duplicate' });
    expect(stillClosed.data.state_reason).toBe('not_planned');
    const reopened = await octokit.rest.issues.update({ ...issue, state: 'open' });
    expect(reopened.data).toMatchObject({ state: 'open', state_reason: 'reopened' });
    const open = await octokit.rest.issues.update({ ...issue, state_reason: 'not_planned' });
    expect(open.data).toMatchObject({ state: 'open', state_reason: 'reopened' });
  });
});
