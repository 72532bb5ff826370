// `guide`: one pull request → the stages it works on → one sticky comment. Shared by the Action
// and the CLI; both pass plain values in and read the result. The use case is its phases, each in
// guide/ and each adding its part to the one value that flows through them (guide/types.ts).
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
import { hasConfig, readBaseConfig, reportConfigProblem } from './guide/base-config.js';
import { listChangedFiles } from './guide/changed-files.js';
import { readEvent } from './guide/event.js';
import { matchPull } from './guide/match-stages.js';
import { checkProposedConfig } from './guide/proposed-config.js';
import { renderGuidance } from './guide/render-comment.js';
import { finish } from './guide/result.js';
import { addStageLabels } from './guide/stage-labels.js';
import type { GuideOptions, GuideResult } from './guide/types.js';
import { writeGuidance } from './guide/write-comment.js';

export type { GuideAction, GuideOptions, GuideResult, PullRequestPayload } from './guide/types.js';
export { guidanceTemplateOf } from './guide/render-comment.js';
export { previewGuide, type GuidePreview, type PreviewInput } from './guide/preview.js';

export async function runGuide(options: GuideOptions): Promise<GuideResult> {
  const event = await readEvent(options);
  const atBase = await readBaseConfig(event);
  const listed = await listChangedFiles(atBase);
  const checked = await checkProposedConfig(listed);
  // Only here does a missing or broken base config stop the run: the pull request may be the one
  // that adds or fixes it, and its proposed version is checked above.
  if (!hasConfig(checked)) return finish(reportConfigProblem(checked));
  const matched = await matchPull(checked);
  const rendered = await renderGuidance(matched);
  const written = await writeGuidance(rendered);
  return finish(await addStageLabels(written));
}
