// The one guidance comment of a pull request, built from the matched stages. Pure: issues, views,
// templates and the pull request come in as data; the GitHub adapter decides what to write.
//
// Everything a stranger controls (title, branch, author, file paths, issue titles) passes through
// neutralize() before it reaches a template or the comment. Nothing in the comment depends on the
// event itself (no commit sha, no time), so a push that changes nothing the guidance shows leaves
// the text, and its digest, as they were: no write.
import { computeStageStates } from '../progress/states.js';
import { BODY_LIMIT, fitWithMarker } from '../plan/body-limit.js';
import { parseMarker, stripMarker } from '../plan/marker.js';
import { neutralize, neutralizeCode } from '../render/escape.js';
import type { ShapeType, matchShape, pullRequestShape, statusShape } from '../render/context-shape.js';
import type { Renderer } from '../render/renderer.js';
import { describeReason, type StageMatchResult } from './match.js';
import { closeOpenFence } from './own-marker.js';

/** GitHub refuses comment bodies longer than this. */
export const COMMENT_LIMIT = BODY_LIMIT;
/** Room kept for the marker line and the "cut" note. */
const RESERVE = 600;
/** Matched files shown per stage; the rest are counted. */
export const FILES_SHOWN = 20;

/** The pull request as guidance templates see it (docs/templates.md lists it from the shape). */
export type GuidePullRequest = ShapeType<typeof pullRequestShape>;

export interface GuideIssue {
  number: number;
  title: string;
  url: string;
  stage: string;
  state: 'open' | 'closed';
}

/** The parts of a stage view the comment reads; the template gets the whole view. */
export interface StageViewLike {
  id: string;
  name: string;
  depends_on: string[];
  milestone: { title: string; number: number | null; url: string | null };
}

/** `status` in guidance templates; the current stage is the whole stage view the templates get. */
export type GuidanceStatus = Omit<ShapeType<typeof statusShape>, 'currentStage'> & { currentStage: StageViewLike | null };

export interface BuildCommentInput<V extends StageViewLike = StageViewLike> {
  /** The template context every template gets (project, vars, repo, stages, schedule); `stages` are the active stages. */
  base: { readonly stages: readonly V[] };
  /** Guidance template name per stage id (default guidance.md.hbs). */
  guidanceTemplate: (stageId: string) => string;
  renderer: Pick<Renderer, 'render'>;
  matches: StageMatchResult[];
  pr: GuidePullRequest;
  /** Managed issues of every stage (open and closed). */
  issues: GuideIssue[];
  files: { listed: number; changedFiles: number | null; truncated: boolean };
  /** Where the full guidance is when the comment is cut (the run's job summary). */
  summaryUrl?: string | null;
  /** The issues are unknown (an offline preview): say nothing about where the project stands. */
  offline?: boolean;
  /**
   * The stage's review checklist for the files of this pull request that matched it; review items
   * limited to paths show only when one of those files matches. Absent: the view's checklist as is.
   */
  reviewChecklist?: (stageId: string, files: readonly string[]) => string[];
}

export interface GuideSection {
  stage: string;
  name: string;
  markdown: string;
  reasons: string[];
}

export interface GuideComment {
  /** The comment to post, marker included; null when no stage matched (the comment goes away). */
  body: string | null;
  /** The whole guidance, never cut: for the job summary. */
  markdown: string;
  sections: GuideSection[];
  currentStage: string | null;
  /** Matched stages whose dependencies still have open issues. */
  blocked: { stage: string; blockedBy: GuidanceStatus['blockedBy'] }[];
  /** Whether sections were dropped or shortened to fit GitHub's limit. */
  cut: boolean;
  digest: string | null;
}

/** Per-stage issue counts and the dependency check, over the active stages in life cycle order. */
export function stageStatuses<V extends StageViewLike>(stages: readonly V[], issues: readonly GuideIssue[]): Map<string, GuidanceStatus> {
  const byStage = new Map<string, GuideIssue[]>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const list = byStage.get(issue.stage) ?? [];
    list.push(issue);
    byStage.set(issue.stage, list);
  }
  const openOf = (id: string) => (byStage.get(id) ?? []).filter((i) => i.state === 'open');
  const views = new Map(stages.map((s) => [s.id, s]));
  // The stage states the sync uses (src/progress/states.ts): the current stage is the first active
  // one. A stage without any issue has nothing left to do here, so it counts as done.
  const states = computeStageStates(
    stages.map((s) => {
      const tasks = (byStage.get(s.id) ?? []).map((i) => ({ state: i.state }));
      return { id: s.id, enabled: true, dependsOn: s.depends_on, tasks, stageIssue: { state: 'closed' as const } };
    }),
  );
  const firstCurrent = states.current[0];
  const current = firstCurrent === undefined ? null : (views.get(firstCurrent) ?? null);

  const statuses = new Map<string, GuidanceStatus>();
  for (const stage of stages) {
    const all = byStage.get(stage.id) ?? [];
    const open = openOf(stage.id);
    statuses.set(stage.id, {
      currentStage: current,
      open: open.length,
      closed: all.length - open.length,
      openIssues: open.map((i) => ({ number: i.number, title: neutralize(i.title), url: i.url })),
      blockedBy: blockers(stage, views, openOf),
    });
  }
  return statuses;
}

// Every stage this one waits for, directly or through others, that still has open issues; nearest
// first. A dependency that is not active (its `when` is false) is passed through, not reported.
function blockers<V extends StageViewLike>(stage: V, views: Map<string, V>, openOf: (id: string) => GuideIssue[]): GuidanceStatus['blockedBy'] {
  const out: GuidanceStatus['blockedBy'] = [];
  const seen = new Set<string>([stage.id]);
  let frontier = [...stage.depends_on];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      const view = views.get(id);
      if (!view) continue;
      const open = openOf(id);
      if (open.length > 0) out.push({ stage: id, name: view.name, openIssues: open.map((i) => i.number) });
      next.push(...view.depends_on);
    }
    frontier = next;
  }
  return out;
}

function stageName(view: StageViewLike): string {
  return view.milestone.url ? `[${view.name}](${view.milestone.url})` : `**${view.name}**`;
}

function issueList(numbers: readonly number[], max = 10): string {
  const shown = numbers.slice(0, max).map((n) => `#${n}`);
  const more = numbers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function header<V extends StageViewLike>(
  input: BuildCommentInput<V>,
  matched: V[],
  statuses: Map<string, GuidanceStatus>,
): { text: string; blocked: GuideComment['blocked'] } {
  const lines: string[] = ['### Lifecycle guidance', ''];
  const first = matched[0];
  const current = first ? (statuses.get(first.id)?.currentStage ?? null) : null;
  const works = `This pull request works on ${matched.map(stageName).join(', ')}.`;
  if (input.offline) {
    lines.push(works);
  } else if (current) {
    const open = statuses.get(current.id)?.open ?? 0;
    lines.push(`${works} The project is in ${stageName(current)} (${plural(open, 'open issue')}).`);
  } else {
    lines.push(`${works} No stage has open issues.`);
  }
  const blocked: GuideComment['blocked'] = [];
  const warnings: string[] = [];
  for (const view of matched) {
    const by = statuses.get(view.id)?.blockedBy ?? [];
    if (by.length === 0) continue;
    blocked.push({ stage: view.id, blockedBy: by });
    const parts = by.map((b) => `${b.name} (${plural(b.openIssues.length, 'open issue')}: ${issueList(b.openIssues)})`);
    warnings.push(`${view.name} depends on work that is not finished: ${parts.join('; ')}.`);
  }
  if (warnings.length > 0) {
    lines.push('', '> [!WARNING]');
    for (const w of warnings) lines.push(`> ${w}`);
  }
  const { files } = input;
  if (files.truncated) {
    const total = files.changedFiles === null ? 'more than 3,000' : files.changedFiles.toLocaleString('en-US');
    lines.push(
      '',
      '> [!NOTE]',
      `> This pull request changes ${total} files; GitHub lists only the first ${files.listed.toLocaleString('en-US')}, so stages were matched on those (and on labels, branch and closed issues).`,
    );
  }
  return { text: lines.join('\n'), blocked };
}

/** The `match` value a guidance template gets: reasons and files, neutralized, files capped. */
function matchContext(match: StageMatchResult): ShapeType<typeof matchShape> {
  const files = match.files.slice(0, FILES_SHOWN).map((file) => neutralize(file));
  return {
    reasons: match.details.map((d) => describeReason(d, neutralizeCode)),
    files,
    moreFiles: match.files.length - files.length,
    fileCount: match.files.length,
  };
}

/** Fits header + sections under the limit: whole sections first, then a shortened one, then a note. */
function fit(head: string, sections: readonly string[], summaryUrl: string | null | undefined, limit: number): { content: string; cut: boolean } {
  const whole = [head, ...sections].join('\n\n');
  if (whole.length <= limit - RESERVE) return { content: whole, cut: false };
  const where = summaryUrl ? `the [job summary](${summaryUrl})` : 'the job summary of this run';
  const note = (dropped: number) =>
    `> [!NOTE]\n> This comment was shortened to fit GitHub's limit of 65,536 characters${dropped > 0 ? ` (${plural(dropped, 'more section')} not shown)` : ''}; the full guidance is in ${where}.`;
  const budget = limit - RESERVE;
  let content = head;
  let shown = 0;
  for (const section of sections) {
    if (content.length + 2 + section.length > budget) break;
    content += `\n\n${section}`;
    shown++;
  }
  const next = sections[shown];
  if (next !== undefined) {
    const room = budget - content.length - 2;
    if (room > 200) {
      const slice = next.slice(0, room);
      const cutAt = slice.lastIndexOf('\n');
      // A cut inside a code block closes it, or the note (and the marker) would show as code.
      content += `\n\n${closeOpenFence((cutAt > 0 ? slice.slice(0, cutAt) : slice).trimEnd())}\n\n…`;
      shown++;
    }
  }
  return { content: `${content}\n\n${note(sections.length - shown)}`, cut: true };
}

/** Builds the comment for the matched stages; `body` is null when none matched. */
export function buildGuideComment<V extends StageViewLike>(input: BuildCommentInput<V>, limit: number = COMMENT_LIMIT): GuideComment {
  const views = new Map(input.base.stages.map((s) => [s.id, s]));
  const statuses = stageStatuses(input.base.stages, input.issues);
  const matched = input.matches.map((m) => ({ match: m, view: views.get(m.stage) })).filter((x): x is { match: StageMatchResult; view: V } => x.view !== undefined);
  if (matched.length === 0) {
    const current = input.base.stages.find((s) => (statuses.get(s.id)?.open ?? 0) > 0) ?? null;
    return { body: null, markdown: '', sections: [], currentStage: current?.id ?? null, blocked: [], cut: false, digest: null };
  }

  const pr = {
    number: input.pr.number,
    title: neutralize(input.pr.title),
    branch: neutralize(input.pr.branch),
    author: neutralize(input.pr.author),
    url: input.pr.url,
  };
  const sections: GuideSection[] = matched.map(({ match, view }) => {
    const status = statuses.get(view.id);
    const stage = input.reviewChecklist ? { ...view, checklist: input.reviewChecklist(view.id, match.files) } : view;
    const context = { ...input.base, stage, pr, match: matchContext(match), status };
    const markdown = input.renderer.render(input.guidanceTemplate(view.id), context).trim();
    return { stage: view.id, name: view.name, markdown, reasons: match.details.map((d) => describeReason(d, neutralizeCode)) };
  });
  const head = header(input, matched.map((m) => m.view), statuses);
  // The marker must never appear inside the visible text, whatever a template wrote.
  const texts = sections.map((s) => stripMarker(s.markdown));
  const markdown = [head.text, ...texts].join('\n\n');
  const fitted = fit(head.text, texts, input.summaryUrl, limit);
  // The marker is read only outside code (see own-marker.ts): a template that leaves a fence open
  // must not hide it.
  const content = closeOpenFence(fitted.content);
  const cut = fitted.cut;
  // fit() leaves room for the marker; fitWithMarker() holds the limit whatever the header's length.
  const body = fitWithMarker(content, { kind: 'guide' }, limit);
  const cutAgain = stripMarker(body) !== stripMarker(content);
  const currentStage = statuses.get(matched[0]?.view.id ?? '')?.currentStage?.id ?? null;
  return { body, markdown, sections, currentStage, blocked: head.blocked, cut: cut || cutAgain, digest: parseMarker(body)?.digest ?? null };
}
