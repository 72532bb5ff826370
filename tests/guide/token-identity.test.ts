// Every kind of token recognises its own guidance comment, over HTTP against the emulator: the
// Actions token (github-actions[bot]), a GitHub App installation token (<slug>[bot], GET /user
// answers 403), a personal token (GET /user works). An identity GitHub cannot tell, or a transient
// 5xx on the way, never leads to a second comment. And only a marker where the tool writes it
// makes a guide comment.
import { describe, expect, it } from 'vitest';
import { runGuide, type GuideOptions } from '../../src/commands/guide.js';
import { createClient } from '../../src/github/client.js';
import { ACTIONS_TOKEN, TEST_OWNER, TEST_REPO, TEST_TOKEN, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import type { PullAction } from '../helpers/payloads.js';
import { PR_NUMBER, clientFor, pullRequestEvent, repoSeed, type RepoSeedOptions } from './setup.js';

const repo = { owner: TEST_OWNER, name: TEST_REPO };
const REPO_KEY = `${TEST_OWNER}/${TEST_REPO}`;
/** A GitHub App installation token; the App's slug is octo-app, so it writes as octo-app[bot]. */
const APP_TOKEN = 'ghs_installation';
const APP_LOGIN = 'octo-app[bot]';
const MARKER = '<!-- lifecycle-action {"v":1,"kind":"guide","digest":"0123456789abcdef"} -->';

async function setup(options: RepoSeedOptions = {}): Promise<TestEmulator> {
  return startTestEmulator({ seed: { tokens: [{ token: APP_TOKEN, kind: 'app', login: APP_LOGIN }], repos: [repoSeed(options)] } });
}

function comments(gh: TestEmulator) {
  const record = gh.state.repo(REPO_KEY);
  return (record.commentsByIssue.get(PR_NUMBER) ?? []).map((id) => ({ ...record.comments.get(id)! }));
}

function setFiles(gh: TestEmulator, files: string[]): void {
  const record = gh.state.repo(REPO_KEY);
  record.issues.get(PR_NUMBER)!.pull!.files = files.map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 0, previousFilename: null, patch: null, sha: 'c'.repeat(40) }));
  gh.state.touch(record);
}

function guide(gh: TestEmulator, token: string, action: PullAction, files: string[], extra: Partial<GuideOptions> = {}) {
  setFiles(gh, files);
  return runGuide({
    client: clientFor(gh.url, token),
    repo,
    pr: PR_NUMBER,
    payload: pullRequestEvent(action, gh.url, { changedFiles: files.length }),
    eventName: 'pull_request',
    ...extra,
  });
}

/** Three runs, each matching one more stage, so each has something new to write. */
const RUNS: [PullAction, string[]][] = [
  ['opened', ['finetune/train.py']],
  ['synchronize', ['finetune/train.py', 'deploy/service.yml']],
  ['synchronize', ['finetune/train.py', 'deploy/service.yml', 'prompts/system.txt']],
];

describe('guide: the token knows its own comment', () => {
  it('an App installation token: three runs, one comment, edited in place', async () => {
    const gh = await setup();
    const actions = [];
    for (const [action, files] of RUNS) actions.push((await guide(gh, APP_TOKEN, action, files)).action);
    expect(actions).toEqual(['created', 'updated', 'updated']);
    const all = comments(gh);
    expect(all).toHaveLength(1);
    expect(all[0]!.user).toBe(APP_LOGIN);
    expect(all[0]!.body).toContain('### Prompt engineering');
    // Asked once per run that found a marked comment, and GitHub's answer was enough.
    expect(gh.log.forRoute('POST /graphql')).toHaveLength(2);
  });

  it('an App installation token while GET /user answers 502 on every call: still one comment', async () => {
    const gh = await setup();
    gh.faults.inject({ route: 'GET /user', status: 502, times: Infinity });
    for (const [action, files] of RUNS) await guide(gh, APP_TOKEN, action, files);
    expect(comments(gh)).toHaveLength(1);
  });

  it('no way to ask who the token is (GraphQL and GET /user both 5xx): no second comment, a warning, then edited in place', async () => {
    const gh = await setup();
    const [first] = RUNS;
    const created = await guide(gh, APP_TOKEN, first![0], first![1]);
    const before = comments(gh);

    const outage = [gh.faults.inject({ route: 'POST /graphql', status: 503, times: Infinity }), gh.faults.inject({ route: 'GET /user', status: 500, times: Infinity })];
    gh.log.clear();
    const blind = await guide(gh, APP_TOKEN, 'synchronize', RUNS[1]![1]);
    expect(blind.action).toBe('skipped');
    expect(blind.warnings.join('\n')).toMatch(/Could not tell which login this token writes as .*503.*Set the `identity` input/s);
    expect(blind.summaryMarkdown).toContain('### Deployment');
    expect(gh.log.counts().writes).toBe(0);
    expect(comments(gh)).toEqual(before);

    for (const fault of outage) gh.faults.remove(fault);
    const back = await guide(gh, APP_TOKEN, 'synchronize', RUNS[1]![1]);
    expect(back.action).toBe('updated');
    expect(back.commentId).toBe(created.commentId);
    expect(comments(gh)).toHaveLength(1);
  });

  it('a transient 5xx on the identity query is retried, not taken for an answer', async () => {
    const gh = await setup();
    await guide(gh, APP_TOKEN, RUNS[0]![0], RUNS[0]![1]);
    gh.faults.inject({ route: 'POST /graphql', status: 502, times: 1 });
    setFiles(gh, RUNS[1]![1]);
    const retrying = createClient({ token: APP_TOKEN, baseUrl: gh.url, timing: { writeSpacingMs: 0, retries: 2, retryBackoffMs: 1 } });
    const result = await runGuide({ client: retrying, repo, pr: PR_NUMBER, payload: pullRequestEvent('synchronize', gh.url, { changedFiles: 2 }), eventName: 'pull_request' });
    expect(result.action).toBe('updated');
    expect(gh.log.forRoute('POST /graphql').map((e) => e.status)).toEqual([502, 200]);
    expect(comments(gh)).toHaveLength(1);
  });

  it('an identity given explicitly is used as is: no look-up, even when GitHub could not answer one', async () => {
    const gh = await setup();
    gh.faults.inject({ route: 'POST /graphql', status: 503, times: Infinity });
    gh.faults.inject({ route: 'GET /user', status: 503, times: Infinity });
    for (const [action, files] of RUNS) await guide(gh, APP_TOKEN, action, files, { identity: APP_LOGIN });
    expect(comments(gh)).toHaveLength(1);
    expect(gh.log.forRoute('POST /graphql')).toHaveLength(0);
    expect(gh.log.forRoute('GET /user')).toHaveLength(0);
  });

  it('an identity given that is not what the token writes as: the first comment says so', async () => {
    const gh = await setup();
    const result = await guide(gh, APP_TOKEN, 'opened', ['finetune/train.py'], { identity: 'other-app[bot]' });
    expect(result.action).toBe('created');
    expect(result.warnings.join('\n')).toContain(`written as ${APP_LOGIN}, but the identity given is other-app[bot]`);
  });

  it('a personal token: its login comes from the GraphQL viewer, with GET /user as the fallback', async () => {
    const gh = await setup();
    for (const [action, files] of RUNS.slice(0, 2)) await guide(gh, TEST_TOKEN, action, files);
    expect(comments(gh).map((c) => c.user)).toEqual(['octocat']);
    expect(gh.log.forRoute('GET /user')).toHaveLength(0);

    gh.faults.inject({ route: 'POST /graphql', status: 502, times: Infinity });
    const third = await guide(gh, TEST_TOKEN, 'synchronize', RUNS[2]![1]);
    expect(third.action).toBe('updated');
    expect(gh.log.forRoute('GET /user').map((e) => e.status)).toEqual([200]);
    expect(comments(gh)).toHaveLength(1);
  });

  it('the Actions token: github-actions[bot], one comment over three runs', async () => {
    const gh = await setup();
    for (const [action, files] of RUNS) await guide(gh, ACTIONS_TOKEN, action, files);
    expect(comments(gh).map((c) => c.user)).toEqual(['github-actions[bot]']);
  });
});

describe('guide: a marker counts only where the tool writes it', () => {
  // Written by the token's own login, so only the marker's place tells them from the tool's comment.
  const quoting = [
    `> ### Lifecycle guidance\n>\n> Fine-tuning is blocked.\n>\n> ${MARKER}\n\nWhy is it blocked?`,
    `The bot's marker looks like this:\n\n\`\`\`\n${MARKER}\n\`\`\`\n`,
    `Indented:\n\n    ${MARKER}\n`,
    `${MARKER}\n\nA marker in the middle, then more text.`,
    `Quoted last:\n\n> ${MARKER}\n`,
  ];

  it("a comment quoting the marker, even by the token's own login, is never adopted, edited or deleted", async () => {
    const gh = await setup({ comments: quoting.map((body) => ({ body, user: 'github-actions[bot]' })) });
    const before = comments(gh);

    const first = await guide(gh, ACTIONS_TOKEN, 'opened', ['finetune/train.py']);
    expect(first.action).toBe('created');
    expect(first.warnings.join('\n')).not.toContain('someone else');
    const second = await guide(gh, ACTIONS_TOKEN, 'synchronize', ['finetune/train.py', 'deploy/service.yml']);
    expect(second.action).toBe('updated');
    expect(second.commentId).toBe(first.commentId);

    const after = comments(gh);
    expect(after).toHaveLength(quoting.length + 1);
    expect(after.slice(0, quoting.length)).toEqual(before);
    expect(after[quoting.length]!.id).toBe(first.commentId);

    // Nothing matches any more: only the tool's own comment goes.
    const gone = await guide(gh, ACTIONS_TOKEN, 'synchronize', ['README.md']);
    expect(gone.action).toBe('deleted');
    expect(comments(gh)).toEqual(before);
  });
});
