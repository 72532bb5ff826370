// How diagnostics name what a path points at, and how values read in messages.
import { describe, expect, it } from 'vitest';
import { describeValue, fieldName, isRecord, locate, stageName, taskName, truncate, valueAt, within } from '../../src/config/report.js';

const data = { stages: [{ id: 'plan', tasks: [{ id: 'scope' }, { title: 'no id' }, { id: '' }] }, { name: 'no id' }, { id: 7 }, { id: '' }], project: { name: 'P' } };

describe('naming a place in the file', () => {
  it.each([
    [['stages', 0, 'tasks', 1, 'title'], 'task #2 in stage "plan"', ['title']],
    [['stages', 0, 'tasks', 0, 'checklist', 2], 'task "scope" in stage "plan"', ['checklist', 2]],
    [['stages', 0, 'tasks', 2], 'task #3 in stage "plan"', []],
    [['stages', 1, 'estimate', 'duration'], 'stage #2', ['estimate', 'duration']],
    [['stages', 2, 'tasks', 'x'], 'stage #3', ['tasks', 'x']],
    [['stages', 'x', 'id'], '', ['stages', 'x', 'id']],
    [['project', 'name'], 'project', ['name']],
    [['defaults', 'labels', 0], 'defaults', ['labels', 0]],
    [['variables', 'a'], 'variables', ['a']],
    // Only an index into stages names a stage.
    [['project', 0, 'x'], 'project', [0, 'x']],
    [['x', 0], '', ['x', 0]],
    [['version'], '', ['version']],
    [[], '', []],
  ])('%j → %s, then %j', (path, subject, rest) => {
    expect(locate(data, path)).toEqual({ subject, rest });
  });

  it('names stages and tasks by id, or by number when the id is missing or empty', () => {
    expect([stageName(data, 0), stageName(data, 1), stageName(data, 2), stageName(data, 3), stageName(data, 5)]).toEqual(['stage "plan"', 'stage #2', 'stage #3', 'stage #4', 'stage #6']);
    expect([taskName(data, 0, 0), taskName(data, 0, 2), taskName(data, 1, 0)]).toEqual(['task "scope" in stage "plan"', 'task #3 in stage "plan"', 'task #1 in stage #2']);
  });

  it('reads values along a path, and nothing past a wrong turn', () => {
    expect(valueAt(data, ['stages', 0, 'tasks', 0, 'id'])).toBe('scope');
    expect(valueAt(data, [])).toBe(data);
    expect(valueAt(data, ['stages', '0'])).toBeUndefined();
    expect(valueAt(data, ['project', 0])).toBeUndefined();
    expect(valueAt(data, ['project', 'toString'])).toBeUndefined();
    expect(valueAt(data, ['project', 'name', 'length'])).toBeUndefined();
    expect(valueAt(null, ['a'])).toBeUndefined();
    // A number indexes a list only, a text a mapping only.
    expect(valueAt({ 0: 'x' }, [0])).toBeUndefined();
  });

  it('puts field names and subjects into words', () => {
    expect(fieldName(['estimate', 'duration'])).toBe('estimate.duration');
    expect(fieldName(['depends_on', 0])).toBe('depends_on');
    expect(fieldName([])).toBe('');
    expect(within('stage "a"')).toBe(' in stage "a"');
    expect(within('')).toBe('');
  });
});

describe('values in messages', () => {
  it.each([
    [null, 'empty'],
    [undefined, 'empty'],
    ['abc', 'the text "abc"'],
    ['', 'the text ""'],
    [3, 'the number 3'],
    [0, 'the number 0'],
    [false, 'false'],
    [true, 'true'],
    [[], 'a list'],
    [{}, 'a mapping'],
  ])('%j reads as %s', (value, words) => {
    expect(describeValue(value)).toBe(words);
  });

  it('shortens long text to one line of at most 40 characters', () => {
    expect(truncate('a\n  b\tc')).toBe('a b c');
    expect(truncate('x'.repeat(40))).toBe('x'.repeat(40));
    expect(truncate('x'.repeat(41))).toBe(`${'x'.repeat(39)}…`);
    expect(truncate('abcdef', 5)).toBe('abcd…');
    expect(describeValue('y'.repeat(50))).toBe(`the text "${'y'.repeat(39)}…"`);
  });

  it('tells mappings from lists and null', () => {
    expect([isRecord({}), isRecord([]), isRecord(null), isRecord('a')]).toEqual([true, false, false, false]);
  });
});
