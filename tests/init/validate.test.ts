// Every generated config passes the same validation `lifecycle validate` and the Action run.
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { availableTemplateNames } from '../../src/config/template-names.js';
import { defaultAnswers } from '../../src/init/answers.js';
import { loadPresetFiles } from '../../src/init/disk.js';
import { CONFIG_PATH, planInit } from '../../src/init/plan.js';
import { presetDefinition } from '../../src/init/presets.js';
import type { Answers, PresetName } from '../../src/init/presets.js';

const GENAI_COMBINATIONS: Partial<Answers>[] = [];
for (const foundation_model of [true, false]) {
  for (const hosting of ['api', 'self-hosted']) {
    for (const adaptation of ['none', 'prompt-tuning', 'lora', 'qlora', 'full']) {
      for (const [alignment, reward_model] of [['none', false], ['dpo', false], ['rlhf', false], ['rlhf', true]] as const) {
        GENAI_COMBINATIONS.push({ foundation_model, hosting, adaptation, alignment, reward_model, rag: adaptation !== 'full', agent: adaptation === 'lora' });
      }
    }
  }
}
const CASES: [PresetName, Partial<Answers>][] = [
  ...GENAI_COMBINATIONS.map((answers) => ['genai', answers] as [PresetName, Partial<Answers>]),
  ['genai', { start: null, assignees: ['ada', 'grace'], name: 'Name: with "quotes" # and a hash' }],
  ['minimal', {}],
  ['minimal', { start: null, assignees: ['ada'] }],
];

describe('generated configs validate', () => {
  it.each(CASES)('%s with %o has no errors', async (preset, overrides) => {
    const definition = presetDefinition(preset);
    const answers = { ...defaultAnswers(definition, { dirName: 'repo', today: '2027-01-01' }), ...overrides } as Answers;
    const plan = planInit({ preset, answers, presetFiles: await loadPresetFiles(preset), options: { skeleton: true, ejectTemplates: true } });
    const text = plan.files.find((f) => f.path === CONFIG_PATH)?.content ?? '';
    const result = loadConfigText(text, CONFIG_PATH, { templateNames: await availableTemplateNames({ repoDir: null }) });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.config?.project.name).toBe(answers.name);
  });
});
