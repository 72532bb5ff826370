// The Action's inputs as the runner passes them (INPUT_* variables): the templates folder follows
// the config by the same rule as the CLI.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readInputs } from '../../src/action/inputs.js';
import { templatesFolder } from '../../src/config/templates-folder.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the templates input', () => {
  it.each([
    ['', '', '.github/lifecycle'],
    ['cfg/lifecycle.yml', '', 'cfg/lifecycle'],
    ['lifecycle.yml', '', 'lifecycle'],
    ['cfg/lifecycle.yml', 'shared/templates/', 'shared/templates/'],
  ])('config "%s", templates "%s" → %s', (config, templates, expected) => {
    vi.stubEnv('INPUT_CONFIG', config);
    vi.stubEnv('INPUT_TEMPLATES', templates);
    expect(readInputs().templates).toBe(expected);
  });
});

describe('templatesFolder, the one rule', () => {
  it.each([
    ['.github/lifecycle.yml', undefined, '.github/lifecycle'],
    ['./cfg/lifecycle.yml', undefined, 'cfg/lifecycle'],
    ['/abs/repo/lifecycle.yml', undefined, '/abs/repo/lifecycle'],
    ['cfg\\lifecycle.yml', undefined, 'cfg/lifecycle'],
    ['cfg/lifecycle.yml', 'tpl', 'tpl'],
    ['cfg/lifecycle.yml', '  ', 'cfg/lifecycle'],
  ])('%s with %s → %s', (config, given, expected) => {
    expect(templatesFolder(config, given)).toBe(expected);
  });
});
