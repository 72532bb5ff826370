import { describe, expect, it } from 'vitest';
import { coerceAnswer, isValidDate, parseAnswersText, parseSetFlags, recordedAnswers, resolveAnswers } from '../../src/init/answers.js';
import { nextMonday, presetDefinition } from '../../src/init/presets.js';
import type { Question } from '../../src/init/presets.js';

const genai = presetDefinition('genai');
const question = (key: string): Question => {
  const found = genai.questions.find((q) => q.key === key);
  if (!found) throw new Error(key);
  return found;
};
const CONTEXT = { dirName: 'bot', today: '2027-01-06' };

describe('nextMonday', () => {
  it.each([
    ['2027-01-01', '2027-01-04'], // Friday
    ['2027-01-03', '2027-01-04'], // Sunday
    ['2027-01-04', '2027-01-11'], // a Monday gives the next one
    ['2027-12-29', '2028-01-03'], // across a year
  ])('%s → %s', (today, monday) => expect(nextMonday(today)).toBe(monday));
});

describe('coerceAnswer', () => {
  it.each([
    ['start', '2028-02-29', '2028-02-29'],
    ['start', 'none', null],
    ['start', '', null],
    ['foundation_model', 'no', false],
    ['foundation_model', 'Yes', true],
    ['foundation_model', true, true],
    ['tuning_method', 'LoRA', 'lora'],
    ['tuning_method', 'prompt_tuning', 'prompt-tuning'],
    ['tuning_method', 'Full fine-tuning', 'full'],
    ['assignees', '@ada, grace,ada', ['ada', 'grace']],
    ['assignees', ['octo-cat'], ['octo-cat']],
    ['assignees', '', []],
    ['name', '  Support bot ', 'Support bot'],
  ] as const)('%s: %j → %j', (key, raw, value) => {
    expect(coerceAnswer(question(key), raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['start', '2027-02-29'],
    ['start', '04/01/2027'],
    ['foundation_model', 'maybe'],
    ['tuning_method', 'qlora'],
    ['assignees', 'not a login'],
    ['assignees', '-dash'],
    ['name', { nested: true }],
  ] as const)('%s rejects %j', (key, raw) => {
    expect(coerceAnswer(question(key), raw).ok).toBe(false);
  });

  it('isValidDate checks the calendar, not just the shape', () => {
    expect(isValidDate('2027-13-01')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
  });
});

describe('resolveAnswers', () => {
  it('layers sources: defaults, then recorded, then files, then flags', () => {
    const resolved = resolveAnswers(genai, CONTEXT, [
      { label: 'config', values: { name: 'Recorded', tuning_method: 'full', reward_model: true }, explicit: false },
      { label: 'answers.yml', values: { tuning_method: 'prompt-tuning' }, explicit: true },
      { label: '--set', values: { reward_model: 'false' }, explicit: true },
    ]);
    expect(resolved.invalid).toEqual([]);
    expect(resolved.missing).toEqual([]);
    expect(resolved.answers).toMatchObject({ name: 'Recorded', start: '2027-01-11', tuning_method: 'prompt-tuning', reward_model: false, foundation_model: true });
    expect([...resolved.given].sort()).toEqual(['reward_model', 'tuning_method']);
  });

  it('ignores unknown or stale keys in a recorded config but not in flags', () => {
    const resolved = resolveAnswers(genai, CONTEXT, [
      { label: 'config', values: { team_size: 4, tuning_method: 'qlora' }, explicit: false },
      { label: '--set', values: { team_size: '4' }, explicit: true },
    ]);
    expect(resolved.answers.tuning_method).toBe('lora');
    expect(resolved.invalid).toEqual([expect.stringContaining('--set: unknown answer "team_size"')]);
  });

  it('reports an empty required answer as missing', () => {
    const resolved = resolveAnswers(genai, { ...CONTEXT, dirName: '' }, []);
    expect(resolved.missing).toEqual([expect.stringContaining('missing required answer "name"')]);
  });
});

describe('answer inputs', () => {
  it('parses --set flags, splitting at the first "="', () => {
    expect(parseSetFlags(['name=a=b', 'start=', 'bad'])).toEqual({ values: { name: 'a=b', start: '' }, problems: ['--set bad: expected key=value'] });
  });

  it('reads YAML and JSON answers files and rejects non-mappings', () => {
    expect(parseAnswersText('name: X\nreward_model: true\n', 'a.yml').values).toEqual({ name: 'X', reward_model: true });
    expect(parseAnswersText('{"name": "X"}', 'a.json').values).toEqual({ name: 'X' });
    expect(parseAnswersText('- a\n- b\n', 'a.yml').problems).toEqual(['a.yml: expected a mapping of answers (key: value)']);
    expect(parseAnswersText('name: [', 'a.yml').problems[0]).toMatch(/^a\.yml: not valid YAML or JSON/);
  });

  it('recovers the answers an earlier run wrote into the config', () => {
    const text = 'version: 1\nproject:\n  name: Bot\n  calendar: days\nvariables:\n  reward_model: true\n  tuning_method: full\ndefaults:\n  assignees: [ada]\nstages: []\n';
    expect(recordedAnswers(genai, text)).toEqual({ name: 'Bot', start: null, reward_model: true, tuning_method: 'full', assignees: ['ada'] });
    expect(recordedAnswers(genai, 'key: [unclosed')).toEqual({});
  });
});
