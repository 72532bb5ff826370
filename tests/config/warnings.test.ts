// Warnings: valid files that still hold a likely mistake. The file stays valid (config is returned).
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';

const head = (project = 'project:\n  name: P\n  start: 2027-01-04\n') => `version: 1\n${project}`;

const cases: [string, string, number, number, string][] = [
  ['a stage without estimate when the project has a start', `${head()}stages:\n  - id: a\n    name: A\n`, 6, 9, 'stage "a" has no estimate; its milestone gets no due date'],
  [
    'a start on a weekend with the workdays calendar',
    `${head('project:\n  name: P\n  start: 2027-01-02\n')}stages:\n  - id: a\n    name: A\n    estimate: { duration: 1d }\n`,
    4,
    10,
    'is a Saturday; on the workdays calendar work begins the following Monday',
  ],
  [
    'path globs that only exclude',
    `${head('project:\n  name: P\n')}stages:\n  - id: a\n    name: A\n    match:\n      paths: ["!docs/**"]\n`,
    8,
    7,
    'only has "!" globs',
  ],
  [
    'a glob starting with ./',
    `${head('project:\n  name: P\n')}stages:\n  - id: a\n    name: A\n    match:\n      paths: ["./src/**"]\n`,
    8,
    15,
    'starts with "./", but changed file paths never do, so it matches nothing; write "src/**"',
  ],
  [
    'a glob whose "[" nothing closes (matched as the character itself)',
    `${head('project:\n  name: P\n')}stages:\n  - id: a\n    name: A\n    match:\n      paths: ["finetune/[a-"]\n`,
    8,
    25,
    'glob "finetune/[a-" in "match.paths" of stage "a" has a "[" that nothing closes, so it matches the character "[" itself',
  ],
  [
    'a glob whose "(" nothing closes',
    `${head('project:\n  name: P\n')}stages:\n  - id: a\n    name: A\n    match:\n      paths: [drafts/v(1/notes.md]\n`,
    8,
    23,
    'has a "(" that nothing closes',
  ],
  [
    'a dependency listed twice',
    `${head('project:\n  name: P\n')}stages:\n  - id: a\n    name: A\n  - id: b\n    name: B\n    depends_on: [a, a]\n`,
    9,
    21,
    'stage "b" lists "a" twice in depends_on',
  ],
  [
    'a when that mixes text and ${{ }}',
    `${head('project:\n  name: P\n')}variables: { x: 1 }\nstages:\n  - id: a\n    name: A\n    when: "\${{ vars.x }} == 1"\n`,
    8,
    11,
    'mixes text with ${{ }}, so it is a non-empty string and always true',
  ],
  [
    'two tasks with the same title',
    `${head('project:\n  name: P\n')}stages:\n  - id: a\n    name: A\n    tasks:\n      - { id: t1, title: Same }\n      - { id: t2, title: Same }\n`,
    9,
    26,
    'task "t2" in stage "a" has the same title as task "t1" in stage "a"',
  ],
];

describe('warnings', () => {
  it.each(cases)('%s', (_name, text, line, column, gist) => {
    const result = loadConfigText(text, 'x.yml');
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', line, column, message: expect.stringContaining(gist) })]);
    expect(result.config).not.toBeNull();
  });
});
