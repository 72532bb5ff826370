// `lifecycle demo --upgrade`: a team's plan meets the preset's next edition, offline. The team
// started on edition 1 of the genai preset, edited its lifecycle.yml, synced, and a person edited an
// issue. `lifecycle upgrade` brings edition 2 in, keeping the team's edits; the next sync updates
// what only the tool wrote and, for the issue the person edited, proposes the new text in one
// comment instead of overwriting it. Deterministic, like the main demo.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSync, type SyncResult } from '../commands/sync.js';
import { loadConfigFile } from '../config/load.js';
import { createClock, startEmulator, type Emulator } from '../emulator/index.js';
import { createClient, type GitHubClient } from '../github/client.js';
import { renderPresetEdition } from '../init/editions.js';
import { CONFIG_PATH } from '../init/plan.js';
import { mergeLifecycle } from '../upgrade/merge.js';
import { presetEditionSource } from '../upgrade/preset-editions.js';
import { runUpgrade } from '../upgrade/run.js';
import { DEMO } from './story.js';
import type { DemoOptions } from './types.js';

const PERSON_TOKEN = 'demo-person-token';
const PERSON = 'grace';
const FIRST_ANSWERS = { name: DEMO.projectName, start: DEMO.start, tuning_method: 'lora', reward_model: true };

/** The team's edits since `init`: a stage renamed with a comment, a checklist item of its own, a task cut. */
const TEAM_EDITS: readonly (readonly [RegExp | string, string])[] = [
  ['    name: Prompt engineering\n', '    name: Prompting   # what we call it\n'],
  ['      - "Cost note: the assumptions behind the estimate are stated"\n', '      - "Cost note: the assumptions behind the estimate are stated"\n      - Legal has signed off\n'],
  [/\n {6}- id: pruning\n(?: {8}.*\n)+/, '\n'],
];

export interface UpgradeDemoReport {
  upgradeExit: number;
  conflicts: number;
  firstSync: string;
  proposals: number;
  afterSync: string;
  againWrites: number;
}

export async function runUpgradeDemo(options: DemoOptions = {}): Promise<UpgradeDemoReport> {
  const write = options.write ?? (() => undefined);
  const style = options.style ?? ((text: string) => text);
  const indent = (line: string) => write(`   ${line}`);
  const heading = (n: number, text: string) => (write(''), write(style(`${n}. ${text}`, 'heading')));
  write(style('lifecycle demo --upgrade: a plan a team edited meets the preset\'s next edition', 'heading'));
  const dir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'lifecycle-upgrade-demo-'));
  let emulator: Emulator | null = null;
  try {
    heading(1, 'Months ago: init wrote edition 1, and the team edited it');
    const ours = teamEdits(await renderPresetEdition('genai', 1, FIRST_ANSWERS));
    await mkdir(join(dir, '.github'), { recursive: true });
    await writeFile(join(dir, CONFIG_PATH), ours);
    indent('renamed "Prompt engineering" to "Prompting", added "Legal has signed off", cut the pruning task');

    heading(2, 'First sync, then a person edits one issue on GitHub');
    emulator = await startDemoGitHub();
    const client = createClient({ token: DEMO.token, baseUrl: emulator.url, timing: { timeScale: DEMO.speed } });
    const first = await sync(client, ours);
    indent(style(first.resultLine, 'good'));
    const edited = await personEdits(emulator, client, await readFile(join(dir, CONFIG_PATH), 'utf8'));

    heading(3, 'lifecycle upgrade: edition 2 merged into the team\'s file');
    const { upgraded, settled } = await upgradeStep(dir, ours, indent, style);

    heading(4, 'Sync after the upgrade: new text where only the tool wrote, a proposal where a person did');
    emulator.log.clear();
    const after = await sync(client, settled);
    indent(style(after.resultLine, 'good'));
    const proposal = commentsOn(emulator, edited).at(-1) ?? '';
    indent(style(`┌─ the comment on #${edited} (first lines)`, 'dim'));
    for (const line of proposal.split('\n').slice(0, 12)) indent(`${style('│', 'dim')} ${line}`);
    indent(style('└─', 'dim'));

    heading(5, 'Again: nothing to write, no second proposal');
    emulator.log.clear();
    await sync(client, settled);
    const againWrites = emulator.log.entries.filter((e) => e.write).length;
    indent(style(`${againWrites} writes`, 'good'));
    return {
      upgradeExit: upgraded.exitCode,
      conflicts: upgraded.conflicts.length,
      firstSync: first.resultLine,
      proposals: commentsOn(emulator, edited).length,
      afterSync: after.resultLine,
      againWrites,
    };
  } finally {
    await emulator?.stop();
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

function startDemoGitHub(): Promise<Emulator> {
  return startEmulator({
    clock: createClock({ start: `${DEMO.today}T09:00:00Z`, speed: DEMO.speed }),
    seed: {
      tokens: [{ token: DEMO.token, kind: 'actions' }, { token: PERSON_TOKEN, kind: 'user', login: PERSON }],
      users: [{ login: PERSON }],
      repos: [{ owner: DEMO.repo.owner, name: DEMO.repo.name, default_branch: 'main' }],
    },
  });
}

/** `lifecycle upgrade` with conflicts marked, then `validate`; marked conflicts are settled the team's way. */
async function upgradeStep(dir: string, ours: string, indent: (line: string) => void, style: NonNullable<DemoOptions['style']>) {
  indent(style('$ lifecycle upgrade', 'code'));
  const out: string[] = [];
  const upgraded = await runUpgrade(
    { config: CONFIG_PATH, set: [], dryRun: false, onConflict: 'mark' },
    { cwd: dir, interactive: false, out: (l) => out.push(l), err: (l) => out.push(l), editions: presetEditionSource() },
  );
  for (const line of out) indent(line);
  const merged = await readFile(join(dir, CONFIG_PATH), 'utf8');
  const problems = (await loadConfigFile(join(dir, CONFIG_PATH), { displayPath: CONFIG_PATH })).diagnostics.filter((d) => d.severity === 'error');
  for (const problem of problems) indent(style(`${problem.file}:${problem.line}:${problem.column}: error: ${problem.message}`, 'dim'));
  indent(style(`lifecycle validate: ${problems.length === 0 ? 'valid' : `${problems.length} conflict(s) to settle before a sync`}`, problems.length === 0 ? 'good' : 'dim'));
  const settled = problems.length === 0 ? merged : await settle(dir, ours, indent);
  return { upgraded, settled };
}

function teamEdits(text: string): string {
  let edited = text;
  for (const [from, to] of TEAM_EDITS) {
    const next = edited.replace(from, to);
    // Edition 1 is pinned; an edit that no longer applies means the story is out of date.
    if (next === edited) throw new Error(`demo: the team's edit ${String(from)} no longer applies to edition 1`);
    edited = next;
  }
  return edited;
}

function sync(client: GitHubClient, configText: string): Promise<SyncResult> {
  return runSync({ client, repo: DEMO.repo, configText, configPath: CONFIG_PATH, templatesDir: null, today: DEMO.today, identity: DEMO.bot });
}

/** A person adds notes to an issue whose text edition 2 changes; returns its number. */
async function personEdits(emulator: Emulator, tool: GitHubClient, ours: string): Promise<number> {
  const merged = await mergedPreview(ours);
  const preview = await runSync({ client: tool, repo: DEMO.repo, configText: merged, templatesDir: null, today: DEMO.today, identity: DEMO.bot, dryRun: true });
  const target = preview.plan.operations.find((op) => op.op === 'update-issue' && Object.keys(op.changes).join() === 'body');
  if (!target || target.op !== 'update-issue') throw new Error('demo: edition 2 changes no issue text only');
  const person = createClient({ token: PERSON_TOKEN, baseUrl: emulator.url, timing: { timeScale: DEMO.speed } });
  const { data } = await person.octokit.rest.issues.get({ owner: DEMO.repo.owner, repo: DEMO.repo.name, issue_number: target.number });
  await person.octokit.rest.issues.update({ owner: DEMO.repo.owner, repo: DEMO.repo.name, issue_number: target.number, body: (data.body ?? '').replace('<!--', 'Notes from our review: we train on the March data.\n\n<!--') });
  return target.number;
}

/** What the upgrade will write, to pick an issue whose text it changes (the demo's own look ahead). */
async function mergedPreview(ours: string): Promise<string> {
  const source = presetEditionSource();
  const texts = await source({ ours, file: CONFIG_PATH, set: [] });
  return mergeLifecycle({ base: texts.base, theirs: texts.theirs, ours }, 'theirs').text;
}

/** The team settles every conflict its own way: the upgrade again, from its file, with --on-conflict ours. */
async function settle(dir: string, ours: string, indent: (line: string) => void): Promise<string> {
  await writeFile(join(dir, CONFIG_PATH), ours);
  indent('$ lifecycle upgrade --on-conflict ours   (the team keeps its side of each conflict)');
  const kept = await runUpgrade(
    { config: CONFIG_PATH, set: [], dryRun: false, onConflict: 'ours' },
    { cwd: dir, interactive: false, out: () => undefined, err: indent, editions: presetEditionSource() },
  );
  if (kept.exitCode !== 0) throw new Error(`demo: the upgrade with --on-conflict ours exited ${kept.exitCode}`);
  return readFile(join(dir, CONFIG_PATH), 'utf8');
}

function commentsOn(emulator: Emulator, issue: number): string[] {
  const repo = emulator.state.repo(`${DEMO.repo.owner}/${DEMO.repo.name}`);
  return (repo.commentsByIssue.get(issue) ?? []).map((id) => repo.comments.get(id)?.body ?? '');
}
