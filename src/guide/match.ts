// Which stages a pull request works on. Pure: the adapters pass the pull request facts in.
//
// A stage matches when any of these holds:
//   - a changed file matches one of its `match.paths` globs and none of its `!` globs;
//   - the pull request carries one of its `match.labels`;
//   - the head branch matches one of its `match.branches` regular expressions;
//   - the body closes (GitHub's closing keywords) an issue this tool manages for the stage.
//
// `!` globs only ever remove files. A list made of `!` globs alone matches nothing, and a `!` glob
// never turns "any file that is not X" into a match; some path labelers treat a negated glob
// inside an "any" list as a positive pattern, so a stage with `["!docs/**"]` would claim almost
// every pull request. The position of a `!` glob in the list does not matter.
import picomatch from 'picomatch';
import type { LifecycleConfig, Stage } from '../config/schema.js';

export interface PullRequestFacts {
  /** Changed file paths, as the pull request files list gives them. */
  files: readonly string[];
  labels: readonly string[];
  /** Head branch name (without refs/heads/). */
  branch: string;
  body: string;
  /** The repository the pull request targets; `owner/name#N` references count only for it. */
  repo?: { owner: string; name: string };
  /** Issue numbers the pull request closes, when the caller already knows them (else read from the body). */
  closes?: readonly number[];
}

export interface ManagedIssueRef {
  number: number;
  stage: string;
  state: 'open' | 'closed';
}

/** Why a stage matched, as data, so a display can neutralize the parts a stranger wrote (the branch). */
export type MatchReason =
  | { kind: 'paths'; glob: string; count: number }
  | { kind: 'label'; label: string }
  | { kind: 'branch'; branch: string; pattern: string }
  | { kind: 'closes'; issue: number };

export interface StageMatchResult {
  stage: string;
  /** One Markdown line per reason; may hold the branch name as written, so neutralize before display. */
  reasons: string[];
  details: MatchReason[];
  /** The changed files that matched the stage's globs, in the order given. */
  files: string[];
}

type Matcher = (path: string) => boolean;

const NEVER: Matcher = () => false;

/** One predicate for a stage's path globs: any positive glob, and no `!` glob. */
export function compilePathGlobs(globs: readonly string[]): Matcher {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const glob of globs) {
    const trimmed = glob.trim();
    if (trimmed === '' || trimmed === '!') continue;
    if (trimmed.startsWith('!')) exclude.push(trimmed.slice(1));
    else include.push(trimmed);
  }
  if (include.length === 0) return NEVER;
  const isIncluded = picomatch(include, { dot: true });
  const isExcluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : NEVER;
  return (path) => isIncluded(path) && !isExcluded(path);
}

/** The positive glob that matched a file, for the reason line. */
function firstMatchingGlob(globs: readonly string[], path: string): string | undefined {
  return globs.find((glob) => !glob.trim().startsWith('!') && glob.trim() !== '' && picomatch.isMatch(path, glob.trim(), { dot: true }));
}

function compileBranchPatterns(patterns: readonly string[]): { source: string; re: RegExp }[] {
  const compiled: { source: string; re: RegExp }[] = [];
  for (const source of patterns) {
    try {
      compiled.push({ source, re: new RegExp(source) });
    } catch {
      // An invalid expression is a config error that validation reports; here it just never matches.
    }
  }
  return compiled;
}

// GitHub's closing keywords. A keyword must stand as its own word ("prefixes #1" closes nothing),
// may be followed by a colon, and applies to one reference.
const CLOSING_RE = /(?<![\w-])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?::\s*|\s+)(?:([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+))?#(\d+)(?![\w-])/gi;

/**
 * Issue numbers a pull request body closes in its own repository: `fixes #12`, `Closes: #3`,
 * `resolves owner/repo#7` (the same repository only, compared case-insensitively). References to
 * other repositories are ignored; without `repo`, only bare `#N` references count.
 */
export function closingReferences(body: string, repo?: { owner: string; name: string }): number[] {
  const found = new Set<number>();
  for (const m of body.matchAll(CLOSING_RE)) {
    const [, owner, name, num] = m;
    if (num === undefined) continue;
    if (owner !== undefined && name !== undefined) {
      if (!repo) continue;
      if (owner.toLowerCase() !== repo.owner.toLowerCase() || name.toLowerCase() !== repo.name.toLowerCase()) continue;
    }
    const n = Number(num);
    if (Number.isSafeInteger(n) && n > 0) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A Markdown code span around any text: "**" in a glob must not turn into bold. */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * One reason as a line of Markdown (globs, labels and names in code spans); `show` lets a display
 * neutralize the untrusted branch name.
 */
export function describeReason(reason: MatchReason, show: (untrusted: string) => string = (text) => text): string {
  switch (reason.kind) {
    case 'paths':
      return `${plural(reason.count, 'changed file')} ${reason.count === 1 ? 'matches' : 'match'} ${code(reason.glob)}`;
    case 'label':
      return `labelled ${code(reason.label)}`;
    case 'branch':
      return `branch ${code(show(reason.branch))} matches ${code(reason.pattern)}`;
    case 'closes':
      return `closes #${reason.issue}`;
  }
}

function matchStage(stage: Stage, pr: PullRequestFacts, closes: ReadonlySet<number>, issues: readonly ManagedIssueRef[]): StageMatchResult | null {
  const details: MatchReason[] = [];
  const match = stage.match ?? {};

  const globs = match.paths ?? [];
  const files: string[] = [];
  if (globs.length > 0) {
    const matcher = compilePathGlobs(globs);
    for (const file of pr.files) if (matcher(file)) files.push(file);
    if (files.length > 0) {
      const byGlob = new Map<string, number>();
      for (const file of files) {
        const glob = firstMatchingGlob(globs, file) ?? globs[0] ?? '';
        byGlob.set(glob, (byGlob.get(glob) ?? 0) + 1);
      }
      for (const [glob, count] of byGlob) details.push({ kind: 'paths', glob, count });
    }
  }

  const wanted = new Set(match.labels ?? []);
  for (const label of pr.labels) if (wanted.has(label)) details.push({ kind: 'label', label });

  for (const { source, re } of compileBranchPatterns(match.branches ?? [])) {
    if (re.test(pr.branch)) {
      details.push({ kind: 'branch', branch: pr.branch, pattern: source });
      break;
    }
  }

  for (const issue of issues) {
    if (issue.stage === stage.id && closes.has(issue.number)) details.push({ kind: 'closes', issue: issue.number });
  }

  return details.length > 0 ? { stage: stage.id, reasons: details.map((d) => describeReason(d)), details, files } : null;
}

/**
 * The stages a pull request works on, in life cycle order. Stages not in `activeStageIds` (their
 * `when` is false) never match.
 */
export function matchStages(
  config: Pick<LifecycleConfig, 'stages'>,
  activeStageIds: Iterable<string>,
  pr: PullRequestFacts,
  managedIssues: readonly ManagedIssueRef[],
): StageMatchResult[] {
  const active = new Set(activeStageIds);
  const closes = new Set(pr.closes ?? closingReferences(pr.body, pr.repo));
  const issues = [...managedIssues].sort((a, b) => a.number - b.number);
  const results: StageMatchResult[] = [];
  for (const stage of config.stages) {
    if (!active.has(stage.id)) continue;
    const result = matchStage(stage, pr, closes, issues);
    if (result) results.push(result);
  }
  return results;
}
