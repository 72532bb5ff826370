// Checklist items, review items and match rules with a `when`, resolved against the variables of a use.
import { describe, expect, it } from 'vitest';
import { checklistTexts, resolveMatch, reviewTexts } from '../../src/config/conditional.js';

const vars = { hosting: 'api', agent: false };

describe('checklistTexts', () => {
  it('keeps plain items and those whose when holds, in order', () => {
    const items = ['Plain', { text: 'API only', when: "vars.hosting == 'api'" }, { text: 'Agent only', when: 'vars.agent' }, { text: 'Always' }];
    expect(checklistTexts(items, vars)).toEqual(['Plain', 'API only', 'Always']);
    expect(checklistTexts(undefined, vars)).toEqual([]);
  });

  it('names its owner when a when cannot be evaluated', () => {
    expect(() => checklistTexts([{ text: 'x', when: 'vars.a ==' }], {}, 'exit criterion of stage "s"')).toThrow(/^exit criterion of stage "s": when: /);
    expect(() => checklistTexts([{ text: 'x', when: 'vars.a ==' }], {})).toThrow(/^checklist item: when: /);
  });
});

describe('reviewTexts', () => {
  const items = ['Plain', { text: 'Docs', paths: ['docs/**'] }, { text: 'API docs', when: "vars.hosting == 'api'", paths: ['docs/**'] }, { text: 'Agent', when: 'vars.agent' }, { text: 'Any files' }];
  const matchesPaths = (globs: readonly string[], files: readonly string[]) => files.some((f) => globs.some((g) => f.startsWith(g.replace('**', ''))));

  it('without files keeps items limited to paths', () => {
    expect(reviewTexts(items, vars, null, matchesPaths)).toEqual(['Plain', 'Docs', 'API docs', 'Any files']);
  });

  it('with files keeps an item limited to paths only when one matches', () => {
    expect(reviewTexts(items, vars, ['docs/a.md'], matchesPaths)).toEqual(['Plain', 'Docs', 'API docs', 'Any files']);
    expect(reviewTexts(items, vars, ['src/a.ts'], matchesPaths)).toEqual(['Plain', 'Any files']);
    expect(reviewTexts(undefined, vars, [], matchesPaths)).toEqual([]);
  });

  it('names its owner when a when cannot be evaluated', () => {
    expect(() => reviewTexts([{ text: 'x', when: 'vars.a ==' }], {}, null, matchesPaths)).toThrow(/^review item: when: /);
  });
});

describe('resolveMatch', () => {
  it('keeps plain rules and those whose when holds, for each kind', () => {
    const match = {
      paths: ['src/**', { glob: 'api/**', when: "vars.hosting == 'api'" }, { glob: 'agent/**', when: 'vars.agent' }],
      labels: [{ label: 'agent', when: 'vars.agent' }, 'ml', { label: 'hosted', when: "vars.hosting == 'api'" }],
      branches: [{ pattern: '^api/', when: "vars.hosting == 'api'" }, '^ft/'],
    };
    expect(resolveMatch(match, vars)).toEqual({ paths: ['src/**', 'api/**'], labels: ['ml', 'hosted'], branches: ['^api/', '^ft/'] });
    expect(resolveMatch(undefined, vars)).toEqual({ paths: [], labels: [], branches: [] });
  });

  it('names its owner when a when cannot be evaluated', () => {
    expect(() => resolveMatch({ paths: [{ glob: 'x', when: 'vars.a ==' }] }, {})).toThrow(/^match rule: when: /);
  });
});
