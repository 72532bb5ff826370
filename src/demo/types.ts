// What the demo takes, what it reports, and the state its steps share.
import type { SyncResult } from '../commands/sync.js';
import type { LifecycleConfig } from '../config/schema.js';
import type { Emulator, Exchange } from '../emulator/index.js';
import type { GitHubClient } from '../github/client.js';

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
  /** `issues`: task issues; `stageIssues`: one per active stage; `links`: sub-issues and dependency edges written. */
  firstSync: { resultLine: string; created: number; writes: number; milestones: number; issues: number; stageIssues: number; links: number; labels: number };
  stages: DemoStageRow[];
  gantt: string | null;
  pull: { number: number; files: string[]; matchedStages: string[]; action: string; comment: string | null; comments: number };
  secondSync: { resultLine: string; writes: number; unchanged: number };
  /** A stage finishes: the issues a person closed, what the next sync wrote, and where the project stands. */
  progress: { closed: number[]; transitions: string[]; writes: number; current: string[]; guideBefore: string | null; guideAfter: string | null };
  requests: { steps: DemoStepRequests[]; total: number; reads: number; writes: number; byRoute: Record<string, number> };
}

/**
 * What the steps share. The output and the temporary folder are there from the start; the rest is
 * filled in by the step that makes it, and read (through `need`) by the steps after it.
 */
export interface DemoState {
  readonly options: DemoOptions;
  readonly style: (text: string, style: Style) => string;
  /** One line of the report, indented under its step's heading. */
  readonly indent: (text: string) => void;
  readonly repoDir: string;
  files: Map<string, string>;
  configText: string | null;
  config: LifecycleConfig | null;
  emulator: Emulator | null;
  client: GitHubClient | null;
  /** Requests per step, counted from the emulator's log since the previous count. */
  requests: DemoStepRequests[];
  logMark: number;
  first: { sync: SyncResult; writes: number; stages: DemoStageRow[] } | null;
  pull: DemoReport['pull'] | null;
  second: { sync: SyncResult; writes: number } | null;
  progress: DemoReport['progress'] | null;
  /** The sync after the first stage finished, which also wrote the dashboard. */
  finished: SyncResult | null;
}

/** One numbered section of the demo: its heading, then what it does and prints. */
export interface DemoStep {
  heading: string;
  run: (demo: DemoState) => Promise<void> | void;
}
