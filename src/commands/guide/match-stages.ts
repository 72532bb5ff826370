// Phase 4: which active stages the pull request works on: its files, labels, branch, and the
// stages of the issues its body closes.
import { stageLabel, type LifecycleConfig } from '../../config/schema.js';
import { MAX_BRANCH_BYTES, MAX_PATH_BYTES } from '../../config/patterns.js';
import type { GuideIssue } from '../../guide/comment.js';
import { closingReferences, matchStages, unmatchedFacts } from '../../guide/match.js';
import { parseMarker } from '../../plan/marker.js';
import { computeSchedule } from '../../schedule/schedule.js';
import { listIssuesByLabel } from '../../github/issues.js';
import type { Matched, WithFiles } from './types.js';

export async function matchPull(run: WithFiles & { config: LifecycleConfig }): Promise<Matched> {
  const { config, repo } = run;
  const schedule = computeSchedule(config);
  const active = schedule.stages.filter((s) => s.active).map((s) => s.id);
  const facts = { files: run.changed, labels: run.labels, branch: run.pr.branch, body: run.body, repo };
  run.warnings.push(...unmatchedWarnings(facts));
  const closes = closingReferences(run.body, repo);

  // Managed issues serve the closing-keyword rule and the status lines; skip them when neither can matter.
  const withoutIssues = matchStages(config, active, facts, []);
  const managed = withoutIssues.length > 0 || closes.length > 0 ? await readManagedIssues(run, config) : { issues: [], milestones: new Map() };
  const matches = matchStages(config, active, { ...facts, closes }, managed.issues.map(({ number, stage, state }) => ({ number, stage, state })));
  return { ...run, schedule, matches, issues: matches.length === 0 ? [] : managed.issues, milestones: managed.milestones };
}

/** The project's issues that belong to a stage, and the milestone each stage's issues are in. */
async function readManagedIssues(run: WithFiles, config: LifecycleConfig): Promise<Pick<Matched, 'issues' | 'milestones'>> {
  const labelToStage = new Map(config.stages.map((s) => [stageLabel(s).toLowerCase(), s.id]));
  const listed = await listIssuesByLabel(run.client, run.repo, config.project.label);
  const issues: GuideIssue[] = [];
  const milestones: Matched['milestones'] = new Map();
  for (const issue of listed.issues) {
    const stage = issueStage(issue, labelToStage);
    if (!stage) continue;
    issues.push({ number: issue.number, title: issue.title, url: issue.htmlUrl, stage, state: issue.state });
    if (issue.milestone !== null && !milestones.has(stage)) milestones.set(stage, { number: issue.milestone, url: `${run.webUrl}/milestone/${issue.milestone}` });
  }
  return { issues, milestones };
}

/** The stage a managed issue belongs to: its marker, else its stage label. */
export function issueStage(issue: { body: string | null; labels: string[] }, labelToStage: Map<string, string>): string | null {
  const marker = parseMarker(issue.body);
  if (marker?.kind === 'task' && marker.stage) return marker.stage;
  for (const label of issue.labels) {
    const stage = labelToStage.get(label.toLowerCase());
    if (stage) return stage;
  }
  return null;
}

/** Names no pattern was tried on, because no real name is that long: said, so a missing match is not a mystery. */
export function unmatchedWarnings(facts: { files: readonly string[]; branch: string }): string[] {
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
