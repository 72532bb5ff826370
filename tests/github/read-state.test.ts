// Reading what GitHub holds: every page, closed milestones, no pull requests, and the managed
// issues a person took the label off.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { RepositoryNotFoundError } from '../../src/github/errors.js';
import { findUnlabelledIssues, readCurrentState } from '../../src/github/read-state.js';
import { withMarker } from '../../src/plan/marker.js';
import { clientFor, REPO, REPO_NAME, startSyncEmulator } from '../sync/helpers.js';

let emulator: Emulator | null = null;
afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

const stageBody = (stage: string) => withMarker(`Stage ${stage}.`, { kind: 'stage', stage });
const taskBody = (stage: string, task: string) => withMarker(`Do ${task}.`, { kind: 'task', stage, task });

describe('readCurrentState', () => {
  it('reads every label across pages of 100', async () => {
    emulator = await startSyncEmulator({ repo: { labels: Array.from({ length: 150 }, (_, i) => ({ name: `label-${i}` })) } });
    const { state } = await readCurrentState(clientFor(emulator), REPO, 'lifecycle');
    expect(state.labels).toHaveLength(150);
    const labelPages = emulator.log.forRoute('GET /repos/{owner}/{repo}/labels');
    expect(labelPages).toHaveLength(2);
    expect(labelPages.every((e) => e.path.endsWith('/labels'))).toBe(true);
  });

  it('reads closed milestones too, and skips pull requests that carry the managed label', async () => {
    emulator = await startSyncEmulator({
      repo: {
        labels: [{ name: 'lifecycle' }],
        milestones: [{ title: 'Done stage', state: 'closed', description: stageBody('done') }, { title: 'Open stage', description: stageBody('open') }],
        issues: [{ title: 'Task', body: taskBody('open', 'a'), labels: ['lifecycle'], milestone: 2 }],
        pulls: [{ title: 'A pull request', labels: ['lifecycle'], head: { ref: 'feature' } }],
      },
    });
    const { state, milestonesListed } = await readCurrentState(clientFor(emulator), REPO, 'lifecycle');
    expect(state.milestones.map((m) => [m.title, m.state])).toEqual([
      ['Done stage', 'closed'],
      ['Open stage', 'open'],
    ]);
    expect(state.issues.map((i) => i.title)).toEqual(['Task']);
    expect(milestonesListed).toEqual([]);
    expect(emulator.log.entries).toHaveLength(3);
  });

  it('finds a managed issue whose label a person removed through its milestone, listing only that milestone', async () => {
    emulator = await startSyncEmulator({
      repo: {
        labels: [{ name: 'lifecycle' }],
        milestones: [{ title: 'Scope', description: stageBody('scope') }, { title: 'Build', description: stageBody('build') }],
        issues: [
          { title: 'Kept', body: taskBody('scope', 'kept'), labels: ['lifecycle'], milestone: 1 },
          { title: 'Unlabelled', body: taskBody('scope', 'unlabelled'), labels: [], milestone: 1 },
          { title: 'A person\u2019s own issue', body: 'no marker', labels: [], milestone: 1 },
          { title: 'Build task', body: taskBody('build', 'b'), labels: ['lifecycle'], milestone: 2 },
        ],
      },
    });
    const report = await readCurrentState(clientFor(emulator), REPO, 'lifecycle');
    expect(report.state.issues.map((i) => i.title)).toEqual(['Kept', 'Unlabelled', 'Build task']);
    expect(report.milestonesListed).toEqual([1]);
    expect(report.unlabelled).toEqual([2]);
    expect(report.newestNumber).toBe(4);
  });

  it('finds one that lost both its label and its milestone among the issues its identity opened', async () => {
    emulator = await startSyncEmulator({
      repo: {
        issues: [
          { title: 'Orphan', body: taskBody('scope', 'orphan'), user: 'github-actions[bot]' },
          { title: 'Not ours', body: taskBody('scope', 'other'), user: 'bob' },
        ],
      },
    });
    const found = await findUnlabelledIssues(clientFor(emulator), REPO, 'github-actions[bot]', new Set(), 5);
    expect(found.map((i) => i.title)).toEqual(['Orphan']);
  });

  it('says the token cannot see a repository that answers 404', async () => {
    emulator = await startSyncEmulator();
    await expect(readCurrentState(clientFor(emulator), { owner: 'acme', name: 'missing' }, 'lifecycle')).rejects.toBeInstanceOf(RepositoryNotFoundError);
  });

  it('never asks /rate_limit (GitHub Enterprise Server answers it with an error)', async () => {
    emulator = await startSyncEmulator({ repo: { labels: [{ name: 'lifecycle' }] } });
    emulator.state.addIssue(REPO_NAME, { title: 'x', labels: ['lifecycle'] });
    await readCurrentState(clientFor(emulator), REPO, 'lifecycle');
    expect(emulator.log.entries.some((e) => e.path.includes('rate_limit'))).toBe(false);
  });
});
