import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultAnswers } from '../../src/init/answers.js';
import { renderConfigText, withSchemaComment } from '../../src/init/config-text.js';
import { loadPresetFiles } from '../../src/init/disk.js';
import { CONFIG_PATH, planInit, TEMPLATES_DIR, WORKFLOW_PATH } from '../../src/init/plan.js';
import { presetDefinition, SCHEMA_URL } from '../../src/init/presets.js';
import type { Answers } from '../../src/init/presets.js';
import { lifecycleJsonSchema } from '../../src/config/schema.js';

const genai = presetDefinition('genai');
const CONTEXT = { dirName: 'support-assistant', today: '2027-01-01' };
const presetFiles = await loadPresetFiles('genai');

function answers(overrides: Partial<Answers> = {}): Answers {
  return { ...defaultAnswers(genai, CONTEXT), ...overrides } as Answers;
}

/** Every `${{ ... }}` in a text, in order. */
function expressions(text: string): string[] {
  return text.match(/\$\{\{[\s\S]*?\}\}/g) ?? [];
}

describe('the generated lifecycle.yml', () => {
  it('starts with the editor schema comment pointing at the published schema', () => {
    const text = renderConfigText(genai, answers(), presetFiles.lifecycle);
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
    expect(text.match(/yaml-language-server/g)).toHaveLength(1);
    expect(SCHEMA_URL).toBe(lifecycleJsonSchema().$id);
  });

  it('changes only the answered lines: every comment and other line of the preset survives', () => {
    const text = renderConfigText(genai, answers({ name: 'Support assistant', foundation_model: false }), presetFiles.lifecycle);
    const before = withSchemaComment(presetFiles.lifecycle, SCHEMA_URL).split('\n');
    const after = text.split('\n');
    const removed = before.filter((line) => !after.includes(line));
    const added = after.filter((line) => !before.includes(line));
    expect(removed.every((line) => /^\s*(name|foundation_model):/.test(line))).toBe(true);
    expect(added.every((line) => /^\s*(name|start|foundation_model):/.test(line))).toBe(true);
    const comments = (lines: string[]) => lines.filter((line) => line.trim().startsWith('#')).slice(1);
    expect(comments(after)).toEqual(comments(before));
  });

  it('keeps every ${{ }} expression byte for byte', () => {
    const text = renderConfigText(genai, answers({ alignment: 'rlhf', reward_model: true, adaptation: 'full' }), presetFiles.lifecycle);
    expect(expressions(text)).toEqual(expressions(presetFiles.lifecycle));
  });

  it('records the answers under variables, project and defaults', () => {
    const data = parse(renderConfigText(genai, answers({ start: '2027-02-01', reward_model: true, assignees: ['ada'] }), presetFiles.lifecycle));
    expect(data.project).toMatchObject({ name: 'support-assistant', start: '2027-02-01' });
    expect(data.variables).toMatchObject({ foundation_model: true, reward_model: true, adaptation: 'none', hosting: 'api' });
    expect(data.defaults.assignees).toEqual(['ada']);
  });

  it('puts project.start right after project.name and omits it when there is no date', () => {
    const withStart = renderConfigText(genai, answers({ start: '2027-02-01' }), presetFiles.lifecycle);
    expect(withStart).toMatch(/\n {2}name: support-assistant\n {2}start: 2027-02-01\n/);
    const without = parse(renderConfigText(genai, answers({ start: null }), presetFiles.lifecycle));
    expect(without.project).not.toHaveProperty('start');
  });

  it('any project name round-trips through YAML unchanged', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== ''), (name) => {
        const text = renderConfigText(genai, answers({ name }), presetFiles.lifecycle);
        expect(parse(text).project.name).toBe(name);
        expect(expressions(text)).toEqual(expressions(presetFiles.lifecycle));
      }),
      { numRuns: 25 },
    );
  });
});

describe('planInit', () => {
  it('plans the config and the workflow, then templates and skeleton only on request', () => {
    const base = planInit({ preset: 'genai', answers: answers(), presetFiles, options: { skeleton: false, ejectTemplates: false } });
    expect(base.files.map((f) => f.path)).toEqual([CONFIG_PATH, WORKFLOW_PATH]);
    const full = planInit({ preset: 'genai', answers: answers(), presetFiles, options: { skeleton: true, ejectTemplates: true } });
    const templates = full.files.filter((f) => f.kind === 'template');
    expect(templates.map((f) => f.path)).toEqual(presetFiles.templates.map((t) => `${TEMPLATES_DIR}/${t.name}`).sort());
    for (const template of templates) {
      expect(template.content).toBe(presetFiles.templates.find((t) => `${TEMPLATES_DIR}/${t.name}` === template.path)?.text);
    }
    expect(full.files.filter((f) => f.kind === 'skeleton').length).toBeGreaterThan(0);
  });

  it('is deterministic: the same input gives the same files', () => {
    const input = { preset: 'genai' as const, answers: answers(), presetFiles, options: { skeleton: true, ejectTemplates: true } };
    expect(planInit(input).files).toEqual(planInit(input).files);
  });

  it('returns the parsed config the next sync will read', () => {
    const plan = planInit({ preset: 'genai', answers: answers({ adaptation: 'full' }), presetFiles, options: { skeleton: false, ejectTemplates: false } });
    expect(plan.config.variables.adaptation).toBe('full');
    expect(plan.config.stages.map((s) => s.id)).toContain('fine-tuning');
  });
});
