// The Generative AI preset, current edition: a team on a hosted model and a team tuning open
// weights both get a plan they can keep. Answers decide the stages, their durations, the tasks and
// the checklist items; every combination validates and reads without configuration words.
import { describe, expect, it } from 'vitest';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { stageLabel } from '../../src/config/schema.js';
import type { ChecklistItem, ReviewItem, Stage } from '../../src/config/schema.js';
import { parseExpression, referencedVars } from '../../src/config/expressions.js';
import { checklistTexts, reviewTexts } from '../../src/config/conditional.js';
import { activeStages, activeTasks, combinations, durationDays, loadPreset, presetDocument, presetText, rules, stage, validatePreset } from './preset.js';
import type { Vars } from './preset.js';

const config = loadPreset('genai');
const defaults: Vars = config.variables;
const everyAnswer = combinations(defaults, {
  foundation_model: [true, false],
  hosting: ['api', 'self-hosted'],
  adaptation: ['none', 'prompt-tuning', 'lora', 'qlora', 'full'],
  alignment: ['none', 'dpo', 'rlhf'],
  reward_model: [true, false],
  rag: [true, false],
  agent: [true, false],
});
const TUNED: Vars = { ...defaults, hosting: 'self-hosted', adaptation: 'lora', alignment: 'dpo' };

const ids = (stages: Stage[]) => stages.map((s) => s.id);
const days = (id: string, vars: Vars) => durationDays(stage(config, id), vars, 'workdays');

function commentAbove(map: YAMLMap, index: number): string | undefined {
  const key = map.items[index]?.key;
  const own = isScalar(key) ? key.commentBefore : undefined;
  return own ?? (index === 0 ? map.commentBefore : undefined) ?? undefined;
}

/** The stages a changed file routes to with these answers. */
function routes(file: string, vars: Vars = defaults): string[] {
  return activeStages(config, vars)
    .filter((s) => picomatch(rules(s, vars).paths.filter((g) => !g.startsWith('!')), { dot: true })(file) && !rules(s, vars).paths.some((g) => g.startsWith('!') && picomatch(g.slice(1), { dot: true })(file)))
    .map((s) => s.id);
}

/** Every text a person reads in the plan with these answers. */
function renderedTexts(vars: Vars): string[] {
  const texts: string[] = [];
  for (const s of activeStages(config, vars)) {
    texts.push(s.name, s.description ?? '');
    texts.push(...reviewTexts(s.checklist as ReviewItem[] | undefined, vars, null, () => true), ...checklistTexts(s.exit_criteria as ChecklistItem[] | undefined, vars));
    for (const t of activeTasks(s, vars)) texts.push(t.title, t.description ?? '', ...checklistTexts(t.checklist, vars));
  }
  return texts;
}

describe('genai preset: format', () => {
  it('passes lifecycle validate with no errors and no warnings', () => {
    expect(validatePreset('genai').lines).toEqual([]);
  });

  it('comes back byte for byte from the yaml Document API written without line folding', () => {
    expect(presetDocument('genai').toString({ lineWidth: 0, flowCollectionPadding: false })).toBe(presetText('genai'));
  });

  it('uses no Handlebars syntax, only ${{ }} expressions', () => {
    expect(presetText('genai').replace(/\$\{\{[^}]*\}\}/g, '')).not.toMatch(/\{\{|\}\}/);
  });

  it('records its edition and declares the answers with defaults for a small team on a hosted model', () => {
    expect(config.preset).toBe('genai@2');
    expect(config.variables).toEqual({
      foundation_model: true,
      hosting: 'api',
      adaptation: 'none',
      alignment: 'none',
      reward_model: false,
      rag: true,
      agent: false,
    });
  });

  it('explains every variable and every estimate in a comment', () => {
    const doc = presetDocument('genai');
    const variables = doc.get('variables');
    if (!isMap(variables)) throw new Error('variables is not a map');
    variables.items.forEach((pair, index) => expect(commentAbove(variables, index), `variable ${String(pair.key)}`).toMatch(/\S/));
    const stages = doc.get('stages');
    if (!isSeq(stages)) throw new Error('stages is not a list');
    for (const node of stages.items) {
      if (!isMap(node)) throw new Error('stage is not a map');
      const index = node.items.findIndex((p) => isScalar(p.key) && p.key.value === 'estimate');
      expect(commentAbove(node, index), `estimate of ${String(node.get('id'))}`).toMatch(/\S/);
    }
  });

  it('uses expressions that parse and read declared variables only, conditional items and rules included', () => {
    const conditions = (items: readonly (string | { when?: string })[] | undefined) => (items ?? []).flatMap((i) => (typeof i === 'string' || i.when === undefined ? [] : [i.when]));
    const texts = config.stages.flatMap((s) => [
      s.when,
      s.estimate?.duration,
      ...conditions(s.checklist),
      ...conditions(s.exit_criteria),
      ...conditions(s.match?.paths),
      ...conditions(s.match?.branches),
      ...s.tasks.flatMap((t) => [t.when, ...conditions(t.checklist)]),
    ]);
    const expressions = texts.filter((t): t is string => t !== undefined && (t.includes('vars.') || t.includes('${{')));
    expect(expressions.length).toBeGreaterThan(20);
    for (const text of expressions) {
      expect(parseExpression(text).ok, text).toBe(true);
      for (const name of referencedVars(text)) expect(Object.keys(config.variables), text).toContain(name);
    }
  });
});

describe('genai preset: stages', () => {
  it('declares the life cycle in order', () => {
    expect(ids(config.stages)).toEqual([
      'scope',
      'pre-training',
      'evaluation',
      'rag',
      'prompt-engineering',
      'training-data',
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
      expect(s.estimate?.complexity, s.id).toBeTruthy();
      expect(s.estimate?.expertise, s.id).toBeTruthy();
      expect(s.exit_criteria?.length, s.id).toBeGreaterThan(0);
      expect(s.checklist?.length, s.id).toBeGreaterThan(0);
      expect(rules(s).paths.length, s.id).toBeGreaterThan(0);
      expect(rules(s).labels, s.id).toContain(stageLabel(s));
      expect(rules(s).branches.length, s.id).toBeGreaterThan(0);
    }
  });

  it('keeps 3 to 7 active tasks, each with a checklist, per active stage for every combination of answers', () => {
    for (const vars of everyAnswer) {
      for (const s of activeStages(config, vars)) {
        const tasks = activeTasks(s, vars);
        expect(tasks.length, `${s.id} with ${JSON.stringify(vars)}`).toBeGreaterThanOrEqual(3);
        expect(tasks.length, `${s.id} with ${JSON.stringify(vars)}`).toBeLessThanOrEqual(7);
        for (const t of tasks) expect(checklistTexts(t.checklist, vars).length, `${s.id}/${t.id}`).toBeGreaterThan(0);
      }
    }
  });

  it.each([
    [defaults, ['scope', 'evaluation', 'rag', 'prompt-engineering', 'optimization', 'deployment', 'launch-hardening']],
    [{ ...defaults, rag: false }, ['scope', 'evaluation', 'prompt-engineering', 'optimization', 'deployment', 'launch-hardening']],
    [TUNED, ['scope', 'evaluation', 'rag', 'prompt-engineering', 'training-data', 'fine-tuning', 'alignment', 'optimization', 'deployment', 'launch-hardening']],
    [{ ...defaults, foundation_model: false }, ['scope', 'pre-training', 'evaluation', 'rag', 'prompt-engineering', 'optimization', 'deployment', 'launch-hardening']],
  ])('with %o plans %j', (vars, expected) => {
    expect(ids(activeStages(config, vars))).toEqual(expected);
  });
});

describe('genai preset: estimates follow the answers', () => {
  it.each([
    ['scope', defaults, 5],
    ['evaluation', defaults, 10],
    ['rag', defaults, 10],
    ['prompt-engineering', defaults, 5],
    ['training-data', { ...defaults, adaptation: 'lora' }, 5],
    ['training-data', { ...defaults, adaptation: 'full' }, 10],
    ['fine-tuning', { ...defaults, adaptation: 'lora' }, 3],
    ['fine-tuning', { ...defaults, adaptation: 'qlora' }, 3],
    ['fine-tuning', { ...defaults, adaptation: 'full' }, 5],
    ['alignment', { ...defaults, alignment: 'dpo' }, 10],
    ['alignment', { ...defaults, alignment: 'rlhf', reward_model: true }, 4],
    ['alignment', { ...defaults, alignment: 'rlhf', reward_model: false }, 35],
    ['optimization', defaults, 5],
    ['optimization', { ...defaults, hosting: 'self-hosted' }, 10],
    ['deployment', defaults, 10],
    ['launch-hardening', defaults, 10],
  ] as const)('%s with %o takes %i workdays', (id, vars, expected) => {
    expect(days(id, vars)).toBe(expected);
  });

  it('keeps RLHF without a reward model within 6 to 8 weeks and a trained one at days', () => {
    expect(days('alignment', { ...defaults, alignment: 'rlhf', reward_model: false })).toBeGreaterThanOrEqual(30);
    expect(days('alignment', { ...defaults, alignment: 'rlhf', reward_model: false })).toBeLessThanOrEqual(40);
    expect(days('alignment', { ...defaults, alignment: 'rlhf', reward_model: true })).toBeLessThanOrEqual(5);
  });

  it('gives the eval set about two weeks, and fine-tuning runs a few days once the data exists', () => {
    expect(days('evaluation', defaults)).toBe(10);
    expect(days('fine-tuning', TUNED)).toBeLessThanOrEqual(3);
  });
});

describe('genai preset: answers choose tasks and checklist items', () => {
  const taskIds = (id: string, vars: Vars) => activeTasks(stage(config, id), vars).map((t) => t.id);

  it('plans hosted-model optimization for api and weights optimization for self-hosted, never both', () => {
    expect(taskIds('optimization', defaults)).toEqual(['prompt-caching', 'model-routing', 'pin-snapshot', 'cost-tracking']);
    expect(taskIds('optimization', { ...defaults, hosting: 'self-hosted' })).toEqual(['quantization', 'serving-levers', 'distillation']);
    expect(taskIds('deployment', defaults)).toContain('provider-integration');
    expect(taskIds('deployment', defaults)).not.toContain('serve');
    expect(taskIds('deployment', { ...defaults, hosting: 'self-hosted' })).toContain('serve');
  });

  it.each([
    ['dpo', false, ['alignment-criterion', 'preference-data', 'dpo', 'evaluate-alignment']],
    ['rlhf', false, ['alignment-criterion', 'preference-data', 'train-reward-model', 'ppo', 'evaluate-alignment']],
    ['rlhf', true, ['alignment-criterion', 'validate-reward-model', 'ppo', 'evaluate-alignment']],
  ] as const)('alignment %s with reward model %s plans %j', (alignment, reward_model, expected) => {
    expect(taskIds('alignment', { ...defaults, alignment, reward_model })).toEqual(expected);
  });

  it('asks an alignment pull request about labeler agreement only when labels are collected', () => {
    const review = (vars: Vars) => reviewTexts(stage(config, 'alignment').checklist, vars, ['alignment/train.py'], () => true);
    expect(review({ ...defaults, alignment: 'rlhf', reward_model: true }).join('\n')).not.toContain('Labeler');
    expect(review({ ...defaults, alignment: 'rlhf', reward_model: false }).join('\n')).toContain('Labeler');
    expect(review({ ...defaults, alignment: 'dpo' }).join('\n')).toContain('Beta');
    expect(review({ ...defaults, alignment: 'dpo' }).join('\n')).not.toContain('KL');
  });

  it.each([
    ['none', []],
    ['lora', ['lora']],
    ['qlora', ['lora']],
    ['full', ['full-fine-tuning']],
    ['prompt-tuning', ['prompt-tuning']],
  ])('adaptation %s sets up %j', (adaptation, expected) => {
    const method = ['full-fine-tuning', 'lora', 'prompt-tuning'];
    const active = adaptation === 'none' ? [] : taskIds('fine-tuning', { ...defaults, adaptation }).filter((id) => method.includes(id));
    expect(active).toEqual(expected);
  });

  it('offers QLoRA as LoRA on a 4-bit base, and asks for retrieved context in training data with RAG', () => {
    const lora = stage(config, 'fine-tuning').tasks.find((t) => t.id === 'lora');
    expect(checklistTexts(lora?.checklist, { ...defaults, adaptation: 'qlora' }).join('\n')).toContain('4-bit');
    expect(checklistTexts(lora?.checklist, { ...defaults, adaptation: 'lora' }).join('\n')).not.toContain('4-bit');
    const curate = stage(config, 'training-data').tasks.find((t) => t.id === 'curate-dataset');
    expect(checklistTexts(curate?.checklist, { ...TUNED, rag: true }).join('\n')).toContain('retrieved passages');
    expect(checklistTexts(curate?.checklist, { ...TUNED, rag: false }).join('\n')).not.toContain('retrieved passages');
  });

  it('asks routine deployment pull requests nothing about latency or rollback; serving changes get both', () => {
    const review = (files: string[]) => reviewTexts(stage(config, 'deployment').checklist, defaults, files, (globs, changed) => changed.some((f) => picomatch(globs as string[], { dot: true })(f)));
    expect(review(['app/main.ts']).join('\n')).not.toMatch(/Latency|Rollback/);
    expect(review(['serving/vllm.yaml']).join('\n')).toMatch(/Latency[\s\S]*Rollback/);
  });

  it('adds tool-call evals and limits only for an agent', () => {
    expect(taskIds('launch-hardening', defaults)).not.toContain('agent-evals');
    expect(taskIds('launch-hardening', { ...defaults, agent: true })).toEqual(expect.arrayContaining(['agent-evals', 'agent-limits']));
  });
});

describe('genai preset: pull request routing', () => {
  it.each(everyAnswer.filter((_, i) => i % 7 === 0))('routes evals/ to the evaluation stage whatever the answers (%o)', (vars) => {
    expect(routes('evals/cases/refunds.jsonl', vars)).toEqual(['evaluation']);
  });

  it.each([
    ['data/corpus/handbook.md', TUNED, ['rag']],
    ['data/train.jsonl', TUNED, ['training-data']],
    ['datasets/v2/train.jsonl', TUNED, ['training-data']],
    ['rag/chunking.py', defaults, ['rag']],
    ['prompts/system.md', defaults, ['prompt-engineering']],
    ['finetune/train_lora.py', TUNED, ['fine-tuning']],
    ['recipes/llama/sft/config.yaml', TUNED, ['fine-tuning']],
    ['recipes/llama/dpo/config.yaml', TUNED, ['alignment']],
    ['guardrails/pii.py', defaults, ['launch-hardening']],
    ['agents/planner.py', { ...defaults, agent: true }, ['launch-hardening']],
    ['agents/planner.py', defaults, []],
    ['tools/search.py', { ...defaults, agent: true }, ['launch-hardening']],
    ['serving/vllm.yaml', defaults, ['deployment']],
    ['docs/model-card.md', defaults, ['deployment']],
    ['quantization/awq.py', TUNED, ['optimization']],
    ['docs/scope/use-case.md', defaults, ['scope']],
  ] as const)('routes %s with %o to %j', (file, vars, expected) => {
    expect(routes(file, vars)).toEqual(expected);
  });
});

describe('genai preset: the text a person reads', () => {
  // Configuration words: variable names, expressions, "the ... answer".
  const JARGON = /\bvars\.|\b(foundation_model|reward_model|tuning_method|adaptation|hosting|alignment|rag|agent)\b\s*(answer|variable|is (true|false))|\bvariable\b|\b[a-z]+_[a-z_]+\b/;

  it.each([defaults, TUNED, { ...TUNED, adaptation: 'qlora', alignment: 'rlhf', agent: true, foundation_model: false }])('has no configuration words with %o', (vars) => {
    for (const text of renderedTexts(vars)) {
      const prose = text.replace(/\[[^\]]*\]\([^)]*\)/g, '').replace(/`[^`]*`/g, '');
      expect(prose, text).not.toMatch(JARGON);
    }
  });

  it.each([
    ['evaluation', ['CI', 'human labels', 'first answer shown', 'longer answers', 'confidence interval', 'jailbreak']],
    ['rag', ['BM25', 'rerank', 'recall at k', 'training cutoff', 'cite']],
    ['prompt-engineering', ['many examples', 'reasoning effort']],
    ['training-data', ['500 to 1,000', 'instruction-tuning a base model']],
    ['fine-tuning', ['chat template', 'all linear layers', 'alpha', '1e-4 to 2e-4', 'rank by validation', 'agreed', 'same test split']],
    ['alignment', ['beta', 'reward margins', 'no separate KL penalty', 'frozen reference', 'reward hacking', 'blinded', 'KTO', 'ORPO', 'GRPO', 'AI feedback']],
    ['optimization', ['FP8', 'AWQ', 'GPTQ', 'GGUF', 'KV cache', 'continuous batching', 'prefix caching', 'speculative decoding', '2:4', 'smaller decoder', 'prompt cache', 'cheaper model', 'retirement']],
    ['deployment', ['kill switch', 'runbook', 'harmful output', 'sample of live traffic', 'drift', 'incident']],
    ['launch-hardening', ['prompt injection', 'personal data', 'moderation', 'schema', 'tool', 'steps and the spend', 'approval']],
    ['pre-training', ['compute-optimal', 'many more tokens per parameter', 'BF16']],
  ])('%s carries the practices the review asked for', (id, needles) => {
    const text = JSON.stringify(stage(config, id)).toLowerCase();
    for (const needle of needles) expect(text, `${id}: ${needle}`).toContain(needle.toLowerCase());
  });

  it('drops what the review found wrong or stale', () => {
    const text = presetText('genai');
    expect(text).not.toMatch(/distillation[^.]*(works better|more effective)[^.]*encoder/i);
    expect(text).not.toMatch(/instruction template \(instruction, input/i);
    expect(text).not.toMatch(/Rank within 4-32/);
    expect(JSON.stringify(stage(config, 'optimization'))).toContain('scattered zero weights save nothing on a GPU');
    expect(JSON.stringify(stage(config, 'optimization'))).toContain('casting to FP16 or BF16 gains little');
  });
});
