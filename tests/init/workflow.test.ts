import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTemplatesRoot, loadPresetFiles } from '../../src/init/disk.js';
import { planInit, WORKFLOW_PATH } from '../../src/init/plan.js';
import { defaultAnswers } from '../../src/init/answers.js';
import { PRESETS, presetDefinition } from '../../src/init/presets.js';
import type { Answers, PresetName } from '../../src/init/presets.js';

async function parseWithGitHub(content: string, name = WORKFLOW_PATH) {
  const result = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((e) => e.message);
  const template = result.value ? await convertWorkflowTemplate(result.context, result.value) : undefined;
  return { errors: [...errors, ...(template?.errors ?? []).map((e) => e.Message)], template };
}

const COMBINATIONS: { preset: PresetName; answers: Partial<Answers>; skeleton: boolean; eject: boolean }[] = [
  { preset: 'genai', answers: {}, skeleton: false, eject: false },
  { preset: 'genai', answers: { foundation_model: false, hosting: 'self-hosted', alignment: 'rlhf', reward_model: true, adaptation: 'full', agent: true }, skeleton: true, eject: true },
  { preset: 'genai', answers: { adaptation: 'prompt-tuning', rag: false, start: null, assignees: ['ada', 'grace'] }, skeleton: true, eject: false },
  { preset: 'minimal', answers: {}, skeleton: false, eject: false },
  { preset: 'minimal', answers: { start: null, assignees: ['ada'] }, skeleton: true, eject: true },
];

async function generate(c: (typeof COMBINATIONS)[number]) {
  const preset = presetDefinition(c.preset);
  const answers = { ...defaultAnswers(preset, { dirName: 'demo', today: '2027-01-01' }), ...c.answers } as Answers;
  return planInit({ preset, answers, presetFiles: await loadPresetFiles(c.preset), options: { skeleton: c.skeleton, ejectTemplates: c.eject } });
}

describe('the generated workflow', () => {
  it('the parser used here does report errors (so a clean result means something)', async () => {
    const broken = 'on: push\npermissions:\n  issues: sometimes\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: x/y@v1\n        run: echo\n';
    expect((await parseWithGitHub(broken)).errors.length).toBeGreaterThan(0);
  });

  it.each(COMBINATIONS)('parses with GitHub\'s workflow parser without errors: %o', async (combination) => {
    const plan = await generate(combination);
    const workflow = plan.files.find((f) => f.path === WORKFLOW_PATH);
    expect(workflow).toBeDefined();
    const { errors, template } = await parseWithGitHub(workflow?.content ?? '');
    expect(errors).toEqual([]);
    expect(template?.jobs.map((j) => j.id.value)).toEqual(['sync', 'guide']);
  });

  it('comes out byte for byte as the template, ${{ }} expressions included', async () => {
    const source = await readFile(join(findTemplatesRoot(), 'common', 'workflow.yml'), 'utf8');
    for (const combination of COMBINATIONS) {
      const plan = await generate(combination);
      const content = plan.files.find((f) => f.path === WORKFLOW_PATH)?.content ?? '';
      expect(content).toBe(source);
      expect(content).toContain('group: lifecycle-guide-${{ github.event.pull_request.number }}');
    }
  });

  it('grants no permission at the top and least privilege per job', async () => {
    const content = (await generate(COMBINATIONS[0]!)).files.find((f) => f.path === WORKFLOW_PATH)?.content ?? '';
    const workflow = parse(content) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { permissions: Record<string, string>; concurrency: { group: string; 'cancel-in-progress': boolean }; steps: { uses: string; with?: Record<string, string> }[] }>;
    };
    expect(workflow.permissions).toEqual({});
    expect(workflow.jobs.sync?.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(workflow.jobs.guide?.permissions).toEqual({ contents: 'read', issues: 'read', 'pull-requests': 'write' });
    expect(workflow.jobs.sync?.concurrency).toEqual({ group: 'lifecycle-sync', 'cancel-in-progress': false });
    expect(workflow.jobs.guide?.concurrency['cancel-in-progress']).toBe(true);
    expect(Object.keys(workflow.on).sort()).toEqual(['issues', 'milestone', 'pull_request', 'push', 'schedule', 'workflow_dispatch']);
    expect(workflow.on.push).toEqual({ paths: ['.github/lifecycle.yml', '.github/lifecycle/**'] });
    expect(workflow.on.issues).toEqual({ types: ['closed', 'reopened'] });
    expect(workflow.on.milestone).toEqual({ types: ['closed'] });
    const actionStep = (job: string) => workflow.jobs[job]?.steps.find((s) => s.uses.startsWith('lifecycle-action/lifecycle-action@'));
    expect(actionStep('sync')?.with).toEqual({ command: 'sync' });
    expect(actionStep('guide')?.with).toEqual({ command: 'guide' });
    // The guide job must never run the pull request's code: no checkout there.
    expect(workflow.jobs.guide?.steps.some((s) => s.uses.startsWith('actions/checkout'))).toBe(false);
  });

  it('every preset shipped has a lifecycle.yml the generator reads', async () => {
    for (const preset of PRESETS) {
      const files = await loadPresetFiles(preset);
      expect(files.lifecycle.length).toBeGreaterThan(0);
      expect(files.workflow).toContain('lifecycle-action/lifecycle-action@v1');
    }
  });
});
