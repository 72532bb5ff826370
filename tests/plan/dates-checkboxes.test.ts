import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carryTicks, tickedItems } from '../../src/plan/checkboxes.js';
import { dueDateOf, dueOnValue } from '../../src/plan/dates.js';
import { digest, formatMarker, parseMarker, setMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import { plan } from '../../src/plan/plan.js';
import { applyPlanToState } from '../../src/plan/simulate.js';
import { isEdited, refreshedRecord, sameText, visibleText } from '../../src/plan/text.js';
import { EMPTY, desiredMilestone, desiredState } from './fixtures.js';

describe('due dates', () => {
  it.each([
    ['2027-01-20T08:00:00Z', '2027-01-20'], // Pacific standard time
    ['2027-07-20T07:00:00Z', '2027-07-20'], // Pacific daylight time
    ['2027-03-14T08:00:00Z', '2027-03-14'], // daylight saving time starts at 02:00 that day
    ['2027-03-15T07:00:00Z', '2027-03-15'],
    ['2027-11-07T07:00:00Z', '2027-11-07'], // daylight saving time ends at 02:00 that day
    ['2027-11-08T08:00:00Z', '2027-11-08'],
    ['2027-01-20T12:00:00Z', '2027-01-20'], // what the tool sends
    ['2027-01-20', '2027-01-20'],
  ])('reads GitHub due_on %s as the date %s', (value, date) => {
    expect(dueDateOf(value)).toBe(date);
  });

  it('reads no date from null or an unreadable value', () => {
    expect(dueDateOf(null)).toBeNull();
    expect(dueDateOf('soon')).toBeNull();
  });

  it('sends noon UTC of the intended day', () => {
    expect(dueOnValue('2027-03-14')).toBe('2027-03-14T12:00:00Z');
    expect(dueOnValue(null)).toBeNull();
  });

  it('round-trips every day of a year through what GitHub stores', () => {
    const days: string[] = [];
    for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
    const milestones = days.map((day, i) => desiredMilestone(`s${i}`, { title: day, dueOn: day }));
    const desired = desiredState({ milestones, issues: [], labels: [] });
    const stored = applyPlanToState(EMPTY, plan(desired, EMPTY));
    expect(stored.milestones.map((m) => m.dueOn?.slice(11))).toContain('07:00:00Z');
    expect(stored.milestones.map((m) => m.dueOn?.slice(11))).toContain('08:00:00Z');
    expect(stored.milestones.map((m) => dueDateOf(m.dueOn))).toEqual(days);
  });
});

describe('ticked boxes', () => {
  it('finds ticked items by their text, counting repeats', () => {
    expect([...tickedItems('- [x] a\n- [ ] b\n  * [X] a\n+ [x]   c  ')]).toEqual([
      ['a', 2],
      ['c', 1],
    ]);
  });

  it('ticks each previously ticked item once, in order', () => {
    expect(carryTicks('- [ ] a\n- [ ] a\n- [ ] b', '- [x] a\n- [ ] a')).toBe('- [x] a\n- [ ] a\n- [ ] b');
  });

  it('leaves text that is not a task-list box alone', () => {
    expect(carryTicks('a\n[ ] a\n- [ ]a', '- [x] a')).toBe('a\n[ ] a\n- [ ]a');
  });

  it.each([
    // A box the new text ticks already takes no tick: the tick goes to the next box with that item.
    ['- [x] a\n- [ ] a', '- [x] a', '- [x] a\n- [x] a'],
    // Brackets in the text of a ticked item are text, not a box.
    ['- [x] keep [ ] as written', '- [x] keep [ ] as written', '- [x] keep [ ] as written'],
  ])('carries ticks into %j from %j as %j', (next, previous, carried) => {
    expect(carryTicks(next, previous)).toBe(carried);
  });

  it('keeps Windows line endings as they are', () => {
    expect(carryTicks('- [ ] a\r\n- [ ] b\r\n', '- [x] b')).toBe('- [ ] a\r\n- [x] b\r\n');
  });
});

describe('marker record', () => {
  it('parses the record of written fields and ignores values that are not strings', () => {
    const text = setMarker(withMarker('x', { kind: 'task', stage: 's', task: 't' }), { v: 1, kind: 'task', stage: 's', task: 't', digest: 'd', wrote: { title: 'a', labels: 'b' } });
    expect(parseMarker(text)?.wrote).toEqual({ title: 'a', labels: 'b' });
    expect(parseMarker('<!-- lifecycle-action {"v":1,"kind":"task","wrote":{"title":3}} -->')?.wrote).toEqual({});
  });

  it('replaces the marker in place and leaves every other character as it was', () => {
    const text = 'a  \r\nb\n\n<!-- lifecycle-action {"v":1,"kind":"stage","stage":"s"} -->\ntail';
    const replaced = setMarker(text, { v: 1, kind: 'stage', stage: 's', wrote: { title: 'h' } });
    expect(replaced.startsWith('a  \r\nb\n\n<!-- lifecycle-action ')).toBe(true);
    expect(replaced.endsWith(' -->\ntail')).toBe(true);
    expect(stripMarker(replaced)).toBe(stripMarker(text));
  });

  it('appends a marker to text that has none', () => {
    expect(setMarker('body\n\n', { v: 1, kind: 'stage', stage: 's' })).toBe('body\n\n<!-- lifecycle-action {"v":1,"kind":"stage","stage":"s"} -->\n');
  });
});

describe('visible text', () => {
  it('is what stripMarker gives, for any text around any marker-like line', () => {
    const piece = fc.constantFrom('text', '\n', '\r\n', ' ', '- [x] a', '<!-- lifecycle-action ', '{"v":1,"kind":"task"}', '}', ' -->', '{', 'x\n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(visibleText(text)).toBe(stripMarker(text));
      }),
      { numRuns: 500 },
    );
    const written = withMarker('Body\n\n- [ ] item', { kind: 'task', stage: 's', task: 't' });
    expect(visibleText(written)).toBe('Body\n\n- [ ] item');
  });
});

describe('visible text, shapes the shortcut for a last-line marker must leave to stripMarker', () => {
  const P = '<!-- lifecycle-action ';
  it.each([
    ['the shape the tool writes', `a\n\n${P}{"v":1} -->\n`, 'a'],
    ['no marker, a brace where one would start', `${'x'.repeat(21)}{a} -->`, `${'x'.repeat(21)}{a} -->`],
    ['Windows line endings', `a\r\nb\n\n${P}{"v":1} -->\n`, 'a\nb'],
    ['a prefix without JSON after it', `a ${P}x} -->`, `a ${P}x} -->`],
    ['a prefix without JSON after it, a brace as far before it', `{${'x'.repeat(21)}${P}x} -->`, `{${'x'.repeat(21)}${P}x} -->`],
    ['JSON not closed before the end', `a\n${P}{"v":1 -->`, `a\n${P}{"v":1 -->`],
    ['a marker across lines', `a\n${P}{"v":\n1} -->`, `a\n${P}{"v":\n1} -->`],
    ['text after the marker (taken with the line breaks around it)', `a\n${P}{"v":1} -->\nb`, 'ab'],
  ])('%s', (_, body, visible) => {
    expect(visibleText(body)).toBe(visible);
    expect(stripMarker(body)).toBe(visible);
  });
});

describe('owned text comparisons', () => {
  it.each([
    ['a\n  ', 'a', true],
    ['a\r\nb', 'a\nb', true],
    [null, '', true],
    [undefined, '\n', true],
    [' a', 'a', false],
    ['a\nb', 'ab', false],
  ])('sameText(%j, %j) is %s', (a, b, same) => {
    expect(sameText(a, b)).toBe(same);
    expect(sameText(b, a)).toBe(same);
  });

  it('counts text as edited unless the marker has the digest of it', () => {
    expect(isEdited('x', null)).toBe(true);
    expect(isEdited('x', { v: 1, kind: 'task' })).toBe(true);
    expect(isEdited('x', { v: 1, kind: 'task', digest: digest('x') })).toBe(false);
    expect(isEdited(null, { v: 1, kind: 'task', digest: digest('') })).toBe(false);
    expect(isEdited(null, { v: 1, kind: 'task', digest: digest('x') })).toBe(true);
  });

  it('refreshes the record of an empty text into a marker alone', () => {
    const marker = { v: 1, kind: 'task', stage: 's', task: 't' } as const;
    expect(refreshedRecord(null, marker, { title: 'h' })).toBe(`${formatMarker({ ...marker, wrote: { title: 'h' } })}\n`);
  });
});
