// The bundle driven by a real `issues.closed` payload against the emulator: the last task of a stage
// closed by a person, the event's run closes the stage and opens the next reading only those two
// stages, and the same event again writes nothing.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarker } from '../../src/plan/marker.js';
import { ACTIONS_TOKEN, TEST_OWNER, TEST_REPO, TEST_TOKEN, startTestEmulator } from '../helpers/emulator.js';
import { issuesClosedPayload, pushPayload, type EventPayload } from '../helpers/payloads.js';
import { runAction } from '../helpers/runner.js';

const CONFIG = `version: 1
project:
  name: Support assistant
  start: 2027-01-04
stages:
  - id: scope
    name: Scope
    estimate: { duration: 3d }
    tasks:
      - { id: brief, title: Write the brief }
      - { id: risks, title: List the risks }
  - id: build
    name: Build
    estimate: { duration: 2w }
    tasks:
      - { id: prototype, title: Build a prototype }
`;

describe('dist/index.js on issues events', () => {
  it('closing the last task of a stage: the event closes the stage issue and milestone and opens the next stage; the same event again writes nothing', { timeout: 120_000 }, async () => {
    const gh = await startTestEmulator();
    const workspace = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
    await mkdir(path.join(workspace, '.github'), { recursive: true });
    await writeFile(path.join(workspace, '.github/lifecycle.yml'), CONFIG);
    const target = { apiUrl: gh.url, owner: TEST_OWNER, repo: TEST_REPO };
    const run = (event: EventPayload) =>
      runAction({ workspace, eventName: event.eventName, eventPayload: event.payload, repository: `${TEST_OWNER}/${TEST_REPO}`, apiUrl: gh.url, token: ACTIONS_TOKEN, inputs: { 'write-delay-ms': '0' } });

    expect((await run(pushPayload({ ...target, before: 'a'.repeat(40), after: 'b'.repeat(40), files: { modified: ['.github/lifecycle.yml'] } }))).exitCode).toBe(0);
    const repo = gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`);
    const issueOf = (stage: string, task?: string) =>
      [...repo.issues.values()].find((i) => {
        const m = parseMarker(i.body);
        return m?.stage === stage && (task === undefined ? m.kind === 'stage-issue' : m.task === task);
      })!;
    const person = gh.octokit(TEST_TOKEN);
    let closedAt = '';
    for (const task of ['brief', 'risks']) {
      const { data } = await person.rest.issues.update({ owner: TEST_OWNER, repo: TEST_REPO, issue_number: issueOf('scope', task).number, state: 'closed', state_reason: 'completed' });
      closedAt = data.closed_at ?? '';
    }
    const last = issueOf('scope', 'risks');
    const event = issuesClosedPayload({ ...target, number: last.number, title: last.title, body: last.body, closedAt, labels: ['lifecycle', 'stage: scope'] });

    gh.log.clear();
    const closed = await run(event);
    expect(closed.exitCode).toBe(0);
    expect(closed.outputs.command).toBe('sync');
    expect(issueOf('scope')).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect([...repo.milestones.values()].find((m) => m.title === 'Scope')?.state).toBe('closed');
    expect(repo.commentsByIssue.get(issueOf('build').number) ?? []).toHaveLength(1);
    expect(closed.summary).toContain('Current stage: **Build**.');
    // The stage's close (its issue, its milestone, its comment), the next stage's "can start" comment
    // and its record. The dashboard waits for the next full run.
    expect(gh.log.entries.filter((e) => e.write)).toHaveLength(5);
    // The event's run reads the milestones, the issues changed within the hour, and the two stages.
    expect(gh.log.entries.filter((e) => !e.write).map((e) => e.route)).toEqual([
      '/repos/{owner}/{repo}/milestones',
      '/repos/{owner}/{repo}/issues',
      '/repos/{owner}/{repo}/issues',
      '/repos/{owner}/{repo}/issues',
    ]);
    expect(closed.summary).toContain('Event run:');

    gh.log.clear();
    const again = await run(event);
    expect(again.exitCode).toBe(0);
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    gh.assertNoViolations();
  });
});
