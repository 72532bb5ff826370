// `lifecycle guide` as a user runs it: a real config on disk and the emulator standing in for
// GitHub. The program runs in the test's process (tests/helpers/cli.ts); the run on a real pull
// request starts the bundled CLI as a process of its own.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli as lifecycle, runCliProcess } from '../helpers/cli.js';
import { splitList } from '../../src/cli/commands/guide.js';
import { ACTIONS_TOKEN, TEST_OWNER, TEST_REPO, startTestEmulator } from '../helpers/emulator.js';
import { CONFIG, PR_NUMBER, repoSeed } from './setup.js';



let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lifecycle-guide-'));
  await mkdir(join(dir, '.github'), { recursive: true });
  await writeFile(join(dir, '.github', 'lifecycle.yml'), CONFIG);
});

describe('splitList', () => {
  it('splits on commas and drops blanks', () => {
    expect(splitList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(splitList(undefined)).toEqual([]);
  });
});

describe('lifecycle guide', () => {
  it('previews the comment offline from --files, --labels and --branch', async () => {
    const run = await lifecycle(['guide', '--files', 'finetune/train.py,README.md', '--labels', 'stage: prompting'], dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('### Lifecycle guidance');
    expect(run.stdout).toContain('### Prompt engineering');
    expect(run.stdout).toContain('labelled `stage: prompting`');
    expect(run.stdout).toContain('- [ ] Dataset version and licence recorded');
    // The hidden marker is for GitHub, not for the reader.
    expect(run.stdout).not.toContain('lifecycle-action');
  });

  it('says so when nothing matches, and exits 0', async () => {
    const run = await lifecycle(['guide', '--files', 'README.md'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('No stage matches');
  });

  it('asks for facts when given none (exit 2)', async () => {
    const run = await lifecycle(['guide'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--files');
  });

  it('runs on a real pull request with --repo and --pr (a process)', async () => {
    const gh = await startTestEmulator({ seed: { repos: [repoSeed()] } });
    const args = ['guide', '--repo', `${TEST_OWNER}/${TEST_REPO}`, '--pr', String(PR_NUMBER), '--api-url', gh.url];
    const run = await runCliProcess(args, dir, { GITHUB_TOKEN: ACTIONS_TOKEN });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Comment posted: ');
    expect(run.stdout).toContain('fine-tuning: 1 changed file matches `finetune/**`');
    const again = await lifecycle(args, dir, { GITHUB_TOKEN: ACTIONS_TOKEN });
    expect(again.stdout).toContain('Comment already current: nothing written');
    expect(again.stdout).toMatch(/\(\d+ reads, 0 writes\)/);
  });

  it('--identity: an App token that cannot ask who it is still finds its own comment', async () => {
    const gh = await startTestEmulator({ seed: { tokens: [{ token: 'ghs_app', kind: 'app', login: 'octo-app[bot]' }], repos: [repoSeed()] } });
    gh.faults.inject({ route: 'POST /graphql', status: 503, times: Infinity });
    gh.faults.inject({ route: 'GET /user', status: 503, times: Infinity });
    const args = ['guide', '--repo', `${TEST_OWNER}/${TEST_REPO}`, '--pr', String(PR_NUMBER), '--api-url', gh.url, '--identity', 'octo-app[bot]'];
    const first = await lifecycle(args, dir, { GITHUB_TOKEN: 'ghs_app' });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('Comment posted: ');
    const again = await lifecycle(args, dir, { GITHUB_TOKEN: 'ghs_app' });
    expect(again.stdout).toContain('Comment already current: nothing written');
    expect(gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`).commentsByIssue.get(PR_NUMBER)).toHaveLength(1);
    const bad = await lifecycle([...args.slice(0, -1), '@'], dir, { GITHUB_TOKEN: 'ghs_app' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--identity must be a GitHub login');
  });

  it('needs a token to run on a real pull request (exit 2)', async () => {
    const run = await lifecycle(['guide', '--repo', 'a/b', '--pr', '1'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GITHUB_TOKEN');
  });

  it('offline, says why "fixes #12" in --body matches nothing instead of staying silent', async () => {
    const run = await lifecycle(['guide', '--body', 'Fixes #12 and closes #3'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      'note: --body closes #3, #12, but offline there are no issues to look up: a closing keyword matches the stage of the issue it closes, ' +
        'which only GitHub knows. Run on the pull request itself to see it count: --repo owner/name --pr N.\n' +
        'No stage matches: this pull request would get no comment (an existing one would be removed).\n',
    );
    const json = await lifecycle(['guide', '--body', 'Fixes #12', '--json'], dir);
    expect(JSON.parse(json.stdout)).toMatchObject({ matchedStages: [], notes: [expect.stringContaining('--body closes #12')] });
  });

  it('prints JSON with --format json, and the same with --json', async () => {
    const args = ['guide', '--files', 'finetune/train.py'];
    const long = await lifecycle([...args, '--format', 'json'], dir);
    const short = await lifecycle([...args, '--json'], dir);
    expect(long.code).toBe(0);
    expect(JSON.parse(long.stdout)).toMatchObject({ matchedStages: ['fine-tuning'], notes: [] });
    expect(short.stdout).toBe(long.stdout);
  });

  it('says what is missing: --repo without --pr, --pr without --repo (exit 2)', async () => {
    const noPr = await lifecycle(['guide', '--repo', 'acme/app'], dir, { GITHUB_TOKEN: 't' });
    expect(noPr).toMatchObject({ code: 2, stderr: 'lifecycle: --repo needs --pr N: the number of the pull request in acme/app to guide\n' });
    const noRepo = await lifecycle(['guide', '--pr', '7'], dir, { GITHUB_TOKEN: 't' });
    expect(noRepo).toMatchObject({ code: 2, stderr: 'lifecycle: --pr needs --repo owner/name: the repository pull request #7 is in\n' });
  });

  it('names the pull request that does not exist, and the repository (exit 1, one line)', async () => {
    const gh = await startTestEmulator({ seed: { repos: [repoSeed()] } });
    const run = await lifecycle(['guide', '--repo', `${TEST_OWNER}/${TEST_REPO}`, '--pr', '99', '--api-url', gh.url], dir, { GITHUB_TOKEN: ACTIONS_TOKEN });
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: `lifecycle: error: pull request #99 not found in ${TEST_OWNER}/${TEST_REPO}\n` });
  });

  it('with -c cfg/lifecycle.yml on a real pull request, reads the templates from cfg/lifecycle/ as every command does', async () => {
    const baseFiles = { 'cfg/lifecycle.yml': CONFIG, 'cfg/lifecycle/guidance.md.hbs': 'From cfg/lifecycle/: {{stage.name}}\n' };
    const gh = await startTestEmulator({ seed: { repos: [repoSeed({ baseFiles })] } });
    const args = ['guide', '-c', 'cfg/lifecycle.yml', '--repo', `${TEST_OWNER}/${TEST_REPO}`, '--pr', String(PR_NUMBER), '--api-url', gh.url, '--dry-run'];
    const run = await lifecycle(args, dir, { GITHUB_TOKEN: ACTIONS_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('From cfg/lifecycle/: Fine-tuning');
  });
});
