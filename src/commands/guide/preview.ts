// `lifecycle guide` offline: the comment for a made-up pull request, without GitHub.
import type { LifecycleConfig } from '../../config/schema.js';
import { matchStages, type StageMatchResult } from '../../guide/match.js';
import type { TemplateSet } from '../../render/templates.js';
import { computeSchedule } from '../../schedule/schedule.js';
import { composeComment } from './render-comment.js';

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
 * No issues, so no progress and no current stage. Pure: config and templates come in as data.
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
