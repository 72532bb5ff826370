// The demo's fixed story: one project, one day, one pull request, so every run prints the same.
import type { RepoRef } from '../github/repo.js';

export const DEMO = {
  repo: { owner: 'acme', name: 'support-assistant' } as RepoRef,
  projectName: 'Support assistant',
  start: '2027-01-04',
  /** The day the story happens: the project's first day. */
  today: '2027-01-04',
  token: 'demo-actions-token',
  /** A person's token: the team closing the first stage's issues by hand. */
  personToken: 'demo-person-token',
  /** The stage whose issues the team finishes in the story. */
  finishedStage: 'scope',
  bot: 'github-actions[bot]',
  /** Emulated seconds per real second: GitHub's one-write-a-second pacing takes milliseconds here. */
  speed: 1000,
  baseSha: 'b'.repeat(40),
  pull: {
    title: 'Fine-tune the support model with LoRA adapters',
    branch: 'finetune/lora-r16',
    author: 'ada',
    files: ['finetune/train_lora.py', 'finetune/configs/lora-r16.yaml', 'finetune/README.md'],
  },
} as const;
