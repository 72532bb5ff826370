// An issue deleted or transferred by a person while a sync runs (after its read, before its
// writes): that write fails and the summary names why, the rest of the run goes on, and nothing is
// written to the repository the issue moved to.
import { describe, expect, it } from 'vitest';
import { runSync, type SyncResult } from '../../src/commands/sync.js';
import { deleteIssue, transferIssue, type Exchange } from '../../src/emulator/index.js';
import { parseMarker } from '../../src/plan/marker.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, REPO, REPO_NAME, smallProject, startSyncEmulator, type StageSpec } from './helpers.js';

function sync(gh: TestEmulator, stages: StageSpec[], prune = false): Promise<SyncResult> {
  return runSync({ client: clientFor(gh), repo: REPO, configText: configYaml(stages), templatesDir: null, today: '2027-01-10', identity: 'github-actions[bot]', prune });
}

function numberOf(gh: TestEmulator, task: string): number {
  const issue = [...gh.state.repo(REPO_NAME).issues.values()].find((i) => parseMarker(i.body)?.task === task);
  if (!issue) throw new Error(`no issue for ${task}`);
  return issue.number;
}

describe('issues that leave during a sync', () => {
  it('a transferred and a deleted issue fail their own writes, named in the summary; the others are written', async () => {
    let leave: (() => void) | null = null;
    const gh = await startSyncEmulator({
      // Right after the sync's read of the managed issues, before any write.
      onExchange: (exchange: Exchange) => {
        if (leave && exchange.method === 'GET' && exchange.route === '/repos/{owner}/{repo}/issues') {
          leave();
          leave = null;
        }
      },
    });
    gh.state.addRepo({ owner: 'acme', name: 'archive' });
    const stages = smallProject();
    expect((await sync(gh, stages)).ok).toBe(true);

    const changed = structuredClone(stages);
    changed[1]!.tasks[0]!.title = 'Build a first prototype';
    changed[1]!.tasks[1]!.title = 'Evaluate it';
    changed[2]!.tasks.pop();
    const [prototype, evaluate, announce] = ['prototype', 'evaluate', 'announce'].map((task) => numberOf(gh, task));
    leave = () => {
      transferIssue(gh.state, REPO_NAME, prototype!, 'acme/archive');
      deleteIssue(gh.state, REPO_NAME, announce!);
    };
    const result = await sync(gh, changed, true);

    expect(result.ok).toBe(false);
    expect(result.error).toBeNull();
    expect(result.failures.map((f) => [f.op, f.task, f.status])).toEqual([
      ['update-issue', 'prototype', 'failed'],
      ['close-issue', 'announce', 'failed'],
    ]);
    expect(result.summaryMarkdown).toContain(`issue #${prototype} was transferred to another repository`);
    expect(result.summaryMarkdown).toContain('This issue was deleted');
    expect(gh.state.repo(REPO_NAME).issues.get(evaluate!)?.title).toBe('Evaluate it');
    expect([...gh.state.repo('acme/archive').issues.values()].map((i) => i.title)).toEqual(['Build a prototype']);
  });
});
