// The presets `init` knows and the questions each one asks. A question names where its answer lands
// in .github/lifecycle.yml (or which generator option it sets); the preset file itself stays plain
// YAML that people can read and edit.

export const PRESETS = ['genai', 'minimal'] as const;
export type PresetName = (typeof PRESETS)[number];
export const DEFAULT_PRESET: PresetName = 'genai';

/** Where editors find the lifecycle.yml schema; the same address as the schema's own $id. */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/lifecycle-action/lifecycle-action/main/schema/lifecycle.schema.json';

export type AnswerValue = string | boolean | string[] | null;
export type Answers = Record<string, AnswerValue>;

export type AnswerTarget =
  | { to: 'project.name' }
  | { to: 'project.start' }
  | { to: 'variable'; name: string }
  | { to: 'defaults.assignees' }
  | { to: 'option.skeleton' };

/** Facts a default may depend on, read at the edge (the clock, the target folder). */
export interface DefaultContext {
  /** Name of the folder being initialised. */
  dirName: string;
  /** Today's date, YYYY-MM-DD, from the real clock or a test's fixed value. */
  today: string;
}

interface QuestionBase {
  key: string;
  message: string;
  target: AnswerTarget;
  /** Asked in a conversation only when this holds for the answers given so far (the value is still recorded). */
  askWhen?: (answers: Readonly<Answers>) => boolean;
}

export interface TextQuestion extends QuestionBase {
  kind: 'text';
  required: boolean;
  default: (context: DefaultContext) => string;
}

export interface DateQuestion extends QuestionBase {
  kind: 'date';
  /** null: no date, so milestones get no due dates. */
  default: (context: DefaultContext) => string | null;
}

export interface BooleanQuestion extends QuestionBase {
  kind: 'boolean';
  default: boolean;
  yes: string;
  no: string;
}

export interface ChoiceQuestion extends QuestionBase {
  kind: 'choice';
  options: readonly { value: string; label: string; hint?: string }[];
  default: string;
}

export interface LoginsQuestion extends QuestionBase {
  kind: 'logins';
  default: readonly string[];
}

export type Question = TextQuestion | DateQuestion | BooleanQuestion | ChoiceQuestion | LoginsQuestion;

export interface PresetDefinition {
  name: PresetName;
  title: string;
  /** Editions count up from 1; a released edition never changes, so a team can see what a newer one changes. */
  edition: number;
  /** The edition's lifecycle.yml, relative to the templates folder. */
  file: string;
  /** Whether what init writes carries `preset: <name>@<edition>` (editions from before the key existed do not). */
  recordsEdition: boolean;
  questions: readonly Question[];
}

const projectName: TextQuestion = {
  key: 'name',
  kind: 'text',
  message: 'Project name',
  required: true,
  target: { to: 'project.name' },
  default: ({ dirName }) => dirName,
};

const startDate: DateQuestion = {
  key: 'start',
  kind: 'date',
  message: 'Start date (YYYY-MM-DD; empty for none)',
  target: { to: 'project.start' },
  default: ({ today }) => nextMonday(today),
};

const assignees: LoginsQuestion = {
  key: 'assignees',
  kind: 'logins',
  message: 'Who should the issues be assigned to? (GitHub logins, comma separated; empty for nobody)',
  target: { to: 'defaults.assignees' },
  default: [],
};

const skeleton: BooleanQuestion = {
  key: 'skeleton',
  kind: 'boolean',
  message: 'Create a folder per stage, each with a short README?',
  target: { to: 'option.skeleton' },
  default: false,
  yes: 'Yes, create the folders',
  no: 'No folders',
};

export const TUNING_METHODS = ['full', 'lora', 'prompt-tuning'] as const;

/** Both editions ask it the same way. */
const foundationModel: BooleanQuestion = {
  key: 'foundation_model',
  kind: 'boolean',
  message: 'Will you build on an existing foundation model (rather than pre-train your own)?',
  target: { to: 'variable', name: 'foundation_model' },
  default: true,
  yes: 'Build on a foundation model',
  no: 'Pre-train our own model',
};

const GENAI_1: PresetDefinition = {
  name: 'genai',
  title: 'Generative AI project life cycle',
  edition: 1,
  file: 'genai/editions/1/lifecycle.yml',
  recordsEdition: false,
  questions: [
    projectName,
    startDate,
    foundationModel,
    {
      key: 'reward_model',
      kind: 'boolean',
      message: 'Is there an existing reward model you can align with?',
      target: { to: 'variable', name: 'reward_model' },
      default: false,
      yes: 'Yes, reuse a reward model',
      no: 'No, collect human feedback and train one',
    },
    {
      key: 'tuning_method',
      kind: 'choice',
      message: 'How will you fine-tune?',
      target: { to: 'variable', name: 'tuning_method' },
      options: [
        { value: 'full', label: 'Full fine-tuning', hint: 'update every weight' },
        { value: 'lora', label: 'LoRA', hint: 'train small adapter matrices' },
        { value: 'prompt-tuning', label: 'Prompt tuning', hint: 'train soft prompt tokens only' },
      ],
      default: 'lora',
    },
    assignees,
    skeleton,
  ],
};

export const HOSTING = ['api', 'self-hosted'] as const;
export const ADAPTATIONS = ['none', 'prompt-tuning', 'lora', 'qlora', 'full'] as const;
export const ALIGNMENTS = ['none', 'dpo', 'rlhf'] as const;

// Edition 2's defaults fit a small team building on a hosted model: no weights change, no
// preference tuning, answers grounded in the team's documents.
const GENAI_2: PresetDefinition = {
  name: 'genai',
  title: 'Generative AI project life cycle',
  edition: 2,
  file: 'genai/lifecycle.yml',
  recordsEdition: true,
  questions: [
    projectName,
    startDate,
    foundationModel,
    {
      key: 'hosting',
      kind: 'choice',
      message: 'Where will the model run?',
      target: { to: 'variable', name: 'hosting' },
      options: [
        { value: 'api', label: 'Hosted API', hint: "a provider's model, called over its API" },
        { value: 'self-hosted', label: 'Self-hosted', hint: 'open weights we serve ourselves' },
      ],
      default: 'api',
    },
    {
      key: 'rag',
      kind: 'boolean',
      message: "Will answers draw on your own documents (retrieval-augmented generation)?",
      target: { to: 'variable', name: 'rag' },
      default: true,
      yes: 'Yes, retrieve from our documents',
      no: 'No retrieval',
    },
    {
      key: 'agent',
      kind: 'boolean',
      message: 'Will the model call tools or take multi-step actions?',
      target: { to: 'variable', name: 'agent' },
      default: false,
      yes: 'Yes, it uses tools',
      no: 'No, it only answers',
    },
    {
      key: 'adaptation',
      kind: 'choice',
      message: 'How will you adapt the model beyond prompts?',
      target: { to: 'variable', name: 'adaptation' },
      options: [
        { value: 'none', label: 'None', hint: 'prompts and retrieval only' },
        { value: 'prompt-tuning', label: 'Prompt tuning', hint: 'train soft prompt tokens only' },
        { value: 'lora', label: 'LoRA', hint: 'train small adapter matrices' },
        { value: 'qlora', label: 'QLoRA', hint: 'LoRA on a 4-bit quantized base model' },
        { value: 'full', label: 'Full fine-tuning', hint: 'update every weight' },
      ],
      default: 'none',
    },
    {
      key: 'alignment',
      kind: 'choice',
      message: 'Will you tune the model on human preferences?',
      target: { to: 'variable', name: 'alignment' },
      options: [
        { value: 'none', label: 'None' },
        { value: 'dpo', label: 'DPO', hint: 'direct preference optimization on chosen/rejected pairs' },
        { value: 'rlhf', label: 'RLHF', hint: 'a reward model and reinforcement learning' },
      ],
      default: 'none',
    },
    {
      key: 'reward_model',
      kind: 'boolean',
      message: 'Is there an existing reward model you can align with?',
      target: { to: 'variable', name: 'reward_model' },
      default: false,
      yes: 'Yes, reuse a reward model',
      no: 'No, collect human feedback and train one',
      askWhen: (answers) => answers.alignment === 'rlhf',
    },
    assignees,
    skeleton,
  ],
};

const MINIMAL: PresetDefinition = {
  name: 'minimal',
  title: 'Minimal three-stage life cycle',
  edition: 1,
  file: 'minimal/lifecycle.yml',
  recordsEdition: false,
  questions: [projectName, startDate, assignees, skeleton],
};

/** Every released edition of each preset, oldest first; the last one is what `init` writes. */
const EDITIONS: Readonly<Record<PresetName, readonly PresetDefinition[]>> = { genai: [GENAI_1, GENAI_2], minimal: [MINIMAL] };

export function isPresetName(name: string): name is PresetName {
  return (PRESETS as readonly string[]).includes(name);
}

/** The current edition of a preset: what `init` writes. */
export function presetDefinition(name: PresetName): PresetDefinition {
  const editions = EDITIONS[name];
  const current = editions[editions.length - 1];
  if (current === undefined) throw new Error(`the ${name} preset has no edition`);
  return current;
}

/** One released edition of a preset, or null when there is no such edition. */
export function presetEdition(name: PresetName, edition: number): PresetDefinition | null {
  return EDITIONS[name].find((d) => d.edition === edition) ?? null;
}

export function presetEditions(name: PresetName): readonly PresetDefinition[] {
  return EDITIONS[name];
}

/** The record init writes beside the answers, e.g. "genai@2". */
export function editionRecord(preset: Pick<PresetDefinition, 'name' | 'edition'>): string {
  return `${preset.name}@${preset.edition}`;
}

/** Reads "genai@2"; null when the text is not such a record. */
export function parseEditionRecord(text: unknown): { name: string; edition: number } | null {
  if (typeof text !== 'string') return null;
  const m = /^([a-z0-9][a-z0-9-]*)@([1-9]\d*)$/.exec(text.trim());
  return m?.[1] && m[2] ? { name: m[1], edition: Number(m[2]) } : null;
}

/** The Monday after `today` (a Monday gives the following one): projects start on a week boundary. */
export function nextMonday(today: string): string {
  const date = new Date(`${today}T00:00:00Z`);
  const day = date.getUTCDay();
  const ahead = ((8 - day) % 7) || 7;
  date.setUTCDate(date.getUTCDate() + ahead);
  return date.toISOString().slice(0, 10);
}
