// The hidden record of what the tool last wrote (src/plan/record.ts). Its hashes are stored in the
// markers of issues and milestones on GitHub, so they must stay what earlier versions wrote: a
// changed hash would make every record look stale and every person's change look like the config's.
import { describe, expect, it } from 'vitest';
import { parseMarker, withMarker } from '../../src/plan/marker.js';
import { dueKey, issueRecord, listHash, milestoneKey, milestoneRecord, recordMilestone, sameRecord, titleHash } from '../../src/plan/record.js';

describe('record hashes', () => {
  // FNV-1a (32 bits) with its standard offset, then the first 4 hex digits of FNV-1a with the prime
  // as offset; values from an independent implementation.
  it.each([
    ['', '811c9dc50100'],
    ['a', 'e40c292c8503'],
    ['Define the use case', '9788241668a5'],
  ])('hashes the title %j as %s', (title, hash) => {
    expect(titleHash(title)).toBe(hash);
  });

  it('hashes a list as a set, ignoring case and order', () => {
    expect(listHash(['stage: scope', 'Lifecycle', 'lifecycle'])).toBe('1b1659e71853');
    expect(listHash(['lifecycle', 'stage: scope'])).toBe('1b1659e71853');
    expect(listHash(['lifecycle'])).not.toBe('1b1659e71853');
    expect(listHash([])).toBe(titleHash(''));
    // Distinct lists, however their items join, never share a hash.
    expect(listHash(['ab'])).not.toBe(listHash(['a', 'b']));
  });

  it('records an issue and a milestone field by field', () => {
    expect(issueRecord('a', ['x'], [])).toEqual({ title: 'e40c292c8503', labels: listHash(['x']), assignees: listHash([]) });
    expect(milestoneRecord('a', '2027-01-20')).toEqual({ title: 'e40c292c8503', due: '2027-01-20' });
    expect(milestoneRecord('a', null)).toEqual({ title: 'e40c292c8503', due: 'none' });
    expect([dueKey(null), dueKey('2027-01-20'), milestoneKey(null), milestoneKey(0), milestoneKey(12)]).toEqual(['none', '2027-01-20', 'none', '0', '12']);
  });
});

describe('sameRecord', () => {
  const full = { title: 't', labels: 'l', assignees: 'a', due: 'd', milestone: 'm' };
  it.each([
    ['no record', undefined, false],
    ['the same fields', { ...full }, true],
    ['another title', { ...full, title: 'x' }, false],
    ['other labels', { ...full, labels: 'x' }, false],
    ['other assignees', { ...full, assignees: 'x' }, false],
    ['another due date', { ...full, due: 'x' }, false],
    ['another milestone', { ...full, milestone: 'x' }, false],
    ['a field missing', { title: 't', labels: 'l', assignees: 'a', due: 'd' }, false],
    // The transitions' fields are not the config's: they never make a record stale.
    ['a transition recorded besides', { ...full, state: 'closed', unlocked: '1' }, true],
  ])('%s: %s', (_, a, same) => {
    expect(sameRecord(a, full)).toBe(same);
  });
});

describe('recordMilestone', () => {
  const body = withMarker('Text.', { kind: 'task', stage: 's', task: 't', wrote: { title: 'h' } });

  it('adds the milestone number to the record, keeping the rest', () => {
    const recorded = recordMilestone(body, 7);
    expect(parseMarker(recorded)?.wrote).toEqual({ title: 'h', milestone: '7' });
    expect(parseMarker(recordMilestone(body, null))?.wrote).toEqual({ title: 'h', milestone: 'none' });
  });

  it('records the milestone in a body with no record yet, and in a text a person edited', () => {
    const bare = withMarker('Text.', { kind: 'task', stage: 's', task: 't' });
    expect(parseMarker(recordMilestone(bare, 7))?.wrote).toEqual({ milestone: '7' });
    const edited = bare.replace('Text.', 'Their text.');
    const recorded = recordMilestone(edited, 7);
    expect(parseMarker(recorded)?.wrote).toEqual({ milestone: '7' });
    expect(recorded.startsWith('Their text.')).toBe(true);
  });

  it('returns the body as it is when the number is recorded already, or there is no marker', () => {
    const recorded = recordMilestone(body, 7);
    expect(recordMilestone(recorded, 7)).toBe(recorded);
    expect(recordMilestone('No marker.', 7)).toBe('No marker.');
  });
});
