// A repository with a lifecycle.yml at the base commit, managed issues and one pull request, in
// the emulator; and pull_request events built from GitHub's recorded payloads.
import { createClient, type GitHubClient } from '../../src/github/client.js';
import type { PullRequestPayload } from '../../src/commands/guide.js';
import type { SeedIssue, SeedPull, SeedRepo } from '../../src/emulator/seed.js';
import { TEST_OWNER, TEST_REPO } from '../helpers/emulator.js';
import { pullRequestPayload, type PullAction } from '../helpers/payloads.js';

export const BASE_SHA = 'a'.repeat(40);
export const HEAD_SHA = 'b'.repeat(40);
export const PR_NUMBER = 40;

export const CONFIG = `version: 1
project:
  name: Support assistant
stages:
  - id: scope
    name: Scope
    depends_on: []
    match:
      paths: ["docs/scope/**"]
  - id: prompting
    name: Prompt engineering
    match:
      paths: ["prompts/**", "!prompts/**/*.md"]
      labels: ["stage: prompting"]
  - id: fine-tuning
    name: Fine-tuning
    checklist:
      - Dataset version and licence recorded
      - Evaluation compared with the prompt baseline
    match:
      paths: ["finetune/**"]
      branches: ["^ft/"]
  - id: deployment
    name: Deployment
    match:
      paths: ["deploy/**"]
`;

export function marker(stage: string, task: string): string {
  return `\n\n<!-- lifecycle-action {"v":1,"kind":"task","stage":"${stage}","task":"${task}"} -->\n`;
}

export function managedIssues(): SeedIssue[] {
  return [
    { number: 1, title: 'Write the use-case statement', state: 'closed', labels: ['lifecycle', 'stage: scope'], milestone: 'Scope', body: `x${marker('scope', 'use-case')}` },
    { number: 2, title: 'Build a held-out eval set', labels: ['lifecycle', 'stage: prompting'], milestone: 'Prompt engineering', body: `x${marker('prompting', 'eval-set')}` },
    { number: 3, title: 'Record a baseline per prompt', labels: ['lifecycle', 'stage: prompting'], milestone: 'Prompt engineering', body: `x${marker('prompting', 'baseline')}` },
    { number: 4, title: 'Curate the dataset', labels: ['lifecycle', 'stage: fine-tuning'], milestone: 'Fine-tuning', body: `x${marker('fine-tuning', 'dataset')}` },
    { number: 5, title: 'Check for forgetting', state: 'closed', labels: ['lifecycle', 'stage: fine-tuning'], milestone: 'Fine-tuning', body: `x${marker('fine-tuning', 'forgetting')}` },
  ];
}

export interface RepoSeedOptions {
  files?: string[];
  title?: string;
  body?: string;
  branch?: string;
  labels?: string[];
  /** Files at the base commit besides the config. */
  baseFiles?: Record<string, string>;
  /** Files at the head commit (the config is copied from the base unless given). */
  headFiles?: Record<string, string>;
  comments?: SeedPull['comments'];
  user?: string;
}

export function repoSeed(options: RepoSeedOptions = {}): SeedRepo {
  const base = { '.github/lifecycle.yml': CONFIG, ...options.baseFiles };
  return {
    owner: TEST_OWNER,
    name: TEST_REPO,
    files: { 'README.md': '# octo-repo\n' },
    refs: { [BASE_SHA]: base, [HEAD_SHA]: { ...base, ...options.headFiles } },
    milestones: ['Scope', 'Prompt engineering', 'Fine-tuning', 'Deployment'].map((title, i) => ({ title, number: i + 1 })),
    issues: managedIssues(),
    pulls: [
      {
        number: PR_NUMBER,
        title: options.title ?? 'Train a LoRA adapter',
        body: options.body ?? 'Adds the training script.',
        user: options.user ?? 'octocat',
        labels: options.labels ?? [],
        head: { ref: options.branch ?? 'lora-adapter', sha: HEAD_SHA },
        base: { ref: 'main', sha: BASE_SHA },
        files: options.files ?? ['finetune/train.py'],
        comments: options.comments ?? [],
      },
    ],
  };
}

/**
 * A pull_request event's `pull_request` object from GitHub's recorded examples, pointed at the
 * emulator's repository and pull request: what the Action reads from GITHUB_EVENT_PATH.
 */
export function pullRequestEvent(
  action: PullAction,
  apiUrl: string,
  fields: { title?: string; body?: string; branch?: string; labels?: string[]; changedFiles: number },
): PullRequestPayload {
  const event = pullRequestPayload(action, {
    apiUrl,
    owner: TEST_OWNER,
    repo: TEST_REPO,
    number: PR_NUMBER,
    title: fields.title ?? 'Train a LoRA adapter',
    body: fields.body ?? 'Adds the training script.',
    labels: fields.labels ?? [],
    changedFiles: fields.changedFiles,
    head: { ref: fields.branch ?? 'lora-adapter', sha: HEAD_SHA },
    base: { ref: 'main', sha: BASE_SHA },
  });
  return event.payload.pull_request as unknown as PullRequestPayload;
}

export function clientFor(url: string, token: string): GitHubClient {
  return createClient({ token, baseUrl: url, timing: { writeSpacingMs: 0, retries: 0, retryBackoffMs: 1 } });
}
