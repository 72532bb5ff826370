// The phases of a sync called one at a time, without the ones around them: the plan phase over a
// rendered config and a state given as data, and a dry run's apply, verify and report, which send
// no request at all.
import { describe, expect, it } from 'vitest';
import { syncContext, type SyncProgressEvent } from '../../src/commands/sync.js';
import { apply } from '../../src/commands/sync/apply.js';
import { link } from '../../src/commands/sync/link.js';
import { load } from '../../src/commands/sync/load.js';
import { plan } from '../../src/commands/sync/plan.js';
import { report } from '../../src/commands/sync/report.js';
import type { Read, SyncOptions } from '../../src/commands/sync/types.js';
import { verify } from '../../src/commands/sync/verify.js';
import type { CurrentState } from '../../src/plan/model.js';
import { plan as makePlan } from '../../src/plan/plan.js';
import { applyPlanToState } from '../../src/plan/simulate.js';
import { renderDesiredState } from '../../src/render/desired.js';
import { clientFor, configYaml, REPO, smallProject } from './helpers.js';

const EMPTY: CurrentState = { labels: [], milestones: [], issues: [] };

/** Nothing listens here: a phase that sent a request would fail, and the client counts none. */
const offline = () => clientFor({ url: 'http://127.0.0.1:9' });

/** What the read phase would hand on, over a repository holding `current`. */
async function readOver(options: SyncOptions, current: CurrentState): Promise<Read> {
  const loaded = await load(syncContext(options));
  const rendered = renderDesiredState(loaded.config, { templates: loaded.templates, repo: { ...REPO, url: 'https://github.com/acme/assistant' } });
  return { ...loaded, rendered, desired: rendered.desired, current, newestRead: 0 };
}

describe('sync phases', () => {
  it('plan alone: creates over an empty repository, and warns, without guessing, when GitHub cannot say who the token is', async () => {
    const events: SyncProgressEvent[] = [];
    const options: SyncOptions = {
      client: offline(),
      repo: REPO,
      configText: configYaml(smallProject()),
      templatesDir: null,
      identity: async () => ({ login: null, reason: 'the token cannot read its own login' }),
      onProgress: (event) => events.push(event),
    };
    const planned = await plan(syncContext(options), await readOver(options, EMPTY));
    // Seven tasks and each of the three stages' own issue.
    expect(planned.plan.operations.filter((op) => op.op === 'create-issue')).toHaveLength(10);
    expect(planned.plan.operations.filter((op) => op.op === 'create-milestone')).toHaveLength(3);
    expect(planned.planOptions.identity).toBeNull();
    expect(planned.identityWarnings).toHaveLength(1);
    expect(planned.identityWarnings[0]).toContain('(the token cannot read its own login)');
    expect(events.map((e) => e.phase)).toEqual(['load', 'plan']);
    expect(options.client.stats.total).toBe(0);
  });

  it('plan alone: does not ask who the token is when nothing would be created', async () => {
    const options: SyncOptions = {
      client: offline(),
      repo: REPO,
      configText: configYaml([{ id: 'scope', name: 'Scope', tasks: [] }]),
      templatesDir: null,
      identity: () => Promise.reject(new Error('asked who the token is')),
    };
    // What a first sync left: the milestone and the stage's own issue.
    const first = await readOver(options, EMPTY);
    const written = applyPlanToState(EMPTY, makePlan(first.desired, EMPTY));
    const planned = await plan(syncContext(options), await readOver(options, written));
    expect(planned.plan.operations.some((op) => op.op === 'create-issue')).toBe(false);
    expect(planned.identityWarnings).toEqual([]);
  });

  it('a dry run through apply, verify and report counts what would be written, and sends nothing', async () => {
    const options: SyncOptions = { client: offline(), repo: REPO, configText: configYaml(smallProject()), templatesDir: null, dryRun: true };
    const ctx = syncContext(options);
    const planned = await plan(ctx, await readOver(options, EMPTY));
    const applied = await apply(ctx, planned);
    expect(applied.results).toEqual([]);
    expect(applied.after).toBe(planned.current);
    const verified = await verify(ctx, applied);
    expect(verified.duplicatesClosed).toEqual([]);
    const linked = await link(ctx, verified);
    expect(linked.hierarchy).toMatchObject({ subIssuesAdded: 0, blockersAdded: 0 });
    const result = report(ctx, linked);
    expect(result.dryRun).toBe(true);
    expect(result.ok).toBe(true);
    // The managed label and one per stage, three milestones, seven task issues and three stage issues.
    expect(result.counts).toEqual({ created: 17, updated: 0, closed: 0, unchanged: 0, drifted: 0, failed: 0 });
    expect(result.stages.map((s) => s.total)).toEqual([2, 3, 2]);
    expect(options.client.stats.total).toBe(0);
  });
});
