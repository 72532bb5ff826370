// Phase plan: desired × current → operations. When the plan would create issues, or which of
// several copies is the tool's own depends on who wrote them, it asks which login the token writes
// as, looks among that login's issues for managed ones that lost their label and milestone, and
// plans again with what it found.
import { findDashboardIssue } from '../../forecast/from-github.js';
import { readDashboardRecord } from '../../forecast/record.js';
import { findUnlabelledIssues } from '../../github/read-state.js';
import { IDENTITY_HINT } from '../../github/identity.js';
import { parseMarker } from '../../plan/marker.js';
import type { CurrentIssue, CurrentState, DesiredState, Plan } from '../../plan/model.js';
import { dependsOnIdentity, plan as makePlan } from '../../plan/plan.js';
import { serverFeatures } from './link.js';
import { mergeIssues, reading } from './state.js';
import type { Planned, Read, SyncContext, SyncOptions } from './types.js';

export async function plan({ options, client, repo, progress }: SyncContext, read: Read): Promise<Planned> {
  progress('plan', 'Planning');
  const scope = read.scope;
  const planOptions = {
    // An event's run closes nothing but what a stage's transition closes.
    prune: scope ? false : (options.prune ?? false),
    overwrite: options.overwrite ?? false,
    identity: null as string | null,
    hierarchy: serverFeatures(read.current.issues),
    // An event's run does not read the dashboard's record of re-plans: due dates stay as they are.
    replanned: scope ? new Set(scope.stages) : replannedStages(read.current.issues),
    ...(scope ? { outside: scope.outside } : {}),
  };
  const makeScoped = (current: CurrentState) => (scope ? scopedPlan(read.desired, current, makePlan(read.desired, current, planOptions)) : makePlan(read.desired, current, planOptions));
  const first = makeScoped(read.current);
  const wantsCreate = first.operations.some((op) => op.op === 'create-issue');
  const ambiguous = dependsOnIdentity(first);
  const who = wantsCreate || ambiguous ? await whoWrites(options) : { login: null, warnings: [] };
  const planned = { ...read, plan: first, planOptions, identityWarnings: who.warnings };
  if (!who.login) return planned;

  planOptions.identity = who.login;
  let current = read.current;
  if (wantsCreate) {
    // Before creating, make sure none of these issues exists without its label and milestone.
    const known = new Set(current.issues.map((i) => i.number));
    // An event's run looks at one page: its creates are a stage's first issues (see scopedPlan).
    const found = await reading(findUnlabelledIssues(client, repo, who.login, known, scope ? 1 : (options.identityPages ?? 5)));
    if (found.length > 0) current = { ...current, issues: mergeIssues(current.issues, found) };
  }
  const replan = ambiguous || current !== read.current;
  return replan ? { ...planned, current, plan: makeScoped(current) } : planned;
}

/**
 * An event's run creates only the task issues of a `when-ready` stage that opens now and holds none
 * yet. Any other missing issue may exist where a scoped read does not look (moved to another
 * milestone), so it is left to the next full run, which reads every managed issue.
 */
export function scopedPlan(desired: DesiredState, current: CurrentState, result: Plan): Plan {
  const opening = new Set(
    (desired.progression ?? [])
      .filter((p) => p.open === 'when-ready' && !current.issues.some((i) => parseMarker(i.body)?.kind === 'task' && parseMarker(i.body)?.stage === p.stage))
      .map((p) => p.stage),
  );
  const operations = result.operations.filter((op) => op.op !== 'create-issue' || (op.task !== '' && opening.has(op.stage)));
  return operations.length === result.operations.length ? result : { ...result, operations };
}

/** The stages a re-plan moved, as the dashboard's record keeps them (the due date each had before). */
function replannedStages(issues: readonly CurrentIssue[]): ReadonlySet<string> {
  const dashboard = findDashboardIssue(issues);
  return new Set(dashboard ? Object.keys(readDashboardRecord(parseMarker(dashboard.body)?.keep).baseline) : []);
}

/**
 * The login the token writes as, when the options give it or GitHub can say. A guess is never
 * made: when GitHub cannot say, the answer is null with a warning saying what was not done.
 */
export async function whoWrites(options: SyncOptions): Promise<{ login: string | null; warnings: string[] }> {
  if (options.identity === undefined) return { login: null, warnings: [] };
  const who = typeof options.identity === 'function' ? await options.identity() : { login: options.identity, via: 'input' as const };
  if (who.login !== null) return { login: who.login, warnings: [] };
  return {
    login: null,
    warnings: [
      `Could not tell which login this token writes as (${who.reason}), so issues of this tool that lost both their label and their milestone were not looked for among its issues (if one exists, it is created again), and of several issues carrying one task's marker none could be told to be the tool's own. ${IDENTITY_HINT}`,
    ],
  };
}
