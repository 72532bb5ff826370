// `sync`, shared by the Action and the CLI: load and validate the config, read what GitHub holds
// (and render what should exist), plan, apply (unless dry run), verify nothing was duplicated by a
// concurrent run, and report. Each phase is a module of its own under sync/, taking what the phase
// before it made. The caller builds the client and passes every outside value in (token, base URL,
// today's date); nothing here reads the environment.
import { apply } from './sync/apply.js';
import { dashboard, withDashboard } from './sync/dashboard.js';
import { replan } from './sync/replan.js';
import { link } from './sync/link.js';
import { load } from './sync/load.js';
import { plan } from './sync/plan.js';
import { read } from './sync/read.js';
import { report } from './sync/report.js';
import type { SyncContext, SyncOptions, SyncResult } from './sync/types.js';
import { verify } from './sync/verify.js';

export type { ConflictItem, DriftItem, StageProgress, SyncCounts } from './sync-summary.js';
export { ConfigInvalidError } from './sync/load.js';
export type { SyncOptions, SyncPhase, SyncProgressEvent, SyncResult } from './sync/types.js';

export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const ctx = syncContext(options);
  const loaded = await load(ctx);
  const fetched = await read(ctx, loaded);
  const planned = await plan(ctx, fetched);
  const applied = await apply(ctx, planned);
  const verified = await verify(ctx, applied);
  const linked = await link(ctx, verified);
  const replanned = options.replan ? await replan(ctx, linked) : null;
  const shown = await dashboard(ctx, replanned?.run ?? linked, replanned?.change);
  const result = withDashboard(report(ctx, shown), shown.dashboard);
  return replanned ? { ...result, replanned: replanned.moves } : result;
}

export function syncContext(options: SyncOptions): SyncContext {
  return {
    options,
    client: options.client,
    repo: options.repo,
    dryRun: options.dryRun ?? false,
    progress: (phase, message, extra = {}) => options.onProgress?.({ phase, message, ...extra }),
  };
}
