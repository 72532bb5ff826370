import { describe, expect, it } from 'vitest';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, parse } from 'yaml';
import type { YAMLMap } from 'yaml';
import { configSchema, stageLabel } from '../../src/config/schema.js';
import { parseExpression, referencedVars } from '../../src/config/expressions.js';
import {
  activeStages,
  activeTasks,
  combinations,
  durationDays,
  loadPreset,
  presetDocument,
  presetText,
  stage,
  validatePreset,
  rules,
} from './preset.js';
import type { Vars } from './preset.js';

// Edition 1 as released: teams started from it, so it stays renderable and unchanged.
const EDITION_1 = 'genai/editions/1';
const config = loadPreset(EDITION_1);
const defaults: Vars = config.variables;
const allAnswers = combinations(defaults, {
  foundation_model: [true, false],
  reward_model: [true, false],
  tuning_method: ['full', 'lora', 'prompt-tuning'],
});

// The folders `lifecycle init --skeleton` creates; pretrain/ only when pre-training is active.
const SKELETON: Record<string, string> = {
  'prompts/': 'prompt-engineering',
  'evals/': 'prompt-engineering',
  'data/': 'fine-tuning',
  'finetune/': 'fine-tuning',
  'alignment/': 'alignment',
  'optimization/': 'optimization',
  'serving/': 'deployment',
  'pretrain/': 'pre-training',
};

// How `lifecycle init` writes the config back: long lines stay long rather than being folded.
const WRITE_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

// The yaml library hangs a comment above a map's first key on the map itself.
function commentAbove(map: YAMLMap, index: number): string | undefined {
  const key = map.items[index]?.key;
  const own = isScalar(key) ? key.commentBefore : undefined;
  return own ?? (index === 0 ? map.commentBefore : undefined) ?? undefined;
}

function stagesMatching(file: string): string[] {
  return config.stages.filter((s) => (rules(s).paths).some((glob) => picomatch(glob, { dot: true })(file))).map((s) => s.id);
}

describe('genai preset, edition 1: format', () => {
  it('parses with the config schema', () => {
    expect(config.version).toBe(1);
  });

  it('passes lifecycle validate with no errors and no warnings', () => {
    expect(validatePreset(EDITION_1).lines).toEqual([]);
  });

  it('is plain YAML that a yaml Document loads without errors or warnings', () => {
    const doc = presetDocument(EDITION_1);
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });

  it('uses no Handlebars syntax, only ${{ }} expressions', () => {
    const withoutExpressions = presetText(EDITION_1).replace(/\$\{\{[^}]*\}\}/g, '');
    expect(withoutExpressions).not.toMatch(/\{\{|\}\}/);
  });

  it('points editors at the JSON schema on its first line', () => {
    expect(presetText(EDITION_1).split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+lifecycle\.schema\.json$/);
  });

  it('leaves project.start to init and counts workdays', () => {
    expect(config.project.name).toBe('Generative AI application');
    expect(config.project.start).toBeUndefined();
    expect(config.project.calendar).toBe('workdays');
  });

  it('declares the init answers with their defaults', () => {
    expect(config.variables).toEqual({ foundation_model: true, reward_model: false, tuning_method: 'lora' });
  });

  it('explains every variable and every estimate in a comment', () => {
    const doc = presetDocument(EDITION_1);
    const variables = doc.get('variables');
    if (!isMap(variables)) throw new Error('variables is not a map');
    variables.items.forEach((pair, index) => {
      expect(commentAbove(variables, index), `variable ${String(pair.key)}`).toMatch(/\S/);
    });
    const stages = doc.get('stages');
    if (!isSeq(stages)) throw new Error('stages is not a list');
    for (const node of stages.items) {
      if (!isMap(node)) throw new Error('stage is not a map');
      const index = node.items.findIndex((p) => isScalar(p.key) && p.key.value === 'estimate');
      expect(index, String(node.get('id'))).toBeGreaterThan(0);
      expect(commentAbove(node, index), `estimate of ${String(node.get('id'))}`).toMatch(/\S/);
    }
  });

  it('comes back byte for byte from the yaml Document API written without line folding', () => {
    expect(presetDocument(EDITION_1).toString(WRITE_OPTIONS)).toBe(presetText(EDITION_1));
  });

  it('keeps its comments and stays valid after init fills in the answers', () => {
    const doc = presetDocument(EDITION_1);
    doc.setIn(['project', 'name'], 'Support assistant');
    doc.setIn(['project', 'start'], '2027-01-04');
    doc.setIn(['variables', 'foundation_model'], false);
    doc.setIn(['variables', 'tuning_method'], 'full');
    const written = doc.toString(WRITE_OPTIONS);
    expect(written).toContain('# The cheat sheet: with a relatively small data set');
    expect(written).toContain('# Fine-tuning method: full');
    const config = configSchema.parse(parse(written));
    expect(config.project).toMatchObject({ name: 'Support assistant', start: '2027-01-04' });
    expect(config.variables).toMatchObject({ foundation_model: false, tuning_method: 'full' });
    expect(activeStages(config, config.variables).map((s) => s.id)).toContain('pre-training');
  });
});

describe('genai preset, edition 1: stages', () => {
  it('declares the life cycle in order', () => {
    expect(config.stages.map((s) => s.id)).toEqual([
      'scope',
      'pre-training',
      'prompt-engineering',
      'fine-tuning',
      'alignment',
      'optimization',
      'deployment',
      'launch-hardening',
    ]);
  });

  it('gives every stage a description, a full estimate, exit criteria, a review checklist and match rules', () => {
    for (const s of config.stages) {
      expect(s.description, s.id).toMatch(/\S/);
      expect(s.estimate?.duration, s.id).toBeTruthy();
      expect(s.estimate?.complexity, s.id).toBeTruthy();
      expect(s.estimate?.expertise, s.id).toBeTruthy();
      expect(s.exit_criteria?.length, s.id).toBeGreaterThan(0);
      expect(s.checklist?.length, s.id).toBeGreaterThan(0);
      expect(rules(s).paths.length, s.id).toBeGreaterThan(0);
      expect(rules(s).labels, s.id).toContain(stageLabel(s));
      expect(rules(s).branches.length, s.id).toBeGreaterThan(0);
    }
  });

  it('rates expertise as the cheat sheet does', () => {
    const expertise = Object.fromEntries(config.stages.map((s) => [s.id, s.estimate?.expertise]));
    expect(expertise).toMatchObject({
      'pre-training': 'high',
      'prompt-engineering': 'low',
      'fine-tuning': 'medium',
      alignment: 'medium-high',
      optimization: 'medium',
      deployment: 'medium',
    });
  });

  it('makes pre-training the longest and most complex stage', () => {
    const pre = stage(config, 'pre-training');
    expect(pre.estimate?.complexity).toBe('high');
    for (const vars of allAnswers) {
      for (const other of config.stages.filter((s) => s !== pre)) {
        expect(durationDays(pre, vars, 'workdays')).toBeGreaterThan(durationDays(other, vars, 'workdays'));
      }
    }
    expect(durationDays(pre, defaults, 'workdays')).toBeGreaterThanOrEqual(40);
  });

  it('keeps prompt engineering short: no training involved', () => {
    const days = durationDays(stage(config, 'prompt-engineering'), defaults, 'workdays');
    expect(days).toBeGreaterThanOrEqual(3);
    expect(days).toBeLessThanOrEqual(5);
  });

  it('has dependencies on declared, earlier stages only, so there is no cycle', () => {
    const ids = config.stages.map((s) => s.id);
    config.stages.forEach((s, index) => {
      for (const dep of s.depends_on ?? []) {
        expect(ids.indexOf(dep), `${s.id} depends on ${dep}`).toBeGreaterThanOrEqual(0);
        expect(ids.indexOf(dep), `${s.id} depends on ${dep}`).toBeLessThan(index);
      }
    });
  });

  it('runs launch hardening alongside deployment, both after optimization', () => {
    expect(stage(config, 'launch-hardening').depends_on).toEqual(['optimization']);
    expect(stage(config, 'deployment').depends_on).toBeUndefined();
  });

  it('uses expressions that parse and read declared variables only', () => {
    const texts = config.stages.flatMap((s) => [s.when, s.estimate?.duration, ...s.tasks.map((t) => t.when)]);
    const expressions = texts.filter((t): t is string => t !== undefined && (t.includes('vars.') || t.includes('${{')));
    expect(expressions.length).toBeGreaterThan(0);
    for (const text of expressions) {
      expect(parseExpression(text).ok, text).toBe(true);
      for (const name of referencedVars(text)) expect(Object.keys(config.variables), text).toContain(name);
    }
  });

  it('has unique stage ids and unique task ids within each stage', () => {
    const ids = config.stages.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of config.stages) {
      const taskIds = s.tasks.map((t) => t.id);
      expect(new Set(taskIds).size, s.id).toBe(taskIds.length);
    }
  });

  it('writes branch rules as valid regular expressions', () => {
    for (const s of config.stages) {
      for (const pattern of rules(s).branches) expect(() => new RegExp(pattern), pattern).not.toThrow();
    }
  });
});

describe('genai preset, edition 1: tasks', () => {
  it('declares 3 to 7 tasks per stage, each with a description and a checklist', () => {
    for (const s of config.stages) {
      expect(s.tasks.length, s.id).toBeGreaterThanOrEqual(3);
      expect(s.tasks.length, s.id).toBeLessThanOrEqual(7);
      for (const t of s.tasks) {
        expect(t.description, `${s.id}/${t.id}`).toMatch(/\S/);
        expect(t.checklist?.length, `${s.id}/${t.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('keeps 3 to 7 active tasks per active stage for every combination of answers', () => {
    for (const vars of allAnswers) {
      for (const s of activeStages(config, vars)) {
        const count = activeTasks(s, vars).length;
        expect(count, `${s.id} with ${JSON.stringify(vars)}`).toBeGreaterThanOrEqual(3);
        expect(count, `${s.id} with ${JSON.stringify(vars)}`).toBeLessThanOrEqual(7);
      }
    }
  });
});

describe('genai preset, edition 1: answers shape the plan', () => {
  it('skips pre-training when building on a foundation model', () => {
    expect(activeStages(config, defaults).map((s) => s.id)).not.toContain('pre-training');
    expect(activeStages(config, { ...defaults, foundation_model: false }).map((s) => s.id)).toContain('pre-training');
  });

  it('shortens alignment when a trained reward model exists', () => {
    const alignment = stage(config, 'alignment');
    const withModel = durationDays(alignment, { ...defaults, reward_model: true }, 'workdays');
    const without = durationDays(alignment, { ...defaults, reward_model: false }, 'workdays');
    expect(withModel).toBeLessThan(without);
    expect(withModel).toBeLessThanOrEqual(5);
    expect(without).toBeGreaterThanOrEqual(10);
  });

  it('plans reward model training only when none exists', () => {
    const alignment = stage(config, 'alignment');
    const ids = (reward_model: boolean) => activeTasks(alignment, { ...defaults, reward_model }).map((t) => t.id);
    expect(ids(false)).toEqual(expect.arrayContaining(['labeler-instructions', 'collect-rankings', 'train-reward-model']));
    expect(ids(false)).not.toContain('validate-reward-model');
    expect(ids(true)).toContain('validate-reward-model');
    expect(ids(true)).not.toEqual(expect.arrayContaining(['train-reward-model']));
  });

  it.each([
    ['full', 'full-fine-tuning'],
    ['lora', 'lora'],
    ['prompt-tuning', 'prompt-tuning'],
  ])('sets up %s fine-tuning with its own task and no other method task', (method, taskId) => {
    const methodTasks = ['full-fine-tuning', 'lora', 'prompt-tuning'];
    const ids = activeTasks(stage(config, 'fine-tuning'), { ...defaults, tuning_method: method }).map((t) => t.id);
    expect(ids.filter((id) => methodTasks.includes(id))).toEqual([taskId]);
  });

  it('gives full fine-tuning more time than the parameter-efficient methods, and all of them at most a week', () => {
    const fineTuning = stage(config, 'fine-tuning');
    const days = (tuning_method: string) => durationDays(fineTuning, { ...defaults, tuning_method }, 'workdays');
    expect(days('full')).toBeGreaterThan(days('lora'));
    expect(days('lora')).toBe(days('prompt-tuning'));
    expect(days('full')).toBeLessThanOrEqual(5);
  });
});

describe('genai preset, edition 1: pull request routing', () => {
  it.each(Object.entries(SKELETON))('routes files under the skeleton folder %s to %s', (folder, stageId) => {
    expect(stagesMatching(`${folder}README.md`)).toEqual([stageId]);
    expect(stagesMatching(`${folder}nested/deeper/file.py`)).toEqual([stageId]);
  });

  // A glob that starts with a plain folder and matches that folder's README names a skeleton
  // folder; every other spelling only routes pull requests.
  function folderGlobs(vars: Vars): string[] {
    const folders = activeStages(config, vars).flatMap((s) => {
      const globs = rules(s).paths;
      const matches = picomatch(globs, { dot: true });
      return globs.map((glob) => picomatch.scan(glob).base).filter((base) => base !== '' && matches(`${base}/README.md`));
    });
    return [...new Set(folders)].map((folder) => `${folder}/`).sort();
  }

  it('names exactly the skeleton folders with plain folder globs', () => {
    const expected = Object.keys(SKELETON).filter((folder) => folder !== 'pretrain/');
    expect(folderGlobs(defaults)).toEqual([...expected].sort());
    expect(folderGlobs({ ...defaults, foundation_model: false })).toEqual([...expected, 'pretrain/'].sort());
  });

  it.each([
    ['finetune/train.py', 'fine-tuning'],
    ['recipes/llama/sft/config_full.yaml', 'fine-tuning'],
    ['recipes/llama/dpo/config_full.yaml', 'alignment'],
    ['reward_model/train.py', 'alignment'],
    ['rlhf/ppo.py', 'alignment'],
    ['pretraining/corpus.py', 'pre-training'],
    ['quantization/int8.py', 'optimization'],
    ['distillation/student.py', 'optimization'],
    ['deploy/k8s.yaml', 'deployment'],
    ['app/main.ts', 'deployment'],
    ['rag/chunking.py', 'launch-hardening'],
    ['docs/model-card.md', 'launch-hardening'],
    ['docs/scope/use-case.md', 'scope'],
    ['prompts/.version', 'prompt-engineering'],
  ])('routes %s to exactly %s', (file, stageId) => {
    expect(stagesMatching(file)).toEqual([stageId]);
  });

  it('leaves unrelated files unmatched', () => {
    expect(stagesMatching('README.md')).toEqual([]);
    expect(stagesMatching('package.json')).toEqual([]);
  });

  it.each([
    ['finetune/lora-rank', 'fine-tuning'],
    ['rlhf/kl-penalty', 'alignment'],
    ['prompts/few-shot', 'prompt-engineering'],
    ['deploy/canary', 'deployment'],
  ])('routes the branch %s to %s', (branch, stageId) => {
    const matched = config.stages.filter((s) => (rules(s).branches).some((p) => new RegExp(p).test(branch))).map((s) => s.id);
    expect(matched).toEqual([stageId]);
  });
});

describe('genai preset, edition 1: content carries the cheat sheet facts', () => {
  const text = (id: string) => JSON.stringify(stage(config, id));

  it.each([
    ['scope', ['specific, measurable, achievable and relevant', 'permissive, restricted or non-commercial', 'fine-tun']],
    ['pre-training', ['petaFLOP/s-days', 'Chinchilla', '20', 'tokenizer', 'deduplicat']],
    ['prompt-engineering', ['zero-', 'few-shot', 'five or six', 'eval set']],
    ['fine-tuning', ['500 to 1,000', '50,000 to 100,000', '4 and 32', 'above 16', '20 to 100', '10B', 'catastrophic forgetting', 'ROUGE', 'BLEU']],
    ['alignment', ['helpful, honest and harmless', 'pairwise', 'PPO', 'DPO', 'KL penalty', 'reward hacking', 'Toxicity', 'Red-team']],
    ['optimization', ['FP16, BF16 or INT8', 'Calibrat', 'near zero', 'encoder-only', 'tolerance']],
    ['deployment', ['TTFT', 'TPOT', 'throughput', 'rollback', 'feedback']],
    ['launch-hardening', ['made-up', 'arithmetic', 'context window', 'faithfulness', 'context recall', 'regressions', 'model card']],
  ])('%s names its key facts and techniques', (id, needles) => {
    for (const needle of needles) expect(text(id).toLowerCase(), `${id}: ${needle}`).toContain(needle.toLowerCase());
  });
});
