// The guide use case's phases, each run alone: the pure ones over tables, the ones that read
// GitHub against the emulator, with the requests each one makes counted.
import { describe, expect, it } from 'vitest';
import { hasConfig, readBaseConfig } from '../../src/commands/guide/base-config.js';
import { listChangedFiles } from '../../src/commands/guide/changed-files.js';
import { readEvent } from '../../src/commands/guide/event.js';
import { matchPull } from '../../src/commands/guide/match-stages.js';
import { editsRules } from '../../src/commands/guide/proposed-config.js';
import { missingStageLabels } from '../../src/commands/guide/stage-labels.js';
import { plannedAction } from '../../src/commands/guide/write-comment.js';
import { loadConfigBytes } from '../../src/config/load.js';
import { ACTIONS_TOKEN, TEST_OWNER, TEST_REPO, startTestEmulator } from '../helpers/emulator.js';
import { CONFIG, clientFor, pullRequestEvent, repoSeed, type RepoSeedOptions } from './setup.js';

const repo = { owner: TEST_OWNER, name: TEST_REPO };

async function eventFor(options: RepoSeedOptions & { baseFiles?: Record<string, string> } = {}) {
  const gh = await startTestEmulator({ seed: { repos: [repoSeed(options)] } });
  const files = options.files ?? ['finetune/train.py'];
  const event = await readEvent({
    client: clientFor(gh.url, ACTIONS_TOKEN),
    repo,
    pr: 40,
    payload: pullRequestEvent('opened', gh.url, { body: options.body, branch: options.branch, changedFiles: files.length }),
    eventName: 'pull_request',
  });
  return { gh, event };
}

describe('guide phases, alone', () => {
  it('the event: the pull request from the payload, and no request at all', async () => {
    const { gh, event } = await eventFor();
    expect(gh.log.counts().total).toBe(0);
    expect(event.pr).toMatchObject({ number: 40, branch: 'lora-adapter' });
    expect(event.configPath).toBe('.github/lifecycle.yml');
    expect(event.webUrl).toMatch(/\/octo-org\/octo-repo$/);
    expect(event.warnings).toEqual([]);
  });

  it('config at base: one read, parsed; a missing one is a problem kept for later, not yet a warning', async () => {
    const { gh, event } = await eventFor();
    const atBase = await readBaseConfig(event);
    expect(gh.log.counts()).toMatchObject({ reads: 1, writes: 0 });
    expect(hasConfig(atBase)).toBe(true);
    expect(atBase.config?.stages.map((s) => s.id)).toEqual(['scope', 'prompting', 'fine-tuning', 'deployment']);

    const missing = await readBaseConfig({ ...event, configPath: '.github/elsewhere.yml' });
    expect(hasConfig(missing)).toBe(false);
    expect(missing.configProblem).toMatch(/^No \.github\/elsewhere\.yml at the base commit \(aaaaaaa\)/);
    expect(missing.warnings).toEqual([]);
  });

  it('match: no stage and no closing keyword, so the managed issues are never read', async () => {
    const { gh, event } = await eventFor({ files: ['README.md'] });
    const listed = await listChangedFiles(await readBaseConfig(event));
    gh.log.clear();
    if (!hasConfig(listed)) throw new Error('the seeded config did not load');
    const matched = await matchPull(listed);
    expect(matched.matches).toEqual([]);
    expect(gh.log.counts().total).toBe(0);
  });

  it('match: a matching file reads the managed issues once, with the milestones they are in', async () => {
    const { gh, event } = await eventFor();
    const listed = await listChangedFiles(await readBaseConfig(event));
    gh.log.clear();
    if (!hasConfig(listed)) throw new Error('the seeded config did not load');
    const matched = await matchPull(listed);
    expect(matched.matches.map((m) => m.stage)).toEqual(['fine-tuning']);
    expect(matched.issues.map((i) => i.number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(matched.milestones.get('fine-tuning')?.url).toMatch(/\/milestone\/3$/);
    expect(gh.log.counts()).toMatchObject({ reads: 1, writes: 0 });
  });
});

describe('plannedAction: what a dry run says would happen to the comment', () => {
  const cases: Array<[string, { body: string } | null, string | null, string]> = [
    ['no comment, nothing to say', null, null, 'none'],
    ['no comment, something to say', null, 'guidance', 'created'],
    ['our comment, nothing left to say', { body: 'guidance' }, null, 'deleted'],
    ['our comment, the same text', { body: 'guidance' }, 'guidance', 'unchanged'],
    ['our comment, new text', { body: 'guidance' }, 'other guidance', 'updated'],
  ];
  it.each(cases)('%s', (_name, existing, body, action) => {
    expect(plannedAction(existing, body)).toBe(action);
  });
});

describe('editsRules: a pull request that edits the config or a template gets them checked', () => {
  const cases: Array<[string[], boolean]> = [
    [['.github/lifecycle.yml'], true],
    [['.github/lifecycle/guidance.md.hbs'], true],
    [['.github/lifecycle/notes.md'], false],
    [['.github/lifecycle-other/x.hbs'], false],
    [['src/app.ts', 'README.md'], false],
  ];
  it.each(cases)('%j → %s', (changed, edits) => {
    expect(editsRules(changed, '.github/lifecycle.yml', '.github/lifecycle')).toBe(edits);
  });
});

describe('missingStageLabels: only the labels the pull request lacks, compared case-insensitively', () => {
  const config = loadConfigBytes(Buffer.from(CONFIG, 'utf8'), 'lifecycle.yml').config!;
  const matches = ['fine-tuning', 'deployment'].map((stage) => ({ stage, reasons: [], details: [], files: [] }));
  it('adds both when the pull request has neither', () => {
    expect(missingStageLabels(config, matches, [])).toEqual(['stage: fine-tuning', 'stage: deployment']);
  });
  it('leaves out one it has under other case', () => {
    expect(missingStageLabels(config, matches, ['Stage: Fine-Tuning'])).toEqual(['stage: deployment']);
  });
});
