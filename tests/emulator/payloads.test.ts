import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  eventEnvironment,
  issuesClosedPayload,
  milestoneClosedPayload,
  pullRequestPayload,
  pullRequestTargetPayload,
  pushPayload,
  workflowDispatchPayload,
} from '../helpers/payloads.js';

const target = { apiUrl: 'http://127.0.0.1:4000', owner: 'octo-org', repo: 'octo-repo', repoId: 1002 };
const pr = { ...target, number: 7, head: { ref: 'feature/x', sha: 'a'.repeat(40) }, base: { ref: 'main', sha: 'b'.repeat(40) } };

describe('event payloads from GitHub examples', () => {
  it.each(['opened', 'synchronize', 'labeled'] as const)('pull_request %s points at the emulator repository', (action) => {
    const { eventName, payload } = pullRequestPayload(action, { ...pr, labels: ['stage: data'], changedFiles: 3500 });
    expect(eventName).toBe('pull_request');
    expect(payload).toMatchObject({
      action,
      number: 7,
      repository: { full_name: 'octo-org/octo-repo', name: 'octo-repo', id: 1002, owner: { login: 'octo-org' } },
      pull_request: { number: 7, changed_files: 3500, head: { ref: 'feature/x', sha: 'a'.repeat(40) }, base: { ref: 'main', sha: 'b'.repeat(40) } },
    });
    expect(JSON.stringify(payload)).not.toContain('https://api.github.com');
    if (action === 'labeled') expect(payload.label).toMatchObject({ name: 'stage: data' });
    if (action === 'synchronize') expect(payload.after).toBe('a'.repeat(40));
  });

  it('pull_request_target carries the same body under its own event name, fork head included', () => {
    const { eventName, payload } = pullRequestTargetPayload('opened', { ...pr, head: { ...pr.head, repo: 'stranger/octo-repo' } });
    expect(eventName).toBe('pull_request_target');
    expect(payload).toMatchObject({ pull_request: { head: { label: 'stranger:feature/x', repo: { full_name: 'stranger/octo-repo', fork: true } } } });
  });

  it('push, workflow_dispatch, issues closed and milestone closed', () => {
    expect(pushPayload({ ...target, before: '1'.repeat(40), after: '2'.repeat(40), files: { modified: ['.github/lifecycle.yml'] } }).payload).toMatchObject({
      ref: 'refs/heads/main',
      after: '2'.repeat(40),
      head_commit: { modified: ['.github/lifecycle.yml'] },
      repository: { full_name: 'octo-org/octo-repo' },
    });
    expect(workflowDispatchPayload({ ...target, inputs: { 'dry-run': 'true' } }).payload).toMatchObject({ inputs: { 'dry-run': 'true' }, ref: 'refs/heads/main' });
    expect(issuesClosedPayload({ ...target, number: 3, title: 'Curate', labels: ['lifecycle'] }).payload).toMatchObject({
      action: 'closed',
      issue: { number: 3, state: 'closed', labels: [{ name: 'lifecycle' }] },
    });
    expect(milestoneClosedPayload({ ...target, number: 2, title: 'Fine-tuning' }).payload).toMatchObject({ action: 'closed', milestone: { number: 2, title: 'Fine-tuning', state: 'closed' } });
  });

  it('writes the event file and the runner environment', () => {
    const event = pullRequestPayload('opened', pr);
    const env = eventEnvironment(event, target);
    expect(env).toMatchObject({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_API_URL: 'http://127.0.0.1:4000', GITHUB_HEAD_REF: 'feature/x', GITHUB_BASE_REF: 'main', GITHUB_REF: 'refs/pull/7/merge' });
    expect(JSON.parse(readFileSync(env.GITHUB_EVENT_PATH!, 'utf8'))).toEqual(event.payload);
  });
});
