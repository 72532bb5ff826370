import { describe, expect, it } from 'vitest';
import picomatch from 'picomatch';
import { stageLabel } from '../../src/config/schema.js';
import { durationDays, loadPreset, presetDocument, presetText, rules, validatePreset } from './preset.js';

const config = loadPreset('minimal');

function stagesMatching(file: string): string[] {
  return config.stages.filter((s) => picomatch(rules(s).paths, { dot: true })(file)).map((s) => s.id);
}

describe('minimal preset', () => {
  it('passes lifecycle validate with no errors and no warnings', () => {
    expect(validatePreset('minimal').lines).toEqual([]);
  });

  it('parses with the config schema and loads as a plain YAML document', () => {
    const doc = presetDocument('minimal');
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
    expect(config.version).toBe(1);
    expect(config.project.start).toBeUndefined();
  });

  it('comes back byte for byte from the yaml Document API written without line folding', () => {
    expect(presetDocument('minimal').toString({ lineWidth: 0, flowCollectionPadding: false })).toBe(presetText('minimal'));
  });

  it('declares three stages that depend on no variable, in order', () => {
    expect(config.stages.map((s) => s.id)).toEqual(['plan', 'build', 'ship']);
    expect(config.variables).toEqual({});
    for (const s of config.stages) {
      expect(s.when, s.id).toBeUndefined();
      expect(s.estimate?.duration, s.id).not.toContain('${{');
      expect(s.tasks.map((t) => t.when).filter(Boolean), s.id).toEqual([]);
    }
  });

  it('gives every stage an estimate, exit criteria, a review checklist and match rules', () => {
    for (const s of config.stages) {
      expect(durationDays(s, config.variables, config.project.calendar), s.id).toBeGreaterThan(0);
      expect(s.estimate?.complexity, s.id).toBeTruthy();
      expect(s.estimate?.expertise, s.id).toBeTruthy();
      expect(s.exit_criteria?.length, s.id).toBeGreaterThan(0);
      expect(s.checklist?.length, s.id).toBeGreaterThan(0);
      expect(rules(s).paths.length, s.id).toBeGreaterThan(0);
      expect(rules(s).labels, s.id).toContain(stageLabel(s));
      for (const pattern of rules(s).branches) expect(() => new RegExp(pattern), pattern).not.toThrow();
    }
  });

  it('has 2 or 3 tasks per stage, each with a description and a checklist', () => {
    for (const s of config.stages) {
      expect(s.tasks.length, s.id).toBeGreaterThanOrEqual(2);
      expect(s.tasks.length, s.id).toBeLessThanOrEqual(3);
      for (const t of s.tasks) {
        expect(t.description, `${s.id}/${t.id}`).toMatch(/\S/);
        expect(t.checklist?.length, `${s.id}/${t.id}`).toBeGreaterThan(0);
      }
    }
  });

  it.each([
    ['docs/goal.md', 'plan'],
    ['src/index.ts', 'build'],
    ['tests/index.test.ts', 'build'],
    ['.github/workflows/release.yml', 'ship'],
    ['CHANGELOG.md', 'ship'],
  ])('routes %s to exactly %s', (file, stageId) => {
    expect(stagesMatching(file)).toEqual([stageId]);
  });

  it('uses words that are not about AI', () => {
    expect(presetText('minimal')).not.toMatch(/\b(model|prompt|fine-tun|LLM|training)\b/i);
  });
});
