// Phase read: the repository (its URL goes into rendered bodies), what the config says should
// exist, and the labels, milestones and managed issues GitHub holds. An event's run reads less
// (read-event.ts).
import { readCurrentState } from '../../github/read-state.js';
import { fullName } from '../../github/repo.js';
import { getRepository } from '../../github/repository.js';
import { renderDesiredState } from '../../render/desired.js';
import { DEFAULT_CONFIG } from './load.js';
import { readForEvent } from './read-event.js';
import { reading } from './state.js';
import type { Loaded, Read, SyncContext } from './types.js';

export async function read(ctx: SyncContext, loaded: Loaded): Promise<Read> {
  if (ctx.options.event) return readForEvent(ctx, loaded, ctx.options.event);
  const { options, client, repo, progress } = ctx;
  progress('read', `Reading labels, milestones and issues of ${fullName(repo)}`);
  // Started by the caller before the config was checked, when it did (see SyncOptions.firstReads).
  const repository = await reading(options.firstReads?.repository ?? getRepository(client, repo));
  const rendered = renderDesiredState(loaded.config, {
    templates: loaded.templates,
    vars: { ...loaded.config.variables, ...options.vars },
    repo: { owner: repo.owner, name: repo.name, url: repository.htmlUrl },
    configPath: options.configPath ?? DEFAULT_CONFIG,
  });
  const state = await reading(readCurrentState(client, repo, rendered.desired.managedLabel, options.firstReads));
  return { ...loaded, rendered, desired: rendered.desired, current: state.state, newestRead: state.newestNumber };
}
