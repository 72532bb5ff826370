import { describe, expect, it } from 'vitest';
import { defaultAnswers } from '../../src/init/answers.js';
import { loadPresetFiles } from '../../src/init/disk.js';
import { planInit } from '../../src/init/plan.js';
import { PRESETS, presetDefinition } from '../../src/init/presets.js';
import type { Answers, PresetName } from '../../src/init/presets.js';
import { globFolder, isStageActive, skeletonFolders } from '../../src/init/skeleton.js';
import { compilePathGlobs } from '../../src/guide/match.js';
import { resolveMatch } from '../../src/config/conditional.js';

async function plan(preset: PresetName, overrides: Partial<Answers> = {}) {
  const definition = presetDefinition(preset);
  const answers = { ...defaultAnswers(definition, { dirName: 'x', today: '2027-01-01' }), ...overrides } as Answers;
  return planInit({ preset, answers, presetFiles: await loadPresetFiles(preset), options: { skeleton: true, ejectTemplates: false } });
}

// The folders of the genai preset with its defaults (a hosted model, no weights changed) and for a
// team that tunes and aligns open weights.
const FOLDERS = {
  defaults: ['data/corpus', 'evals', 'guardrails', 'optimization', 'prompts', 'rag', 'serving'],
  tuned: ['alignment', 'data', 'data/corpus', 'evals', 'finetune', 'guardrails', 'optimization', 'prompts', 'rag', 'serving'],
};

describe('globFolder', () => {
  it.each([
    ['finetune/**', 'finetune'],
    ['./data/raw/**', 'data/raw'],
    ['{training,datasets}/**', null],
    ['pretrain*/**', null],
    ['recipes/*/sft/**', null],
    ['docs/model-card.md', null],
    ['!finetune/**', null],
    ['**', null],
    ['../up/**', null],
  ])('%s → %s', (glob, folder) => {
    expect(globFolder(glob)).toBe(folder);
  });
});

describe('the --skeleton folders', () => {
  it('creates the Generative AI folders of the stages the answers keep', async () => {
    const folders = async (answers: Partial<Answers>) =>
      (await plan('genai', answers)).files.filter((f) => f.kind === 'skeleton').map((f) => f.path.replace(/\/README\.md$/, '')).sort();
    expect(await folders({})).toEqual(FOLDERS.defaults);
    expect(await folders({ adaptation: 'lora', alignment: 'dpo', hosting: 'self-hosted' })).toEqual(FOLDERS.tuned);
    expect(await folders({ rag: false, agent: true })).toEqual(['agents', 'evals', 'guardrails', 'optimization', 'prompts', 'serving', 'tools']);
  });

  it('adds pretrain/ only when pre-training is active', async () => {
    const skipped = await plan('genai', { foundation_model: true });
    const active = await plan('genai', { foundation_model: false });
    expect(skipped.files.some((f) => f.path === 'pretrain/README.md')).toBe(false);
    expect(active.files.some((f) => f.path === 'pretrain/README.md')).toBe(true);
  });

  it.each(PRESETS.flatMap((preset) => [[preset, true], [preset, false]] as const))(
    'each folder of %s (foundation_model: %s) is matched by an active stage that its README names',
    async (preset, foundationModel) => {
      const { files, config } = await plan(preset, preset === 'genai' ? { foundation_model: foundationModel } : {});
      const readmes = files.filter((f) => f.kind === 'skeleton');
      for (const readme of readmes) {
        const owners = config.stages.filter(
          (stage) => isStageActive(stage, config.variables) && compilePathGlobs(resolveMatch(stage.match, config.variables).paths)(readme.path),
        );
        expect(owners.length, readme.path).toBeGreaterThan(0);
        // A file a person would put there routes to the same stage as the README.
        expect(owners.some((stage) => compilePathGlobs(resolveMatch(stage.match, config.variables).paths)(readme.path.replace('README.md', 'notes/run.py')))).toBe(true);
        for (const owner of owners) expect(readme.content).toContain(`**${owner.name}**`);
      }
    },
  );

  it('lists every stage that shares a folder', () => {
    const config = {
      version: 1 as const,
      project: { name: 'x', calendar: 'workdays' as const, label: 'lifecycle' },
      variables: {},
      defaults: { labels: [], assignees: [] },
      stages: [
        { id: 'a', name: 'A', tasks: [], match: { paths: ['shared/**'] } },
        { id: 'b', name: 'B', tasks: [], match: { paths: ['shared/**', 'b/**'] } },
        { id: 'c', name: 'C', tasks: [], when: 'false', match: { paths: ['c/**'] } },
        { id: 'd', name: 'D', tasks: [], match: { paths: ['d/**', '!d/README.md'] } },
      ],
    };
    expect(skeletonFolders(config)).toEqual([
      { path: 'shared', stages: [{ id: 'a', name: 'A', description: undefined }, { id: 'b', name: 'B', description: undefined }] },
      { path: 'b', stages: [{ id: 'b', name: 'B', description: undefined }] },
    ]);
  });
});
