// The guide's scenarios on the bundle: `node dist/index.js`, run as GitHub's runner runs it
// (command: auto on pull_request events), against the emulator, with the genai preset as the base
// commit's lifecycle.yml. Each test checks the emulator's state and request log, the Action's
// outputs, annotations and job summary.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isSeq, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { SeedComment } from '../../src/emulator/seed.js';
import { parseMarker } from '../../src/plan/marker.js';
import { ACTIONS_TOKEN, TEST_OWNER, TEST_REPO, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { pullRequestPayload, pullRequestTargetPayload, type PullAction } from '../helpers/payloads.js';
import { ROOT, runAction, type RunActionResult } from '../helpers/runner.js';

const BASE_SHA = 'a'.repeat(40);
const HEAD_SHA = 'b'.repeat(40);
const NEXT_SHA = 'c'.repeat(40);
const REPO_KEY = `${TEST_OWNER}/${TEST_REPO}`;
const CONFIG_PATH = '.github/lifecycle.yml';
const OURS = 'github-actions[bot]';
/** A GitHub App installation token: GET /user answers 403; it writes as octo-app[bot]. */
const APP_TOKEN = 'ghs_installation';
const APP_LOGIN = 'octo-app[bot]';
const COMMENTS_ROUTE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
const FILES_ROUTE = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';

async function genaiDocument() {
  const doc = parseDocument(await readFile(path.join(ROOT, 'templates/genai/editions/1/lifecycle.yml'), 'utf8'));
  doc.setIn(['project', 'start'], '2027-01-04');
  return doc;
}

async function genaiConfig(): Promise<string> {
  return (await genaiDocument()).toString();
}

interface PullSpec {
  number: number;
  title?: string;
  branch?: string;
  files: string[];
  comments?: SeedComment[];
  /** Files at the base commit besides lifecycle.yml. */
  baseFiles?: Record<string, string>;
  /** Files at the head commit (lifecycle.yml is the base's unless given). */
  headFiles?: Record<string, string>;
}

interface RunOptions {
  /** The files of the pull request now (after a push); default: as seeded. */
  files?: string[];
  event?: 'pull_request' | 'pull_request_target';
  headSha?: string;
  token?: string;
  /** Inputs besides the defaults from action.yml. */
  inputs?: Record<string, string>;
}

interface Scenario {
  gh: TestEmulator;
  run(action: PullAction, options?: RunOptions): Promise<RunActionResult>;
  /** A push to the pull request: its changed files become `files`. */
  setFiles(files: string[]): void;
  comments(): { id: number; body: string; user: string; updatedAt: number }[];
  /** Every contents read so far: the file or folder and the ref it was read at. */
  contentReads: { path: string; ref: string | null }[];
}

async function scenario(spec: PullSpec): Promise<Scenario> {
  const config = await genaiConfig();
  const base = { [CONFIG_PATH]: config, ...spec.baseFiles };
  const title = spec.title ?? 'Train a LoRA adapter for the support model';
  const branch = spec.branch ?? 'lora-adapter';
  // The request log keeps paths without their query; the ref of a contents read is in the exchange.
  const contentReads: Scenario['contentReads'] = [];
  const gh = await startTestEmulator({
    onExchange: (exchange) => {
      if (exchange.method !== 'GET' || exchange.route !== '/repos/{owner}/{repo}/contents/{path}') return;
      contentReads.push({ path: exchange.params.path ?? '', ref: exchange.query.find(([name]) => name === 'ref')?.[1] ?? null });
    },
    seed: {
      repos: [
        {
          owner: TEST_OWNER,
          name: TEST_REPO,
          files: { 'README.md': '# octo-repo\n' },
          refs: { [BASE_SHA]: base, [HEAD_SHA]: { ...base, ...spec.headFiles } },
          pulls: [
            {
              number: spec.number,
              title,
              head: { ref: branch, sha: HEAD_SHA },
              base: { ref: 'main', sha: BASE_SHA },
              files: spec.files,
              comments: spec.comments ?? [],
            },
          ],
        },
      ],
    },
  });
  // An empty workspace: guidance never reads a checkout.
  const workspace = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
  let current = spec.files;
  const record = () => gh.state.repo(REPO_KEY);
  return {
    gh,
    contentReads,
    setFiles(files) {
      current = files;
      const repo = record();
      const pull = repo.issues.get(spec.number)?.pull;
      if (!pull) throw new Error(`no pull request #${spec.number}`);
      pull.files = files.map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 0, previousFilename: null, patch: null, sha: 'd'.repeat(40) }));
      gh.state.touch(repo);
    },
    comments() {
      const repo = record();
      return (repo.commentsByIssue.get(spec.number) ?? []).map((id) => {
        const c = repo.comments.get(id);
        if (!c) throw new Error(`comment ${id} is listed but missing`);
        return c;
      });
    },
    run(action, options = {}) {
      const build = options.event === 'pull_request_target' ? pullRequestTargetPayload : pullRequestPayload;
      const headSha = options.headSha ?? HEAD_SHA;
      const event = build(action, {
        apiUrl: gh.url,
        owner: TEST_OWNER,
        repo: TEST_REPO,
        number: spec.number,
        title,
        head: { ref: branch, sha: headSha },
        base: { ref: 'main', sha: BASE_SHA },
        changedFiles: (options.files ?? current).length,
        before: action === 'synchronize' ? HEAD_SHA : undefined,
      });
      return runAction({
        workspace,
        eventName: event.eventName,
        eventPayload: event.payload,
        repository: REPO_KEY,
        apiUrl: gh.url,
        token: options.token ?? ACTIONS_TOKEN,
        inputs: { 'write-delay-ms': '0', ...options.inputs },
      });
    },
  };
}

function matched(result: RunActionResult): unknown {
  return JSON.parse(result.outputs['matched-stages'] ?? 'null');
}

/** A green step: exit 0, nothing on stderr, no error annotation, the guide command chosen. */
function expectGreen(result: RunActionResult): void {
  expect(result.stderr).toBe('');
  expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.outputs.command).toBe('guide');
}

function writes(gh: TestEmulator) {
  return gh.log.entries.filter((e) => e.write).map((e) => `${e.method} ${e.path.split('?')[0] ?? ''}`);
}

const commentPath = (id: number) => `/repos/${REPO_KEY}/issues/comments/${id}`;

describe('guide scenarios on dist/index.js', () => {
  it('a push adding a new matching path edits the same comment in place', async () => {
    const s = await scenario({ number: 41, files: ['finetune/train.py'] });
    const first = await s.run('opened');
    expectGreen(first);
    expect(matched(first)).toEqual(['fine-tuning']);
    const [created] = s.comments();
    expect(s.comments()).toHaveLength(1);
    expect(first.outputs['comment-id']).toBe(String(created?.id));
    expect(created?.body).not.toContain('### Optimization');

    s.setFiles(['finetune/train.py', 'optimization/quantize.py']);
    s.gh.log.clear();
    const second = await s.run('synchronize', { headSha: NEXT_SHA });
    expectGreen(second);
    expect(matched(second)).toEqual(['fine-tuning', 'optimization']);
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
    expect(writes(s.gh)).toEqual([`PATCH ${commentPath(created?.id ?? 0)}`]);
    const after = s.comments();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(created?.id);
    expect(after[0]?.body).toContain('### Fine-tuning');
    expect(after[0]?.body).toContain('### Optimization');
    expect(after[0]?.body).toContain('1 changed file matches `optimization/**`');
    expect(parseMarker(after[0]?.body)?.kind).toBe('guide');
    expect(second.summary).toContain('Comment updated');
    expect(second.summary).toContain('| Optimization | 1 changed file matches `optimization/**` |');
  });

  it('a GitHub App installation token: three runs, one comment, edited in place', async () => {
    const s = await scenario({ number: 45, files: ['finetune/train.py'] });
    s.gh.state.addToken({ token: APP_TOKEN, kind: 'app', login: APP_LOGIN });
    const runs: [PullAction, string[]][] = [
      ['opened', ['finetune/train.py']],
      ['synchronize', ['finetune/train.py', 'optimization/quantize.py']],
      ['synchronize', ['finetune/train.py', 'optimization/quantize.py', 'deploy/service.yml']],
    ];
    const ids: (string | undefined)[] = [];
    for (const [action, files] of runs) {
      s.setFiles(files);
      const result = await s.run(action, { token: APP_TOKEN });
      expectGreen(result);
      expect(result.annotations.filter((a) => a.level === 'warning')).toEqual([]);
      ids.push(result.outputs['comment-id']);
    }
    const [comment, ...others] = s.comments();
    expect(others).toEqual([]);
    expect(comment?.user).toBe(APP_LOGIN);
    expect(ids).toEqual([String(comment?.id), String(comment?.id), String(comment?.id)]);
    expect(comment?.body).toContain('### Optimization');
  });

  it('the identity input: an App token that cannot ask who it is still edits its own comment', async () => {
    const s = await scenario({ number: 46, files: ['finetune/train.py'] });
    s.gh.state.addToken({ token: APP_TOKEN, kind: 'app', login: APP_LOGIN });
    s.gh.faults.inject({ route: 'POST /graphql', status: 503, times: Infinity });
    s.gh.faults.inject({ route: 'GET /user', status: 503, times: Infinity });
    const first = await s.run('opened', { token: APP_TOKEN, inputs: { identity: APP_LOGIN } });
    expectGreen(first);
    s.setFiles(['finetune/train.py', 'optimization/quantize.py']);
    const second = await s.run('synchronize', { token: APP_TOKEN, inputs: { identity: APP_LOGIN } });
    expectGreen(second);
    expect(second.summary).toContain('Comment updated');
    expect(s.comments()).toHaveLength(1);
    expect(s.gh.log.forRoute('POST /graphql')).toHaveLength(0);

    const bad = await s.run('synchronize', { token: APP_TOKEN, inputs: { identity: 'two words' } });
    expect(bad.exitCode).toBe(1);
    expect(bad.annotations.filter((a) => a.level === 'error').map((a) => a.message).join('\n')).toContain('Input "identity" must be a GitHub login');
  });

  it('a push leaving no matching path deletes the comment', async () => {
    const s = await scenario({ number: 42, files: ['finetune/train.py'] });
    const first = await s.run('opened');
    expectGreen(first);
    const id = Number(first.outputs['comment-id']);
    expect(s.comments().map((c) => c.id)).toEqual([id]);

    s.setFiles(['README.md']);
    s.gh.log.clear();
    const second = await s.run('synchronize', { headSha: NEXT_SHA });
    expectGreen(second);
    expect(second.outputs['matched-stages']).toBe('[]');
    expect(second.outputs['comment-id']).toBe('');
    expect(second.outputs['comment-url']).toBe('');
    expect(writes(s.gh)).toEqual([`DELETE ${commentPath(id)}`]);
    expect(s.comments()).toEqual([]);
    expect(second.summary).toContain('Comment removed');
  });

  it('finds its comment on page 3 of 250, leaves it when current, edits it when not, never posts a second', async () => {
    // 220 comments by people and other bots (some by the same bot account, without our marker).
    const before: SeedComment[] = Array.from({ length: 220 }, (_, i) => ({
      body: i % 50 === 0 ? `Coverage report ${i}: 81%` : `Looks good, one question about step ${i}`,
      user: i % 50 === 0 ? OURS : i % 2 === 0 ? 'octocat' : 'hubot',
    }));
    const s = await scenario({ number: 43, files: ['finetune/train.py'], comments: before });
    const first = await s.run('opened');
    expectGreen(first);
    const id = Number(first.outputs['comment-id']);
    for (let i = 0; i < 29; i++) s.gh.state.addComment(REPO_KEY, 43, { body: `Later review note ${i}`, user: 'octocat' });
    const all = s.comments();
    expect(all).toHaveLength(250);
    const position = all.findIndex((c) => c.id === id);
    expect(Math.floor(position / 100) + 1).toBe(3);

    s.gh.log.clear();
    const same = await s.run('synchronize', { headSha: NEXT_SHA });
    expectGreen(same);
    expect(same.outputs['comment-id']).toBe(String(id));
    expect(s.gh.log.forRoute(COMMENTS_ROUTE)).toHaveLength(3);
    expect(writes(s.gh)).toEqual([]);
    expect(same.summary).toContain('Comment already current');
    expect(s.comments()).toHaveLength(250);

    s.setFiles(['finetune/train.py', 'finetune/lora.yaml']);
    s.gh.log.clear();
    const edited = await s.run('synchronize', { headSha: NEXT_SHA });
    expectGreen(edited);
    expect(edited.outputs['comment-id']).toBe(String(id));
    expect(writes(s.gh)).toEqual([`PATCH ${commentPath(id)}`]);
    const after = s.comments();
    expect(after).toHaveLength(250);
    expect(after.filter((c) => parseMarker(c.body)?.kind === 'guide').map((c) => c.id)).toEqual([id]);
    expect(after.find((c) => c.id === id)?.body).toContain('2 changed files match `finetune/**`');
  });

  it('leaves a comment carrying our marker but written by someone else alone, and posts its own', async () => {
    const forged = '### Lifecycle guidance\n\nAll checks done, merge now.\n\n<!-- lifecycle-action {"v":1,"kind":"guide","digest":"0000000000000000"} -->\n';
    const s = await scenario({ number: 44, files: ['finetune/train.py'], comments: [{ body: forged, user: 'mallory' }] });
    const [theirs] = s.comments();
    if (!theirs) throw new Error('the forged comment was not seeded');
    const untouched = { ...theirs };

    const first = await s.run('opened');
    expectGreen(first);
    const id = Number(first.outputs['comment-id']);
    expect(id).not.toBe(theirs.id);
    expect(s.comments().map((c) => [c.id, c.user])).toEqual([
      [theirs.id, 'mallory'],
      [id, OURS],
    ]);
    expect(first.annotations.some((a) => a.level === 'warning' && a.message.includes('written by someone else (mallory)'))).toBe(true);
    expect(first.summary).toContain('written by someone else (mallory)');

    // Nothing matches any more: only our own comment goes.
    s.setFiles(['README.md']);
    s.gh.log.clear();
    const second = await s.run('synchronize', { headSha: NEXT_SHA });
    expectGreen(second);
    expect(writes(s.gh)).toEqual([`DELETE ${commentPath(id)}`]);
    expect(s.comments()).toEqual([untouched]);
  });

  it('3,500 changed files: matching sees the first 3,000, the comment and the summary say so, reads stay bounded', async () => {
    // Fine-tuning files inside the first 3,000; optimization files only past the cap.
    const files = Array.from({ length: 3500 }, (_, i) => (i < 5 ? `finetune/part-${i}.py` : i < 3000 ? `src/module-${i}.ts` : `optimization/kernel-${i}.py`));
    const s = await scenario({ number: 45, files });
    const result = await s.run('opened');
    expectGreen(result);
    expect(matched(result)).toEqual(['fine-tuning']);
    const note = 'This pull request changes 3,500 files; GitHub lists only the first 3,000';
    const [posted] = s.comments();
    expect(s.comments()).toHaveLength(1);
    expect(posted?.body).toContain(note);
    expect(result.summary).toContain(note);
    expect(result.annotations.some((a) => a.level === 'warning' && a.message.includes(note))).toBe(true);

    expect(s.gh.log.forRoute(FILES_ROUTE)).toHaveLength(30);
    expect(s.gh.log.forRoute(COMMENTS_ROUTE)).toHaveLength(1);
    // 1 config + 30 file pages + 1 managed-issue page + 1 templates folder + 1 comment page.
    const counts = s.gh.log.counts();
    expect(counts.reads).toBeLessThanOrEqual(34);
    expect(counts.writes).toBe(1);
  });

  it('a hostile title, branch and path reach the comment harmless, with one marker that parses', async () => {
    const hostile = '@org/team <img src=x> -->';
    // The repository's own guidance template (at the base commit) prints every untrusted field.
    const template = [
      '### {{stage.name}}',
      '',
      'Why: {{join match.reasons "; "}}',
      '',
      'Title: {{pr.title}} by {{pr.author}} on {{pr.branch}}',
      '',
      '{{#each match.files}}- {{this}}',
      '{{/each}}',
    ].join('\n');
    const s = await scenario({
      number: 46,
      title: hostile,
      branch: `finetune/${hostile}`,
      files: [`finetune/${hostile}.py`],
      baseFiles: { '.github/lifecycle/guidance.md.hbs': template },
    });
    const result = await s.run('opened');
    expectGreen(result);
    expect(matched(result)).toEqual(['fine-tuning']);
    const [posted] = s.comments();
    const body = posted?.body ?? '';
    expect(s.comments()).toHaveLength(1);
    // The template was used, and each field reached it.
    expect(body).toContain('Title: ');
    expect(body.match(/img src=x/g)?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(body).not.toContain('@org/team');
    expect(body).not.toContain('<img');
    // The only "-->" closes our marker, which ends the comment and still parses.
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body.trimEnd().endsWith('-->')).toBe(true);
    expect(parseMarker(body)).toMatchObject({ v: 1, kind: 'guide' });
    // The job summary shows the same text: no raw mention or tag there either.
    expect(result.summary).toContain('img src=x');
    expect(result.summary).not.toContain('@org/team');
    expect(result.summary).not.toContain('<img');
  });

  it('a broken lifecycle.yml at the head: annotated and failed under pull_request, not read under pull_request_target', async () => {
    const doc = await genaiDocument();
    const stages = doc.get('stages');
    if (!isSeq(stages)) throw new Error('the preset has no stages list');
    const fineTuning = stages.items.findIndex((_, i) => doc.getIn(['stages', i, 'id']) === 'fine-tuning');
    expect(fineTuning).toBeGreaterThanOrEqual(0);
    const dependsOn = doc.createNode(['nowhere']);
    dependsOn.flow = true;
    doc.setIn(['stages', fineTuning, 'depends_on'], dependsOn);
    const broken = doc.toString();
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('depends_on: [ nowhere ]') || l.includes('depends_on: [nowhere]')) + 1;
    expect(brokenLine).toBeGreaterThan(0);

    const files = [CONFIG_PATH, 'finetune/train.py'];
    const s = await scenario({ number: 47, files, headFiles: { [CONFIG_PATH]: broken } });
    const headReads = () => s.contentReads.filter((read) => read.ref === HEAD_SHA);

    const checked = await s.run('opened');
    expect(checked.exitCode).toBe(1);
    expect(checked.outputs.command).toBe('guide');
    expect(checked.outputs.valid).toBe('false');
    const errors = checked.annotations.filter((a) => a.level === 'error');
    const onFile = errors.filter((a) => a.properties.file === CONFIG_PATH && /nowhere/.test(a.message));
    expect(onFile).toHaveLength(1);
    expect(Number(onFile[0]?.properties.line)).toBe(brokenLine);
    expect(Number(onFile[0]?.properties.col)).toBeGreaterThan(0);
    // The step fails with a message pointing at the annotations.
    expect(errors.some((a) => !a.properties.file && a.message.includes(CONFIG_PATH))).toBe(true);
    expect(checked.summary).toContain('The proposed lifecycle.yml has problems');
    // The proposed config, and the templates folder its templates would come from (none here).
    expect(headReads().map((read) => read.path)).toEqual([CONFIG_PATH, '.github/lifecycle']);
    expect(s.contentReads.filter((read) => read.ref === BASE_SHA).length).toBeGreaterThan(0);
    // The guidance itself still follows the base commit's (valid) config.
    expect(matched(checked)).toEqual(['fine-tuning']);
    expect(s.comments()).toHaveLength(1);

    s.gh.log.clear();
    s.contentReads.length = 0;
    const target = await s.run('synchronize', { event: 'pull_request_target' });
    expectGreen(target);
    expect(target.outputs.valid).toBeUndefined();
    expect(target.annotations.filter((a) => a.properties.file === CONFIG_PATH)).toEqual([]);
    expect(target.summary).not.toContain('The proposed lifecycle.yml has problems');
    expect(headReads()).toEqual([]);
    expect(s.contentReads.map((read) => read.ref)).toContain(BASE_SHA);
    expect(matched(target)).toEqual(['fine-tuning']);
    expect(writes(s.gh)).toEqual([]);
  });

  it('a proposed lifecycle.yml with backticks, HTML, mentions and line breaks in its keys and values: the summary keeps them in one code block, the annotations one line each', async () => {
    const payload = '```\n</pre><img src=x onerror=alert(1)>\n@org/team ````';
    const doc = await genaiDocument();
    const stages = doc.get('stages');
    if (!isSeq(stages)) throw new Error('the preset has no stages list');
    const fineTuning = stages.items.findIndex((_, i) => doc.getIn(['stages', i, 'id']) === 'fine-tuning');
    doc.setIn(['stages', fineTuning, payload], 1);
    doc.setIn(['stages', fineTuning, 'depends_on'], doc.createNode([payload]));
    const hostile = doc.toString();

    const s = await scenario({ number: 48, files: [CONFIG_PATH, 'finetune/train.py'], headFiles: { [CONFIG_PATH]: hostile } });
    const result = await s.run('opened');
    expect(result.exitCode).toBe(1);
    const onFile = result.annotations.filter((a) => a.properties.file === CONFIG_PATH);
    expect(onFile.length).toBeGreaterThanOrEqual(2);
    for (const a of onFile) expect(a.message).not.toMatch(/[\r\n]/);
    expect(onFile.some((a) => a.message.includes('unknown key "```\\n</pre><img src=x onerror=alert(1)>\\n@org/team ````"'))).toBe(true);

    // The summary file: the diagnostics in a fence longer than any backtick run in them, one line each.
    const lines = result.summary.split('\n');
    const open = lines.indexOf('The proposed lifecycle.yml has problems (in it or in the templates it uses):') + 2;
    const fence = /^(`{5,})text$/.exec(lines[open] ?? '')?.[1];
    expect(fence).toBeDefined();
    const close = lines.indexOf(fence!, open + 1);
    expect(close).toBeGreaterThan(open);
    const inside = lines.slice(open + 1, close);
    expect(inside).toHaveLength(onFile.length);
    for (const line of inside) expect(line).toMatch(/^\.github\/lifecycle\.yml:\d+:\d+: (error|warning): /);
    expect(inside.join('\n')).not.toMatch(/@org/);
    const outside = [...lines.slice(0, open), ...lines.slice(close + 1)].join('\n');
    expect(outside).not.toMatch(/<img|onerror|@org|<\/pre>/);
    // Nothing of the proposed file reaches the comment.
    expect(s.comments().map((c) => c.body).join('\n')).not.toMatch(/onerror|org\/team/);
  });
});
