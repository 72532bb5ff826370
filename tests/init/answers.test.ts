import { ANSWER_MIGRATIONS, migrateAnswers } from '../../src/init/answer-migrations.js';
import { describe, expect, it } from 'vitest';
import { coerceAnswer, isValidDate, parseAnswersText, parseSetFlags, recordedAnswers, resolveAnswers } from '../../src/init/answers.js';
import { nextMonday, presetDefinition, presetEdition } from '../../src/init/presets.js';
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
    ['adaptation', 'LoRA', 'lora'],
    ['adaptation', 'QLoRA', 'qlora'],
    ['adaptation', 'prompt_tuning', 'prompt-tuning'],
    ['adaptation', 'Full fine-tuning', 'full'],
    ['hosting', 'Self hosted', 'self-hosted'],
    ['alignment', 'DPO', 'dpo'],
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
    ['adaptation', 'adapters'],
    ['alignment', 'ppo'],
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
      { label: 'config', values: { name: 'Recorded', adaptation: 'full', reward_model: true }, explicit: false },
      { label: 'answers.yml', values: { adaptation: 'prompt-tuning' }, explicit: true },
      { label: '--set', values: { reward_model: 'false' }, explicit: true },
    ]);
    expect(resolved.invalid).toEqual([]);
    expect(resolved.missing).toEqual([]);
    expect(resolved.answers).toMatchObject({ name: 'Recorded', start: '2027-01-11', adaptation: 'prompt-tuning', reward_model: false, foundation_model: true });
    expect([...resolved.given].sort()).toEqual(['adaptation', 'reward_model']);
  });

  it('ignores unknown or stale keys in a recorded config but not in flags', () => {
    const resolved = resolveAnswers(genai, CONTEXT, [
      { label: 'config', values: { team_size: 4, adaptation: 'adapters' }, explicit: false },
      { label: '--set', values: { team_size: '4' }, explicit: true },
    ]);
    expect(resolved.answers.adaptation).toBe('none');
    expect(resolved.invalid).toEqual([expect.stringContaining('--set: unknown answer "team_size"')]);
  });

  it('reports an empty required answer as missing', () => {
    const resolved = resolveAnswers(genai, { ...CONTEXT, dirName: '' }, []);
    expect(resolved.missing).toEqual([expect.stringContaining('missing required answer "name"')]);
  });
});

describe('answers recorded by edition 1', () => {
  // Edition 1 wrote no `preset:` record; its tuning_method is edition 2's adaptation, and it always
  // planned RLHF, which edition 2 asks about.
  const EDITION_1 = 'version: 1\nproject:\n  name: Bot\nvariables:\n  foundation_model: true\n  reward_model: true\n  tuning_method: prompt-tuning\nstages: []\n';

  it('maps tuning_method to adaptation and implies alignment: rlhf, keeping reward_model', () => {
    expect(recordedAnswers(genai, EDITION_1)).toEqual({ name: 'Bot', start: null, foundation_model: true, reward_model: true, adaptation: 'prompt-tuning', alignment: 'rlhf' });
  });

  it('is declared once, per edition step, and a rename never lands on an unknown question', () => {
    for (const step of ANSWER_MIGRATIONS) {
      const to = presetEdition(step.preset, step.to);
      const keys = new Set(to?.questions.map((q) => q.key));
      for (const key of [...Object.values(step.renamed), ...step.implied.map((i) => i.key)]) expect(keys, `${step.preset} ${step.from}→${step.to}: ${key}`).toContain(key);
    }
    expect(migrateAnswers('genai', 2, 2, { adaptation: 'lora' })).toEqual({ adaptation: 'lora' });
  });

  it('feeds a re-run of init: the old answers come back under their new names', () => {
    const resolved = resolveAnswers(genai, CONTEXT, [{ label: 'config', values: recordedAnswers(genai, EDITION_1), explicit: false }]);
    expect(resolved.invalid).toEqual([]);
    expect(resolved.answers).toMatchObject({ adaptation: 'prompt-tuning', alignment: 'rlhf', reward_model: true, hosting: 'api' });
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
    const text = 'version: 1\nproject:\n  name: Bot\n  calendar: days\npreset: genai@2\nvariables:\n  hosting: self-hosted\n  adaptation: qlora\n  rag: false\ndefaults:\n  assignees: [ada]\nstages: []\n';
    expect(recordedAnswers(genai, text)).toEqual({ name: 'Bot', start: null, hosting: 'self-hosted', adaptation: 'qlora', rag: false, assignees: ['ada'] });
    expect(recordedAnswers(genai, 'key: [unclosed')).toEqual({});
  });
});
