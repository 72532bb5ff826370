import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/index.js';
import { parseSearchQuery } from '../../src/emulator/routes/search.js';
import { startTestEmulator } from '../helpers/emulator.js';

describe('GET /search/issues', () => {
  it('reads the qualifiers tools use', () => {
    expect(parseSearchQuery('repo:octo-org/octo-repo is:issue in:title "Fine tuning" label:"stage: tune" state:open')).toEqual({
      repos: ['octo-org/octo-repo'],
      kind: 'issue',
      state: 'open',
      labels: ['stage: tune'],
      inTitleOnly: true,
      terms: ['fine tuning'],
    });
  });

  it('filters by repository, kind, state, label and title words', async () => {
    const gh = await startTestEmulator({
      seed: {
        repos: [
          {
            owner: 'octo-org',
            name: 'octo-repo',
            issues: [
              { title: 'Curate the dataset', labels: ['stage: data'] },
              { title: 'Curate the eval set', state: 'closed', labels: ['stage: data'] },
              { title: 'Other', body: 'mentions curate in the body' },
            ],
            pulls: [{ title: 'Curate more' }],
          },
          { owner: 'someone', name: 'else', issues: [{ title: 'Curate elsewhere' }] },
        ],
      },
    });
    const search = async (q: string): Promise<string[]> => {
      const { data } = await gh.octokit().rest.search.issuesAndPullRequests({ q });
      expect(data.total_count).toBe(data.items.length);
      return data.items.map((i) => i.title).sort();
    };
    expect(await search('repo:octo-org/octo-repo is:issue curate')).toEqual(['Curate the dataset', 'Curate the eval set', 'Other']);
    expect(await search('repo:octo-org/octo-repo is:issue in:title curate')).toEqual(['Curate the dataset', 'Curate the eval set']);
    expect(await search('repo:octo-org/octo-repo is:issue state:open label:"stage: data"')).toEqual(['Curate the dataset']);
    expect(await search('repo:octo-org/octo-repo is:pr')).toEqual(['Curate more']);
    expect(await search('curate in:title')).toContain('Curate elsewhere');
  });

  it('does not find a new issue until the index catches up', async () => {
    const clock = createClock({ speed: 0 });
    const gh = await startTestEmulator({ clock, search: { indexDelayMs: 30_000 } });
    const o = gh.octokit();
    await o.rest.issues.create({ ...gh.repoParams, title: 'Fresh issue' });
    const q = 'repo:octo-org/octo-repo is:issue in:title "Fresh issue"';
    expect((await o.rest.search.issuesAndPullRequests({ q })).data.total_count).toBe(0);
    clock.advance(30_000);
    expect((await o.rest.search.issuesAndPullRequests({ q })).data.total_count).toBe(1);
  });

  it('refuses an empty query with 422', async () => {
    const gh = await startTestEmulator();
    const response = await gh.request('GET', '/search/issues?q=');
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Search', field: 'q', code: 'missing' }] });
  });
});
