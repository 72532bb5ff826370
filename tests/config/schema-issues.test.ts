// The schema's findings in plain words: one row per kind of finding, with the exact message and the
// line and column it points at (the key for a missing or empty field, the value otherwise).
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { slugify } from '../../src/config/schema-issues.js';

const HEAD = 'version: 1\nproject:\n  name: P\n';
/** A file with one stage "a" (lines 4 to 6); `lines` follow inside the stage, from line 7. */
const stage = (...lines: string[]) => `${HEAD}stages:\n  - id: a\n    name: A\n${lines.map((line) => `${line}\n`).join('')}`;
/** The stage with one task "t" (lines 7 to 9); `lines` follow inside the task, from line 10. */
const task = (...lines: string[]) => stage('    tasks:', '      - id: t', '        title: T', ...lines);
/** A file whose top level gets `lines` between the project (lines 1 to 3) and the stages. */
const top = (...lines: string[]) => `${HEAD}${lines.map((line) => `${line}\n`).join('')}stages:\n  - id: a\n    name: A\n`;

function errors(text: string): string[] {
  return loadConfigText(text, 'f.yml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.line}:${d.column} ${d.message}`);
}

describe('unknown keys, with the key meant', () => {
  it.each([
    ['at the top level, by spelling', `${HEAD}stagse: []\n`, ['1:1 "stages" is missing; declare at least one stage', '4:1 unknown top-level key "stagse" (did you mean "stages"?)']],
    ['at the top level, by synonym', top('vars: {}'), ['4:1 unknown top-level key "vars" (did you mean "variables"?)']],
    ['in project', top('  nmae: x'), ['4:3 unknown key "nmae" in project (did you mean "name"?)']],
    ['in project, by synonym', top('  title: x'), ['4:3 unknown key "title" in project (did you mean "name"?)']],
    ['in defaults', top('defaults:', '  labls: []'), ['5:3 unknown key "labls" in defaults (did you mean "labels"?)']],
    ['in a stage', stage('    descripton: x'), ['7:5 unknown key "descripton" in stage "a" (did you mean "description"?)']],
    ['in a stage, by synonym', stage('    needs: [b]'), ['7:5 unknown key "needs" in stage "a" (did you mean "depends_on"?)']],
    ['in an estimate', stage('    estimate:', '      duration: 3d', '      complexty: low'), ['9:7 unknown key "complexty" in stage "a" (did you mean "complexity"?)']],
    ['in an estimate, by synonym', stage('    estimate:', '      duration: 3d', '      skills: low'), ['9:7 unknown key "skills" in stage "a" (did you mean "expertise"?)']],
    ['in match', stage('    match:', '      brnches: [x]'), ['8:7 unknown key "brnches" in stage "a" (did you mean "branches"?)']],
    ['in match, by synonym', stage('    match:', '      branch: [x]'), ['8:7 unknown key "branch" in stage "a" (did you mean "branches"?)']],
    ['in a task', task('        titel: x'), ['10:9 unknown key "titel" in task "t" in stage "a" (did you mean "title"?)']],
    ['in a task, by synonym', task('        checkboxes: [x]'), ['10:9 unknown key "checkboxes" in task "t" in stage "a" (did you mean "checklist"?)']],
    ['in a task, nothing close', task('        zzzzzz: x'), ['10:9 unknown key "zzzzzz" in task "t" in stage "a"']],
    ['in a checklist entry, where no key is suggested', stage('    checklist:', '      - text: x', '        tex: y'), ['9:9 unknown key "tex" in stage "a"']],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('missing keys, at the mapping that lacks them', () => {
  it.each([
    ['version', 'project:\n  name: P\nstages:\n  - id: a\n    name: A\n', ['1:1 "version" is missing; add "version: 1" at the top of the file']],
    ['project', 'version: 1\nstages:\n  - id: a\n    name: A\n', ['1:1 "project" is missing; add a project with at least a name']],
    ['stages', HEAD, ['1:1 "stages" is missing; declare at least one stage']],
    ['a project name', 'version: 1\nproject:\n  start: 2027-01-04\nstages:\n  - id: a\n    name: A\n', ['2:1 project is missing "name"']],
    ['a stage name', `${HEAD}stages:\n  - id: a\n`, ['5:5 stage "a" is missing "name"']],
    ['a task title', stage('    tasks:', '      - id: t'), ['8:9 task "t" in stage "a" is missing "title"']],
    ['an estimate duration', stage('    estimate:', '      complexity: low'), ['7:5 "estimate" in stage "a" is missing "duration"']],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('values of the wrong type', () => {
  it.each([
    ['an empty file', '', ['1:1 the file is empty; a lifecycle.yml needs at least version, project and stages']],
    ['a file of comments', '# nothing yet\n', ['1:1 the file is empty; a lifecycle.yml needs at least version, project and stages']],
    ['a list for the file', '- a\n', ['1:1 the file must be a mapping of keys (version, project, stages), not a list']],
    ['text for the file', 'just text\n', ['1:1 the file must be a mapping of keys (version, project, stages), not the text "just text"']],
    ['a duration without a unit', stage('    estimate:', '      duration: 3'), ['8:17 "estimate.duration" in stage "a" needs a unit: "3d" (days), "3w" (weeks) or "3h" (hours)']],
    ['an empty field', `${HEAD}stages:\n  - id: a\n    name:\n`, ['6:5 "name" in stage "a" is empty; expected text']],
    ['an empty project', 'version: 1\nproject:\nstages:\n  - id: a\n    name: A\n', ['2:1 project is empty; expected a mapping (key: value lines)']],
    ['an empty stage', `${HEAD}stages:\n  -\n`, ['5:4 stage #1 is empty; expected a mapping (key: value lines)']],
    ['an empty entry of a list', task('        labels: [x, ~]'), ['10:21 an entry of "labels" in task "t" in stage "a" is empty; expected text']],
    ['an empty entry of a top-level list', top('defaults:', '  labels: [~]'), ['5:12 an entry of "labels" in defaults is empty; expected text']],
    ['an entry of the wrong type', task('        labels: [x, 3]'), ['10:21 entries of "labels" in task "t" in stage "a" must be text; this one is the number 3']],
    ['a list for text', `${HEAD}stages:\n  - id: a\n    name: [x]\n`, ['6:11 "name" in stage "a" must be text, not a list']],
    ['true for text', `${HEAD}stages:\n  - id: a\n    name: true\n`, ['6:11 "name" in stage "a" must be text, not true']],
    ['text for a list', stage('    tasks: x'), ['7:12 "tasks" in stage "a" must be a list, not the text "x"']],
    ['a mapping for a list', stage('    depends_on: { x: 1 }'), ['7:17 "depends_on" in stage "a" must be a list, not a mapping']],
    ['text for true or false', top('dashboard: yes'), ['4:12 "dashboard" must be true or false, not the text "yes"']],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('values outside their choices', () => {
  it.each([
    ['version as text', 'version: "1"\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n', ['1:10 version must be the number 1, not the text "1"; remove the quotes']],
    ['another version number', 'version: 2\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n', ['1:10 version 2 is not supported; this release reads version 1']],
    ['another version as text', 'version: two\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n', ['1:10 version "two" is not supported; this release reads version 1']],
    ['a misspelt choice', stage('    estimate:', '      duration: 3d', '      complexity: hgh'), ['9:19 "estimate.complexity" in stage "a" must be one of low, medium, high, not the text "hgh" (did you mean "high"?)']],
    ['a number for a choice', stage('    estimate:', '      duration: 3d', '      complexity: 3'), ['9:19 "estimate.complexity" in stage "a" must be one of low, medium, high, not the number 3']],
    ['a choice in project', 'version: 1\nproject:\n  name: P\n  calendar: weekdays\nstages:\n  - id: a\n    name: A\n', ['4:13 "calendar" in project must be one of workdays, days, not the text "weekdays" (did you mean "workdays"?)']],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('empty and overlong text', () => {
  const label51 = 'l'.repeat(51);
  it.each([
    ['no stages', `${HEAD}stages: []\n`, ['4:1 no stages are declared; a life cycle needs at least one stage']],
    ['empty text, at its key', `${HEAD}stages:\n  - id: a\n    name: ""\n`, ['6:5 "name" in stage "a" must not be empty']],
    ['an empty entry, at the entry', task('        labels: [x, ""]'), ['10:21 entries of "labels" in task "t" in stage "a" must not be empty']],
    ['a label too long', stage(`    label: ${label51}`), ['7:12 "label" in stage "a" is 51 characters long; GitHub allows label names of at most 50']],
    ['a label entry too long', task(`        labels: [${label51}]`), [`10:18 "${'l'.repeat(39)}…" in "labels" in task "t" in stage "a" is 51 characters long; GitHub allows label names of at most 50`]],
    ['a title too long', stage('    tasks:', '      - id: t', `        title: ${'t'.repeat(257)}`), [`9:16 "title" in task "t" in stage "a" is 257 characters long; GitHub allows at most 256`]],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('text in the wrong form', () => {
  it.each([
    ['a stage id', `${HEAD}stages:\n  - id: Über Stage\n    name: A\n`, ['5:9 stage id "Über Stage" is not a slug; use lower-case letters, digits and dashes, such as "uber-stage"']],
    ['a stage id with nothing to offer', `${HEAD}stages:\n  - id: "-"\n    name: A\n`, ['5:9 stage id "-" is not a slug; use lower-case letters, digits and dashes']],
    ['an empty stage id', `${HEAD}stages:\n  - id: ""\n    name: A\n`, ['5:9 stage id "" is not a slug; use lower-case letters, digits and dashes']],
    ['a task id', stage('    tasks:', '      - id: Fine Tuning!', '        title: T'), ['8:13 task id "Fine Tuning!" in stage "a" is not a slug; use lower-case letters, digits and dashes, such as "fine-tuning"']],
    ['an empty task id', stage('    tasks:', '      - id: ""', '        title: T'), ['8:13 task id "" in stage "a" is not a slug; use lower-case letters, digits and dashes']],
    ['a start date', 'version: 1\nproject:\n  name: P\n  start: 2027/01/04\nstages:\n  - id: a\n    name: A\n', ['4:10 project.start "2027/01/04" is not a date written YYYY-MM-DD, such as 2027-01-04']],
    ['a duration', stage('    estimate:', '      duration: soon'), ['8:17 estimate.duration "soon" in stage "a" is not a duration; write a number and a unit: 3d (days), 2w (weeks) or 4h (hours)']],
    ['a login with "@"', task('        assignees: ["@bob"]'), ['10:21 "@bob" in assignees in task "t" in stage "a" is not a GitHub login; leave out the "@"']],
    ['a login', top('defaults:', '  assignees: ["bo b"]'), ['5:15 "bo b" in assignees in defaults is not a GitHub login']],
    ['a preset record', top('preset: genai'), ['4:9 "preset": must be a preset and its edition, such as genai@2']],
    ['a variable name', top('variables:', '  "1x": 1'), ['5:3 variable name "1x" cannot be read as vars.<name>; use letters, digits, "_" and "-", starting with a letter or "_"']],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('entries that may be text or a mapping', () => {
  it.each([
    ['a variable', top('variables:', '  x: [1]'), ['5:6 variable "x" must be text, a number, true, false or empty, not a list']],
    ['a condition', stage('    when: [x]'), ['7:11 "when" in stage "a" must be an expression (text) or true/false, not a list']],
    ['a review item', stage('    checklist:', '      - [x]'), ['8:9 an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths", not a list']],
    ['a review item with a stray key and no text', stage('    checklist:', '      - colour: red'), ['8:9 an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths"; unknown key "colour"; "text" is missing']],
    ['a review item with two stray keys and no text', stage('    checklist:', '      - { colour: red, size: 2 }'), ['8:9 an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths"; unknown keys "colour", "size"; "text" is missing']],
    ['a task checklist item', task('        checklist:', '          - 3'), ['11:13 an entry of "checklist" in task "t" in stage "a" must be text or a mapping of "text", "when", not the number 3']],
    ['a task checklist item without text', task('        checklist:', '          - { when: "true" }'), ['11:13 an entry of "checklist" in task "t" in stage "a" must be text or a mapping of "text", "when"; "text" is missing']],
    ['an exit criterion', stage('    exit_criteria:', '      - 3'), ['8:9 an entry of "exit_criteria" in stage "a" must be text or a mapping of "text", "when", not the number 3']],
    ['a path rule', stage('    match:', '      paths:', '        - 3'), ['9:11 an entry of "match.paths" in stage "a" must be text or a mapping of "glob", "when", not the number 3']],
    ['a label rule', stage('    match:', '      labels:', '        - 3'), ['9:11 an entry of "match.labels" in stage "a" must be text or a mapping of "label", "when", not the number 3']],
    ['a branch rule without its pattern', stage('    match:', '      branches:', '        - {}'), ['9:11 an entry of "match.branches" in stage "a" must be text or a mapping of "pattern", "when"; "pattern" is missing']],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});

describe('slugify', () => {
  it.each([
    ['Fine Tuning!', 'fine-tuning'],
    ['Über Stage', 'uber-stage'],
    ['--a__b--', 'a-b'],
    ['', ''],
    [`${'A'.repeat(63)} B`, 'a'.repeat(63)],
    [`${'a'.repeat(70)}`, 'a'.repeat(64)],
  ])('%j → %j', (text, expected) => {
    expect(slugify(text)).toBe(expected);
  });
});

describe('findings that take a closer look at the value', () => {
  const nineTasks = Array.from({ length: 9 }, (_, i) => [`      - id: t${i + 1}`, `        title: T${i + 1}`]).flat();
  it.each([
    // Only a number gets the unit hint; anything else is the wrong type.
    ['a duration of true', stage('    estimate:', '      duration: true'), ['8:17 "estimate.duration" in stage "a" must be text, not true']],
    ['an empty review item', stage('    checklist:', '      - ~'), ['8:9 an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths", not empty']],
    // Its keys are all known and "text" is there: nothing to add about keys.
    ['a review item whose text is a number', stage('    checklist:', '      - text: 3'), ['8:9 an entry of "checklist" in stage "a" must be text or a mapping of "text", "when", "paths"']],
    // The tenth task has no id to name it by: its number has two digits.
    ['an empty id on the tenth task', stage('    tasks:', ...nineTasks, '      - id: ""', '        title: T10'), ['26:13 task id "" in stage "a" is not a slug; use lower-case letters, digits and dashes']],
  ])('%s', (_, text, expected) => {
    expect(errors(text)).toEqual(expected);
  });
});
