// What templates see, built from the config and its schedule.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import { buildTemplateContext, uniqueLabels, uniqueNames } from '../../src/render/context.js';
import { computeSchedule } from '../../src/schedule/schedule.js';

describe('uniqueLabels', () => {
  it.each<[string, string[], string[]]>([
    ['first spelling wins, whatever the case', ['Eval', 'eval', 'EVAL', 'other'], ['Eval', 'other']],
    ['names are trimmed, and blank ones left out', [' eval ', 'eval', '', '   ', 'b '], ['eval', 'b']],
  ])('%s', (_what, names, want) => {
    expect(uniqueLabels(names)).toEqual(want);
  });
});

describe('uniqueNames', () => {
  it.each<[string, string[], string[]]>([
    ['logins without their leading "@", once whatever the case', ['@octocat', 'OctoCat', ' @hubot ', 'hubot'], ['octocat', 'hubot']],
    ['only a leading "@" goes', ['a@b', '@@c'], ['a@b', '@c']],
  ])('%s', (_what, names, want) => {
    expect(uniqueNames(names)).toEqual(want);
  });
});

describe('buildTemplateContext', () => {
  it('gives the schedule its critical path, a copy of the schedule\'s own', () => {
    const file = join(resolve(import.meta.dirname, 'fixtures'), 'support-assistant.yml');
    const config = configSchema.parse(parse(readFileSync(file, 'utf8')));
    const schedule = computeSchedule(config, config.variables);
    const views = buildTemplateContext(config, schedule, { vars: config.variables, repo: null });
    expect(schedule.criticalPath.length).toBeGreaterThan(0);
    expect(views.schedule.criticalPath).toEqual(schedule.criticalPath);
    expect(views.schedule.criticalPath).not.toBe(schedule.criticalPath);
  });
});
