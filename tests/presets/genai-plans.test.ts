// The plans `lifecycle init` writes for the main answer combinations of the Generative AI preset,
// as a practitioner reads them: stages, dates, durations and tasks. Each goes through init's own
// file plan and passes the same validation as `lifecycle validate`; the snapshot shows what a
// change to the preset does to each plan.
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../src/config/load.js';
import { checklistTexts } from '../../src/config/conditional.js';
import { formatDiagnostic } from '../../src/config/diagnostics.js';
import { availableTemplateNames } from '../../src/config/template-names.js';
import { defaultAnswers } from '../../src/init/answers.js';
import { loadPresetFiles } from '../../src/init/disk.js';
import { CONFIG_PATH, planInit } from '../../src/init/plan.js';
import { presetDefinition } from '../../src/init/presets.js';
import type { Answers } from '../../src/init/presets.js';
import { activeTasks } from '../../src/render/context.js';
import { computeSchedule } from '../../src/schedule/schedule.js';

const PLANS: [string, Partial<Answers>][] = [
  ['a hosted model, the defaults', {}],
  ['a hosted model without retrieval', { rag: false }],
  ['a hosted model with tools', { agent: true }],
  ['open weights, LoRA and DPO', { hosting: 'self-hosted', adaptation: 'lora', alignment: 'dpo' }],
  ['open weights, QLoRA and RLHF with a reward model', { hosting: 'self-hosted', adaptation: 'qlora', alignment: 'rlhf', reward_model: true }],
  ['open weights, full fine-tuning and RLHF without a reward model, with tools', { hosting: 'self-hosted', adaptation: 'full', alignment: 'rlhf', reward_model: false, agent: true }],
  ['pre-training our own model', { foundation_model: false, hosting: 'self-hosted', adaptation: 'full', alignment: 'dpo' }],
];

const genai = presetDefinition('genai');
const presetFiles = await loadPresetFiles('genai');
const templateNames = await availableTemplateNames({ repoDir: null });

async function planFor(overrides: Partial<Answers>) {
  const answers = { ...defaultAnswers(genai, { dirName: 'support-assistant', today: '2027-01-01' }), start: '2027-01-04', ...overrides } as Answers;
  const plan = planInit({ preset: 'genai', answers, presetFiles, options: { skeleton: true, ejectTemplates: false } });
  const text = plan.files.find((f) => f.path === CONFIG_PATH)?.content ?? '';
  return loadConfigText(text, CONFIG_PATH, { templateNames });
}

/** The plan as a person reads it: one line per stage, its tasks below. */
function describePlan(config: NonNullable<Awaited<ReturnType<typeof planFor>>['config']>): string {
  const schedule = computeSchedule(config);
  const lines: string[] = [];
  for (const scheduled of schedule.stages) {
    if (!scheduled.active) continue;
    const stage = config.stages.find((s) => s.id === scheduled.id);
    if (!stage) continue;
    const mark = scheduled.critical ? ' (critical)' : '';
    lines.push(`${stage.name}: ${String(scheduled.days)} workdays, ${scheduled.start ?? '?'} to ${scheduled.due ?? '?'}${mark}`);
    for (const task of activeTasks(stage, config.variables)) lines.push(`  - ${task.title} [${checklistTexts(task.checklist, config.variables).length} items]`);
  }
  lines.push(`Total: ${String(schedule.totalDays)} workdays, ${schedule.start ?? '?'} to ${schedule.end ?? '?'}`);
  return lines.join('\n');
}

describe('genai plans for the main answer combinations', () => {
  it.each(PLANS)('%s', async (_name, overrides) => {
    const result = await planFor(overrides);
    expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    if (!result.config) throw new Error('no config');
    expect(describePlan(result.config)).toMatchSnapshot();
  });

  it('keeps the hosted-model default plan to about seven weeks, and the tuned open-weights plan to about twelve', async () => {
    const total = async (overrides: Partial<Answers>) => {
      const { config } = await planFor(overrides);
      if (!config) throw new Error('no config');
      return computeSchedule(config).totalDays;
    };
    expect(await total({})).toBe(35);
    expect(await total({ hosting: 'self-hosted', adaptation: 'lora', alignment: 'dpo' })).toBe(58);
  });
});
