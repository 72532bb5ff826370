// `sync`, shared by the Action and the CLI: load and validate the config, render what should exist,
// read what GitHub holds, plan, apply (unless dry run), and report. The caller builds the client
// and passes every outside value in (token, base URL, today's date); nothing here reads the
// environment.
import { hasErrors, formatDiagnostic, summarize } from '../config/diagnostics.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { validateLifecycle, validateLifecycleFile } from './validate.js';
import type { LifecycleConfig, VariableValue } from '../config/schema.js';
import { applyPlan, milestoneNumbers, type OpResult } from '../github/apply.js';
import type { GitHubClient } from '../github/client.js';
import type { FirstReads } from '../github/first-reads.js';
import { IDENTITY_HINT, type IdentityResult } from '../github/identity.js';
import { listManagedIssuesSince } from '../github/issues.js';
import { findUnlabelledIssues, readCurrentState } from '../github/read-state.js';
import { getRepository } from '../github/repository.js';
import { rateLimitErrorFrom } from '../github/errors.js';
import { fullName, type RepoRef } from '../github/repo.js';
import { dueDateOf } from '../plan/dates.js';
import { parseMarker } from '../plan/marker.js';
import type { CurrentIssue, CurrentMilestone, CurrentState, Operation, Plan } from '../plan/model.js';
import { isWrite } from '../plan/model.js';
import { dependsOnIdentity, plan as makePlan } from '../plan/plan.js';
import { renderDesiredState } from '../render/desired.js';
import { loadTemplateSet, type TemplateSet } from '../render/templates.js';
import { ganttChart } from '../schedule/gantt.js';
import {
  stageStatus,
  summaryMarkdown,
  resultLine,
  type ConflictItem,
  type DriftItem,
  type KindCounts,
  type StageProgress,
  type SyncCounts,
} from './sync-summary.js';

export type { ConflictItem, DriftItem, StageProgress, SyncCounts } from './sync-summary.js';

export type SyncPhase = 'load' | 'read' | 'plan' | 'apply' | 'verify' | 'done';

export interface SyncProgressEvent {
  phase: SyncPhase;
  message: string;
  /** During apply: writes finished and the total planned. */
  done?: number;
  total?: number;
}

export interface SyncOptions {
  client: GitHubClient;
  repo: RepoRef;
  /** The config's text (the Action may read it through the contents API) and the path to name it by. */
  configText?: string;
  /** Where the config is; read from disk when `configText` is not given. Default .github/lifecycle.yml. */
  configPath?: string;
  /** Templates as data, or the repository's templates folder to read (null: built-ins only). */
  templates?: TemplateSet;
  templatesDir?: string | null;
  /** How diagnostics name the templates folder, e.g. ".github/lifecycle/" (default: templatesDir as given). */
  templatesDisplay?: string;
  /** Answers that override the config's `variables`. */
  vars?: Record<string, VariableValue>;
  dryRun?: boolean;
  prune?: boolean;
  overwrite?: boolean;
  /**
   * The login the token writes as (github-actions[bot] for the Actions token, <slug>[bot] for an
   * App installation token), or a function that asks GitHub (called only when needed; see
   * findIdentity). With it, a plan that would create issues first looks among that login's issues
   * for managed ones that lost both their label and their milestone. When GitHub cannot say, that
   * look is skipped with a warning: a guessed login finds nothing and hides that it found nothing.
   * Of several issues carrying one task's marker, the ones that login opened are kept.
   */
  identity?: string | (() => Promise<IdentityResult>);
  /** Pages of the identity's issues to look through (newest first). */
  identityPages?: number;
  /** YYYY-MM-DD, for "late" and "on track"; without it no stage is called late. */
  today?: string;
  onProgress?: (event: SyncProgressEvent) => void;
  /**
   * The repository, label and milestone reads, when the caller started them before calling (the
   * Action does, so they travel while the config is checked and rendered). Without them nothing
   * is read before the config has passed.
   */
  firstReads?: FirstReads;
}

export interface SyncResult {
  repo: string;
  dryRun: boolean;
  /** True when everything planned was written (or, in a dry run, computed). */
  ok: boolean;
  counts: SyncCounts;
  plan: Plan;
  /** Stage id → milestone number (after this run; in a dry run, the existing ones). */
  milestones: Record<string, number>;
  drift: DriftItem[];
  /** What only a person can settle: a closed milestone holding a stage's title, a copied task marker. */
  conflicts: ConflictItem[];
  stages: StageProgress[];
  gantt: string | null;
  results: OpResult[];
  failures: OpResult[];
  warnings: string[];
  /** Duplicates left by a run racing this one, closed after this run created its issues. */
  duplicatesClosed: number[];
  /** Why the run stopped early (permission, rate limit), or null. */
  error: Error | null;
  requests: { total: number; reads: number; writes: number; secondaryLimitWaits: number };
  resultLine: string;
  summaryMarkdown: string;
}

/** The config or a template it uses has errors: nothing was written to GitHub, nor read beyond `firstReads`. */
export class ConfigInvalidError extends Error {
  override name = 'ConfigInvalidError';
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`${diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d)).join('\n')}\n${summarize(diagnostics)}`);
  }
}

const DEFAULT_CONFIG = '.github/lifecycle.yml';

async function loadInputs(options: SyncOptions): Promise<{ config: LifecycleConfig; templates: TemplateSet; diagnostics: Diagnostic[] }> {
  const display = options.templatesDisplay;
  const templates = options.templates ?? (await loadTemplateSet(options.templatesDir ?? null, display === undefined ? {} : { display }));
  const path = options.configPath ?? DEFAULT_CONFIG;
  const folder = display ?? options.templatesDir ?? undefined;
  // The same validation as `lifecycle validate`, templates included: a broken template stops the
  // run here, before anything is read from or written to GitHub.
  const sources = { file: path, templates, ...(folder ? { templatesDir: folder } : {}) };
  const loaded = options.configText !== undefined ? validateLifecycle(options.configText, sources) : await validateLifecycleFile(path, sources);
  if (!loaded.config || hasErrors(loaded.diagnostics)) throw new ConfigInvalidError(loaded.diagnostics);
  return { config: loaded.config, templates, diagnostics: loaded.diagnostics };
}

function mergeIssues(base: readonly CurrentIssue[], extra: readonly CurrentIssue[]): CurrentIssue[] {
  const byNumber = new Map(base.map((i) => [i.number, i]));
  for (const issue of extra) byNumber.set(issue.number, issue);
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

function mergeMilestones(base: readonly CurrentMilestone[], extra: readonly CurrentMilestone[]): CurrentMilestone[] {
  const byNumber = new Map(base.map((m) => [m.number, m]));
  for (const milestone of extra) byNumber.set(milestone.number, milestone);
  return [...byNumber.values()].sort((a, b) => a.number - b.number);
}

type Kind = keyof KindCounts;

function kindOf(op: Operation): Kind | null {
  switch (op.op) {
    case 'create-label':
    case 'update-label':
      return 'labels';
    case 'create-milestone':
    case 'update-milestone':
    case 'adopt-milestone':
    case 'close-milestone':
      return 'milestones';
    case 'create-issue':
    case 'update-issue':
    case 'close-issue':
      return 'issues';
    default:
      return null;
  }
}

function verbOf(op: Operation['op']): 'created' | 'updated' | 'closed' | null {
  if (op.startsWith('create-')) return 'created';
  if (op.startsWith('update-') || op === 'adopt-milestone') return 'updated';
  if (op.startsWith('close-')) return 'closed';
  return null;
}

/**
 * A read that runs into a rate limit ends the run with the same clean error a write would give
 * (when the limit resets, and that the next run finishes the job), not with GitHub's raw answer.
 */
async function reading<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    throw rateLimitErrorFrom(error) ?? error;
  }
}

export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { client, repo } = options;
  const dryRun = options.dryRun ?? false;
  const progress = (phase: SyncPhase, message: string, extra: Partial<SyncProgressEvent> = {}) =>
    options.onProgress?.({ phase, message, ...extra });

  progress('load', 'Loading the config and templates');
  const { config, templates, diagnostics } = await loadInputs(options);
  const vars = { ...config.variables, ...options.vars };

  progress('read', `Reading labels, milestones and issues of ${fullName(repo)}`);
  const repository = await reading(options.firstReads?.repository ?? getRepository(client, repo));
  const rendered = renderDesiredState(config, {
    templates,
    vars,
    repo: { owner: repo.owner, name: repo.name, url: repository.htmlUrl },
    configPath: options.configPath ?? DEFAULT_CONFIG,
  });
  const desired = rendered.desired;
  const read = await reading(readCurrentState(client, repo, desired.managedLabel, options.firstReads));
  let current: CurrentState = read.state;
  const planOptions = { prune: options.prune ?? false, overwrite: options.overwrite ?? false, identity: null as string | null };

  progress('plan', 'Planning');
  let plan = makePlan(desired, current, planOptions);
  const wantsCreate = plan.operations.some((op) => op.op === 'create-issue');
  const ambiguous = dependsOnIdentity(plan);
  const identityWarnings: string[] = [];
  let identity: string | null = null;
  if ((wantsCreate || ambiguous) && options.identity !== undefined) {
    const who = typeof options.identity === 'function' ? await options.identity() : { login: options.identity, via: 'input' as const };
    if (who.login !== null) identity = who.login;
    else {
      identityWarnings.push(
        `Could not tell which login this token writes as (${who.reason}), so issues of this tool that lost both their label and their milestone were not looked for among its issues (if one exists, it is created again), and of several issues carrying one task's marker none could be told to be the tool's own. ${IDENTITY_HINT}`,
      );
    }
  }
  if (identity) {
    planOptions.identity = identity;
    let replan = ambiguous;
    if (wantsCreate) {
      // Before creating, make sure none of these issues exists without its label and milestone.
      const known = new Set(current.issues.map((i) => i.number));
      const found = await reading(findUnlabelledIssues(client, repo, identity, known, options.identityPages ?? 5));
      if (found.length > 0) {
        current = { ...current, issues: mergeIssues(current.issues, found) };
        replan = true;
      }
    }
    if (replan) plan = makePlan(desired, current, planOptions);
  }

  let results: OpResult[] = [];
  let milestones = Object.fromEntries([...milestoneNumbers(plan, current)].sort(([a], [b]) => a.localeCompare(b)));
  let error: Error | null = null;
  let after = current;
  const duplicatesClosed: number[] = [];
  const newestNumber = Math.max(read.newestNumber, ...current.issues.map((i) => i.number));

  if (!dryRun) {
    const writes = plan.operations.filter(isWrite).length;
    progress('apply', writes ? `Writing ${writes} change${writes === 1 ? '' : 's'}` : 'Nothing to write', { done: 0, total: writes });
    const applied = await applyPlan(client, repo, plan, {
      current,
      managedLabel: desired.managedLabel,
      newestNumber,
      onProgress: (event) => progress('apply', `${event.result.status} ${event.result.op}`, { done: event.done, total: event.total }),
    });
    results = applied.results;
    milestones = applied.milestones;
    error = applied.stopped;
    after = {
      ...current,
      milestones: mergeMilestones(current.milestones, applied.createdMilestones),
      issues: mergeIssues(current.issues, applied.createdIssues),
    };

    if (!error && applied.createdIssues.length > 0) {
      // A run racing this one may have created the same issues between our read and our writes.
      // Everything created since the read is numbered above `newestNumber`: list just that, and
      // close the newer of any pair, by the planner's own duplicate rule.
      progress('verify', 'Checking for issues a concurrent run created');
      const recent = await reading(listManagedIssuesSince(client, repo, desired.managedLabel, newestNumber));
      after = { ...after, issues: mergeIssues(after.issues, recent) };
      const recheck = makePlan(desired, after, planOptions);
      const duplicates = recheck.operations.filter((op) => op.op === 'close-issue' && op.stateReason === 'duplicate');
      if (duplicates.length > 0) {
        const closing = await applyPlan(client, repo, { operations: duplicates, warnings: [] }, { current: after, managedLabel: desired.managedLabel, newestNumber });
        results = [...results, ...closing.results];
        error = closing.stopped;
        for (const r of closing.results) if (r.status === 'done' && r.number !== undefined) duplicatesClosed.push(r.number);
      }
    }
  }

  // Counts: from what was done, or in a dry run from what would be.
  const zero = (): KindCounts => ({ labels: 0, milestones: 0, issues: 0 });
  const byVerb = { created: zero(), updated: zero(), closed: zero() };
  const ops = plan.operations;
  if (dryRun) {
    for (const op of ops) {
      const verb = verbOf(op.op);
      const kind = kindOf(op);
      if (verb && kind) byVerb[verb][kind] += 1;
    }
  } else {
    for (const r of results) {
      if (r.status !== 'done') continue;
      const verb = verbOf(r.op);
      const op = ops[r.index];
      const kind = op ? kindOf(op) : r.op.endsWith('-issue') ? 'issues' : null;
      if (verb && kind) byVerb[verb][kind] += 1;
    }
  }
  const sum = (k: KindCounts) => k.labels + k.milestones + k.issues;

  const driftOps = ops.filter((op): op is Extract<Operation, { op: 'drift' }> => op.op === 'drift');
  const drift: DriftItem[] = driftOps.map((op) => ({
    kind: op.kind,
    stage: op.stage,
    ...(op.task ? { task: op.task } : {}),
    number: op.number,
    field: op.field,
    url: op.htmlUrl,
    title:
      op.kind === 'milestone'
        ? (current.milestones.find((m) => m.number === op.number)?.title ?? `#${op.number}`)
        : (current.issues.find((i) => i.number === op.number)?.title ?? `#${op.number}`),
  }));
  const conflicts: ConflictItem[] = ops
    .filter((op): op is Extract<Operation, { op: 'conflict' }> => op.op === 'conflict')
    .map((op) => ({
      kind: op.kind,
      stage: op.stage,
      ...(op.task ? { task: op.task } : {}),
      number: op.number,
      title: op.title,
      url: op.htmlUrl,
      message: op.reason,
      resolve: op.resolve,
    }));
  const driftedObjects = new Set(drift.map((d) => `${d.kind}:${d.number}`));
  const driftByKind = {
    milestones: [...driftedObjects].filter((k) => k.startsWith('milestone:')).length,
    issues: [...driftedObjects].filter((k) => k.startsWith('issue:')).length,
  };

  const failures = results.filter((r) => r.status === 'failed' || r.status === 'skipped');
  const counts: SyncCounts = {
    created: sum(byVerb.created),
    updated: sum(byVerb.updated),
    closed: sum(byVerb.closed),
    unchanged: ops.filter((op) => op.op === 'noop').length,
    drifted: driftedObjects.size,
    failed: failures.length,
  };

  const stages = stageProgress(rendered.schedule.stages, after, milestones, results, plan, conflicts, dryRun, options.today ?? null);
  let gantt: string | null = null;
  try {
    gantt = ganttChart(config, rendered.schedule);
  } catch {
    gantt = null;
  }
  const warnings = [...diagnostics.filter((d) => d.severity === 'warning').map((d) => formatDiagnostic(d)), ...plan.warnings, ...identityWarnings];
  const requests = { total: client.stats.total, reads: client.stats.reads, writes: client.stats.writes, secondaryLimitWaits: client.stats.secondaryLimitWaits };
  const failureLines = failures.map((f) => ({ what: `${f.op} ${f.task ?? f.stage ?? f.name ?? ''}`.trim(), message: f.message ?? f.status }));
  const summaryInput = {
    repo: fullName(repo),
    dryRun,
    counts,
    createdByKind: byVerb.created,
    updatedByKind: byVerb.updated,
    closedByKind: byVerb.closed,
    driftByKind,
    stages,
    gantt,
    drift,
    conflicts,
    failures: failureLines,
    warnings,
    stopped: error ? error.message : null,
    requests,
    today: options.today ?? null,
  };
  progress('done', resultLine(summaryInput));
  return {
    repo: fullName(repo),
    dryRun,
    ok: error === null && failures.length === 0,
    counts,
    plan,
    milestones,
    drift,
    conflicts,
    stages,
    gantt,
    results,
    failures,
    warnings,
    duplicatesClosed,
    error,
    requests,
    resultLine: resultLine(summaryInput),
    summaryMarkdown: summaryMarkdown(summaryInput),
  };
}

interface ScheduledStageLike {
  id: string;
  name: string;
  active: boolean;
  due: string | null;
}

/**
 * Each active stage: its milestone (or the closed one blocking it), due date, and closed / total
 * issues (duplicates, pruned ones and issues carrying a copied marker left out).
 */
function stageProgress(
  scheduled: readonly ScheduledStageLike[],
  state: CurrentState,
  milestones: Record<string, number>,
  results: readonly OpResult[],
  plan: Plan,
  conflicts: readonly ConflictItem[],
  dryRun: boolean,
  today: string | null,
): StageProgress[] {
  const copies = new Set(conflicts.filter((c) => c.kind === 'issue').map((c) => c.number));
  const blockedBy = new Map(conflicts.filter((c) => c.kind === 'milestone').map((c) => [c.stage, { number: c.number, url: c.url }]));
  const closedNow = new Set(results.filter((r) => r.status === 'done' && (r.op === 'close-issue' || r.op === 'close-milestone') && r.number !== undefined).map((r) => `${r.op}:${r.number}`));
  const counts = new Map<string, { total: number; closed: number }>();
  for (const issue of state.issues) {
    const marker = parseMarker(issue.body);
    if (marker?.kind !== 'task' || !marker.stage || copies.has(issue.number)) continue;
    const closed = issue.state === 'closed' || closedNow.has(`close-issue:${issue.number}`);
    const reason = closedNow.has(`close-issue:${issue.number}`) ? 'not_planned' : issue.stateReason;
    if (closed && (reason === 'duplicate' || reason === 'not_planned')) continue;
    const entry = counts.get(marker.stage) ?? { total: 0, closed: 0 };
    entry.total += 1;
    if (closed) entry.closed += 1;
    counts.set(marker.stage, entry);
  }
  if (dryRun) {
    for (const op of plan.operations) {
      if (op.op !== 'create-issue') continue;
      const entry = counts.get(op.stage) ?? { total: 0, closed: 0 };
      entry.total += 1;
      counts.set(op.stage, entry);
    }
  }
  return scheduled
    .filter((s) => s.active)
    .map((s) => {
      const number = milestones[s.id];
      const found = number !== undefined ? state.milestones.find((m) => m.number === number) : undefined;
      const milestone = found
        ? { number: found.number, url: found.htmlUrl, state: closedNow.has(`close-milestone:${found.number}`) ? ('closed' as const) : found.state }
        : null;
      const { total, closed } = counts.get(s.id) ?? { total: 0, closed: 0 };
      const due = s.due ?? dueDateOf(found?.dueOn);
      const progress = { id: s.id, name: s.name, milestone, blockedBy: milestone ? null : (blockedBy.get(s.id) ?? null), due, total, closed };
      return { ...progress, status: stageStatus(progress, today) };
    });
}
