// The checks a schema cannot express (checks.ts), each diagnostic read whole: where it points from
// start to end, its severity and its full message. The fixtures under tests/fixtures/invalid/ check
// the gist of each problem through \`validate\`; here several problems of a kind sit in one file, so
// the checks are seen to go on after the first and to tell the cases apart.
import { describe, expect, it } from 'vitest';
import type { CheckOptions } from '../../src/config/checks.js';
import { loadConfigText } from '../../src/config/load.js';

const head = (extra = '') => `version: 1\nproject:\n  name: P\n${extra}`;

type Expected = [line: number, column: number, endLine: number, endColumn: number, severity: 'error' | 'warning', message: string];

const cases: [string, string, Expected[], CheckOptions?][] = [
  [
    'a stage id declared twice, with the line of the first',
    `${head()}stages:\n  - id: a\n    name: A\n  - id: b\n    name: B\n  - id: a\n    name: C\n`,
    [
      [9, 9, 9, 10, 'error', 'stage id "a" is declared twice (first on line 5); ids must be unique'],
    ],
  ],
  [
    'stage names equal ignoring case and spaces, equal, and only spaces',
    `${head()}stages:\n  - id: a\n    name: Scope\n  - id: b\n    name: " scope "\n  - id: c\n    name: Scope\n  - id: d\n    name: "  "\n`,
    [
      [8, 11, 8, 20, 'error', 'stage "b" has the same name as stage "a" ("Scope" and " scope " differ only by case or spaces); GitHub milestone titles must be unique, ignoring case and surrounding spaces'],
      [10, 11, 10, 16, 'error', 'stage "c" has the same name as stage "a" ("Scope"); GitHub milestone titles must be unique, ignoring case and surrounding spaces'],
      [12, 11, 12, 15, 'error', 'the name of stage "d" is only spaces; GitHub needs a milestone title'],
    ],
  ],
  [
    'a stage label equal to the managed label, and two stages with one label in two cases',
    `${head('  label: Ops\n')}stages:\n  - id: a\n    name: A\n    label: OPS\n  - id: b\n    name: B\n    label: team\n  - id: c\n    name: C\n    label: Team\n  - id: ops\n    name: D\n`,
    [
      [8, 12, 8, 15, 'error', 'the label of stage "a" ("OPS") is also the managed label in project.label; give the stage another label'],
      [14, 12, 14, 16, 'error', 'stage "c" uses the label "Team", which stage "b" already uses; labels must differ (GitHub ignores case)'],
    ],
  ],
  [
    'a start that is not a real date',
    `${head('  start: 2027-02-30\n')}stages:\n  - id: a\n    name: A\n    estimate: { duration: 1d }\n`,
    [
      [4, 10, 4, 20, 'error', 'project.start 2027-02-30 is not a real date: February 2027 has 28 days'],
    ],
  ],
  [
    'a start on a Sunday with the workdays calendar',
    `${head('  start: 2027-01-03\n')}stages:\n  - id: a\n    name: A\n    estimate: { duration: 1d }\n`,
    [
      [4, 10, 4, 20, 'warning', 'project.start 2027-01-03 is a Sunday; on the workdays calendar work begins the following Monday'],
    ],
  ],
  [
    'a start on a Saturday with the days calendar (nothing to say)',
    `${head('  start: 2027-01-02\n  calendar: days\n')}stages:\n  - id: a\n    name: A\n    estimate: { duration: 1d }\n`,
    [],
  ],
  [
    'durations too long, an expression giving no duration, and one reading an undeclared variable',
    `${head()}variables: { fast: true, word: abc }\nstages:\n  - id: a\n    name: A\n    estimate: { duration: 5000w }\n  - id: b\n    name: B\n    estimate: { duration: "\${{ vars.word }}" }\n  - id: c\n    name: C\n    estimate: { duration: "\${{ vars.fast && '2d' || '4w' }}" }\n  - id: d\n    name: D\n    estimate: { duration: "\${{ vars.nope }}" }\n`,
    [
      [8, 27, 8, 32, 'error', '"estimate.duration" in stage "a" is 5000w, over 10,000 days; is a unit wrong?'],
      [11, 27, 11, 45, 'error', '"estimate.duration" in stage "b" gives the text "abc" with the declared variables, which is not a duration such as 3d, 2w or 4h'],
      [17, 32, 17, 41, 'error', '"estimate.duration" in stage "d" reads vars.nope, which is not declared under "variables"'],
    ],
  ],
  [
    'conditions naming a variable without vars., misspelling one, mixing text, reading another context',
    `${head()}variables: { method: lora, rank: 4 }\nstages:\n  - id: a\n    name: A\n    when: method == 'lora'\n  - id: b\n    name: B\n    when: "vars.methd == 'lora' && vars['rank'] > 2"\n  - id: c\n    name: C\n    when: "\${{ vars.rank }} > 2"\n  - id: d\n    name: D\n    when: "github.actor"\n  - id: e\n    name: E\n    when: "vars.METHOD == 'lora' && vars.rank > 2 && vars['Nope']"\n`,
    [
      [8, 11, 8, 12, 'error', '"when" in stage "a" is not a valid expression: "method" is not available here; expressions can only read vars.<name> (did you mean vars.method?)'],
      [11, 12, 11, 22, 'error', '"when" in stage "b" reads vars.methd, which is not declared under "variables" (did you mean "method"?)'],
      [14, 11, 14, 33, 'warning', '"when" in stage "c" mixes text with ${{ }}, so it is a non-empty string and always true; put the whole condition inside one ${{ }}'],
      [17, 12, 17, 13, 'error', '"when" in stage "d" is not a valid expression: "github" is not available here; expressions can only read vars.<name>'],
      // Names are read without regard to case, as GitHub does; an index is found where it is written.
      [20, 54, 20, 63, 'error', '"when" in stage "e" reads vars.Nope, which is not declared under "variables"'],
    ],
  ],
  [
    'an expression is not evaluated while a variable is not a plain value',
    `${head()}variables: { list: [1, 2], x: 1 }\nstages:\n  - id: a\n    name: A\n    estimate: { duration: "\${{ vars.x }}" }\n`,
    [
      [4, 20, 4, 26, 'error', 'variable "list" must be text, a number, true, false or empty, not a list'],
    ],
  ],
  [
    'path globs empty, only "!", starting with ./ or /, unclosed, with a condition; label and branch rules',
    `${head()}stages:\n  - id: a\n    name: A\n    match:\n      paths: ["", " ! ", "./src/**", "!/docs/**", "src/[a-", { glob: "lib/**", when: "vars.q" }, { nope: 1 }]\n      labels: [{ label: x, when: "vars.z" }]\n      branches: ["feat/(", { pattern: "^fix/" }]\n`,
    [
      [8, 15, 8, 17, 'error', 'an entry of "match.paths" in stage "a" is empty; write a glob such as "src/**"'],
      [8, 19, 8, 24, 'error', 'an entry of "match.paths" in stage "a" is only "!"; write a glob such as "src/**"'],
      [8, 26, 8, 36, 'warning', 'glob "./src/**" in "match.paths" of stage "a" starts with "./", but changed file paths never do, so it matches nothing; write "src/**"'],
      [8, 38, 8, 49, 'warning', 'glob "!/docs/**" in "match.paths" of stage "a" starts with "/", but changed file paths never do, so it matches nothing; write "docs/**"'],
      [8, 56, 8, 57, 'warning', 'glob "src/[a-" in "match.paths" of stage "a" has a "[" that nothing closes, so it matches the character "[" itself; close it with "]", or write "\\[" if the character is meant'],
      [8, 87, 8, 93, 'error', '"when" of a "match.paths" rule in stage "a" reads vars.q, which is not declared under "variables"'],
      [8, 98, 8, 109, 'error', 'an entry of "match.paths" in stage "a" must be text or a mapping of "glob", "when"; unknown key "nope"; "glob" is missing'],
      [9, 35, 9, 41, 'error', '"when" of a "match.labels" rule in stage "a" reads vars.z, which is not declared under "variables"'],
      [10, 24, 10, 25, 'error', 'branch pattern "feat/(" in stage "a" is not a valid regular expression: this "(" is never closed'],
    ],
  ],
  [
    'path globs that only exclude, beside an entry that is no glob',
    `${head()}stages:\n  - id: a\n    name: A\n    match:\n      paths: ["!docs/**", 3]\n`,
    [
      [8, 7, 8, 12, 'warning', '"match.paths" in stage "a" only has "!" globs; a "!" glob removes files that another glob matched, so add one that includes files'],
      [8, 27, 8, 28, 'error', 'an entry of "match.paths" in stage "a" must be text or a mapping of "glob", "when", not the number 3'],
    ],
  ],
  [
    'review items and exit criteria with conditions and paths',
    `${head()}stages:\n  - id: a\n    name: A\n    checklist: [plain, { text: T, when: "vars.q", paths: ["", "./a"] }]\n    exit_criteria: [{ text: E, when: "vars.r" }]\n`,
    [
      [7, 42, 7, 48, 'error', '"when" of a review item of stage "a" reads vars.q, which is not declared under "variables"'],
      [7, 59, 7, 61, 'error', 'an entry of "paths" in a review item of stage "a" is empty; write a glob such as "src/**"'],
      [7, 63, 7, 68, 'warning', 'glob "./a" in "paths" of a review item of stage "a" starts with "./", but changed file paths never do, so it matches nothing; write "a"'],
      [8, 39, 8, 45, 'error', '"when" of an exit criterion of stage "a" reads vars.r, which is not declared under "variables"'],
    ],
  ],
  [
    'template names empty, outside the folder, unknown, and known written with ./',
    `${head()}stages:\n  - id: a\n    name: A\n    template: " "\n    guidance: /etc/x.md\n  - id: b\n    name: B\n    template: "C:x.md"\n    guidance: "a\\\\b.md"\n  - id: c\n    name: C\n    template: ../x.md\n    guidance: ./known.md\n    tasks:\n      - id: t\n        title: T\n        template: knwn.md\n`,
    [
      [7, 5, 7, 13, 'error', '"template" in stage "a" is empty; name a template file or remove the key'],
      [8, 15, 8, 24, 'error', 'template "/etc/x.md" in stage "a" must name a file inside the templates folder, not a path outside it'],
      [11, 15, 11, 23, 'error', 'template "C:x.md" in stage "b" must name a file inside the templates folder, not a path outside it'],
      [12, 15, 12, 24, 'error', 'template "a\\b.md" in stage "b" must name a file inside the templates folder, not a path outside it'],
      [15, 15, 15, 22, 'error', 'template "../x.md" in stage "c" must name a file inside the templates folder, not a path outside it'],
      [20, 19, 20, 26, 'error', 'template "knwn.md" in task "t" in stage "c" is neither in .github/lifecycle/ nor among the built-in templates (did you mean "known.md"?)'],
    ],
    { templateNames: new Set(['known.md']), templatesDir: '.github/lifecycle/' },
  ],
  [
    'task ids twice, titles only spaces or repeated, template and body, too many assignees',
    `${head()}stages:\n  - id: a\n    name: A\n    tasks:\n      - { id: t, title: Same }\n      - { id: t, title: Same }\n      - { id: u, title: "  " }\n      - { id: v, title: V, template: x.md, body: hi }\n      - { id: w, title: Same }\n      - { id: y, title: Y, assignees: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] }\n      - { id: z, title: Z, assignees: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10] }\n`,
    [
      [9, 15, 9, 16, 'error', 'task id "t" is declared twice in stage "a" (first on line 8); task ids must be unique within a stage'],
      [10, 25, 10, 29, 'error', 'the title of task "u" in stage "a" is only spaces; GitHub needs an issue title'],
      [11, 44, 11, 48, 'error', 'task "v" in stage "a" has both "template" and "body"; keep one'],
      [12, 25, 12, 29, 'warning', 'task "w" in stage "a" has the same title as task "t" in stage "a"; the two issues will be hard to tell apart'],
      [13, 28, 13, 37, 'error', 'task "y" in stage "a" names 11 assignees; GitHub assigns at most 10 to an issue'],
    ],
  ],
  [
    'too many default assignees, said once and not again for each task',
    `${head()}defaults:\n  assignees: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11]\nstages:\n  - id: a\n    name: A\n    tasks:\n      - { id: t, title: T }\n`,
    [
      [5, 3, 5, 12, 'error', 'defaults.assignees names 11 people; GitHub assigns at most 10 to an issue'],
    ],
  ],
  [
    'a stage depending on itself, a dependency listed twice, an unknown one with a suggestion',
    `${head()}stages:\n  - id: a\n    name: A\n    depends_on: [a]\n  - id: b\n    name: B\n    depends_on: [a, a, scope, 3]\n  - id: scope\n    name: S\n    depends_on: [scop]\n`,
    [
      [7, 18, 7, 19, 'error', 'stage "a" depends on itself'],
      [10, 21, 10, 22, 'warning', 'stage "b" lists "a" twice in depends_on'],
      [10, 31, 10, 32, 'error', 'entries of "depends_on" in stage "b" must be text; this one is the number 3'],
      [13, 18, 13, 22, 'error', 'stage "scope" depends on "scop", which is not declared (did you mean "scope"?)'],
    ],
  ],
  [
    'cycles, one through the implicit dependency on the stage listed before',
    `${head()}stages:\n  - id: a\n    name: A\n    depends_on: [c]\n  - id: b\n    name: B\n  - id: c\n    name: C\n  - id: d\n    name: D\n    depends_on: [e]\n  - id: e\n    name: E\n    depends_on: [d]\n`,
    [
      [7, 18, 7, 19, 'error', 'dependency cycle: a -> c -> b -> a; "c" depends on "b" because it is listed right after it (give it a depends_on to change that)'],
      [14, 18, 14, 19, 'error', 'dependency cycle: d -> e -> d'],
    ],
  ],
  [
    "a cycle of explicit dependencies, pointed at the first stage's entry",
    `${head()}stages:\n  - id: x\n    name: X\n    depends_on: []\n  - id: a\n    name: A\n    depends_on: [b]\n  - id: b\n    name: B\n    depends_on: [x, a]\n`,
    [
      [10, 18, 10, 19, 'error', 'dependency cycle: a -> b -> a'],
    ],
  ],
  [
    'values exactly at GitHub\'s limits: 100 labels on every issue, 100 on a task\'s, 10 default assignees, 10,000 days',
    `${head()}defaults:\n  labels: [${Array.from({ length: 98 }, (_, i) => `d${i}`).join(', ')}]\n  assignees: [a1, a2, a3, a4, a5, a6, a7, a8, a9, a10]\nstages:\n  - id: a\n    name: A\n    estimate: { duration: 10000d }\n    tasks:\n      - { id: t, title: T, labels: [d0, d1] }\n  - id: b\n    name: B\n    tasks:\n      - { id: u, title: U, labels: [d0] }\n`,
    [],
  ],
  [
    'one past each: 101 labels on a task\'s issue, 10,001 days',
    `${head()}defaults:\n  labels: [${Array.from({ length: 98 }, (_, i) => `d${i}`).join(', ')}]\nstages:\n  - id: a\n    name: A\n    estimate: { duration: 10001d }\n    tasks:\n      - { id: t, title: T, labels: [x] }\n`,
    [
      [9, 27, 9, 33, 'error', '"estimate.duration" in stage "a" is 10001d, over 10,000 days; is a unit wrong?'],
      [11, 28, 11, 34, 'error', 'task "t" in stage "a" would carry 101 labels (the managed and stage labels, defaults.labels, its own); GitHub allows at most 100 on an issue'],
    ],
  ],
  [
    'an unclosed group after "!", pointed at past the "!"',
    `${head()}stages:\n  - id: a\n    name: A\n    match:\n      paths: ["src/**", "!lib/[b-"]\n`,
    [
      [8, 31, 8, 32, 'warning', 'glob "!lib/[b-" in "match.paths" of stage "a" has a "[" that nothing closes, so it matches the character "[" itself; close it with "]", or write "\\[" if the character is meant'],
    ],
  ],
  [
    // The checks run beside the schema, on whatever the file holds: each value the schema refuses
    // is reported once (by the schema), never counted as a duplicate, a label or a date, and never
    // stops the checks of the rest.
    'values of the wrong kind everywhere: one report each, from the schema',
    `version: 1\nproject:\n  name: P\n  label: 3\n  start: 5\ndefaults:\n  labels: [x, 3, null]\nstages:\n  - null\n  - 3\n  - { id: 3, name: "" }\n  - { id: 3, name: "" }\n  - { id: Bad Id, name: 5, label: 4 }\n  - { id: Bad Id, name: 5 }\n  - id: a\n    name: A\n    depends_on: [3, null, nope]\n    tasks:\n      - null\n      - 4\n      - { id: 3, title: "" }\n      - { id: 3, title: "" }\n      - { id: Bad, title: 5, labels: [3, null, y], assignees: 3 }\n      - { id: t, title: T, body: 3, template: 4 }\n    checklist: [3, null, { text: 4 }]\n    match: { paths: 3, labels: [3], branches: [null] }\n`,
    [
      [4, 10, 4, 11, 'error', '"label" in project must be text, not the number 3'],
      [5, 10, 5, 11, 'error', '"start" in project must be text, not the number 5'],
      [7, 15, 7, 16, 'error', 'entries of "labels" in defaults must be text; this one is the number 3'],
      [7, 18, 7, 22, 'error', 'an entry of "labels" in defaults is empty; expected text'],
      [9, 5, 9, 9, 'error', 'stage #1 is empty; expected a mapping (key: value lines)'],
      [10, 5, 10, 6, 'error', 'stage #2 must be a mapping (key: value lines), not the number 3'],
      [11, 11, 11, 12, 'error', '"id" in stage #3 must be text, not the number 3'],
      [11, 11, 11, 12, 'warning', 'stage #3 has no estimate; its milestone gets no due date'],
      [11, 14, 11, 18, 'error', '"name" in stage #3 must not be empty'],
      [12, 11, 12, 12, 'error', '"id" in stage #4 must be text, not the number 3'],
      [12, 11, 12, 12, 'warning', 'stage #4 has no estimate; its milestone gets no due date'],
      [12, 14, 12, 18, 'error', '"name" in stage #4 must not be empty'],
      [13, 11, 13, 17, 'error', 'stage id "Bad Id" is not a slug; use lower-case letters, digits and dashes, such as "bad-id"'],
      [13, 11, 13, 17, 'warning', 'stage "Bad Id" has no estimate; its milestone gets no due date'],
      [13, 25, 13, 26, 'error', '"name" in stage "Bad Id" must be text, not the number 5'],
      [13, 35, 13, 36, 'error', '"label" in stage "Bad Id" must be text, not the number 4'],
      [14, 11, 14, 17, 'error', 'stage id "Bad Id" is not a slug; use lower-case letters, digits and dashes, such as "bad-id"'],
      [14, 11, 14, 17, 'warning', 'stage "Bad Id" has no estimate; its milestone gets no due date'],
      [14, 25, 14, 26, 'error', '"name" in stage "Bad Id" must be text, not the number 5'],
      [15, 9, 15, 10, 'warning', 'stage "a" has no estimate; its milestone gets no due date'],
      [17, 18, 17, 19, 'error', 'entries of "depends_on" in stage "a" must be text; this one is the number 3'],
      [17, 21, 17, 25, 'error', 'an entry of "depends_on" in stage "a" is empty; expected text'],
      [17, 27, 17, 31, 'error', 'stage "a" depends on "nope", which is not declared'],
      [19, 9, 19, 13, 'error', 'task #1 in stage "a" is empty; expected a mapping (key: value lines)'],
      [20, 9, 20, 10, 'error', 'task #2 in stage "a" must be a mapping (key: value lines), not the number 4'],
      [21, 15, 21, 16, 'error', '"id" in task #3 in stage "a" must be text, not the number 3'],
      [21, 18, 21, 23, 'error', '"title" in task #3 in stage "a" must not be empty'],
      [22, 15, 22, 16, 'error', '"id" in task #4 in stage "a" must be text, not the number 3'],
      [22, 18, 22, 23, 'error', '"title" in task #4 in stage "a" must not be empty'],
      [23, 15, 23, 18, 'error', 'task id "Bad" in stage "a" is not a slug; use lower-case letters, digits and dashes, such as "bad"'],
      [23, 27, 23, 28, 'error', '"title" in task "Bad" in stage "a" must be text, not the number 5'],
      [23, 39, 23, 40, 'error', 'entries of "labels" in task "Bad" in stage "a" must be text; this one is the number 3'],
      [23, 42, 23, 46, 'error', 'an entry of "labels" in task "Bad" in stage "a" is empty; expected text'],
      [23, 63, 23, 64, 'error', '"assignees" in task "Bad" in stage "a" must be a list, not the number 3'],
      [24, 28, 24, 32, 'error', 'task "t" in stage "a" has both "template" and "body"; keep one'],
      [24, 34, 24, 35, 'error', '"body" in task "t" in stage "a" must be text, not the number 3'],
      [24, 47, 24, 48, 'error', '"template" in task "t" in stage "a" must be text, not the number 4'],
      [25, 17, 25, 18, 'error', 'an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths", not the number 3'],
      [25, 20, 25, 24, 'error', 'an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths", not empty'],
      [25, 26, 25, 37, 'error', 'an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths"'],
      [26, 21, 26, 22, 'error', '"match.paths" in stage "a" must be a list, not the number 3'],
      [26, 33, 26, 34, 'error', 'an entry of "match.labels" in stage "a" must be text or a mapping of "label", "when", not the number 3'],
      [26, 48, 26, 52, 'error', 'an entry of "match.branches" in stage "a" must be text or a mapping of "pattern", "when", not empty'],
    ],
  ],
];

describe('checks across fields', () => {
  it.each(cases)('%s', (_name, text, expected, options) => {
    const result = loadConfigText(text, 'x.yml', options);
    expect(result.diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.severity, d.message])).toEqual(expected);
  });
});
