// The marker itself: what parseMarker accepts, what stripMarker and untickAll leave, how
// formatMarker escapes. Table rows over hand-written texts.
import { describe, expect, it } from 'vitest';
import { formatMarker, parseMarker, stripMarker, untickAll, type Marker } from '../../src/plan/marker.js';

const m = (json: string) => `<!-- lifecycle-action ${json} -->`;
const TASK = m('{"v":1,"kind":"task"}');

describe('parseMarker', () => {
  const cases: { name: string; text: string | null | undefined; want: Marker | null }[] = [
    { name: 'null', text: null, want: null },
    { name: 'undefined', text: undefined, want: null },
    { name: 'not JSON', text: m('{nope}'), want: null },
    { name: 'another version', text: m('{"v":2,"kind":"task"}'), want: null },
    { name: 'no kind', text: m('{"v":1}'), want: null },
    { name: 'a kind that is not a string', text: m('{"v":1,"kind":3}'), want: null },
    { name: 'an unknown kind', text: m('{"v":1,"kind":"other"}'), want: null },
    { name: 'a stage', text: m('{"v":1,"kind":"stage","stage":"a"}'), want: { v: 1, kind: 'stage', stage: 'a' } },
    { name: 'a stage issue', text: m('{"v":1,"kind":"stage-issue","stage":"a"}'), want: { v: 1, kind: 'stage-issue', stage: 'a' } },
    {
      name: 'a transition with its event',
      text: m('{"v":1,"kind":"transition","stage":"a","event":"finished"}'),
      want: { v: 1, kind: 'transition', stage: 'a', event: 'finished' },
    },
    {
      name: 'fields that are not strings are dropped',
      text: m('{"v":1,"kind":"task","stage":3,"task":4,"digest":5,"event":6,"keep":"x"}'),
      want: { v: 1, kind: 'task' },
    },
    { name: 'a record that is null', text: m('{"v":1,"kind":"task","wrote":null}'), want: { v: 1, kind: 'task' } },
    { name: 'keep: an object', text: m('{"v":1,"kind":"dashboard","keep":{"a":1}}'), want: { v: 1, kind: 'dashboard', keep: { a: 1 } } },
    { name: 'keep: null', text: m('{"v":1,"kind":"dashboard","keep":null}'), want: { v: 1, kind: 'dashboard' } },
    { name: 'keep: a list', text: m('{"v":1,"kind":"dashboard","keep":[1]}'), want: { v: 1, kind: 'dashboard' } },
    { name: 'a prefix without "{" before the marker', text: `<!-- lifecycle-action x ${TASK}`, want: { v: 1, kind: 'task' } },
    { name: 'JSON across a line break is no marker', text: '<!-- lifecycle-action {"v":1,\n"kind":"task"} -->', want: null },
    {
      name: 'unclosed prefixes on one line, the marker on the next',
      text: `<!-- lifecycle-action {a <!-- lifecycle-action {b\n${m('{"v":1,"kind":"guide"}')}`,
      want: { v: 1, kind: 'guide' },
    },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(parseMarker(text)).toEqual(want);
  });
});

describe('formatMarker', () => {
  const cases: { name: string; task: string }[] = [
    { name: 'both', task: 'a<b>c' },
    { name: 'only "<"', task: 'a<b' },
    { name: 'only ">"', task: 'a>b' },
  ];

  it.each(cases)('escapes angle brackets ($name), and reads back the same', ({ task }) => {
    const line = formatMarker({ v: 1, kind: 'task', task });
    expect(line.slice(1, -1)).not.toMatch(/[<>]/);
    expect(parseMarker(line)?.task).toBe(task);
  });
});

describe('stripMarker', () => {
  const cases: { name: string; text: string; want: string }[] = [
    { name: 'a marker line takes the line breaks around it', text: `a\n${TASK}\nb`, want: 'ab' },
    { name: 'a marker first', text: `${TASK}\nhello`, want: 'hello' },
    { name: 'a marker inside a line', text: `ab${TASK}cd`, want: 'abcd' },
    { name: 'two markers on a line', text: `x ${TASK} y ${m('{"v":1,"kind":"guide"}')} z`, want: 'x  y  z' },
    { name: 'an unclosed prefix stays', text: `<!-- lifecycle-action {broken\n${TASK}`, want: '<!-- lifecycle-action {broken' },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(stripMarker(text)).toBe(want);
  });
});

describe('untickAll', () => {
  const cases: { name: string; text: string; want: string }[] = [
    { name: 'a box on the first line', text: '- [x] a', want: '- [ ] a' },
    { name: 'an indented box', text: 'intro\n  * [X] b', want: 'intro\n  * [ ] b' },
    { name: 'not a list item', text: 'see [x] here', want: 'see [x] here' },
    { name: 'a dash inside a line is no list item', text: 'see - [x] here', want: 'see - [x] here' },
  ];

  it.each(cases)('$name', ({ text, want }) => {
    expect(untickAll(text)).toBe(want);
  });
});
