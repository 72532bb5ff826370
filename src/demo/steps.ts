// The demo's steps, in the order they are told. Each is one numbered section of the report; a new
// section is one more entry in DEMO_STEPS.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runGuide } from '../commands/guide.js';
import { runSync, type SyncResult } from '../commands/sync.js';
import { syncEventOf } from '../commands/sync/event.js';
import type { SyncEvent } from '../commands/sync/types.js';
import { configSchema } from '../config/schema.js';
import { createClock, startEmulator } from '../emulator/index.js';
import { createClient } from '../github/client.js';
import type { ApiIssue } from '../github/issues.js';
import { CONFIG_PATH } from '../init/plan.js';
import { runInit } from '../init/run.js';
import { isStageActive } from '../init/skeleton.js';
import { parseMarker, stripMarker } from '../plan/marker.js';
import { addWorkingDays, formatDay, parseDay } from '../schedule/calendar.js';
import { snapshotDir } from './files.js';
import { DEMO } from './story.js';
import type { DemoStageRow, DemoState, DemoStep } from './types.js';

const FILE_LINE = /^\s+(create|unchanged|overwrite|skip)\s/;

export const DEMO_STEPS: readonly DemoStep[] = [
  { heading: 'Generate the repository (lifecycle init)', run: generateRepository },
  { heading: 'Start the embedded GitHub emulator', run: startGitHub },
  { heading: 'First sync: milestones with due dates, and their issues', run: firstSync },
  { heading: 'The schedule as a Mermaid Gantt chart (the job summary renders it)', run: showGantt },
  { heading: 'A pull request touching finetune/ gets its stage guidance', run: guidePullRequest },
  { heading: 'Second sync: already in step', run: secondSync },
  { heading: 'A stage finishes, two days late: the team closes its issues, the issues.closed event syncs', run: finishStage },
  { heading: 'The daily run reads everything and updates the dashboard', run: dailySync },
  { heading: 'Requests the emulator answered', run: showRequests },
  { heading: 'The dashboard issue, as the daily run left it', run: showDashboard },
];

/** A value an earlier step makes; missing only if the steps were put out of order. */
export function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`demo: ${what} is made by an earlier step, which has not run`);
  return value;
}

/** Closes a step's request count: the emulator's log since the last count. Returns its writes. */
export function countRequests(demo: DemoState, step: string): number {
  const log = need(demo.emulator, 'the emulator').log;
  const entries = log.entries.slice(demo.logMark);
  demo.logMark = log.entries.length;
  const writes = entries.filter((e) => e.write).length;
  demo.requests.push({ step, reads: entries.length - writes, writes });
  return writes;
}

async function generateRepository(demo: DemoState): Promise<void> {
  const { indent, style } = demo;
  // The story's team tunes LoRA adapters on open weights, so the plan has a fine-tuning stage.
  const set = [`name=${DEMO.projectName}`, `start=${DEMO.start}`, 'hosting=self-hosted', 'adaptation=lora'];
  indent(style(`$ lifecycle init --preset genai --yes --skeleton --set "name=${DEMO.projectName}" --set start=${DEMO.start} --set hosting=self-hosted --set adaptation=lora`, 'code'));
  const init = await runInit(
    { dir: '.', preset: 'genai', yes: true, set, dryRun: false, skeleton: true, ejectTemplates: false },
    {
      cwd: demo.repoDir,
      today: DEMO.today,
      interactive: false,
      // The file list only: the "next steps" are for a person setting up a real repository.
      out: (line) => (FILE_LINE.test(line) ? indent(line.trim()) : undefined),
      err: indent,
      color: (text) => text,
    },
  );
  if (init.exitCode !== 0) throw new Error(`init failed with exit code ${init.exitCode}`);
  demo.files = await snapshotDir(demo.repoDir);
  demo.configText = demo.files.get(CONFIG_PATH) ?? (await readFile(join(demo.repoDir, CONFIG_PATH), 'utf8'));
  demo.config = configSchema.parse(parse(demo.configText));
  indent(style(`(in ${demo.repoDir}${demo.options.keep ? '' : ', removed at the end'})`, 'dim'));
}

/** The emulator, a repository holding the generated files, and a workflow token. */
async function startGitHub(demo: DemoState): Promise<void> {
  const tree = Object.fromEntries(demo.files);
  const emulator = await startEmulator({
    clock: createClock({ start: `${DEMO.today}T09:00:00Z`, speed: DEMO.speed }),
    ...(demo.options.onExchange ? { onExchange: demo.options.onExchange } : {}),
    seed: {
      tokens: [
        { token: DEMO.token, kind: 'actions' },
        { token: DEMO.personToken, kind: 'user', login: DEMO.pull.author },
      ],
      users: [{ login: DEMO.pull.author }],
      repos: [{ owner: DEMO.repo.owner, name: DEMO.repo.name, default_branch: 'main', files: tree, refs: { [DEMO.baseSha]: tree } }],
    },
  });
  demo.emulator = emulator;
  demo.client = createClient({ token: DEMO.token, baseUrl: emulator.url, timing: { timeScale: DEMO.speed } });
  demo.indent(`${emulator.url}  ·  repository ${DEMO.repo.owner}/${DEMO.repo.name} with the ${demo.files.size} generated files  ·  a workflow token`);
  demo.logMark = emulator.log.entries.length;
}

function sync(demo: DemoState, today: string = DEMO.today, event?: SyncEvent): Promise<SyncResult> {
  return runSync({
    ...(event ? { event } : {}),
    client: need(demo.client, 'the client'),
    repo: DEMO.repo,
    configText: need(demo.configText, 'lifecycle.yml'),
    configPath: CONFIG_PATH,
    templatesDir: join(demo.repoDir, '.github/lifecycle'),
    today,
    identity: DEMO.bot,
  });
}

async function firstSync(demo: DemoState): Promise<void> {
  const { indent, style } = demo;
  const config = need(demo.config, 'the config');
  const first = await sync(demo);
  const writes = countRequests(demo, 'first sync');
  if (!first.ok) throw new Error(`the first sync failed: ${first.error?.message ?? first.failures.map((f) => f.message).join('; ')}`);
  indent(style(first.resultLine, 'good'));
  const stages: DemoStageRow[] = config.stages.map((stage) => {
    const progress = first.stages.find((p) => p.id === stage.id);
    return {
      id: stage.id,
      name: stage.name,
      due: progress?.due ?? null,
      milestone: progress?.milestone?.number ?? first.milestones[stage.id] ?? null,
      issues: progress?.total ?? 0,
      skipped: !isStageActive(stage, config.variables),
    };
  });
  demo.first = { sync: first, writes, stages };
  const nameWidth = Math.max(5, ...stages.map((s) => s.name.length));
  indent(style(`${'stage'.padEnd(nameWidth)}  ${'due'.padEnd(10)}  milestone  issues`, 'dim'));
  for (const row of stages) {
    if (row.skipped) {
      const reason = config.stages.find((s) => s.id === row.id)?.when ?? '';
      indent(style(`${row.name.padEnd(nameWidth)}  ${'—'.padEnd(10)}  skipped (when: ${reason})`, 'dim'));
      continue;
    }
    indent(`${row.name.padEnd(nameWidth)}  ${(row.due ?? '—').padEnd(10)}  ${(row.milestone === null ? '—' : `#${row.milestone}`).padEnd(9)}  ${row.issues}`);
  }
}

function showGantt(demo: DemoState): void {
  const gantt = need(demo.first, 'the first sync').sync.gantt;
  for (const line of (gantt ?? '(no chart: the project has no start date)').trimEnd().split('\n')) demo.indent(demo.style(line, 'code'));
}

async function guidePullRequest(demo: DemoState): Promise<void> {
  const { indent, style } = demo;
  const emulator = need(demo.emulator, 'the emulator');
  const pull = emulator.state.addPull(`${DEMO.repo.owner}/${DEMO.repo.name}`, {
    title: DEMO.pull.title,
    body: 'Adds a LoRA training script and its adapter config.',
    user: DEMO.pull.author,
    head: { ref: DEMO.pull.branch },
    base: { ref: 'main', sha: DEMO.baseSha },
    files: [...DEMO.pull.files],
  });
  indent(`#${pull.number} "${DEMO.pull.title}" (${DEMO.pull.branch} → main) by @${DEMO.pull.author}`);
  indent(style(`changes ${DEMO.pull.files.join(', ')}`, 'dim'));
  const guide = await runGuide({ client: need(demo.client, 'the client'), repo: DEMO.repo, pr: pull.number, eventName: 'pull_request', identity: DEMO.bot });
  countRequests(demo, 'pull request guidance');
  const comments = emulator.state.repo(`${DEMO.repo.owner}/${DEMO.repo.name}`).commentsByIssue.get(pull.number)?.length ?? 0;
  indent(style(`Matched: ${guide.matchedStages.join(', ') || 'no stage'} · comment ${guide.action}`, 'good'));
  const comment = guide.body === null ? null : stripMarker(guide.body).trim();
  if (comment !== null) {
    indent(style('┌─ the comment', 'dim'));
    for (const line of comment.split('\n')) indent(`${style('│', 'dim')} ${line}`);
    indent(style('└─', 'dim'));
  }
  demo.pull = { number: pull.number, files: [...DEMO.pull.files], matchedStages: guide.matchedStages, action: guide.action, comment, comments };
}

/** Nothing changed since the first sync, so nothing is written. */
async function secondSync(demo: DemoState): Promise<void> {
  const second = await sync(demo);
  const writes = countRequests(demo, 'second sync');
  demo.second = { sync: second, writes };
  demo.indent(demo.style(`${writes} writes · ${second.counts.unchanged} objects unchanged · ${second.resultLine}`, 'good'));
}

/** The guidance comment's first sentences: which stage the project is in. */
function whereTheProjectIs(comment: string | null): string | null {
  return comment?.split('\n').find((line) => line.startsWith('This pull request works on')) ?? null;
}

/**
 * A person closes the first stage's task issues, as the team would once the work is done; the
 * workflow's `issues: closed` trigger runs the sync, which closes the stage and opens the next.
 */
async function finishStage(demo: DemoState): Promise<void> {
  const { indent, style } = demo;
  const emulator = need(demo.emulator, 'the emulator');
  const pull = need(demo.pull, 'the pull request');
  const repo = emulator.state.repo(`${DEMO.repo.owner}/${DEMO.repo.name}`);
  const person = createClient({ token: DEMO.personToken, baseUrl: emulator.url, timing: { timeScale: DEMO.speed } });
  const day = twoWorkdaysLate(demo);
  const closed = [...repo.issues.values()]
    .filter((i) => i.pull === null && i.state === 'open' && parseMarker(i.body)?.kind === 'task' && parseMarker(i.body)?.stage === DEMO.finishedStage)
    .map((i) => i.number)
    .sort((a, b) => a - b);
  let last: (ApiIssue & { updated_at: string }) | null = null;
  for (const number of closed) {
    const { data } = await person.octokit.rest.issues.update({ owner: DEMO.repo.owner, repo: DEMO.repo.name, issue_number: number, state: 'closed', state_reason: 'completed' });
    last = data as unknown as ApiIssue & { updated_at: string };
  }
  countRequests(demo, 'a person closes issues');
  const stage = need(need(demo.first, 'the first sync').stages.find((s) => s.id === DEMO.finishedStage) ?? null, 'the finished stage');
  indent(`${day}: @${DEMO.pull.author} closes ${closed.map((n) => `#${n}`).join(', ')}, every task of ${stage.name}, which was due ${stage.due ?? 'never'}`);
  // The event GitHub sends for the last close; its run reads only the stages it can have moved.
  const event = syncEventOf('issues', { action: 'closed', issue: need(last, 'a closed issue'), repository: { html_url: `https://github.com/${DEMO.repo.owner}/${DEMO.repo.name}` } }, false);
  const result = await sync(demo, day, event);
  const writes = countRequests(demo, 'issues.closed sync');
  const reads = demo.requests.at(-1)?.reads ?? 0;
  const transitions = result.results.filter((r) => r.status === 'done' && ['close-stage-issue', 'close-milestone', 'announce-stage'].includes(r.op)).map((r) => `${r.op} ${r.stage ?? ''} #${r.number ?? ''}`.trim());
  for (const line of transitions) indent(style(line, 'good'));
  const names = new Map(need(demo.config, 'the config').stages.map((s) => [s.id, s.name]));
  const current = result.stageStates.current;
  indent(`Current stage${current.length === 1 ? '' : 's'}: ${current.map((id) => names.get(id) ?? id).join(', ') || 'none'} · ${reads} reads, ${writes} writes`);
  indent(style(`The event's run read the milestones, the issues changed in the last hour and the ${result.scope?.stages.length ?? 0} stages it could have moved, not the whole project.`, 'dim'));
  const guide = await runGuide({ client: need(demo.client, 'the client'), repo: DEMO.repo, pr: pull.number, eventName: 'pull_request', identity: DEMO.bot });
  countRequests(demo, 'guidance again');
  const guideAfter = whereTheProjectIs(guide.body === null ? null : stripMarker(guide.body));
  indent(style(`The guidance comment now says: ${guideAfter ?? '(no comment)'}`, 'dim'));
  demo.progress = { closed, transitions, writes, current, guideBefore: whereTheProjectIs(pull.comment), guideAfter };
}

/** The daily scheduled run: the full sync, which also brings the dashboard up to date. */
async function dailySync(demo: DemoState): Promise<void> {
  const { indent, style } = demo;
  const result = await sync(demo, twoWorkdaysLate(demo));
  demo.finished = result;
  const writes = countRequests(demo, 'daily sync');
  const reads = demo.requests.at(-1)?.reads ?? 0;
  indent(`${result.resultLine} · ${reads} reads, ${writes} writes`);
  indent(style(`The dashboard issue: ${result.dashboard?.action ?? 'none'}`, 'dim'));
}

function showRequests(demo: DemoState): void {
  const { indent, style } = demo;
  const counts = need(demo.emulator, 'the emulator').log.counts();
  indent(style(`${'step'.padEnd(22)}  reads  writes`, 'dim'));
  for (const row of demo.requests) indent(`${row.step.padEnd(22)}  ${String(row.reads).padStart(5)}  ${String(row.writes).padStart(6)}`);
  indent(`${'total'.padEnd(22)}  ${String(counts.reads).padStart(5)}  ${String(counts.writes).padStart(6)}`);
  const busiest = Object.entries(counts.byRoute)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, 5)
    .map(([route, n]) => `${route} ×${n}`);
  indent(style(`busiest routes: ${busiest.join(', ')}`, 'dim'));
  indent(style(`GitHub's Actions token allows 1,000 requests an hour per repository; this story used ${counts.total}.`, 'dim'));
}

/**
 * The first stage's issues closed two working days after its due date, on the emulator's clock, then
 * the sync of that day: the dashboard issue as GitHub shows it, with the forecast moved.
 */
/** The day the story's first stage finishes: two working days after its due date, on the emulator's clock. */
function twoWorkdaysLate(demo: DemoState): string {
  const emulator = need(demo.emulator, 'the emulator');
  const config = need(demo.config, 'the config');
  const stage = need(need(demo.first, 'the first sync').stages.find((s) => s.id === DEMO.finishedStage) ?? null, 'the finished stage');
  const due = need(parseDay(stage.due ?? ''), 'the due date');
  const day = formatDay(addWorkingDays(due, 2, config.project.calendar));
  const target = Date.parse(`${day}T10:00:00Z`);
  if (target > emulator.clock.now()) emulator.clock.advance(target - emulator.clock.now());
  return day;
}

/** The dashboard the stage's sync wrote, as GitHub shows the issue. */
function showDashboard(demo: DemoState): void {
  const config = need(demo.config, 'the config');
  const result = need(demo.finished, 'the daily sync');
  const body = result.dashboard?.body;
  if (!body) throw new Error(`the dashboard was not written: ${result.dashboard?.message ?? result.dashboard?.action ?? 'no dashboard'}`);
  demo.indent(demo.style(`┌─ issue #${result.dashboard?.number ?? '?'} "Dashboard: ${config.project.name}"`, 'dim'));
  for (const line of stripMarker(body).trim().split('\n')) demo.indent(`${demo.style('│', 'dim')} ${line}`);
  demo.indent(demo.style('└─', 'dim'));
}
