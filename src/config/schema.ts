// The lifecycle.yml v1 format, declared once. The TypeScript types, the validator and
// schema/lifecycle.schema.json (for editors) all come from here.
import { z } from 'zod';

export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

const slug = (what: string) =>
  z
    .string()
    .regex(SLUG, { message: `${what} must be a slug: lower-case letters, digits and dashes, starting and ending with a letter or digit` })
    .describe(`Stable identifier of the ${what}. Renaming the title never re-creates anything; changing the id does.`);

/** GitHub caps label names at 50 characters. */
export const MAX_LABEL_LENGTH = 50;
/** GitHub caps issue titles at 256 characters. */
export const MAX_TITLE_LENGTH = 256;
/** GitHub documents no limit on milestone titles; the issue title's is held, so none is refused. */
export const MAX_MILESTONE_TITLE_LENGTH = 256;
/** GitHub refuses an issue with more than 100 labels. */
export const MAX_LABELS_PER_ISSUE = 100;
/** GitHub assigns at most 10 people to an issue. */
export const MAX_ASSIGNEES = 10;
/** GitHub logins: letters, digits and single dashes, not at either end, at most 39 characters. */
export const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/** Variable names that read naturally as vars.<name>. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** A duration ("3d", "2w", "4h", "1.5d") or text containing a ${{ }} expression that yields one. */
export const DURATION_TEXT = /^(?:\s*\d+(?:\.\d+)?\s*[hdw]\s*|[\s\S]*\$\{\{[\s\S]*)$/;
/** A preset and its edition, as `init` records them: "genai@2". */
export const PRESET_RECORD = /^[a-z0-9][a-z0-9-]*@[1-9]\d*$/;
/** YYYY-MM-DD; whether the day exists is checked separately. */
export const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

const labelName = z.string().min(1).max(MAX_LABEL_LENGTH);
const labelList = (description: string) => z.array(labelName).describe(description);
const loginList = (description: string) =>
  z.array(z.string().regex(LOGIN, { message: 'not a GitHub login' })).describe(description);

// `when: false` is natural YAML; accept booleans and keep the parsed type a string.
const whenExpression = (description: string) =>
  z
    .union([z.string(), z.boolean().transform((value) => String(value))])
    .optional()
    .describe(description);

const itemText = z.string().min(1).describe('The text of the item.');

/** A checklist item: text, or text that is there only when its `when` holds. */
export const checklistItemSchema = z
  .union([
    z.string(),
    z.strictObject({
      text: itemText,
      when: whenExpression('GitHub Actions expression over vars, as on stages and tasks; the item is there only when it is true.'),
    }),
  ])
  .describe('A checklist item: text, or { text, when } for an item that depends on the answers.');

/** A review checklist item may also be limited to pull requests that change certain files. */
export const reviewItemSchema = z
  .union([
    z.string(),
    z.strictObject({
      text: itemText,
      when: whenExpression('GitHub Actions expression over vars; the item is there only when it is true.'),
      paths: z
        .array(z.string())
        .optional()
        .describe('Globs on changed file paths, as in match.paths: the item is shown only on a pull request that changes a matching file.'),
    }),
  ])
  .describe('A review item: text, or { text, when, paths } for an item that depends on the answers or on the files a pull request changes.');

const checklistList = (description: string) => z.array(checklistItemSchema).describe(description);

/** A match rule: a pattern, or a pattern that applies only when its `when` holds. */
const matchRuleList = <K extends string>(key: K, what: string, description: string) =>
  z
    .array(
      z.union([
        z.string(),
        z.strictObject({ [key]: z.string().describe(what), when: whenExpression('GitHub Actions expression over vars; the rule applies only when it is true.') } as Record<K, z.ZodString> & {
          when: ReturnType<typeof whenExpression>;
        }),
      ]),
    )
    .describe(`${description} An entry may be { ${key}, when } to apply only when the expression over vars is true.`);

export const COMPLEXITY = ['low', 'medium', 'high'] as const;
export const EXPERTISE = ['low', 'low-medium', 'medium', 'medium-high', 'high'] as const;

export const estimateSchema = z
  .strictObject({
    duration: z
      .string()
      .regex(DURATION_TEXT, { message: 'not a duration' })
      .describe(
        'How long the stage takes: a number and a unit, h (hours), d (days) or w (weeks), e.g. "3d", "2w", "4h". ' +
          'Units count work: 8 hours make a day; a week is 5 days on the workdays calendar and 7 on the days calendar. ' +
          'May be an expression: "${{ vars.reward_model && \'2d\' || \'4w\' }}".',
      ),
    complexity: z.enum(COMPLEXITY).optional().describe('How hard the stage is: low, medium or high.'),
    expertise: z.enum(EXPERTISE).optional().describe('How much expertise the stage needs: low, low-medium, medium, medium-high or high.'),
  })
  .describe('Effort estimate. With project.start, the duration gives the stage milestone a due date.');

export const matchSchema = z
  .strictObject({
    paths: matchRuleList(
      'glob',
      'A glob on changed file paths.',
      'Globs on changed file paths (picomatch syntax, dotfiles included), matched in linear time. A pull request changing any matching file belongs to this stage. ' +
        'A glob starting with "!" excludes files that another glob matched. Negated extglobs "!(...)" are not supported. Paths over 4,096 bytes match nothing.',
    ).optional(),
    labels: matchRuleList('label', 'A pull request label.', 'Pull request labels that put a pull request in this stage.').optional(),
    branches: matchRuleList(
      'pattern',
      'A regular expression on the head branch name.',
      'Regular expressions in RE2 syntax (no lookaround, no backreferences), searched for in the pull request head branch name, in linear time. ' +
        'Anchor with ^ to match a prefix. Branch names over 255 bytes match nothing.',
    ).optional(),
  })
  .describe('Which pull requests belong to this stage: any of paths, labels, branches, or closing one of the stage issues.');

export const taskSchema = z
  .strictObject({
    id: slug('task'),
    title: z.string().min(1).max(MAX_TITLE_LENGTH).describe('Issue title (at most 256 characters). Changing it updates the issue in place.'),
    description: z.string().optional().describe('Markdown shown at the top of the issue body: what to do and why.'),
    template: z.string().optional().describe('Handlebars template for the issue body, looked up in the templates folder, then among the built-ins. Default: task.md.hbs.'),
    body: z.string().optional().describe('Inline Handlebars body, used instead of a template file.'),
    checklist: checklistList('Checklist items rendered as task-list checkboxes in the issue body. Ticked boxes survive re-renders.').optional(),
    labels: labelList('Extra labels for this issue (the managed label and the stage label are always added).').optional(),
    assignees: loginList('GitHub logins to assign. Default: defaults.assignees.').optional(),
    when: whenExpression('GitHub Actions expression over vars; the task exists only when it is true. Example: "vars.team_size > 3".'),
  })
  .describe('One task of a stage: becomes one issue in the stage milestone.');

export const OPEN_MODES = ['upfront', 'when-ready'] as const;

const openMode = (description: string) => z.enum(OPEN_MODES).describe(description);

export const stageSchema = z
  .strictObject({
    id: slug('stage'),
    name: z
      .string()
      .min(1)
      .max(MAX_MILESTONE_TITLE_LENGTH)
      .describe('Milestone title (at most 256 characters), unique ignoring case and surrounding spaces. Changing it updates the milestone in place.'),
    description: z.string().optional().describe('One or two sentences on what the stage is for; shown in the milestone and the guidance.'),
    when: whenExpression(
      'GitHub Actions expression over vars; when false the stage takes no time and produces nothing. Example: "!vars.foundation_model".',
    ),
    depends_on: z
      .array(z.string())
      .optional()
      .describe('Stage ids that must finish before this one starts. Default: the stage listed before it. [] starts at project.start.'),
    estimate: estimateSchema.optional(),
    label: labelName.optional().describe('Name of this stage label (at most 50 characters). Default: "stage: <id>".'),
    template: z.string().optional().describe('Handlebars template for the milestone description. Default: milestone.md.hbs.'),
    match: matchSchema.optional(),
    guidance: z.string().optional().describe('Handlebars template of this stage section in the pull request comment. Default: guidance.md.hbs.'),
    checklist: z.array(reviewItemSchema).describe('Review checklist shown in the pull request comment for this stage.').optional(),
    exit_criteria: checklistList('What must be true before the stage is done; shown in the milestone description.').optional(),
    open: openMode('When this stage task issues are created: upfront (at once) or when-ready (once the stage becomes active). Default: defaults.open.').optional(),
    tasks: z.array(taskSchema).default([]).describe('The stage tasks; each becomes one issue.'),
  })
  .describe('One stage of the life cycle: becomes one milestone, its stage issue and the issues of its tasks.');

const variableValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const projectSchema = z
  .strictObject({
    name: z.string().min(1).describe('Project name, shown in summaries and comments.'),
    start: z
      .string()
      .regex(DATE_TEXT, { message: 'not a YYYY-MM-DD date' })
      .optional()
      .describe('First day of the project, YYYY-MM-DD. With estimates it gives every milestone a due date.'),
    calendar: z
      .enum(['workdays', 'days'])
      .default('workdays')
      .describe('workdays skips Saturdays and Sundays when counting durations; days counts every day.'),
    label: labelName
      .default('lifecycle')
      .describe('The managed label: every issue this tool writes carries it, and the tool finds its issues by it.'),
  })
  .describe('The project as a whole.');

export const defaultsSchema = z
  .strictObject({
    labels: labelList('Labels added to every issue.').default([]),
    assignees: loginList('Logins assigned to every issue that names none of its own.').default([]),
    open: openMode(
      'When task issues are created: upfront (every stage at once, the default) or when-ready (a stage task issues once the stage becomes active, so the backlog holds what can be worked on now).',
    ).optional(),
  })
  .describe('Values every issue gets unless its task says otherwise.');

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('JSON schema location, for editors.'),
    version: z.literal(1).describe('Format version. Only 1 exists.'),
    project: projectSchema,
    preset: z
      .string()
      .regex(PRESET_RECORD, { message: 'must be a preset and its edition, such as genai@2' })
      .optional()
      .describe('The preset and edition `lifecycle init` wrote this file from, e.g. genai@2; an upgrade compares against that edition.'),
    variables: z
      .record(z.string().regex(VARIABLE_NAME, { message: 'not a variable name' }), variableValue)
      .default({})
      .describe('Answers recorded by `lifecycle init`; expressions read them as vars.<name>.'),
    defaults: defaultsSchema.default({ labels: [], assignees: [] }),
    stages: z.array(stageSchema).min(1, { message: 'declare at least one stage' }).describe('The stages, in life cycle order.'),
  })
  .describe('lifecycle-action configuration (.github/lifecycle.yml).');

export type LifecycleConfig = z.output<typeof configSchema>;
export type LifecycleConfigInput = z.input<typeof configSchema>;
export type Stage = z.output<typeof stageSchema>;
export type Task = z.output<typeof taskSchema>;
export type Estimate = z.output<typeof estimateSchema>;
export type StageMatch = z.output<typeof matchSchema>;
export type VariableValue = z.output<typeof variableValue>;
export type ChecklistItem = z.output<typeof checklistItemSchema>;
export type ReviewItem = z.output<typeof reviewItemSchema>;

export const DEFAULT_TEMPLATES = {
  milestone: 'milestone.md.hbs',
  task: 'task.md.hbs',
  guidance: 'guidance.md.hbs',
  stage: 'stage.md.hbs',
  dashboard: 'dashboard.md.hbs',
} as const;

export function stageLabel(stage: Pick<Stage, 'id' | 'label'>): string {
  return stage.label ?? `stage: ${stage.id}`;
}

/** The JSON schema editors read; written to schema/lifecycle.schema.json. */
export function lifecycleJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://raw.githubusercontent.com/lifecycle-action/lifecycle-action/main/schema/lifecycle.schema.json', title: 'lifecycle.yml' };
}
