import { describe, expect, it } from 'vitest';
import { useTestEmulator, READ_TOKEN } from '../helpers/emulator.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const text = (content: string): string => Buffer.from(content, 'base64').toString('utf8');

describe('branches, file writes and new pull requests', () => {
  const gh = useTestEmulator({ seed: { repos: [{ owner: 'octo-org', name: 'octo-repo', files: { 'plan.yml': 'a: 1\n' } }] } });
  const repo = () => gh().repoParams;

  it('creates a branch at the default branch, writes a file on it, and opens a pull request', async () => {
    const o = gh().octokit();
    const main = await o.rest.git.getRef({ ...repo(), ref: 'heads/main' });
    const created = await o.rest.git.createRef({ ...repo(), ref: 'refs/heads/topic/one', sha: main.data.object.sha });
    expect(created.status).toBe(201);
    const file = await o.rest.repos.getContent({ ...repo(), path: 'plan.yml', ref: 'topic/one' });
    const sha = (file.data as { sha: string }).sha;
    const put = await o.rest.repos.createOrUpdateFileContents({ ...repo(), path: 'plan.yml', branch: 'topic/one', message: 'Change a', content: b64('a: 2\n'), sha });
    expect(put.status).toBe(200);
    const commit = await o.rest.git.getCommit({ ...repo(), commit_sha: put.data.commit.sha! });
    expect(commit.data.parents.map((p) => p.sha)).toEqual([main.data.object.sha]);
    expect(commit.data.message).toBe('Change a');
    const onMain = await o.rest.repos.getContent({ ...repo(), path: 'plan.yml' });
    expect(text((onMain.data as { content: string }).content)).toBe('a: 1\n');
    const pull = await o.rest.pulls.create({ ...repo(), head: 'topic/one', base: 'main', title: 'Change a', body: 'Why' });
    expect(pull.status).toBe(201);
    expect(pull.data).toMatchObject({ head: { ref: 'topic/one' }, base: { ref: 'main' }, changed_files: 1, user: { login: 'octocat' } });
    const listed = await o.rest.pulls.list({ ...repo(), head: 'octo-org:topic/one', state: 'open' });
    expect(listed.data.map((p) => p.number)).toEqual([pull.data.number]);
    await expect(o.rest.pulls.create({ ...repo(), head: 'topic/one', base: 'main', title: 'Again' })).rejects.toMatchObject({ status: 422 });
  });

  it('refuses an existing ref, a write without the sha of the file it replaces, and a move that is not a fast forward unless forced', async () => {
    const o = gh().octokit();
    const main = await o.rest.git.getRef({ ...repo(), ref: 'heads/main' });
    await o.rest.git.createRef({ ...repo(), ref: 'refs/heads/two', sha: main.data.object.sha });
    await expect(o.rest.git.createRef({ ...repo(), ref: 'refs/heads/two', sha: main.data.object.sha })).rejects.toMatchObject({ status: 422 });
    await expect(o.rest.repos.createOrUpdateFileContents({ ...repo(), path: 'plan.yml', branch: 'two', message: 'm', content: b64('x') })).rejects.toMatchObject({ status: 422 });
    const put = await o.rest.repos.createOrUpdateFileContents({ ...repo(), path: 'new.yml', branch: 'two', message: 'm', content: b64('x') });
    expect(put.status).toBe(201);
    const back = { ...repo(), ref: 'heads/two', sha: main.data.object.sha };
    await expect(o.rest.git.updateRef(back)).rejects.toMatchObject({ status: 422 });
    const reset = await o.rest.git.updateRef({ ...back, force: true });
    expect(reset.data.object.sha).toBe(main.data.object.sha);
    await expect(o.rest.repos.getContent({ ...repo(), path: 'new.yml', ref: 'two' })).rejects.toMatchObject({ status: 404 });
  });

  it('answers 403 to writes with a read-only token', async () => {
    const o = gh().octokit(READ_TOKEN);
    const main = await o.rest.git.getRef({ ...repo(), ref: 'heads/main' });
    await expect(o.rest.git.createRef({ ...repo(), ref: 'refs/heads/ro', sha: main.data.object.sha })).rejects.toMatchObject({ status: 403 });
  });
});
