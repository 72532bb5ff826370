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

const GENAI: PresetDefinition = {
  name: 'genai',
  title: 'Generative AI project life cycle',
  questions: [
    projectName,
    startDate,
    {
      key: 'foundation_model',
      kind: 'boolean',
      message: 'Will you build on an existing foundation model (rather than pre-train your own)?',
      target: { to: 'variable', name: 'foundation_model' },
      default: true,
      yes: 'Build on a foundation model',
      no: 'Pre-train our own model',
    },
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

const MINIMAL: PresetDefinition = {
  name: 'minimal',
  title: 'Minimal three-stage life cycle',
  questions: [projectName, startDate, assignees, skeleton],
};

const DEFINITIONS: Readonly<Record<PresetName, PresetDefinition>> = { genai: GENAI, minimal: MINIMAL };

export function isPresetName(name: string): name is PresetName {
  return (PRESETS as readonly string[]).includes(name);
}

export function presetDefinition(name: PresetName): PresetDefinition {
  return DEFINITIONS[name];
}

/** The Monday after `today` (a Monday gives the following one): projects start on a week boundary. */
export function nextMonday(today: string): string {
  const date = new Date(`${today}T00:00:00Z`);
  const day = date.getUTCDay();
  const ahead = ((8 - day) % 7) || 7;
  date.setUTCDate(date.getUTCDate() + ahead);
  return date.toISOString().slice(0, 10);
}
