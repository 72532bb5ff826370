// The comments the applier posts, over real HTTP against the emulator: the closing comment (found
// again by its text), a stage's transition comment (found again by its marker, not its wording) and
// the comment proposing new text (found again by the marker on its last line), each posted once,
// whatever answer the post got.
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator/index.js';
import { applyPlan } from '../../src/github/apply.js';
import { ALREADY_PROPOSED } from '../../src/github/apply/propose.js';
import { readCurrentState } from '../../src/github/read-state.js';
import { formatMarker, withMarker } from '../../src/plan/marker.js';
import type { Marker } from '../../src/plan/marker.js';
import type { Operation, Plan } from '../../src/plan/model.js';
import { proposalMarker } from '../../src/plan/proposals.js';
import { clientFor, REPO, startSyncEmulator } from '../sync/helpers.js';

let emulator: Emulator | null = null;
afterEach(async () => {
  await emulator?.stop();
  emulator = null;
});

const COMMENTS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const LIST_COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const CLOSING = 'No longer in lifecycle.yml; closed, not deleted.';
// Over GitHub's limit on a comment: refused with a 422, an answer that says nothing landed.
const TOO_LONG = 'x'.repeat(70_000);
const plan = (...operations: Operation[]): Plan => ({ operations, warnings: [] });
const taskBody = (stage: string, task: string) => withMarker(`Do ${task}.`, { kind: 'task', stage, task });
const stageIssueBody = (stage: string) => withMarker(`Stage ${stage}.`, { kind: 'stage-issue', stage });
const marked = (text: string, marker: Omit<Marker, 'v'>) => `${text}\n\n${formatMarker({ v: 1, ...marker })}`;
const closeOp = (number: number, comment = CLOSING): Operation => ({ op: 'close-issue', stage: 'scope', task: 'old', number, comment, stateReason: 'not_planned', reason: 'test' });

async function started(): Promise<Emulator> {
  const e = await startSyncEmulator();
  emulator = e;
  e.state.addLabel('acme/assistant', { name: 'lifecycle' });
  return e;
}

function commentsOf(e: Emulator, issue: number): (string | undefined)[] {
  const repo = e.state.repo('acme/assistant');
  return (repo.commentsByIssue.get(issue) ?? []).map((id) => repo.comments.get(id)?.body);
}

describe('the closing comment, found again by its text', () => {
  it('is posted beside a person\'s comment, not posted again when there with other spacing, and not retried after a refusal', async () => {
    const e = await started();
    e.state.addIssue('acme/assistant', { title: 'Old', body: taskBody('scope', 'old'), labels: ['lifecycle'], comments: [{ body: 'Thanks, closing soon.', user: 'bob' }] });
    e.state.addIssue('acme/assistant', { title: 'Old', body: taskBody('scope', 'old'), labels: ['lifecycle'], comments: [{ body: `\n${CLOSING}\n` }] });
    e.state.addIssue('acme/assistant', { title: 'Old', body: taskBody('scope', 'old'), labels: ['lifecycle'] });
    const client = clientFor(e);
    const result = await applyPlan(client, REPO, plan(closeOp(1), closeOp(2, `${CLOSING} \n`)), { current: { labels: [], milestones: [], issues: [] }, managedLabel: 'lifecycle' });
    expect(result.results.map((r) => r.status)).toEqual(['done', 'done']);
    expect(commentsOf(e, 1)).toEqual(['Thanks, closing soon.', CLOSING]);
    expect(commentsOf(e, 2)).toEqual([`\n${CLOSING}\n`]);

    // Refused (not a lost answer): the close fails, with the reason, and nothing is posted or closed.
    const refused = await applyPlan(client, REPO, plan(closeOp(3, TOO_LONG)), { current: { labels: [], milestones: [], issues: [] }, managedLabel: 'lifecycle' });
    expect(refused.results[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/^close issue #3 failed \(422\)/) });
    expect(e.log.forRoute(COMMENTS)).toHaveLength(2);
    expect(commentsOf(e, 3)).toEqual([]);
    expect(e.state.repo('acme/assistant').issues.get(3)?.state).toBe('open');
  });
});

describe("a stage's transition comment, found again by its marker", () => {
  const done = (stage: string, event: string, text = `**${stage}** is done.`) => marked(text, { kind: 'transition', stage, event });
  const closeStage = (number: number, stage: string, comment: string | null): Operation => ({
    op: 'close-stage-issue',
    stage,
    number,
    changes: { state: 'closed', state_reason: 'completed' },
    comment,
    reason: 'test',
  });

  it('is posted unless a comment carries the same kind, stage and event; an issue read without comments is not listed', async () => {
    const e = await started();
    const event = 'done:2027-03-01';
    // 1: the same transition, worded otherwise (an earlier version of the text).
    e.state.addIssue('acme/assistant', { title: 'Scope', body: stageIssueBody('scope'), labels: ['lifecycle'], comments: [{ body: marked('Scope: finished.', { kind: 'transition', stage: 'scope', event }) }] });
    // 2: comments that each differ from the transition in one thing.
    e.state.addIssue('acme/assistant', {
      title: 'Build',
      body: stageIssueBody('build'),
      labels: ['lifecycle'],
      comments: [
        { body: 'Looks done to me.', user: 'bob' },
        { body: marked('Build: finished.', { kind: 'dashboard', stage: 'build', event }) },
        { body: done('scope', event) },
        { body: done('build', 'done:2027-02-01') },
      ],
    });
    // 3: no comment when read.
    e.state.addIssue('acme/assistant', { title: 'Test', body: stageIssueBody('test'), labels: ['lifecycle'] });
    // 4: a transition without a comment of its own.
    e.state.addIssue('acme/assistant', { title: 'Docs', body: stageIssueBody('docs'), labels: ['lifecycle'], state: 'closed', state_reason: 'completed' });
    // 5: a comment without a marker is found by its text.
    e.state.addIssue('acme/assistant', { title: 'Deploy', body: stageIssueBody('deploy'), labels: ['lifecycle'], comments: [{ body: 'Deploy is done.' }] });
    const client = clientFor(e);
    const current = (await readCurrentState(client, REPO, 'lifecycle')).state;
    const reopen: Operation = { op: 'reopen-stage-issue', stage: 'docs', number: 4, changes: { state: 'open' }, comment: null, reason: 'test' };
    const result = await applyPlan(
      client,
      REPO,
      plan(closeStage(1, 'scope', done('scope', event)), closeStage(2, 'build', done('build', event)), closeStage(3, 'test', done('test', event)), reopen, closeStage(5, 'deploy', 'Deploy is done.')),
      { current, managedLabel: 'lifecycle' },
    );
    expect(result.results.map((r) => [r.number, r.status])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'done'],
      [4, 'done'],
      [5, 'done'],
    ]);
    expect([1, 2, 3, 4, 5].map((n) => commentsOf(e, n).length)).toEqual([1, 5, 1, 0, 1]);
    expect(commentsOf(e, 2).at(-1)).toBe(done('build', event));
    expect(commentsOf(e, 3)).toEqual([done('test', event)]);
    expect(e.log.forRoute(LIST_COMMENTS).map((x) => x.path)).toEqual([1, 2, 5].map((n) => `/repos/acme/assistant/issues/${n}/comments`));
    expect([1, 2, 3, 4, 5].map((n) => e.state.repo('acme/assistant').issues.get(n)?.state)).toEqual(['closed', 'closed', 'closed', 'open', 'closed']);
  });

  it('is posted again after a reset connection (nothing landed), and not after a refusal', async () => {
    const e = await started();
    e.state.addIssue('acme/assistant', { title: 'Scope', body: stageIssueBody('scope'), labels: ['lifecycle'] });
    e.state.addIssue('acme/assistant', { title: 'Build', body: stageIssueBody('build'), labels: ['lifecycle'] });
    const client = clientFor(e);
    const current = (await readCurrentState(client, REPO, 'lifecycle')).state;
    e.faults.inject({ route: COMMENTS, reset: true });
    const reset = await applyPlan(client, REPO, plan(closeStage(1, 'scope', done('scope', 'done:2027-03-01'))), { current, managedLabel: 'lifecycle' });
    expect(reset.results[0]).toMatchObject({ status: 'done', number: 1 });
    expect(commentsOf(e, 1)).toEqual([done('scope', 'done:2027-03-01')]);
    expect(e.log.forRoute(COMMENTS)).toHaveLength(2);

    const refused = await applyPlan(client, REPO, plan(closeStage(2, 'build', done('build', 'done:2027-03-01', TOO_LONG))), { current, managedLabel: 'lifecycle' });
    expect(refused.results[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/\(422\)/) });
    expect(e.log.forRoute(COMMENTS)).toHaveLength(3);
    expect(commentsOf(e, 2)).toEqual([]);
    expect(e.state.repo('acme/assistant').issues.get(2)?.state).toBe('open');
  });
});

describe('the comment proposing new text, found again by its marker', () => {
  const proposeOp = (number: number, text = 'Here is the new text.'): Operation => ({
    op: 'propose-text',
    kind: 'issue',
    stage: 'scope',
    task: `t${number}`,
    number,
    htmlUrl: `https://github.com/acme/assistant/issues/${number}`,
    digest: 'd1',
    comment: `${text}\n\n${proposalMarker('scope', `t${number}`, 'd1')}`,
    reason: 'test',
  });

  it('is posted once: again only when nothing landed, never after a refusal or over an earlier proposal', async () => {
    const e = await started();
    for (let n = 1; n <= 4; n++) e.state.addIssue('acme/assistant', { title: `T${n}`, body: taskBody('scope', `t${n}`), labels: ['lifecycle'] });
    const client = clientFor(e);
    const current = { labels: [], milestones: [], issues: [] };
    const first = await applyPlan(client, REPO, plan(proposeOp(1)), { current, managedLabel: 'lifecycle' });
    expect(first.results[0]).toEqual({ index: 0, op: 'propose-text', stage: 'scope', task: 't1', status: 'done', number: 1, url: expect.stringMatching(/\/issues\/1#issuecomment-\d+$/) });
    const again = await applyPlan(client, REPO, plan(proposeOp(1)), { current, managedLabel: 'lifecycle' });
    expect(again.results[0]).toMatchObject({ status: 'done', number: 1, url: 'https://github.com/acme/assistant/issues/1', message: ALREADY_PROPOSED });

    e.faults.inject({ route: COMMENTS, dropResponse: true });
    const lost = await applyPlan(client, REPO, plan(proposeOp(2)), { current, managedLabel: 'lifecycle' });
    expect(lost.results[0]).toMatchObject({ status: 'done', number: 2, url: 'https://github.com/acme/assistant/issues/2', recovered: true, message: 'found after a lost answer' });

    e.faults.inject({ route: COMMENTS, reset: true });
    const reset = await applyPlan(client, REPO, plan(proposeOp(3)), { current, managedLabel: 'lifecycle' });
    expect(reset.results[0]).toEqual({ index: 0, op: 'propose-text', stage: 'scope', task: 't3', status: 'done', number: 3, url: expect.stringMatching(/\/issues\/3#issuecomment-\d+$/) });

    const refused = await applyPlan(client, REPO, plan(proposeOp(4, TOO_LONG)), { current, managedLabel: 'lifecycle' });
    expect(refused.results[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/^propose new text on issue #4 failed \(422\)/) });

    expect([1, 2, 3, 4].map((n) => commentsOf(e, n).length)).toEqual([1, 1, 1, 0]);
    // One post each, and one more for the reset one.
    expect(e.log.forRoute(COMMENTS).map((x) => x.path.split('/')[5])).toEqual(['1', '2', '3', '3', '4']);
  });
});
