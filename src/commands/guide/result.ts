// The end of every run, wherever it stopped: the result the Action and the CLI read, and the job
// summary that says what happened and why.
import type { LifecycleConfig } from '../../config/schema.js';
import { formatDiagnostic } from '../../config/diagnostics.js';
import type { GuidePullRequest } from '../../guide/comment.js';
import { describeReason } from '../../guide/match.js';
import { codeFence } from '../../render/code-block.js';
import { neutralizeCode } from '../../render/escape.js';
import type { GuideAction, GuideResult, GuideRun } from './types.js';

export function finish(run: GuideRun): GuideResult {
  const matches = run.matches ?? [];
  const result: Omit<GuideResult, 'summaryMarkdown'> = {
    matchedStages: matches.map((m) => m.stage),
    matches,
    commentId: run.commentId ?? null,
    commentUrl: run.commentUrl ?? null,
    action: run.action ?? 'skipped',
    body: run.comment?.body ?? null,
    warnings: run.warnings,
    files: run.files,
    labelsAdded: run.labelsAdded ?? [],
    headConfigDiagnostics: run.headConfigDiagnostics,
    configDiagnostics: run.configDiagnostics,
    dryRun: run.dryRun,
  };
  return { ...result, summaryMarkdown: summaryFor(result, run.pr, run.comment?.markdown ?? '', run.config) };
}

const DONE: Record<GuideAction, string> = {
  created: 'Comment created',
  updated: 'Comment updated',
  unchanged: 'Comment already current: nothing written',
  deleted: 'Comment removed: the pull request no longer works on any stage',
  none: 'No stage matched: no comment',
  skipped: 'No comment written',
};

export function summaryFor(result: Omit<GuideResult, 'summaryMarkdown'>, pr: GuidePullRequest, markdown: string, config: LifecycleConfig | null): string {
  const lines: string[] = [`## Lifecycle guidance for pull request #${pr.number}`, ''];
  if (result.dryRun) lines.push('Dry run: nothing was written.', '');
  const link = result.commentUrl ? ` ([comment](${result.commentUrl}))` : '';
  lines.push(`${DONE[result.action]}${link}.`, '');
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
