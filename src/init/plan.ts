// The generator's pure core: preset files + answers → the files to write, in memory. Comparing with
// the disk and writing belong to conflicts.ts and disk.ts.
import { parse } from 'yaml';
import { configSchema } from '../config/schema.js';
import type { LifecycleConfig } from '../config/schema.js';
import { renderConfigText } from './config-text.js';
import { presetDefinition } from './presets.js';
import type { Answers, PresetDefinition, PresetName } from './presets.js';
import { skeletonFolders, skeletonReadme } from './skeleton.js';
import { ISSUE_FORMS_DIR, LIFE_CYCLE_SECTION_PATH, PULL_REQUEST_TEMPLATE_PATH, lifeCycleSection, pullRequestTemplate } from './repository-files.js';

export const CONFIG_PATH = '.github/lifecycle.yml';
export const WORKFLOW_PATH = '.github/workflows/lifecycle.yml';
export const TEMPLATES_DIR = '.github/lifecycle';

export type FileKind = 'config' | 'workflow' | 'template' | 'skeleton' | 'repository';

export interface PlannedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  content: string;
  mode?: number;
  kind: FileKind;
}

export interface FilePlan {
  files: PlannedFile[];
  /** The generated configuration, parsed: what the next sync will read. */
  config: LifecycleConfig;
}

export interface PresetFiles {
  /** templates/<preset>/lifecycle.yml */
  lifecycle: string;
  /** The workflow, copied byte for byte. */
  workflow: string;
  /** Built-in templates (templates/common/*.md.hbs) for --eject-templates. */
  templates: readonly { name: string; text: string }[];
  /** The preset's issue forms (templates/<preset>/issue-forms/*.yml), written with --skeleton. */
  issueForms?: readonly { name: string; text: string }[];
}

export interface PlanInitInput {
  preset: PresetName | PresetDefinition;
  answers: Answers;
  presetFiles: PresetFiles;
  options: { skeleton: boolean; ejectTemplates: boolean };
  /** Where editors find the schema; defaults to the published one. */
  schemaUrl?: string;
}

export function planInit(input: PlanInitInput): FilePlan {
  const preset = typeof input.preset === 'string' ? presetDefinition(input.preset) : input.preset;
  const configText = renderConfigText(preset, input.answers, input.presetFiles.lifecycle, input.schemaUrl);
  const parsed = configSchema.safeParse(parse(configText));
  if (!parsed.success) {
    // The preset and the answer checks should make this impossible; say which field broke if not.
    const issue = parsed.error.issues[0];
    throw new Error(`the ${preset.name} preset with these answers is not a valid config: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  const config = parsed.data;
  const files: PlannedFile[] = [
    { path: CONFIG_PATH, content: configText, kind: 'config' },
    { path: WORKFLOW_PATH, content: input.presetFiles.workflow, kind: 'workflow' },
  ];
  if (input.options.ejectTemplates) {
    const templates = [...input.presetFiles.templates].sort((a, b) => a.name.localeCompare(b.name));
    for (const template of templates) files.push({ path: `${TEMPLATES_DIR}/${template.name}`, content: template.text, kind: 'template' });
  }
  if (input.options.skeleton) {
    for (const folder of skeletonFolders(config)) {
      files.push({ path: `${folder.path}/README.md`, content: skeletonReadme(folder, CONFIG_PATH), kind: 'skeleton' });
    }
    files.push({ path: PULL_REQUEST_TEMPLATE_PATH, content: pullRequestTemplate(config, CONFIG_PATH), kind: 'repository' });
    const forms = [...(input.presetFiles.issueForms ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    for (const form of forms) files.push({ path: `${ISSUE_FORMS_DIR}/${form.name}`, content: form.text, kind: 'repository' });
    files.push({ path: LIFE_CYCLE_SECTION_PATH, content: lifeCycleSection(config, CONFIG_PATH), kind: 'repository' });
  }
  return { files, config };
}
