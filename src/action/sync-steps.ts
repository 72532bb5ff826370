// What a sync needs once its first reads are on their way: the config's checks, the templates, the
// renderer and the planner, most of the bundle. src/action/sync.ts imports this on demand, so it
// loads while those reads travel.
export { ConfigInvalidError, runSync } from '../commands/sync.js';
export { MAX_CONFIG_BYTES } from '../config/load.js';
export { annotate } from './validate.js';
