// The guide use case's values: what comes in, what goes out, and the one value that flows through
// its phases (event → config at base → files → match → render → write), each phase adding its part.
import type { LifecycleConfig } from '../../config/schema.js';
import type { Diagnostic } from '../../config/diagnostics.js';
import type { GuideComment, GuideIssue, GuidePullRequest } from '../../guide/comment.js';
import type { StageMatchResult } from '../../guide/match.js';
import type { TemplateFile } from '../../render/templates.js';
import type { Schedule } from '../../schedule/schedule.js';
import type { GitHubClient } from '../../github/client.js';
import type { CommentAction } from '../../github/comments.js';
import type { RepoRef } from '../../github/repo.js';

/** The parts of a `pull_request` event's `pull_request` object (or GET /pulls/{n}) this command reads. */
export interface PullRequestPayload {
  number: number;
  title: string;
  body?: string | null;
  html_url: string;
  user?: { login: string } | null;
  labels?: Array<{ name?: string } | string>;
  changed_files?: number;
  head: { ref: string; sha: string };
  base: { ref?: string; sha: string; repo?: { html_url?: string } | null };
}

export interface GuideOptions {
  client: GitHubClient;
  repo: RepoRef;
  pr: number;
  /** The event's `pull_request` object; without it the pull request is read from the API (1 request). */
  payload?: PullRequestPayload | null;
  /** The event name; the head's lifecycle.yml is validated on `pull_request` only (default: any event). */
  eventName?: string;
  /** Commit the config and templates are read at; default the payload's base sha. */
  baseSha?: string;
  /** Default `.github/lifecycle.yml`. */
  configPath?: string;
  /** Default `.github/lifecycle/`. */
  templatesPath?: string;
  /**
   * The login the token writes as (`github-actions[bot]` for the Actions token, `<slug>[bot]` for
   * an App). When omitted it is asked of GitHub (see identity.ts) the first time a guide comment
   * is found; when GitHub cannot say, an existing comment is left alone rather than guessed at.
   */
  identity?: string | null;
  dryRun?: boolean;
  /** Add the matched stages' labels to the pull request (never removes any). */
  labelPrs?: boolean;
  /** Link to the run's job summary, for the "cut" note of a very long comment. */
  summaryUrl?: string | null;
  /** The built-in templates; default read from templates/common/. */
  builtinTemplates?: TemplateFile[];
}

export type GuideAction = CommentAction | 'skipped';

export interface GuideResult {
  matchedStages: string[];
  matches: StageMatchResult[];
  commentId: number | null;
  commentUrl: string | null;
  /** What happened to the comment; in a dry run, what would have happened. */
  action: GuideAction;
  /** The comment (marker included), or null when no stage matched. */
  body: string | null;
  /** For the job summary: the full guidance and why each stage matched. */
  summaryMarkdown: string;
  warnings: string[];
  files: { listed: number; changedFiles: number | null; truncated: boolean };
  labelsAdded: string[];
  /** Problems of the lifecycle.yml and templates this pull request proposes (empty unless it edits one of them). */
  headConfigDiagnostics: Diagnostic[];
  /** Problems of the base commit's lifecycle.yml (the guidance is skipped when there are errors). */
  configDiagnostics: Diagnostic[];
  dryRun: boolean;
}

/** Phase 1, the event: the settings and the pull request, fixed from here on. */
export interface GuideEvent {
  client: GitHubClient;
  repo: RepoRef;
  configPath: string;
  templatesPath: string;
  eventName: string | undefined;
  identity: string | null | undefined;
  dryRun: boolean;
  labelPrs: boolean;
  summaryUrl: string | null;
  builtinTemplates: TemplateFile[] | undefined;
  pull: PullRequestPayload;
  /** The commit the rules are read at: never the head (see docs/security.md). */
  baseSha: string;
  pr: GuidePullRequest;
  body: string;
  labels: string[];
  /** The repository's web address, for milestone links. */
  webUrl: string;
  /** Said in the job summary and as workflow warnings, in the order they arise; every phase adds to it. */
  warnings: string[];
}

/** Phase 2, the config at the base commit: read and parsed, not yet acted on. */
export interface AtBase extends GuideEvent {
  /** Null when it is missing or has errors; `configProblem` then says which. */
  config: LifecycleConfig | null;
  configDiagnostics: Diagnostic[];
  configProblem: string | null;
}

/** Phase 3, the changed files, and the problems of a lifecycle.yml or template the pull request proposes. */
export interface WithFiles extends AtBase {
  files: GuideResult['files'];
  changed: string[];
  headConfigDiagnostics: Diagnostic[];
}

/** Phase 4, the matched stages, with the managed issues and milestones the comment links to. */
export interface Matched extends WithFiles {
  config: LifecycleConfig;
  schedule: Schedule;
  matches: StageMatchResult[];
  issues: GuideIssue[];
  milestones: Map<string, { number: number; url: string }>;
}

/** Phase 5, the comment: null when no stage matched. */
export interface Rendered extends Matched {
  comment: GuideComment | null;
}

/** Phase 6, the comment written (or, in a dry run, what would be written). */
export interface Written extends Rendered {
  action: GuideAction;
  commentId: number | null;
  commentUrl: string | null;
  /** The token could not write to the pull request: nothing more is tried. */
  readOnly: boolean;
}

/** Phase 7, the stage labels added to the pull request. */
export interface Labelled extends Written {
  labelsAdded: string[];
}

/** Any point the use case can end at: the phases not reached add nothing to the result. */
export type GuideRun = WithFiles & Partial<Omit<Labelled, keyof WithFiles>>;
