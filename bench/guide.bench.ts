// Requests per pull request event for the guidance comment, on a busy pull request: 3,000 changed
// files and 500 comments by other people. Counted from the emulator's request log.
//
//   npm run bench:guide
//
// Ours: runGuide as the Action runs it (the Actions token, identity known), over three events:
// opened (the comment is created), synchronize with the same match (nothing to write), and a push
// that changes which files match (the one comment is edited in place).
//
// The anchors' method, as the comment-posting actions that read one page do it: the same files
// listing, then the first page of comments only (30, GitHub's default page size), looking for the
// marker there; not found, so a new comment on every event.
import { runGuide, type PullRequestPayload } from '../src/commands/guide.js';
import { createClient } from '../src/github/client.js';
import { ACTIONS_IDENTITY } from '../src/github/identity.js';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { finishChecks, recordExchange } from './checked.js';
import type { SeedData } from '../src/emulator/seed.js';

const OWNER = 'octo-org';
const REPO = 'octo-repo';
const KEY = `${OWNER}/${REPO}`;
const PR = 900;
const FILES = 3000;
const COMMENTS = 500;
const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const TOKEN = 'actions-token';

const CONFIG = `version: 1
project:
  name: Benchmark
stages:
  - id: prompting
    name: Prompt engineering
    checklist: [Baseline recorded, Prompt versioned]
    match: { paths: ["prompts/**"] }
  - id: fine-tuning
    name: Fine-tuning
    checklist: [Dataset version recorded, Evaluation compared with the baseline]
    match: { paths: ["finetune/**"] }
  - id: deployment
    name: Deployment
    match: { paths: ["deploy/**"] }
`;

function files(matching: number): string[] {
  return Array.from({ length: FILES }, (_, i) => (i < matching ? `finetune/part-${i}.py` : `src/module-${i}.ts`));
}

function seed(): SeedData {
  const issues = Array.from({ length: 12 }, (_, i) => {
    const stage = ['prompting', 'fine-tuning', 'deployment'][i % 3]!;
    return {
      number: i + 1,
      title: `Task ${i + 1}`,
      state: i < 4 ? ('closed' as const) : ('open' as const),
      labels: ['lifecycle', `stage: ${stage}`],
      body: `Body\n\n<!-- lifecycle-action {"v":1,"kind":"task","stage":"${stage}","task":"t${i}"} -->\n`,
    };
  });
  return {
    tokens: [{ token: TOKEN, kind: 'actions' }],
    repos: [
      {
        owner: OWNER,
        name: REPO,
        refs: { [BASE]: { '.github/lifecycle.yml': CONFIG }, [HEAD]: { '.github/lifecycle.yml': CONFIG } },
        issues,
        pulls: [
          {
            number: PR,
            title: 'Fine-tune the adapter',
            head: { ref: 'adapter', sha: HEAD },
            base: { ref: 'main', sha: BASE },
            files: files(3),
            comments: Array.from({ length: COMMENTS }, (_, i) => ({ body: `Review note ${i}`, user: i % 2 ? 'octocat' : 'hubot' })),
          },
        ],
      },
    ],
  };
}

function payload(gh: Emulator): PullRequestPayload {
  const web = `${gh.url}/${KEY}`;
  return {
    number: PR,
    title: 'Fine-tune the adapter',
    body: '',
    html_url: `${web}/pull/${PR}`,
    user: { login: 'octocat' },
    labels: [],
    changed_files: FILES,
    head: { ref: 'adapter', sha: HEAD },
    base: { ref: 'main', sha: BASE, repo: { html_url: web } },
  };
}

function setFiles(gh: Emulator, names: string[]): void {
  const record = gh.state.repo(KEY);
  const pull = record.issues.get(PR)!.pull!;
  pull.files = names.map((filename) => ({ filename, status: 'modified', additions: 1, deletions: 0, previousFilename: null, patch: null, sha: 'c'.repeat(40) }));
  gh.state.touch(record);
}

interface Row {
  method: string;
  event: string;
  reads: number;
  writes: number;
  outcome: string;
  ms: number;
}

function ourComments(gh: Emulator): number {
  const record = gh.state.repo(KEY);
  return (record.commentsByIssue.get(PR) ?? []).filter((id) => record.comments.get(id)?.user === ACTIONS_IDENTITY).length;
}

async function ours(): Promise<{ rows: Row[]; comments: number }> {
  const gh = await startEmulator({ seed: seed(), onExchange: recordExchange });
  const client = createClient({ token: TOKEN, baseUrl: gh.url, timing: { writeSpacingMs: 0 } });
  const rows: Row[] = [];
  const event = async (name: string) => {
    gh.log.clear();
    const start = performance.now();
    const result = await runGuide({ client, repo: { owner: OWNER, name: REPO }, pr: PR, payload: payload(gh), eventName: 'pull_request', identity: ACTIONS_IDENTITY });
    const ms = performance.now() - start;
    const counts = gh.log.counts();
    rows.push({ method: 'ours', event: name, reads: counts.reads, writes: counts.writes, outcome: `comment ${result.action}`, ms });
  };
  await event('opened');
  await event('synchronize, same match');
  setFiles(gh, files(4));
  await event('synchronize, one more matching file');
  const comments = ourComments(gh);
  await gh.stop();
  return { rows, comments };
}

async function anchors(): Promise<{ rows: Row[]; comments: number }> {
  const gh = await startEmulator({ seed: seed(), onExchange: recordExchange });
  const { octokit } = createClient({ token: TOKEN, baseUrl: gh.url, timing: { writeSpacingMs: 0 } });
  const rows: Row[] = [];
  const marker = '<!-- pr-guidance -->';
  const event = async (name: string) => {
    gh.log.clear();
    const start = performance.now();
    const listed = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: OWNER, repo: REPO, pull_number: PR, per_page: 100 });
    const body = `${marker}\nGuidance for ${listed.filter((f) => f.filename.startsWith('finetune/')).length} files`;
    const { data: first } = await octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: PR });
    const existing = first.find((c) => c.body?.includes(marker));
    if (existing) await octokit.rest.issues.updateComment({ owner: OWNER, repo: REPO, comment_id: existing.id, body });
    else await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: PR, body });
    const ms = performance.now() - start;
    const counts = gh.log.counts();
    rows.push({ method: 'anchors (first 30 comments)', event: name, reads: counts.reads, writes: counts.writes, outcome: existing ? 'comment updated' : 'new comment', ms });
  };
  await event('opened');
  await event('synchronize, same match');
  setFiles(gh, files(4));
  await event('synchronize, one more matching file');
  const comments = ourComments(gh);
  await gh.stop();
  return { rows, comments };
}

function table(rows: Row[]): string {
  const lines = ['| method | event | reads | writes | result | time (ms) |', '|---|---|---:|---:|---|---:|'];
  for (const r of rows) lines.push(`| ${r.method} | ${r.event} | ${r.reads} | ${r.writes} | ${r.outcome} | ${r.ms.toFixed(0)} |`);
  return lines.join('\n');
}

const a = await ours();
const b = await anchors();
const bound = 1 + 1 + Math.ceil(FILES / 100) + Math.ceil((COMMENTS + 1) / 100) + 1;
process.stdout.write(`Guide on a pull request with ${FILES.toLocaleString('en-US')} changed files and ${COMMENTS} comments by others (emulator request log)\n\n`);
process.stdout.write(`${table([...a.rows, ...b.rows])}\n\n`);
process.stdout.write(`Guidance comments on the pull request after three events: ours ${a.comments}, anchors ${b.comments}.\n`);
process.stdout.write(`Read budget per event (1 config + 1 templates folder + ⌈files/100⌉ + ⌈comments/100⌉ + 1 issues page): ${bound}.\n`);
const worst = Math.max(...a.rows.map((r) => r.reads));
const writes = a.rows.map((r) => r.writes);
if (worst > bound || writes[1] !== 0 || writes.some((w) => w > 1) || a.comments !== 1) {
  process.stderr.write(`over budget: reads ${worst} > ${bound}, or writes ${writes.join('/')}, or ${a.comments} comments\n`);
  process.exitCode = 1;
}
finishChecks('guide benchmark');
