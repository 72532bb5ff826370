// Phase 5: the comment for the matched stages, rendered with the base commit's templates (the
// built-ins fill in the rest). Nothing is read when no stage matched: there is no comment.
import { DEFAULT_TEMPLATES, type LifecycleConfig } from '../../config/schema.js';
import { buildGuideComment, type GuideComment, type GuideIssue, type GuidePullRequest } from '../../guide/comment.js';
import type { StageMatchResult } from '../../guide/match.js';
import { buildTemplateContext, reviewChecklist } from '../../render/context.js';
import { createRenderer } from '../../render/renderer.js';
import { loadBuiltinTemplates, makeTemplateSet, normalizeName, type TemplateFile, type TemplateSet } from '../../render/templates.js';
import type { Schedule } from '../../schedule/schedule.js';
import type { GitHubClient } from '../../github/client.js';
import { readContent } from '../../github/contents.js';
import type { RepoRef } from '../../github/repo.js';
import type { GuideResult, Matched, Rendered } from './types.js';

export async function renderGuidance(run: Matched): Promise<Rendered> {
  const { config, matches } = run;
  if (matches.length === 0) return { ...run, comment: null };
  const names = [...new Set(matches.map((m) => guidanceTemplateOf(config, m.stage)))];
  const [repoTemplates, builtin] = await Promise.all([
    readRepoTemplates(run.client, run.repo, run.templatesPath, run.baseSha, names),
    run.builtinTemplates ?? loadBuiltinTemplates(),
  ]);
  const comment = composeComment({
    config,
    schedule: run.schedule,
    templates: makeTemplateSet(repoTemplates, builtin),
    repo: { ...run.repo, url: run.webUrl },
    milestones: run.milestones,
    matches,
    pr: run.pr,
    issues: run.issues,
    files: run.files,
    summaryUrl: run.summaryUrl,
  });
  return { ...run, comment };
}

export function guidanceTemplateOf(config: LifecycleConfig, stageId: string): string {
  return config.stages.find((s) => s.id === stageId)?.guidance ?? DEFAULT_TEMPLATES.guidance;
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

export interface ComposeInput {
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

/** The comment from data alone: shared by the real run and the offline preview. */
export function composeComment(input: ComposeInput): GuideComment {
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
    reviewChecklist: (id, files) => {
      const stage = input.config.stages.find((s) => s.id === id);
      return stage ? reviewChecklist(stage, input.config.variables, files) : [];
    },
  });
}
