// `guide`: one pull request → the stages it works on → one sticky comment. Shared by the Action
// and the CLI; both pass plain values in and read the result.
//
// Trust: the configuration and the templates are read from the pull request's BASE commit
// through the contents API, never from its head and never from a workspace, so a pull request
// cannot change the rules it is judged by, and nothing of the pull request is ever run. The one
// head read is lifecycle.yml and its templates when the pull request edits either: they are
// validated (parsed and checked), never rendered or used.
//
// Requests per event: 1 (config) + templates (only when a stage matched: the folder listing and
// the guidance templates it holds) + ⌈files/100⌉ + ⌈issues/100⌉ (managed issues, only when
// something matched or the body closes an issue) + ⌈comments/100⌉, plus 1 for the pull request
// when no event payload is given and 1 for the token's identity (GraphQL viewer; GET /user only when
// that fails) when it is not given and a guide comment exists; and, on a pull request that edits
// lifecycle.yml or a template, 1 (its config at the head) + 1 per templates folder + 1 per template
// there. Writes: 0 when nothing changed, else 1 (plus 1 with label-prs).
import { DEFAULT_TEMPLATES, stageLabel, type LifecycleConfig } from '../config/schema.js';
import { loadConfigBytes } from '../config/load.js';
import { validateLifecycle } from './validate.js';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../config/diagnostics.js';
import { buildGuideComment, type GuideComment, type GuideIssue, type GuidePullRequest } from '../guide/comment.js';
import { closingReferences, describeReason, matchStages, unmatchedFacts, type StageMatchResult } from '../guide/match.js';
import { MAX_BRANCH_BYTES, MAX_PATH_BYTES } from '../config/patterns.js';
import { parseMarker } from '../plan/marker.js';
import { codeFence } from '../render/code-block.js';
import { buildTemplateContext } from '../render/context.js';
import { neutralize, neutralizeCode } from '../render/escape.js';
import { createRenderer } from '../render/renderer.js';
import { loadBuiltinTemplates, makeTemplateSet, normalizeName, type TemplateFile, type TemplateSet } from '../render/templates.js';
import { computeSchedule, type Schedule } from '../schedule/schedule.js';
import type { GitHubClient } from '../github/client.js';
import { listGuideComments, pickOurs, sameComment, sameLogin, writeGuideComment, type CommentAction } from '../github/comments.js';
import { httpStatus, isNotAccessible, isSecondaryRateLimit } from '../github/errors.js';
import { IDENTITY_HINT, identitySource } from '../github/identity.js';
import { listIssuesByLabel } from '../github/issues.js';
import { listPullFiles } from '../github/pull-files.js';
import { fullName, type RepoRef } from '../github/repo.js';
import { readContent } from '../github/contents.js';
import { getRepository } from '../github/repository.js';
import { readTemplateFiles } from '../github/template-files.js';

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

const FORK_HINT =
  'The token cannot write to this pull request (read-only, as on pull requests from forks under `pull_request`), so the guidance is in this job summary instead. ' +
  'To get the comment, run the workflow on `pull_request_target`: it is safe with this Action because it never checks out or runs the pull request\'s code and reads its configuration from the base commit (see docs/security.md).';

async function readPull(client: GitHubClient, repo: RepoRef, pr: number): Promise<PullRequestPayload> {
  try {
    const { data } = await client.octokit.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: pr });
    return data as unknown as PullRequestPayload;
  } catch (error) {
    if (httpStatus(error) !== 404) throw error;
    // GitHub answers 404 for a missing pull request and for a repository the token cannot see;
    // one more read tells which, so the message points at the right mistake.
    await getRepository(client, repo);
    throw new Error(`pull request #${pr} not found in ${fullName(repo)}`, { cause: error });
  }
}

function labelNames(labels: PullRequestPayload['labels']): string[] {
  return (labels ?? []).map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((n) => n !== '');
}

function repoWebUrl(pull: PullRequestPayload, repo: RepoRef): string {
  const fromBase = pull.base.repo?.html_url;
  if (fromBase) return fromBase.replace(/\/+$/, '');
  const m = /^(.*)\/pull\/\d+\/?$/.exec(pull.html_url);
  return m?.[1] ?? `https://github.com/${fullName(repo)}`;
}

/** The stage a managed issue belongs to: its marker, else its stage label. */
function issueStage(issue: { body: string | null; labels: string[] }, labelToStage: Map<string, string>): string | null {
  const marker = parseMarker(issue.body);
  if (marker?.kind === 'task' && marker.stage) return marker.stage;
  for (const label of issue.labels) {
    const stage = labelToStage.get(label.toLowerCase());
    if (stage) return stage;
  }
  return null;
}

/** Templates the matched stages use, from the base commit's templates folder; the rest are built-ins. */
async function readRepoTemplates(
  client: GitHubClient,
  repo: RepoRef,
  folder: string,
  ref: string,
  names: readonly string[],
): Promise<TemplateFile[]> {
  const dir = folder.replace(/^\/+|\/+$/g, '');
  const listing = await readContent(client, repo, dir, ref);
  if (!listing?.entries) return [];
  const top = new Map(listing.entries.map((e) => [e.name, e.type]));
  // Partials (_name.md.hbs) at the top of the folder can be used by any template: read them too.
  const wanted = new Set(names.map(normalizeName));
  for (const [name, type] of top) if (type === 'file' && name.startsWith('_') && name.endsWith('.hbs')) wanted.add(name);
  const files: TemplateFile[] = [];
  for (const name of [...wanted].sort()) {
    if (!top.has(name.split('/')[0] ?? '')) continue;
    const file = await readContent(client, repo, `${dir}/${name}`, ref);
    if (file?.text != null) files.push({ name, path: `${dir}/${name}`, text: file.text });
  }
  return files;
}

function summaryFor(result: Omit<GuideResult, 'summaryMarkdown'>, pr: GuidePullRequest, markdown: string, config: LifecycleConfig | null): string {
  const lines: string[] = [`## Lifecycle guidance for pull request #${pr.number}`, ''];
  if (result.dryRun) lines.push('Dry run: nothing was written.', '');
  const done: Record<GuideAction, string> = {
    created: 'Comment created',
    updated: 'Comment updated',
    unchanged: 'Comment already current: nothing written',
    deleted: 'Comment removed: the pull request no longer works on any stage',
    none: 'No stage matched: no comment',
    skipped: 'No comment written',
  };
  const link = result.commentUrl ? ` ([comment](${result.commentUrl}))` : '';
  lines.push(`${done[result.action]}${link}.`, '');
  for (const w of result.warnings) lines.push(`> [!WARNING]\n> ${w.replace(/\n/g, '\n> ')}`, '');
  if (result.matches.length > 0 && config) {
    const names = new Map(config.stages.map((s) => [s.id, s.name]));
    lines.push('| stage | why it matched |', '|---|---|');
    for (const m of result.matches) {
      const why = m.details.map((d) => describeReason(d, neutralizeCode).replace(/\|/g, '\\|')).join('<br>');
      lines.push(`| ${names.get(m.stage) ?? m.stage} | ${why} |`);
    }
    lines.push('');
  }
  if (result.headConfigDiagnostics.length > 0) {
    // The diagnostics quote the proposed files: a fence nothing in them can close.
    lines.push('The proposed lifecycle.yml has problems (in it or in the templates it uses):', '', codeFence(result.headConfigDiagnostics.map((d) => formatDiagnostic(d)).join('\n')), '');
  }
  if (markdown) lines.push(markdown, '');
  // A job summary holds 1 MiB per step; the comment is far below it, the matched-file lists are not.
  const text = lines.join('\n');
  return text.length > 1_000_000 ? `${text.slice(0, 1_000_000)}\n\n…(cut to fit the job summary)\n` : text;
}

export function guidanceTemplateOf(config: LifecycleConfig, stageId: string): string {
  return config.stages.find((s) => s.id === stageId)?.guidance ?? DEFAULT_TEMPLATES.guidance;
}

interface ComposeInput {
  config: LifecycleConfig;
  schedule: Schedule;
  templates: TemplateSet;
  repo: { owner: string; name: string; url: string } | null;
  milestones: ReadonlyMap<string, { number: number; url: string }>;
  matches: StageMatchResult[];
  pr: GuidePullRequest;
  issues: GuideIssue[];
  files: GuideResult['files'];
  summaryUrl: string | null;
  offline?: boolean;
}

function composeComment(input: ComposeInput): GuideComment {
  const context = buildTemplateContext(input.config, input.schedule, { vars: input.config.variables, repo: input.repo, milestones: input.milestones });
  return buildGuideComment({
    base: context,
    guidanceTemplate: (id) => guidanceTemplateOf(input.config, id),
    renderer: createRenderer(input.templates),
    matches: input.matches,
    pr: input.pr,
    issues: input.issues,
    files: input.files,
    summaryUrl: input.summaryUrl,
    offline: input.offline ?? false,
  });
}

export interface PreviewInput {
  config: LifecycleConfig;
  templates: TemplateSet;
  files: string[];
  labels?: string[];
  branch?: string;
  title?: string;
  body?: string;
}

export interface GuidePreview {
  matches: StageMatchResult[];
  /** The comment as it would be posted (marker included), or null when no stage matches. */
  body: string | null;
  markdown: string;
}

/**
 * The comment for a made-up pull request, without GitHub: no issues, so no progress and no
 * current stage. Pure: config and templates come in as data.
 */
export function previewGuide(input: PreviewInput): GuidePreview {
  const schedule = computeSchedule(input.config);
  const active = schedule.stages.filter((s) => s.active).map((s) => s.id);
  const branch = input.branch ?? '';
  const body = input.body ?? '';
  const matches = matchStages(input.config, active, { files: input.files, labels: input.labels ?? [], branch, body }, []);
  if (matches.length === 0) return { matches, body: null, markdown: '' };
  const comment = composeComment({
    config: input.config,
    schedule,
    templates: input.templates,
    repo: null,
    milestones: new Map(),
    matches,
    pr: { number: 0, title: input.title ?? '', branch, author: '', url: '' },
    issues: [],
    files: { listed: input.files.length, changedFiles: input.files.length, truncated: false },
    summaryUrl: null,
    offline: true,
  });
  return { matches, body: comment.body, markdown: comment.markdown };
}

export async function runGuide(options: GuideOptions): Promise<GuideResult> {
  const { client, repo } = options;
  const configPath = (options.configPath ?? '.github/lifecycle.yml').replace(/^\.\//, '');
  const templatesPath = options.templatesPath ?? '.github/lifecycle/';
  const dryRun = options.dryRun ?? false;
  const warnings: string[] = [];

  const pull = options.payload ?? (await readPull(client, repo, options.pr));
  const baseSha = options.baseSha ?? pull.base.sha;
  const pr: GuidePullRequest = {
    number: pull.number,
    title: pull.title,
    branch: pull.head.ref,
    author: pull.user?.login ?? '',
    url: pull.html_url,
  };
  const body = pull.body ?? '';
  const labels = labelNames(pull.labels);
  const base: Omit<GuideResult, 'summaryMarkdown'> = {
    matchedStages: [],
    matches: [],
    commentId: null,
    commentUrl: null,
    action: 'skipped',
    body: null,
    warnings,
    files: { listed: 0, changedFiles: pull.changed_files ?? null, truncated: false },
    labelsAdded: [],
    headConfigDiagnostics: [],
    configDiagnostics: [],
    dryRun,
  };
  const finish = (result: Omit<GuideResult, 'summaryMarkdown'>, markdown = '', config: LifecycleConfig | null = null): GuideResult => ({
    ...result,
    summaryMarkdown: summaryFor(result, pr, markdown, config),
  });

  const configFile = await readContent(client, repo, configPath, baseSha);
  const files = await listPullFiles(client, repo, pull.number, pull.changed_files ?? null);
  base.files = { listed: files.listed, changedFiles: files.changedFiles, truncated: files.truncated };
  if (files.truncated) {
    warnings.push(
      `This pull request changes ${files.changedFiles?.toLocaleString('en-US') ?? 'more than 3,000'} files; GitHub lists only the first ${files.listed.toLocaleString('en-US')}, so stages were matched on those.`,
    );
  }

  // A pull request that edits lifecycle.yml or a template: check the proposed versions, as
  // `lifecycle validate` would (read and parsed, never rendered or used).
  const templatesFolder = templatesPath.replace(/^\.?\/+|\/+$/g, '');
  const editsConfig = files.files.includes(configPath);
  const editsTemplates = files.files.some((f) => f.startsWith(`${templatesFolder}/`) && f.endsWith('.hbs'));
  if ((editsConfig || editsTemplates) && (options.eventName === undefined || options.eventName === 'pull_request')) {
    const head = await readContent(client, repo, configPath, pull.head.sha);
    if (head?.text != null) {
      const [proposed, builtin] = await Promise.all([readTemplateFiles(client, repo, templatesFolder, pull.head.sha), options.builtinTemplates ?? loadBuiltinTemplates()]);
      if (proposed.truncated) warnings.push(`The templates folder ${templatesFolder}/ holds more templates than are read for a check; some of the proposed templates were not checked.`);
      base.headConfigDiagnostics = validateLifecycle(Buffer.from(head.text, 'utf8'), {
        file: configPath,
        templates: makeTemplateSet(proposed.files, builtin),
        templatesDir: `${templatesFolder}/`,
      }).diagnostics;
    }
  }

  if (configFile?.text == null) {
    warnings.push(`No ${configPath} at the base commit (${baseSha.slice(0, 7)}): nothing to guide by. Guidance starts once it is merged.`);
    return finish(base);
  }
  const loaded = loadConfigBytes(Buffer.from(configFile.text, 'utf8'), configPath);
  base.configDiagnostics = loaded.diagnostics;
  const config = loaded.config;
  if (!config || hasErrors(loaded.diagnostics)) {
    warnings.push(`${configPath} at the base commit has errors, so no guidance was given. Run \`lifecycle validate\` to see them.`);
    return finish(base);
  }

  const schedule = computeSchedule(config);
  const active = schedule.stages.filter((s) => s.active).map((s) => s.id);
  const facts = { files: files.files, labels, branch: pr.branch, body, repo };
  warnings.push(...unmatchedWarnings(facts));
  const closes = closingReferences(body, repo);

  // Managed issues serve the closing-keyword rule and the status lines; skip them when neither can matter.
  const withoutIssues = matchStages(config, active, facts, []);
  let issues: GuideIssue[] = [];
  const milestones = new Map<string, { number: number; url: string }>();
  const webUrl = repoWebUrl(pull, repo);
  if (withoutIssues.length > 0 || closes.length > 0) {
    const labelToStage = new Map(config.stages.map((s) => [stageLabel(s).toLowerCase(), s.id]));
    const listed = await listIssuesByLabel(client, repo, config.project.label);
    for (const issue of listed.issues) {
      const stage = issueStage(issue, labelToStage);
      if (!stage) continue;
      issues.push({ number: issue.number, title: issue.title, url: issue.htmlUrl, stage, state: issue.state });
      if (issue.milestone !== null && !milestones.has(stage)) milestones.set(stage, { number: issue.milestone, url: `${webUrl}/milestone/${issue.milestone}` });
    }
  }
  const matches = matchStages(config, active, { ...facts, closes }, issues.map(({ number, stage, state }) => ({ number, stage, state })));
  base.matches = matches;
  base.matchedStages = matches.map((m) => m.stage);
  if (matches.length === 0) issues = [];

  let comment: GuideComment | null = null;
  if (matches.length > 0) {
    const names = [...new Set(matches.map((m) => guidanceTemplateOf(config, m.stage)))];
    const [repoTemplates, builtin] = await Promise.all([
      readRepoTemplates(client, repo, templatesPath, baseSha, names),
      options.builtinTemplates ?? loadBuiltinTemplates(),
    ]);
    comment = composeComment({
      config,
      schedule,
      templates: makeTemplateSet(repoTemplates, builtin),
      repo: { ...repo, url: webUrl },
      milestones,
      matches,
      pr,
      issues,
      files: base.files,
      summaryUrl: options.summaryUrl ?? null,
    });
    base.body = comment.body;
  }
  const markdown = comment?.markdown ?? '';

  const { marked } = await listGuideComments(client, repo, pull.number);
  const identity = identitySource(client, options.identity);
  // Which marked comment is ours depends on who the token writes as; with none, nothing to tell apart.
  const who = marked.length > 0 ? await identity() : null;
  let result: Omit<GuideResult, 'summaryMarkdown'> = base;
  if (who !== null && who.login === null) {
    // Unknown is not "someone else": writing now could post a second comment beside ours.
    warnings.push(
      `Could not tell which login this token writes as (${who.reason}), so the guidance comment was left as it is; the guidance is in this job summary. ${IDENTITY_HINT}`,
    );
    result = { ...base, action: 'skipped' };
    if (dryRun) return finish(result, markdown, config);
  } else {
    const found = pickOurs(marked, who?.login ?? null);
    if (found.foreign.length > 0) {
      warnings.push(`Ignored ${found.foreign.length} comment(s) that carry the guidance marker but were written by someone else (${[...new Set(found.foreign.map((c) => neutralize(c.author)))].join(', ')}).`);
    }

    if (dryRun) {
      const action: GuideAction =
        comment?.body == null ? (found.comment ? 'deleted' : 'none') : !found.comment ? 'created' : sameComment(found.comment.body, comment.body) ? 'unchanged' : 'updated';
      return finish({ ...base, action, commentId: found.comment?.id ?? null, commentUrl: found.comment?.htmlUrl ?? null }, markdown, config);
    }

    try {
      const written = await writeGuideComment(client, repo, pull.number, found, comment?.body ?? null, async () => (await identity()).login);
      result = { ...base, action: written.action, commentId: written.comment?.id ?? null, commentUrl: written.comment?.htmlUrl ?? null };
      const author = written.comment?.author;
      if (written.action === 'created' && author && options.identity && !sameLogin(author, options.identity)) {
        warnings.push(
          `The comment was written as ${neutralize(author)}, but the identity given is ${neutralize(options.identity)}: the next run would not recognise it and would post another. Set identity to ${neutralize(author)}, or leave it empty to have it found.`,
        );
      }
    } catch (error) {
      if (!isReadOnly(error)) throw error;
      warnings.push(FORK_HINT);
      result = { ...base, action: 'skipped', commentId: found.comment?.id ?? null, commentUrl: found.comment?.htmlUrl ?? null };
      return finish(result, markdown, config);
    }
  }

  if (options.labelPrs && matches.length > 0) {
    const have = new Set(labels.map((l) => l.toLowerCase()));
    const add = matches.map((m) => config.stages.find((s) => s.id === m.stage)).filter((s) => s !== undefined).map((s) => stageLabel(s)).filter((l) => !have.has(l.toLowerCase()));
    if (add.length > 0) {
      try {
        await client.octokit.rest.issues.addLabels({ owner: repo.owner, repo: repo.name, issue_number: pull.number, labels: add });
        result.labelsAdded = add;
      } catch (error) {
        if (!isReadOnly(error)) throw error;
        warnings.push('The token cannot add labels to this pull request (read-only); the stage labels were not added.');
      }
    }
  }
  return finish(result, markdown, config);
}

/** Names no pattern was tried on, because no real name is that long: said, so a missing match is not a mystery. */
function unmatchedWarnings(facts: { files: readonly string[]; branch: string }): string[] {
  const unmatched = unmatchedFacts(facts);
  const warnings: string[] = [];
  if (unmatched.paths > 0) {
    const n = unmatched.paths;
    warnings.push(
      `${n.toLocaleString('en-US')} changed file${n === 1 ? ' has a path' : 's have paths'} longer than ${MAX_PATH_BYTES.toLocaleString('en-US')} bytes or not in the plain relative form GitHub lists, so no "match.paths" glob was tried on ${n === 1 ? 'it' : 'them'}.`,
    );
  }
  if (unmatched.branch) {
    warnings.push(`The head branch name is longer than ${MAX_BRANCH_BYTES} bytes, so no "match.branches" pattern was tried on it.`);
  }
  return warnings;
}

/** A refused write that is not a rate limit: read-only token (forks) or a missing permission. */
function isReadOnly(error: unknown): boolean {
  if (isSecondaryRateLimit(error)) return false;
  return isNotAccessible(error) || httpStatus(error) === 403;
}
