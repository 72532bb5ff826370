// The bundle, run as GitHub's runner runs it, against the emulator: a push syncs the repository,
// a pull request gets its guidance comment, and a fork's read-only token keeps the step green.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/index.js';
import { ACTIONS_TOKEN, READ_TOKEN, TEST_OWNER, TEST_REPO, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { pullRequestPayload, pushPayload } from '../helpers/payloads.js';
import { ROOT, runAction } from '../helpers/runner.js';

const BASE_SHA = 'a'.repeat(40);
const HEAD_SHA = 'b'.repeat(40);

async function genaiConfig(): Promise<string> {
  const doc = parseDocument(await readFile(path.join(ROOT, 'templates/genai/editions/1/lifecycle.yml'), 'utf8'));
  doc.setIn(['project', 'name'], 'Support assistant');
  doc.setIn(['project', 'start'], '2027-01-04');
  return doc.toString();
}

async function workspaceWith(config: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
  await mkdir(path.join(dir, '.github'), { recursive: true });
  await writeFile(path.join(dir, '.github/lifecycle.yml'), config);
  return dir;
}

function commentsOn(gh: TestEmulator, issue: number) {
  const repo = gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`);
  return (repo.commentsByIssue.get(issue) ?? []).map((id) => repo.comments.get(id));
}

const fast = { 'write-delay-ms': '0' };

interface PullSpec {
  number: number;
  title: string;
  head: { ref: string; sha: string; repo?: string };
  files: string[];
}

/**
 * An emulator whose repository holds the genai config at the base commit and one open pull
 * request, and a runner for that pull request's `opened` event with a given token. The workspace
 * is empty: guidance never reads a checkout.
 */
async function pullRequestScenario(pull: PullSpec) {
  const config = await genaiConfig();
  const base = { ref: 'main', sha: BASE_SHA };
  const gh = await startTestEmulator({
    seed: { repos: [{ owner: TEST_OWNER, name: TEST_REPO, refs: { [BASE_SHA]: { '.github/lifecycle.yml': config } }, pulls: [{ ...pull, base }] }] },
  });
  const workspace = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
  const event = pullRequestPayload('opened', {
    apiUrl: gh.url,
    owner: TEST_OWNER,
    repo: TEST_REPO,
    number: pull.number,
    title: pull.title,
    head: pull.head,
    base,
    changedFiles: pull.files.length,
  });
  const run = (token: string) =>
    runAction({
      workspace,
      eventName: event.eventName,
      eventPayload: event.payload,
      repository: `${TEST_OWNER}/${TEST_REPO}`,
      apiUrl: gh.url,
      token,
      inputs: fast,
    });
  return { gh, run };
}

describe('dist/index.js against the emulator', () => {
  // Two runs of the bundle; the first also links 36 sub-issues and the stages' dependencies. It
  // creates over a hundred objects, more than GitHub's content limit allows in a minute; on a clock
  // 60 times the wall's, waiting out that limit takes a second instead of a minute.
  it('syncs on push, then a second push writes nothing', { timeout: 120_000 }, async () => {
    const gh = await startTestEmulator({ clock: createClock({ speed: 60 }) });
    const workspace = await workspaceWith(await genaiConfig());
    const target = { apiUrl: gh.url, owner: TEST_OWNER, repo: TEST_REPO };
    const push = pushPayload({ ...target, before: BASE_SHA, after: HEAD_SHA, files: { modified: ['.github/lifecycle.yml'] } });
    const run = () =>
      runAction({
        workspace,
        eventName: push.eventName,
        eventPayload: push.payload,
        repository: `${TEST_OWNER}/${TEST_REPO}`,
        apiUrl: gh.url,
        token: ACTIONS_TOKEN,
        inputs: fast,
      });

    const first = await run();
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.outputs.command).toBe('sync');
    const repo = gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`);
    const milestones = [...repo.milestones.values()];
    const issues = [...repo.issues.values()].filter((i) => !i.pull);
    // Pre-training is skipped on the default answers (building on a foundation model).
    expect(milestones.map((m) => m.title)).not.toContain('Pre-training');
    expect(milestones.length).toBe(7);
    // The dashboard issue is reported on its own line, not among the created objects.
    const dashboards = issues.filter((i) => (i.body ?? '').includes('"kind":"dashboard"'));
    expect(dashboards).toHaveLength(1);
    expect(Number(first.outputs.created)).toBe(repo.labels.size + milestones.length + issues.length - dashboards.length);
    expect(Object.keys(JSON.parse(first.outputs.milestones ?? '{}') as object)).toHaveLength(7);
    expect(issues.every((i) => i.user === 'github-actions[bot]')).toBe(true);
    expect(first.summary).toMatch(/Created 7 milestones, \d+ issues and \d+ labels/);
    expect(first.summary).toContain('```mermaid');

    gh.log.clear();
    const second = await run();
    expect(second.exitCode).toBe(0);
    expect(second.outputs.created).toBe('0');
    expect(second.outputs.updated).toBe('0');
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    gh.assertNoViolations();
  });

  it('comments guidance on a pull request touching finetune/, reading the config from the base commit', async () => {
    const { gh, run } = await pullRequestScenario({
      number: 41,
      title: 'LoRA adapter for the support model',
      head: { ref: 'finetune/lora', sha: HEAD_SHA },
      files: ['finetune/train.py', 'finetune/lora.yaml'],
    });

    const result = await run(ACTIONS_TOKEN);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.command).toBe('guide');
    expect(JSON.parse(result.outputs['matched-stages'] ?? '[]')).toEqual(['fine-tuning']);
    expect(result.outputs['comment-url']).toMatch(/#issuecomment-\d+$/);
    const comments = commentsOn(gh, 41);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('Fine-tuning');
    expect(comments[0]?.body).toContain('<!-- lifecycle-action {"v":1,"kind":"guide"');

    // The same event again: nothing to write.
    gh.log.clear();
    const again = await run(ACTIONS_TOKEN);
    expect(again.exitCode).toBe(0);
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    gh.assertNoViolations();
  });

  it('keeps the step green on a fork pull request and puts the guidance in the job summary', async () => {
    const { gh, run } = await pullRequestScenario({
      number: 7,
      title: 'Quantize to INT8',
      head: { ref: 'int8', sha: HEAD_SHA, repo: 'someone/octo-repo' },
      files: ['optimization/quantize.py'],
    });
    const result = await run(READ_TOKEN);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.outputs['matched-stages'] ?? '[]')).toEqual(['optimization']);
    expect(result.annotations.some((a) => a.level === 'warning' && a.message.includes('pull_request_target'))).toBe(true);
    expect(result.summary).toContain('Optimization');
    expect(commentsOn(gh, 7)).toHaveLength(0);
  });
});
