// `init --skeleton` writes a repository, not just a config: a pull request template that follows
// the active stages, the preset's issue forms (checked against the rules GitHub applies to issue
// forms), and a section for the README that explains the stages.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultAnswers } from '../../src/init/answers.js';
import { loadPresetFiles } from '../../src/init/disk.js';
import { planInit } from '../../src/init/plan.js';
import { presetDefinition } from '../../src/init/presets.js';
import type { Answers, PresetName } from '../../src/init/presets.js';
import { ISSUE_FORMS_DIR, LIFE_CYCLE_SECTION_PATH, PULL_REQUEST_TEMPLATE_PATH } from '../../src/init/repository-files.js';
import { computeSchedule } from '../../src/schedule/schedule.js';

async function plan(preset: PresetName, overrides: Partial<Answers> = {}, skeleton = true) {
  const answers = { ...defaultAnswers(presetDefinition(preset), { dirName: 'x', today: '2027-01-01' }), ...overrides } as Answers;
  return planInit({ preset, answers, presetFiles: await loadPresetFiles(preset), options: { skeleton, ejectTemplates: false } });
}

const ELEMENT_TYPES = ['markdown', 'textarea', 'input', 'dropdown', 'checkboxes'];
const TOP_LEVEL = ['name', 'description', 'title', 'labels', 'assignees', 'projects', 'type', 'body'];
const ATTRIBUTES: Record<string, string[]> = {
  markdown: ['value'],
  textarea: ['label', 'description', 'placeholder', 'value', 'render'],
  input: ['label', 'description', 'placeholder', 'value'],
  dropdown: ['label', 'description', 'multiple', 'options', 'default'],
  checkboxes: ['label', 'description', 'options'],
};

/**
 * The structure GitHub requires of an issue form (docs: "Syntax for issue forms" and "Syntax for
 * GitHub's form schema"); each problem as one line. GitHub shows a form with any of these as broken.
 */
function issueFormProblems(text: string): string[] {
  const problems: string[] = [];
  let form: unknown;
  try {
    form = parse(text);
  } catch (error) {
    return [`not YAML: ${String(error)}`];
  }
  if (typeof form !== 'object' || form === null || Array.isArray(form)) return ['the form must be a mapping'];
  const top = form as Record<string, unknown>;
  for (const key of Object.keys(top)) if (!TOP_LEVEL.includes(key)) problems.push(`unknown top-level key "${key}"`);
  for (const key of ['name', 'description']) if (typeof top[key] !== 'string' || (top[key] as string).trim() === '') problems.push(`"${key}" is required text`);
  if (top.title !== undefined && typeof top.title !== 'string') problems.push('"title" must be text');
  for (const key of ['labels', 'assignees']) {
    const value = top[key];
    if (value !== undefined && typeof value !== 'string' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) problems.push(`"${key}" must be a list or comma-separated text`);
  }
  if (!Array.isArray(top.body) || top.body.length === 0) return [...problems, '"body" must be a non-empty list'];
  const ids = new Set<string>();
  const labels = new Set<string>();
  let fields = 0;
  top.body.forEach((raw: unknown, index) => {
    const at = `body[${index}]`;
    if (typeof raw !== 'object' || raw === null) return void problems.push(`${at} must be a mapping`);
    const element = raw as Record<string, unknown>;
    const type = element.type;
    if (typeof type !== 'string' || !ELEMENT_TYPES.includes(type)) return void problems.push(`${at}: type must be one of ${ELEMENT_TYPES.join(', ')}`);
    for (const key of Object.keys(element)) if (!['type', 'id', 'attributes', 'validations'].includes(key)) problems.push(`${at}: unknown key "${key}"`);
    if (type !== 'markdown') fields++;
    if (element.id !== undefined) {
      if (type === 'markdown') problems.push(`${at}: a markdown element takes no id`);
      else if (typeof element.id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(element.id)) problems.push(`${at}: id may hold only letters, digits, "-" and "_"`);
      else if (ids.has(element.id)) problems.push(`${at}: id "${element.id}" is not unique`);
      else ids.add(element.id);
    }
    const attributes = element.attributes;
    if (typeof attributes !== 'object' || attributes === null) return void problems.push(`${at}: attributes are required`);
    const attrs = attributes as Record<string, unknown>;
    for (const key of Object.keys(attrs)) if (!(ATTRIBUTES[type] ?? []).includes(key)) problems.push(`${at}: unknown attribute "${key}" for ${type}`);
    if (type === 'markdown') {
      if (typeof attrs.value !== 'string' || attrs.value.trim() === '') problems.push(`${at}: markdown needs attributes.value`);
      if (element.validations !== undefined) problems.push(`${at}: markdown takes no validations`);
      return;
    }
    if (typeof attrs.label !== 'string' || attrs.label.trim() === '') problems.push(`${at}: attributes.label is required`);
    else if (labels.has(attrs.label)) problems.push(`${at}: label "${attrs.label}" is not unique`);
    else labels.add(attrs.label);
    if (type === 'dropdown') {
      const options = attrs.options;
      if (!Array.isArray(options) || options.length === 0 || !options.every((o) => typeof o === 'string' && o.trim() !== '')) problems.push(`${at}: dropdown needs a list of options`);
      else if (new Set(options).size !== options.length) problems.push(`${at}: dropdown options must be unique`);
    }
    if (type === 'checkboxes') {
      const options = attrs.options;
      if (!Array.isArray(options) || options.length === 0) problems.push(`${at}: checkboxes need a list of options`);
      else
        options.forEach((o: unknown, i) => {
          const option = o as Record<string, unknown> | null;
          if (typeof option !== 'object' || option === null || typeof option.label !== 'string') problems.push(`${at}.options[${i}]: each option needs a label`);
          else if (option.required !== undefined && typeof option.required !== 'boolean') problems.push(`${at}.options[${i}]: required must be true or false`);
        });
    }
    const validations = element.validations as Record<string, unknown> | undefined;
    if (validations !== undefined && (typeof validations !== 'object' || Object.keys(validations).some((k) => k !== 'required') || typeof validations.required !== 'boolean')) {
      problems.push(`${at}: validations may only hold required: true or false`);
    }
  });
  if (fields === 0) problems.push('the body needs at least one field that is not markdown');
  return problems;
}

describe('the issue form check mirrors GitHub', () => {
  const ok = 'name: A\ndescription: B\nbody:\n  - type: input\n    id: x\n    attributes:\n      label: X\n';
  it.each([
    [ok, []],
    ['description: B\nbody: []\n', ['"name" is required text', '"body" must be a non-empty list']],
    ['name: A\ndescription: B\nbody:\n  - type: markdown\n    attributes:\n      value: hi\n', ['the body needs at least one field that is not markdown']],
    ['name: A\ndescription: B\nbody:\n  - type: select\n    attributes:\n      label: X\n', ['body[0]: type must be one of markdown, textarea, input, dropdown, checkboxes', 'the body needs at least one field that is not markdown']],
    ['name: A\ndescription: B\nbody:\n  - type: input\n    id: a b\n    attributes:\n      label: X\n', ['body[0]: id may hold only letters, digits, "-" and "_"']],
    [`${ok}  - type: textarea\n    id: x\n    attributes:\n      label: X\n`, ['body[1]: id "x" is not unique', 'body[1]: label "X" is not unique']],
    ['name: A\ndescription: B\nbody:\n  - type: dropdown\n    attributes:\n      label: X\n      options: []\n', ['body[0]: dropdown needs a list of options']],
    ['name: A\ndescription: B\nbody:\n  - type: input\n    attributes:\n      label: X\n    validations:\n      required: yes please\n', ['body[0]: validations may only hold required: true or false']],
  ])('%j → %j', (text, expected) => {
    expect(issueFormProblems(text)).toEqual(expected);
  });
});

describe('init --skeleton writes a repository', () => {
  it('adds the pull request template, the issue forms and the life cycle section, and nothing without --skeleton', async () => {
    const paths = (await plan('genai')).files.filter((f) => f.kind === 'repository').map((f) => f.path);
    expect(paths).toEqual([
      PULL_REQUEST_TEMPLATE_PATH,
      `${ISSUE_FORMS_DIR}/dataset-addition.yml`,
      `${ISSUE_FORMS_DIR}/eval-regression.yml`,
      `${ISSUE_FORMS_DIR}/incident.yml`,
      LIFE_CYCLE_SECTION_PATH,
    ]);
    expect((await plan('genai', {}, false)).files.filter((f) => f.kind === 'repository')).toEqual([]);
    expect((await plan('minimal')).files.filter((f) => f.kind === 'repository').map((f) => f.path)).toEqual([PULL_REQUEST_TEMPLATE_PATH, LIFE_CYCLE_SECTION_PATH]);
  });

  it('writes issue forms for eval regressions, dataset additions and incidents that GitHub accepts', async () => {
    const forms = (await plan('genai')).files.filter((f) => f.path.startsWith(`${ISSUE_FORMS_DIR}/`));
    expect(forms).toHaveLength(3);
    for (const form of forms) expect(issueFormProblems(form.content), form.path).toEqual([]);
    const names = forms.map((f) => (parse(f.content) as { name: string }).name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each([
    [{}, ['Scope and model selection', 'Evaluation set and harness', 'Retrieval (RAG)', 'Prompt engineering', 'Optimization', 'Deployment and operations', 'Guardrails and launch hardening']],
    [{ rag: false, hosting: 'self-hosted', adaptation: 'lora', alignment: 'dpo' }, ['Scope and model selection', 'Evaluation set and harness', 'Prompt engineering', 'Training data', 'Fine-tuning', 'Alignment (preference tuning)', 'Optimization', 'Deployment and operations', 'Guardrails and launch hardening']],
  ])('the pull request template ticks off the active stages with %o', async (answers, stages) => {
    const template = (await plan('genai', answers)).files.find((f) => f.path === PULL_REQUEST_TEMPLATE_PATH)?.content ?? '';
    const boxes = template.split('\n').filter((line) => line.startsWith('- [ ] ') && !line.includes('Closes') && !line.includes('review checklist'));
    expect(boxes.map((line) => line.slice(6).replace(/ \(`.*$/, ''))).toEqual(stages);
    expect(template).toContain('- [ ] Evaluation set and harness (`evals/`)');
  });

  it('explains each active stage in the life cycle section, with its estimate and the total', async () => {
    const { files, config } = await plan('genai', { hosting: 'self-hosted', adaptation: 'lora', alignment: 'dpo' });
    const section = files.find((f) => f.path === LIFE_CYCLE_SECTION_PATH)?.content ?? '';
    expect(section).toContain('## Life cycle');
    expect(section).toContain('| Alignment (preference tuning) | 2 weeks |');
    expect(section).toContain(`In all: ${String(computeSchedule(config).totalDays)} workdays`);
    expect(section).not.toContain('### Pre-training');
  });
});
