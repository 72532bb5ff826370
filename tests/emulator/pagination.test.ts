import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';

const titles = Array.from({ length: 250 }, (_, i) => ({ title: `Issue ${i + 1}`, labels: i % 2 === 0 ? ['even'] : [] }));

describe('pagination', () => {
  const gh = useTestEmulator({ seed: { repos: [{ owner: 'octo-org', name: 'octo-repo', issues: titles }] } });

  it('gives 30 per page by default and at most 100', async () => {
    const o = gh().octokit();
    expect((await o.rest.issues.listForRepo(gh().repoParams)).data).toHaveLength(30);
    expect((await o.rest.issues.listForRepo({ ...gh().repoParams, per_page: 500 })).data).toHaveLength(100);
  });

  it('writes Link headers as GitHub does: prev, next, last, first, by repository id', async () => {
    const id = gh().state.repo('octo-org/octo-repo').id;
    const base = `${gh().url}/repositories/${id}/issues`;
    const first = await gh().request('GET', '/repos/octo-org/octo-repo/issues?per_page=100');
    expect(first.headers.get('link')).toBe(`<${base}?per_page=100&page=2>; rel="next", <${base}?per_page=100&page=3>; rel="last"`);
    const middle = await gh().request('GET', `/repositories/${id}/issues?per_page=100&page=2`);
    expect(middle.headers.get('link')).toBe(
      `<${base}?per_page=100&page=1>; rel="prev", <${base}?per_page=100&page=3>; rel="next", <${base}?per_page=100&page=3>; rel="last", <${base}?per_page=100&page=1>; rel="first"`,
    );
    const last = await gh().request('GET', `/repositories/${id}/issues?per_page=100&page=3`);
    expect(last.headers.get('link')).toBe(`<${base}?per_page=100&page=2>; rel="prev", <${base}?per_page=100&page=1>; rel="first"`);
    expect(last.body).toHaveLength(50);
    const single = await gh().request('GET', '/repos/octo-org/octo-repo/labels');
    expect(single.headers.get('link')).toBeNull();
  });

  it('keeps the other parameters in the links, and Octokit follows them to the end', async () => {
    const o = gh().octokit();
    const page = await o.rest.issues.listForRepo({ ...gh().repoParams, labels: 'even', state: 'all', per_page: 50 });
    expect(page.headers.link).toContain('labels=even&state=all&per_page=50&page=2');
    const all = await o.paginate(o.rest.issues.listForRepo, { ...gh().repoParams, labels: 'even', per_page: 50 });
    expect(all).toHaveLength(125);
    expect(new Set(all.map((i) => i.number)).size).toBe(125);
  });

  it('answers an empty page past the end', async () => {
    const response = await gh().request('GET', '/repos/octo-org/octo-repo/issues?per_page=100&page=9');
    expect(response.body).toEqual([]);
  });
});
