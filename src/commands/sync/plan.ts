// Phase plan: desired × current → operations. When the plan would create issues, or which of
// several copies is the tool's own depends on who wrote them, it asks which login the token writes
// as, looks among that login's issues for managed ones that lost their label and milestone, and
// plans again with what it found.
import { findDashboardIssue } from '../../forecast/from-github.js';
import { readDashboardRecord } from '../../forecast/record.js';
import { findUnlabelledIssues } from '../../github/read-state.js';
import { IDENTITY_HINT } from '../../github/identity.js';
import { parseMarker } from '../../plan/marker.js';
import type { CurrentIssue } from '../../plan/model.js';
import { dependsOnIdentity, plan as makePlan } from '../../plan/plan.js';
import { serverFeatures } from './link.js';
import { mergeIssues, reading } from './state.js';
import type { Planned, Read, SyncContext, SyncOptions } from './types.js';

export async function plan({ options, client, repo, progress }: SyncContext, read: Read): Promise<Planned> {
  progress('plan', 'Planning');
  const planOptions = {
    prune: options.prune ?? false,
    overwrite: options.overwrite ?? false,
    identity: null as string | null,
    hierarchy: serverFeatures(read.current.issues),
    replanned: replannedStages(read.current.issues),
  };
  const first = makePlan(read.desired, read.current, planOptions);
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
    const found = await reading(findUnlabelledIssues(client, repo, who.login, known, options.identityPages ?? 5));
    if (found.length > 0) current = { ...current, issues: mergeIssues(current.issues, found) };
  }
  const replan = ambiguous || current !== read.current;
  return replan ? { ...planned, current, plan: makePlan(read.desired, current, planOptions) } : planned;
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
