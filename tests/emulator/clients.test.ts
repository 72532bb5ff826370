// The clients the tool ships with, unchanged, against the emulator.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/index.js';
import { ACTIONS_TOKEN, TEST_TOKEN, startTestEmulator } from '../helpers/emulator.js';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('Octokit with the throttling and retry plugins', () => {
  it('retries a 502, waits out a secondary limit and a spent primary limit', async () => {
    const clock = createClock({ start: '2027-01-04T12:00:00Z', speed: 0 });
    const gh = await startTestEmulator({ clock, limits: { primary: 6, contentPerMinute: 1 } });
    const waits: { kind: string; seconds: number }[] = [];
    const Client = Octokit.plugin(throttling, retry);
    const octokit = new Client({
      auth: TEST_TOKEN,
      baseUrl: gh.url,
      log: quiet,
      retry: { retryAfterBaseValue: 5 },
      throttle: {
        // The test owns time: it moves the emulator's clock, and the plugin sleeps 1/100,000 of the wait.
        retryAfterBaseValue: 0.01,
        onSecondaryRateLimit: (seconds: number) => {
          waits.push({ kind: 'secondary', seconds });
          clock.advance(seconds * 1000);
          return true;
        },
        onRateLimit: (seconds: number) => {
          waits.push({ kind: 'primary', seconds: Math.round(seconds / 60) * 60 });
          clock.advance(3_600_000);
          return true;
        },
      },
    });
    // Labels rather than issues: the plugin paces issue creation 3 s apart (notifications), labels 1 s.
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/labels', status: 502 });
    const first = await octokit.rest.issues.createLabel({ ...gh.repoParams, name: 'first' });
    const second = await octokit.rest.issues.createLabel({ ...gh.repoParams, name: 'second' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(waits).toEqual([{ kind: 'secondary', seconds: 60 }]);
    expect(gh.log.counts().byStatus).toMatchObject({ '502': 1, '403': 1, '201': 2 });
    expect([...gh.state.repo('octo-org/octo-repo').labels.values()].map((l) => l.name)).toEqual(['first', 'second']);

    // Three of the six requests are used (a fault answers before the limits count).
    for (let i = 0; i < 4; i++) await octokit.rest.issues.listForRepo(gh.repoParams);
    expect(waits.at(-1)).toEqual({ kind: 'primary', seconds: 3540 });
    expect(gh.log.entries.at(-1)?.status).toBe(200);
  });
});

describe("@actions/github's getOctokit", () => {
  it('works with baseUrl set to the emulator, plugins included', async () => {
    const gh = await startTestEmulator();
    const octokit = getOctokit(ACTIONS_TOKEN, { baseUrl: gh.url, log: quiet, throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false } }, throttling, retry);
    const repo = await octokit.rest.repos.get(gh.repoParams);
    expect(repo.data.full_name).toBe('octo-org/octo-repo');
    const issue = await octokit.rest.issues.create({ ...gh.repoParams, title: 'From a workflow' });
    expect(issue.data.user?.login).toBe('github-actions[bot]');
    const listed = await octokit.paginate(octokit.rest.issues.listForRepo, { ...gh.repoParams, per_page: 100 });
    expect(listed.map((i) => i.title)).toEqual(['From a workflow']);
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 });
  });
});
