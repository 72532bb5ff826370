// `lifecycle demo`: the whole story, offline. Generate a repository with `init`, start the embedded
// GitHub emulator, sync through the same code the Action runs, open a pull request and post its
// guidance, sync again (nothing to write), and count the requests. Deterministic: a fixed start
// date, a fixed "today", and the emulator's own clock; only the port and the temp folder vary.
// The steps are in steps.ts; this runs them in order and gathers what they found.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_STEPS, need } from './steps.js';
import type { DemoOptions, DemoReport, DemoState } from './types.js';

export { DEMO } from './story.js';
export type { DemoOptions, DemoReport, DemoStageRow, DemoStepRequests, Style } from './types.js';

export async function runDemo(options: DemoOptions = {}): Promise<DemoReport> {
  const write = options.write ?? (() => undefined);
  const style = options.style ?? ((text: string) => text);
  write(style('lifecycle demo: a Generative AI project planned on GitHub, end to end, offline', 'heading'));
  const repoDir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'lifecycle-demo-'));
  const demo = newDemoState(options, repoDir, style, (text) => write(`   ${text}`));
  try {
    for (const [index, step] of DEMO_STEPS.entries()) {
      write('');
      write(style(`${index + 1}. ${step.heading}`, 'heading'));
      await step.run(demo);
    }
    return reportOf(demo);
  } finally {
    await demo.emulator?.stop();
    if (!options.keep) await rm(demo.repoDir, { recursive: true, force: true });
  }
}

/** The state before the first step: nothing generated, started or synced yet. */
export function newDemoState(options: DemoOptions, repoDir: string, style: DemoState['style'], indent: DemoState['indent']): DemoState {
  return {
    options,
    style,
    indent,
    repoDir,
    files: new Map(),
    configText: null,
    config: null,
    emulator: null,
    client: null,
    requests: [],
    logMark: 0,
    first: null,
    pull: null,
    second: null,
    finished: null,
    progress: null,
  };
}

function reportOf(demo: DemoState): DemoReport {
  const first = need(demo.first, 'the first sync');
  const second = need(demo.second, 'the second sync');
  const counts = need(demo.emulator, 'the emulator').log.counts();
  const created = first.sync.plan.operations.filter((op) => op.op.startsWith('create-'));
  return {
    repoDir: demo.repoDir,
    files: [...demo.files.keys()],
    firstSync: {
      resultLine: first.sync.resultLine,
      created: first.sync.counts.created,
      writes: first.writes,
      milestones: created.filter((op) => op.op === 'create-milestone').length,
      // Task issues; each stage's own issue is counted apart.
      issues: created.filter((op) => op.op === 'create-issue' && op.task !== '').length,
      stageIssues: created.filter((op) => op.op === 'create-issue' && op.task === '').length,
      links: first.sync.hierarchy.subIssuesAdded + first.sync.hierarchy.blockersAdded,
      labels: created.filter((op) => op.op === 'create-label').length,
    },
    stages: first.stages,
    gantt: first.sync.gantt,
    pull: need(demo.pull, 'the pull request'),
    secondSync: { resultLine: second.sync.resultLine, writes: second.writes, unchanged: second.sync.counts.unchanged },
    progress: need(demo.progress, 'the finished stage'),
    requests: { steps: demo.requests, total: counts.total, reads: counts.reads, writes: counts.writes, byRoute: counts.byRoute },
  };
}
