// Phase 7, with label-prs: the matched stages' labels added to the pull request. Never removes a
// label, and never writes in a dry run or after the token turned out read-only.
import { stageLabel, type LifecycleConfig } from '../../config/schema.js';
import type { StageMatchResult } from '../../guide/match.js';
import type { Labelled, Written } from './types.js';
import { isReadOnly } from './write-comment.js';

export async function addStageLabels(run: Written): Promise<Labelled> {
  if (!run.labelPrs || run.dryRun || run.readOnly || run.matches.length === 0) return { ...run, labelsAdded: [] };
  const add = missingStageLabels(run.config, run.matches, run.labels);
  if (add.length === 0) return { ...run, labelsAdded: [] };
  try {
    await run.client.octokit.rest.issues.addLabels({ owner: run.repo.owner, repo: run.repo.name, issue_number: run.pull.number, labels: add });
    return { ...run, labelsAdded: add };
  } catch (error) {
    if (!isReadOnly(error)) throw error;
    run.warnings.push('The token cannot add labels to this pull request (read-only); the stage labels were not added.');
    return { ...run, labelsAdded: [] };
  }
}

/** The matched stages' labels the pull request does not carry yet (GitHub compares labels case-insensitively). */
export function missingStageLabels(config: LifecycleConfig, matches: readonly StageMatchResult[], labels: readonly string[]): string[] {
  const have = new Set(labels.map((l) => l.toLowerCase()));
  return matches
    .map((m) => config.stages.find((s) => s.id === m.stage))
    .filter((s) => s !== undefined)
    .map((s) => stageLabel(s))
    .filter((l) => !have.has(l.toLowerCase()));
}
