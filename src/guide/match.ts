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
//
// The branch name and the file paths are chosen by whoever opens the pull request, so they are
// matched in linear time (RE2, see src/config/patterns.ts), each pattern compiled once per stage
// and event, and only up to a length no real name reaches: a longer branch name matches no branch
// pattern, a longer path no glob (`unmatchedFacts` says which, for the run's warnings).
import { MAX_BRANCH_BYTES, MAX_PATH_BYTES, compileBranchPattern, compileGlob, isPlainPath, withinBytes } from '../config/patterns.js';
import type { LifecycleConfig, Stage, StageMatch, VariableValue } from '../config/schema.js';
import { resolveMatch } from '../config/conditional.js';
import { longestBacktickRun } from '../render/code-block.js';

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

type Matcher = (text: string) => boolean;

const NEVER: Matcher = () => false;

interface PathGlob {
  /** As written in the list, for the reason line. */
  glob: string;
  test: Matcher;
}

interface CompiledStageMatch {
  include: PathGlob[];
  exclude: Matcher[];
  branches: { source: string; test: Matcher }[];
  labels: ReadonlySet<string>;
}

/** A path the globs are matched against: a plain relative path no longer than GitHub's names get. */
export function isMatchablePath(path: string): boolean {
  return withinBytes(path, MAX_PATH_BYTES) && isPlainPath(path);
}

/** A branch name the patterns are matched against. */
export function isMatchableBranch(branch: string): boolean {
  return withinBytes(branch, MAX_BRANCH_BYTES);
}

// An invalid pattern is a config error that validation reports; here it just never matches.
function compilePaths(globs: readonly string[]): Pick<CompiledStageMatch, 'include' | 'exclude'> {
  const include: PathGlob[] = [];
  const exclude: Matcher[] = [];
  for (const glob of globs) {
    const trimmed = glob.trim();
    if (trimmed === '' || trimmed === '!') continue;
    const negated = trimmed.startsWith('!');
    const compiled = compileGlob(negated ? trimmed.slice(1) : trimmed);
    const test = compiled.ok ? compiled.test : NEVER;
    if (negated) exclude.push(test);
    else include.push({ glob, test });
  }
  return { include, exclude };
}

/** One predicate for a stage's path globs: any positive glob, and no `!` glob. */
export function compilePathGlobs(globs: readonly string[]): Matcher {
  const { include, exclude } = compilePaths(globs);
  if (include.length === 0) return NEVER;
  return (path) => isMatchablePath(path) && include.some((g) => g.test(path)) && !exclude.some((test) => test(path));
}

// One compilation per stage's `match` object and variables, shared by every call on the same
// config: a guide run matches twice (before and after it knows the managed issues).
const compiledMatches = new WeakMap<StageMatch, { vars: string; compiled: CompiledStageMatch }>();

type Vars = Readonly<Record<string, VariableValue>>;

function compileStageMatch(stageId: string, match: StageMatch, vars: Vars): CompiledStageMatch {
  const key = JSON.stringify(vars);
  const cached = compiledMatches.get(match);
  if (cached?.vars === key) return cached.compiled;
  // Rules with a `when` apply only when it holds with these variables.
  const rules = resolveMatch(match, vars, `match rule of stage "${stageId}"`);
  const branches: CompiledStageMatch['branches'] = [];
  for (const source of rules.branches) {
    const pattern = compileBranchPattern(source);
    if (pattern.ok) branches.push({ source, test: pattern.test });
  }
  const compiled = { ...compilePaths(rules.paths), branches, labels: new Set(rules.labels) };
  compiledMatches.set(match, { vars: key, compiled });
  return compiled;
}

/** What a pull request holds that no pattern was matched against, because it is too long (or not a plain path). */
export interface UnmatchedFacts {
  /** Changed files whose path no glob was matched against. */
  paths: number;
  /** True when the head branch name is longer than any branch pattern is matched against. */
  branch: boolean;
}

export function unmatchedFacts(pr: Pick<PullRequestFacts, 'files' | 'branch'>): UnmatchedFacts {
  let paths = 0;
  for (const file of pr.files) if (!isMatchablePath(file)) paths++;
  return { paths, branch: !isMatchableBranch(pr.branch) };
}

// GitHub's closing keywords. A keyword must stand as its own word ("prefixes #1" closes nothing),
// may be followed by a colon, and applies to one reference.
// The body is written by whoever opens the pull request, and this runs in time linear in its
// length: an attempt gets past the keyword only where a keyword stands, and then backtracks at
// most over the blanks and the one word that follow it (the owner/name classes hold no blank), a
// stretch that the attempts of two successive keywords share at most once.
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
  const fence = '`'.repeat(longestBacktickRun(text) + 1);
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

function matchStage(
  stage: Stage,
  vars: Vars,
  pr: PullRequestFacts,
  files: readonly string[],
  closes: ReadonlySet<number>,
  issues: readonly ManagedIssueRef[],
): StageMatchResult | null {
  const details: MatchReason[] = [];
  const compiled = compileStageMatch(stage.id, stage.match ?? {}, vars);

  const matched: string[] = [];
  if (compiled.include.length > 0) {
    const byGlob = new Map<string, number>();
    for (const file of files) {
      const first = compiled.include.find((g) => g.test(file));
      if (first === undefined || compiled.exclude.some((test) => test(file))) continue;
      matched.push(file);
      byGlob.set(first.glob, (byGlob.get(first.glob) ?? 0) + 1);
    }
    for (const [glob, count] of byGlob) details.push({ kind: 'paths', glob, count });
  }

  for (const label of pr.labels) if (compiled.labels.has(label)) details.push({ kind: 'label', label });

  if (isMatchableBranch(pr.branch)) {
    const pattern = compiled.branches.find((b) => b.test(pr.branch));
    if (pattern) details.push({ kind: 'branch', branch: pr.branch, pattern: pattern.source });
  }

  for (const issue of issues) {
    if (issue.stage === stage.id && closes.has(issue.number)) details.push({ kind: 'closes', issue: issue.number });
  }

  return details.length > 0 ? { stage: stage.id, reasons: details.map((d) => describeReason(d)), details, files: matched } : null;
}

/**
 * The stages a pull request works on, in life cycle order. Stages not in `activeStageIds` (their
 * `when` is false) never match. Match rules with a `when` apply when it holds with the config's
 * variables.
 */
export function matchStages(
  config: Pick<LifecycleConfig, 'stages'> & Partial<Pick<LifecycleConfig, 'variables'>>,
  activeStageIds: Iterable<string>,
  pr: PullRequestFacts,
  managedIssues: readonly ManagedIssueRef[],
): StageMatchResult[] {
  const active = new Set(activeStageIds);
  const closes = new Set(pr.closes ?? closingReferences(pr.body, pr.repo));
  const issues = [...managedIssues].sort((a, b) => a.number - b.number);
  const files = pr.files.filter(isMatchablePath);
  const results: StageMatchResult[] = [];
  for (const stage of config.stages) {
    if (!active.has(stage.id)) continue;
    const result = matchStage(stage, config.variables ?? {}, pr, files, closes, issues);
    if (result) results.push(result);
  }
  return results;
}
