// `lifecycle demo`: the whole story, offline. Generate a repository with `init`, start the embedded
// GitHub emulator, sync through the same code the Action runs, open a pull request and post its
// guidance, sync again (nothing to write), and count the requests. Deterministic: a fixed start
// date, a fixed "today", and the emulator's own clock; only the port and the temp folder vary.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGuide } from '../commands/guide.js';
import { runSync } from '../commands/sync.js';
import type { SyncResult } from '../commands/sync.js';
import { createClock, startEmulator } from '../emulator/index.js';
import type { Emulator, Exchange } from '../emulator/index.js';
import { createClient } from '../github/client.js';
import type { RepoRef } from '../github/repo.js';
import { snapshotDir } from './files.js';
import { CONFIG_PATH } from '../init/plan.js';
import { runInit } from '../init/run.js';
import { isStageActive } from '../init/skeleton.js';
import { stripMarker } from '../plan/marker.js';
import { configSchema } from '../config/schema.js';
import { parse } from 'yaml';

export const DEMO = {
  repo: { owner: 'acme', name: 'support-assistant' } as RepoRef,
  projectName: 'Support assistant',
  start: '2027-01-04',
  /** The day the story happens: the project's first day. */
  today: '2027-01-04',
  token: 'demo-actions-token',
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

const FILE_LINE = /^\s+(create|unchanged|overwrite|skip)\s/;

export type Style = 'heading' | 'dim' | 'good' | 'code';

export interface DemoOptions {
  /** Receives the report, line by line. */
  write?: (line: string) => void;
  style?: (text: string, style: Style) => string;
  /** Parent of the temporary repository folder (default: the system temp folder). */
  tmpRoot?: string;
  /** Keep the generated repository folder instead of removing it at the end. */
  keep?: boolean;
  /** Sees every request the emulator answers (the tests hold them to GitHub's OpenAPI description). */
  onExchange?: (exchange: Exchange) => void;
}

export interface DemoStageRow {
  id: string;
  name: string;
  due: string | null;
  milestone: number | null;
  issues: number;
  skipped: boolean;
}

export interface DemoStepRequests {
  step: string;
  reads: number;
  writes: number;
}

export interface DemoReport {
  repoDir: string;
  files: string[];
  firstSync: { resultLine: string; created: number; writes: number; milestones: number; issues: number; labels: number };
  stages: DemoStageRow[];
  gantt: string | null;
  pull: { number: number; files: string[]; matchedStages: string[]; action: string; comment: string | null; comments: number };
  secondSync: { resultLine: string; writes: number; unchanged: number };
  requests: { steps: DemoStepRequests[]; total: number; reads: number; writes: number; byRoute: Record<string, number> };
}

export async function runDemo(options: DemoOptions = {}): Promise<DemoReport> {
  const write = options.write ?? (() => undefined);
  const style = options.style ?? ((text: string) => text);
  let step = 0;
  const heading = (title: string) => {
    step += 1;
    write('');
    write(style(`${step}. ${title}`, 'heading'));
  };
  const indent = (text: string) => write(`   ${text}`);

  write(style('lifecycle demo: a Generative AI project planned on GitHub, end to end, offline', 'heading'));

  // 1. The generated repository.
  heading('Generate the repository (lifecycle init)');
  const repoDir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'lifecycle-demo-'));
  let emulator: Emulator | null = null;
  try {
    const set = [`name=${DEMO.projectName}`, `start=${DEMO.start}`];
    indent(style(`$ lifecycle init --preset genai --yes --skeleton --set "name=${DEMO.projectName}" --set start=${DEMO.start}`, 'code'));
    const init = await runInit(
      { dir: '.', preset: 'genai', yes: true, set, dryRun: false, skeleton: true, ejectTemplates: false },
      {
        cwd: repoDir,
        today: DEMO.today,
        interactive: false,
        // The file list only: the "next steps" are for a person setting up a real repository.
        out: (line) => (FILE_LINE.test(line) ? indent(line.trim()) : undefined),
        err: indent,
        color: (text) => text,
      },
    );
    if (init.exitCode !== 0) throw new Error(`init failed with exit code ${init.exitCode}`);
    const files = await snapshotDir(repoDir);
    const configText = files.get(CONFIG_PATH) ?? (await readFile(join(repoDir, CONFIG_PATH), 'utf8'));
    const config = configSchema.parse(parse(configText));
    indent(style(`(in ${repoDir}${options.keep ? '' : ', removed at the end'})`, 'dim'));

    // 2. The emulator, a repository holding those files, and a workflow token.
    heading('Start the embedded GitHub emulator');
    const tree = Object.fromEntries(files);
    emulator = await startEmulator({
      clock: createClock({ start: `${DEMO.today}T09:00:00Z`, speed: DEMO.speed }),
      ...(options.onExchange ? { onExchange: options.onExchange } : {}),
      seed: {
        tokens: [{ token: DEMO.token, kind: 'actions' }],
        users: [{ login: DEMO.pull.author }],
        repos: [{ owner: DEMO.repo.owner, name: DEMO.repo.name, default_branch: 'main', files: tree, refs: { [DEMO.baseSha]: tree } }],
      },
    });
    const client = createClient({ token: DEMO.token, baseUrl: emulator.url, timing: { timeScale: DEMO.speed } });
    indent(`${emulator.url}  ·  repository ${DEMO.repo.owner}/${DEMO.repo.name} with the ${files.size} generated files  ·  a workflow token`);

    const log = emulator.log;
    let mark = log.entries.length;
    const stepRequests: DemoStepRequests[] = [];
    const closeStep = (name: string) => {
      const entries = log.entries.slice(mark);
      mark = log.entries.length;
      const writes = entries.filter((e) => e.write).length;
      stepRequests.push({ step: name, reads: entries.length - writes, writes });
      return writes;
    };

    // 3. First sync.
    heading('First sync: milestones with due dates, and their issues');
    const sync = (): Promise<SyncResult> =>
      runSync({ client, repo: DEMO.repo, configText, configPath: CONFIG_PATH, templatesDir: join(repoDir, '.github/lifecycle'), today: DEMO.today, identity: DEMO.bot });
    const first = await sync();
    const firstWrites = closeStep('first sync');
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

    // 4. The Gantt chart.
    heading('The schedule as a Mermaid Gantt chart (the job summary renders it)');
    for (const line of (first.gantt ?? '(no chart: the project has no start date)').trimEnd().split('\n')) indent(style(line, 'code'));

    // 5. A pull request touching finetune/ and its guidance comment.
    heading('A pull request touching finetune/ gets its stage guidance');
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
    const guide = await runGuide({ client, repo: DEMO.repo, pr: pull.number, eventName: 'pull_request', identity: DEMO.bot });
    closeStep('pull request guidance');
    const comments = emulator.state.repo(`${DEMO.repo.owner}/${DEMO.repo.name}`).commentsByIssue.get(pull.number)?.length ?? 0;
    indent(style(`Matched: ${guide.matchedStages.join(', ') || 'no stage'} · comment ${guide.action}`, 'good'));
    const comment = guide.body === null ? null : stripMarker(guide.body).trim();
    if (comment !== null) {
      indent(style('┌─ the comment', 'dim'));
      for (const line of comment.split('\n')) indent(`${style('│', 'dim')} ${line}`);
      indent(style('└─', 'dim'));
    }

    // 6. Second sync: nothing changed, nothing written.
    heading('Second sync: already in step');
    const second = await sync();
    const secondWrites = closeStep('second sync');
    indent(style(`${secondWrites} writes · ${second.counts.unchanged} objects unchanged · ${second.resultLine}`, 'good'));

    // 7. Requests.
    heading('Requests the emulator answered');
    const counts = log.counts();
    indent(style(`${'step'.padEnd(22)}  reads  writes`, 'dim'));
    for (const row of stepRequests) indent(`${row.step.padEnd(22)}  ${String(row.reads).padStart(5)}  ${String(row.writes).padStart(6)}`);
    indent(`${'total'.padEnd(22)}  ${String(counts.reads).padStart(5)}  ${String(counts.writes).padStart(6)}`);
    const busiest = Object.entries(counts.byRoute)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, 5)
      .map(([route, n]) => `${route} ×${n}`);
    indent(style(`busiest routes: ${busiest.join(', ')}`, 'dim'));
    indent(style(`GitHub's Actions token allows 1,000 requests an hour per repository; this story used ${counts.total}.`, 'dim'));

    const created = first.plan.operations.filter((op) => op.op.startsWith('create-'));
    return {
      repoDir,
      files: [...files.keys()],
      firstSync: {
        resultLine: first.resultLine,
        created: first.counts.created,
        writes: firstWrites,
        milestones: created.filter((op) => op.op === 'create-milestone').length,
        issues: created.filter((op) => op.op === 'create-issue').length,
        labels: created.filter((op) => op.op === 'create-label').length,
      },
      stages,
      gantt: first.gantt,
      pull: { number: pull.number, files: [...DEMO.pull.files], matchedStages: guide.matchedStages, action: guide.action, comment, comments },
      secondSync: { resultLine: second.resultLine, writes: secondWrites, unchanged: second.counts.unchanged },
      requests: { steps: stepRequests, total: counts.total, reads: counts.reads, writes: counts.writes, byRoute: counts.byRoute },
    };
  } finally {
    await emulator?.stop();
    if (!options.keep) await rm(repoDir, { recursive: true, force: true });
  }
}
