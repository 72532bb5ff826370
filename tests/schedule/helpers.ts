import { configSchema } from '../../src/config/schema.js';
import type { LifecycleConfig, LifecycleConfigInput } from '../../src/config/schema.js';
import { computeSchedule } from '../../src/schedule/schedule.js';

type StageInput = LifecycleConfigInput['stages'][number];

/** A valid config from just the parts a test cares about. */
export function makeConfig(stages: StageInput[], project: Partial<LifecycleConfigInput['project']> = {}, variables: LifecycleConfigInput['variables'] = {}): LifecycleConfig {
  return configSchema.parse({ version: 1, project: { name: 'Test project', start: '2027-01-04', ...project }, variables, stages });
}

/** A stage with an estimate; `extra` adds or overrides fields. */
export function stage(id: string, duration: string | null, extra: Partial<StageInput> = {}): StageInput {
  return { id, name: id.replace(/-/g, ' '), ...(duration === null ? {} : { estimate: { duration } }), ...extra };
}

/** What computeSchedule throws for a config it refuses (undefined when it does not throw). */
export function scheduleError(config: Parameters<typeof computeSchedule>[0]): unknown {
  try {
    computeSchedule(config);
  } catch (error) {
    return error;
  }
  return undefined;
}
