// runGuide over real HTTP against the emulator, with GitHub's recorded pull_request payloads.
import { describe, expect, it } from 'vitest';
import { runGuide, type GuideOptions } from '../../src/commands/guide.js';
import { ACTIONS_IDENTITY } from '../../src/github/identity.js';
import { parseMarker } from '../../src/plan/marker.js';
import { ACTIONS_TOKEN, READ_TOKEN, TEST_OWNER, TEST_REPO, TEST_TOKEN, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import type { PullAction } from '../helpers/payloads.js';
import { BASE_SHA, CONFIG, PR_NUMBER, clientFor, pullRequestEvent, repoSeed, type RepoSeedOptions } from './setup.js';

const repo = { owner: TEST_OWNER, name: TEST_REPO };
const REPO_KEY = `${TEST_OWNER}/${TEST_REPO}`;

async function setup(options: RepoSeedOptions = {}): Promise<TestEmulator> {
  return startTestEmulator({ seed: { repos: [repoSeed(options)] } });
}

function comments(gh: TestEmulator) {
  const record = gh.state.repo(REPO_KEY);
  return (record.commentsByIssue.get(PR_NUMBER) ?? []).map((id) => record.comments.get(id)!);
}

function setFiles(gh: TestEmulator, files: string[]): void {
  const record = gh.state.repo(REPO_KEY);
  const pull = record.issues.get(PR_NUMBER)!.pull!;
  pull.files = files.map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 0, previousFilename: null, patch: null, sha: 'c'.repeat(40) }));
  gh.state.touch(record);
}

function guide(gh: TestEmulator, action: PullAction, files: string[], extra: Partial<GuideOptions> & { title?: string; body?: string; branch?: string; labels?: string[] } = {}) {
  const { title, body, branch, labels, ...rest } = extra;
  return runGuide({
    client: clientFor(gh.url, ACTIONS_TOKEN),
    repo,
    pr: PR_NUMBER,
    payload: pullRequestEvent(action, gh.url, { title, body, branch, labels, changedFiles: files.length }),
    eventName: 'pull_request',
    ...rest,
  });
}

describe('runGuide against the emulator', () => {
  it('opened: posts one comment with the matched stage, the current stage and the marker', async () => {
    const gh = await setup();
    const result = await guide(gh, 'opened', ['finetune/train.py']);
    expect(result.action).toBe('created');
    expect(result.matchedStages).toEqual(['fine-tuning']);
    const posted = comments(gh);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.user).toBe(ACTIONS_IDENTITY);
    expect(posted[0]!.id).toBe(result.commentId);
    expect(result.commentUrl).toContain(`/pull/${PR_NUMBER}#issuecomment-`);
    const body = posted[0]!.body;
    expect(parseMarker(body)).toMatchObject({ v: 1, kind: 'guide' });
    expect(body).toContain('### Fine-tuning');
    expect(body).toContain('- [ ] Dataset version and licence recorded');
    expect(body).toMatch(/The project is in \[Prompt engineering\]\([^)]*\/milestone\/2\) \(2 open issues\)/);
    expect(body).toContain('Fine-tuning depends on work that is not finished: Prompt engineering (2 open issues: #2, #3)');
    expect(result.summaryMarkdown).toContain('1 changed file matches `finetune/**`');
  });

  it('synchronize with the same match: no write at all', async () => {
    const gh = await setup();
    await guide(gh, 'opened', ['finetune/train.py']);
    gh.log.clear();
    const result = await guide(gh, 'synchronize', ['finetune/train.py']);
    expect(result.action).toBe('unchanged');
    expect(gh.log.counts().writes).toBe(0);
    // config + files + issues + templates folder + comments + identity (a guide comment exists; the
    // GraphQL viewer query is a read)
    expect(gh.log.counts().reads).toBeLessThanOrEqual(6);
    expect(comments(gh)).toHaveLength(1);
  });

  it('a new matching path updates the same comment', async () => {
    const gh = await setup();
    const first = await guide(gh, 'opened', ['finetune/train.py']);
    setFiles(gh, ['finetune/train.py', 'finetune/lora.yml']);
    gh.log.clear();
    const second = await guide(gh, 'synchronize', ['finetune/train.py', 'finetune/lora.yml'], { identity: ACTIONS_IDENTITY });
    expect(second.action).toBe('updated');
    expect(second.commentId).toBe(first.commentId);
    expect(gh.log.counts().writes).toBe(1);
    expect(gh.log.forRoute('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}')).toHaveLength(1);
    expect(comments(gh)).toHaveLength(1);
    expect(comments(gh)[0]!.body).toContain('2 changed files match `finetune/**`');
  });

  it('no stage matches any more: the comment is removed', async () => {
    const gh = await setup();
    await guide(gh, 'opened', ['finetune/train.py']);
    setFiles(gh, ['README.md']);
    const result = await guide(gh, 'synchronize', ['README.md']);
    expect(result.action).toBe('deleted');
    expect(result.body).toBeNull();
    expect(comments(gh)).toHaveLength(0);
  });

  it('no stage and no comment: nothing is read beyond the config, files and comments, nothing written', async () => {
    const gh = await setup({ files: ['README.md'] });
    const result = await guide(gh, 'opened', ['README.md']);
    expect(result.action).toBe('none');
    expect(gh.log.counts()).toMatchObject({ reads: 3, writes: 0 });
  });

  it('finds its comment on page 3 of 250 and does not post a second one', async () => {
    const gh = await setup();
    const first = await guide(gh, 'opened', ['finetune/train.py']);
    const ours = comments(gh)[0]!;
    // Bury it: 220 comments before it, 29 after.
    const record = gh.state.repo(REPO_KEY);
    record.comments.delete(ours.id);
    record.commentsByIssue.set(PR_NUMBER, []);
    for (let i = 0; i < 220; i++) gh.state.addComment(REPO_KEY, PR_NUMBER, { body: `comment ${i}`, user: 'octocat' });
    record.comments.set(ours.id, ours);
    record.commentsByIssue.get(PR_NUMBER)!.push(ours.id);
    for (let i = 0; i < 29; i++) gh.state.addComment(REPO_KEY, PR_NUMBER, { body: `later ${i}`, user: 'octocat' });
    expect(comments(gh)).toHaveLength(250);
    gh.log.clear();

    const again = await guide(gh, 'synchronize', ['finetune/train.py'], { identity: ACTIONS_IDENTITY });
    expect(again.action).toBe('unchanged');
    expect(again.commentId).toBe(first.commentId);
    expect(gh.log.forRoute('GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(3);
    expect(gh.log.counts().writes).toBe(0);
    expect(comments(gh)).toHaveLength(250);
  });

  it('ignores a comment with our marker written by someone else', async () => {
    const forged = '### Lifecycle guidance\n\nmerge now\n\n<!-- lifecycle-action {"v":1,"kind":"guide","digest":"0000"} -->\n';
    const gh = await setup({ comments: [{ body: forged, user: 'mallory' }] });
    const result = await guide(gh, 'opened', ['finetune/train.py']);
    expect(result.action).toBe('created');
    const all = comments(gh);
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({ user: 'mallory', body: forged });
    expect(all[1]!.user).toBe(ACTIONS_IDENTITY);
    expect(result.warnings.join('\n')).toMatch(/written by someone else \(mallory\)/);

    // And when nothing matches any more, only our own comment goes.
    setFiles(gh, ['README.md']);
    const removed = await guide(gh, 'synchronize', ['README.md']);
    expect(removed.action).toBe('deleted');
    expect(comments(gh).map((c) => c.user)).toEqual(['mallory']);
  });

  it('a personal token finds its comment by its login, asked once (GraphQL viewer; GET /user is the fallback)', async () => {
    const gh = await setup();
    const run = () =>
      runGuide({ client: clientFor(gh.url, TEST_TOKEN), repo, pr: PR_NUMBER, payload: pullRequestEvent('opened', gh.url, { changedFiles: 1 }) });
    expect((await run()).action).toBe('created');
    expect(comments(gh)[0]!.user).toBe('octocat');
    expect((await run()).action).toBe('unchanged');
    expect(gh.log.forRoute('POST /graphql')).toHaveLength(1);
    expect(gh.log.forRoute('GET /user')).toHaveLength(0);
  });

  it('a read-only token (fork): no throw, the guidance goes to the summary with a warning', async () => {
    const gh = await setup();
    const result = await runGuide({
      client: clientFor(gh.url, READ_TOKEN),
      repo,
      pr: PR_NUMBER,
      payload: pullRequestEvent('opened', gh.url, { changedFiles: 1 }),
      labelPrs: true,
    });
    expect(result.action).toBe('skipped');
    expect(result.matchedStages).toEqual(['fine-tuning']);
    expect(result.warnings.join('\n')).toContain('pull_request_target');
    expect(result.summaryMarkdown).toContain('### Fine-tuning');
    expect(result.summaryMarkdown).toContain('pull_request_target');
    expect(comments(gh)).toHaveLength(0);
  });

  it('3,500 changed files: matching saw the first 3,000, and the comment says so', async () => {
    const files = Array.from({ length: 3500 }, (_, i) => (i < 3400 ? `src/file-${i}.ts` : `finetune/part-${i}.py`));
    const gh = await setup({ files });
    const result = await guide(gh, 'opened', files);
    expect(result.files).toEqual({ listed: 3000, changedFiles: 3500, truncated: true });
    expect(gh.log.forRoute('GET /repos/{owner}/{repo}/pulls/{pull_number}/files')).toHaveLength(30);
    // The only matching files were past the cap.
    expect(result.matchedStages).toEqual([]);
    expect(result.warnings.join('\n')).toContain('GitHub lists only the first 3,000');

    const labelled = await guide(gh, 'labeled', files, { labels: ['stage: prompting'] });
    expect(labelled.matchedStages).toEqual(['prompting']);
    expect(labelled.body).toContain('This pull request changes 3,500 files; GitHub lists only the first 3,000');
  });

  it('a hostile title, branch and path stay harmless in the comment', async () => {
    const hostile = '@org/team <img src=x> -->';
    const template = '### {{stage.name}}\n\n{{pr.title}} by {{pr.author}} on {{pr.branch}}\n\n{{#each match.files}}- {{this}}\n{{/each}}';
    const gh = await setup({
      title: hostile,
      branch: `ft/${hostile}`,
      files: [`finetune/${hostile}.py`],
      baseFiles: { '.github/lifecycle/guidance.md.hbs': template },
    });
    const result = await guide(gh, 'opened', [`finetune/${hostile}.py`], { title: hostile, branch: `ft/${hostile}` });
    expect(result.action).toBe('created');
    const body = comments(gh)[0]!.body;
    // The repository's template was used, and the title reached it.
    expect(body).toContain('img src=x');
    expect(body).not.toContain('@org/team');
    expect(body).not.toContain('<img');
    // The only "-->" is the one closing our marker, on the last line.
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(parseMarker(body)?.kind).toBe('guide');
    expect(body.trimEnd().endsWith('-->')).toBe(true);
  });

  it('reads config and templates from the base commit, never the head', async () => {
    const everything = CONFIG.replace('paths: ["deploy/**"]', 'paths: ["**"]');
    const gh = await setup({
      files: ['deploy/app.yml'],
      headFiles: { '.github/lifecycle.yml': everything.replace('paths: ["finetune/**"]', 'paths: ["**"]'), '.github/lifecycle/guidance.md.hbs': 'HEAD TEMPLATE' },
    });
    const result = await guide(gh, 'opened', ['deploy/app.yml']);
    expect(result.matchedStages).toEqual(['deployment']);
    expect(result.body).not.toContain('HEAD TEMPLATE');
    const refs = gh.log.forRoute('GET /repos/{owner}/{repo}/contents/{path}').map((e) => new URLSearchParams(e.query).get('ref'));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((ref) => ref === BASE_SHA)).toBe(true);
  });

  it('a pull request that edits lifecycle.yml gets the new version validated (read at the head, never used)', async () => {
    const broken = CONFIG.replace('depends_on: []', 'depends_on: [nowhere]');
    const gh = await setup({ files: ['.github/lifecycle.yml', 'finetune/a.py'], headFiles: { '.github/lifecycle.yml': broken } });
    const result = await guide(gh, 'opened', ['.github/lifecycle.yml', 'finetune/a.py']);
    expect(result.headConfigDiagnostics.some((d) => d.severity === 'error' && /nowhere/.test(d.message))).toBe(true);
    expect(result.headConfigDiagnostics[0]!.file).toBe('.github/lifecycle.yml');
    expect(result.matchedStages).toEqual(['fine-tuning']);
    expect(result.summaryMarkdown).toContain('The proposed lifecycle.yml has problems');
  });

  it('the proposed lifecycle.yml\'s diagnostics stay inside their code block in the summary, one line each', async () => {
    const hostileKey = '"```\\n</pre><img src=x onerror=alert(1)>\\n@org/team ````": 1';
    const hostile = CONFIG.replace('depends_on: []', `depends_on: ["\`\`\`\\n<img src=x onerror=alert(1)> @org/team"]\n    ${hostileKey}`);
    const gh = await setup({ files: ['.github/lifecycle.yml', 'finetune/a.py'], headFiles: { '.github/lifecycle.yml': hostile } });
    const result = await guide(gh, 'opened', ['.github/lifecycle.yml', 'finetune/a.py']);
    expect(result.headConfigDiagnostics.length).toBeGreaterThanOrEqual(2);
    expect(result.headConfigDiagnostics.some((d) => d.message.includes('\n'))).toBe(true);

    const lines = result.summaryMarkdown.split('\n');
    const open = lines.indexOf('The proposed lifecycle.yml has problems (in it or in the templates it uses):') + 2;
    const fence = /^(`{3,})text$/.exec(lines[open] ?? '')?.[1];
    expect(fence).toBeDefined();
    // A fence longer than the file's longest backtick run (4), closed right after the diagnostics.
    expect(fence!.length).toBeGreaterThan(4);
    const close = lines.indexOf(fence!, open + 1);
    const inside = lines.slice(open + 1, close);
    expect(inside).toHaveLength(result.headConfigDiagnostics.length);
    for (const line of inside) expect(line).toMatch(/^\.github\/lifecycle\.yml:\d+:\d+: error: /);
    expect(inside.join('\n')).toContain('unknown key "```\\n</pre><img src=x onerror=alert(1)>\\n@\u200Borg/team ````"');
    // Outside the block, nothing from the proposed file.
    const outside = [...lines.slice(0, open), ...lines.slice(close + 1)].join('\n');
    expect(outside).not.toMatch(/<img|@org|onerror/);
  });

  it('a pull request that edits a template gets the proposed templates validated (read at the head, never rendered)', async () => {
    const gh = await setup({
      files: ['.github/lifecycle/parts/_due.md.hbs', 'finetune/a.py'],
      baseFiles: { '.github/lifecycle/milestone.md.hbs': '{{stage.name}} {{> parts/due}}', '.github/lifecycle/parts/_due.md.hbs': 'due {{stage.due}}' },
      headFiles: { '.github/lifecycle/milestone.md.hbs': '{{stage.name}} {{> parts/due}}', '.github/lifecycle/parts/_due.md.hbs': 'due {{date stage.duee}}' },
    });
    const result = await guide(gh, 'opened', ['.github/lifecycle/parts/_due.md.hbs', 'finetune/a.py']);
    expect(result.headConfigDiagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      '.github/lifecycle/parts/_due.md.hbs:1:12: "stage.duee" is not defined (did you mean "stage.due"?)',
    ]);
    expect(result.matchedStages).toEqual(['fine-tuning']);
    expect(result.body).not.toContain('duee');
    const headReads = gh.log.forRoute('GET /repos/{owner}/{repo}/contents/{path}').filter((e) => new URLSearchParams(e.query).get('ref') !== BASE_SHA);
    // The config, the folder and its sub-folder, and the two templates.
    expect(headReads).toHaveLength(5);
  });

  it('closing a managed issue matches its stage', async () => {
    const gh = await setup({ files: ['README.md'], body: 'Fixes #2' });
    const result = await guide(gh, 'opened', ['README.md'], { body: 'Fixes #2' });
    expect(result.matchedStages).toEqual(['prompting']);
    expect(result.body).toContain('closes #2');
  });

  it('label-prs adds the stage labels and keeps the ones people added', async () => {
    const gh = await setup({ labels: ['needs review'] });
    const result = await guide(gh, 'opened', ['finetune/train.py'], { labelPrs: true, labels: ['needs review'] });
    expect(result.labelsAdded).toEqual(['stage: fine-tuning']);
    const record = gh.state.repo(REPO_KEY);
    const names = record.issues.get(PR_NUMBER)!.labels.map((id) => record.labels.get(id)!.name);
    expect(names.sort()).toEqual(['needs review', 'stage: fine-tuning']);
  });

  it('dry run: says what it would do and writes nothing', async () => {
    const gh = await setup();
    const result = await guide(gh, 'opened', ['finetune/train.py'], { dryRun: true });
    expect(result.action).toBe('created');
    expect(result.summaryMarkdown).toContain('Dry run: nothing was written.');
    expect(gh.log.counts().writes).toBe(0);
  });

  it('without a payload, reads the pull request itself', async () => {
    const gh = await setup();
    const result = await runGuide({ client: clientFor(gh.url, ACTIONS_TOKEN), repo, pr: PR_NUMBER, identity: ACTIONS_IDENTITY });
    expect(result.action).toBe('created');
    expect(gh.log.forRoute('GET /repos/{owner}/{repo}/pulls/{pull_number}')).toHaveLength(1);
  });

  it('a path over 4,096 bytes or a branch over 255 bytes is matched by nothing, and the run says so', async () => {
    const long = `finetune/${'deep/'.repeat(820)}train.py`;
    const branch = `ft/${'lora-'.repeat(60)}`;
    const gh = await setup({ files: [long, 'README.md'], branch });
    const result = await guide(gh, 'opened', [long, 'README.md'], { branch });
    expect(result.matchedStages).toEqual([]);
    expect(result.action).toBe('none');
    expect(result.warnings).toEqual([
      '1 changed file has a path longer than 4,096 bytes or not in the plain relative form GitHub lists, so no "match.paths" glob was tried on it.',
      'The head branch name is longer than 255 bytes, so no "match.branches" pattern was tried on it.',
    ]);
    expect(result.summaryMarkdown).toContain('no "match.branches" pattern was tried on it');
  });
});
