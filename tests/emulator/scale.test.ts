import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/index.js';
import { PULL_FILES_CAP } from '../../src/emulator/index.js';
import { startTestEmulator } from '../helpers/emulator.js';

describe('scale', () => {
  it('holds 50,000 issues and filters by several labels (all must match) through the label index', async () => {
    const clock = createClock({ start: '2027-01-04T00:00:00Z', speed: 0 });
    const gh = await startTestEmulator({ clock });
    const repo = gh.state.repo('octo-org/octo-repo');
    const lifecycle = gh.state.addLabel(repo, { name: 'lifecycle' });
    const stageA = gh.state.addLabel(repo, { name: 'stage: a' });
    const noise = gh.state.addLabel(repo, { name: 'noise' });
    gh.state.addMilestone(repo, { title: 'A' });
    for (let i = 0; i < 50_000; i++) {
      const issue = gh.state.addIssue(repo, { title: `Issue ${i}`, created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString(), milestone: i % 100 === 0 ? 1 : null });
      const labels = [noise.id];
      if (i % 10 === 0) labels.push(lifecycle.id);
      if (i % 20 === 0) labels.push(stageA.id);
      gh.state.setIssueLabels(repo, issue, labels);
    }
    const o = gh.octokit();
    const page = await o.rest.issues.listForRepo({ ...gh.repoParams, labels: 'lifecycle,stage: a', per_page: 100 });
    expect(page.data).toHaveLength(100);
    expect(page.data.every((i) => i.labels.length === 3)).toBe(true);
    // Newest first: issue 49,980 is the last with both labels.
    expect(page.data[0]?.title).toBe('Issue 49980');
    expect(page.headers.link).toContain('page=25>; rel="last"');
    const all = await o.paginate(o.rest.issues.listForRepo, { ...gh.repoParams, labels: 'stage: a,lifecycle', milestone: '1', per_page: 100 });
    expect(all).toHaveLength(500);
    const unknown = await o.rest.issues.listForRepo({ ...gh.repoParams, labels: 'lifecycle,not-a-label' });
    expect(unknown.data).toEqual([]);
  });

  it('stops the pull request files list at 3,000 while changed_files gives the true count', async () => {
    const files = Array.from({ length: 3200 }, (_, i) => `src/file-${String(i).padStart(4, '0')}.ts`);
    const gh = await startTestEmulator({ seed: { repos: [{ owner: 'octo-org', name: 'octo-repo', pulls: [{ title: 'Huge', files }] }] } });
    const o = gh.octokit();
    const pull = await o.rest.pulls.get({ ...gh.repoParams, pull_number: 1 });
    expect(pull.data.changed_files).toBe(3200);
    const listed = await o.paginate(o.rest.pulls.listFiles, { ...gh.repoParams, pull_number: 1, per_page: 100 });
    expect(listed).toHaveLength(PULL_FILES_CAP);
    expect(listed.at(-1)?.filename).toBe('src/file-2999.ts');
    const beyond = await gh.request('GET', '/repos/octo-org/octo-repo/pulls/1/files?per_page=100&page=31');
    expect(beyond.body).toEqual([]);
  });
});
