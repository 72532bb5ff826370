// What templates see, declared once as data. The TypeScript types of the context (context.ts), the
// static template check (template-check.ts) and the context listing in docs/templates.md all come
// from these shapes, so a field added to the context is known to the checker and the docs at once.
import type { VariableValue } from '../config/schema.js';

interface Documented {
  readonly doc?: string;
}
export interface TextShape extends Documented {
  readonly kind: 'text';
}
export interface NumberShape extends Documented {
  readonly kind: 'number';
}
export interface BooleanShape extends Documented {
  readonly kind: 'boolean';
}
export interface OneOfShape<V extends readonly string[] = readonly string[]> extends Documented {
  readonly kind: 'oneOf';
  readonly values: V;
}
/** lifecycle.yml `variables`: which names exist depends on the config, so the check is told them. */
export interface VariablesShape extends Documented {
  readonly kind: 'variables';
}
export interface ListShape<E extends Shape = Shape> extends Documented {
  readonly kind: 'list';
  readonly of: E;
}
export interface NullableShape<E extends Shape = Shape> extends Documented {
  readonly kind: 'nullable';
  readonly of: E;
}
export interface ObjectShape<F extends Readonly<Record<string, Shape>> = Readonly<Record<string, Shape>>> extends Documented {
  readonly kind: 'object';
  /** How the docs name the type, e.g. "StageView". */
  readonly name: string;
  readonly fields: F;
}

export type Shape = TextShape | NumberShape | BooleanShape | OneOfShape | VariablesShape | ListShape | NullableShape | ObjectShape;

/** The TypeScript type of values of a shape. */
export type ShapeType<S> = S extends TextShape
  ? string
  : S extends NumberShape
    ? number
    : S extends BooleanShape
      ? boolean
      : S extends OneOfShape<infer V>
        ? V[number]
        : S extends VariablesShape
          ? Record<string, VariableValue>
          : S extends ListShape<infer E>
            ? ShapeType<E>[]
            : S extends NullableShape<infer E>
              ? ShapeType<E> | null
              : S extends ObjectShape<infer F>
                ? { [K in keyof F]: ShapeType<F[K]> }
                : never;

const text = (doc?: string): TextShape => ({ kind: 'text', ...(doc ? { doc } : {}) });
const number = (doc?: string): NumberShape => ({ kind: 'number', ...(doc ? { doc } : {}) });
const boolean = (doc?: string): BooleanShape => ({ kind: 'boolean', ...(doc ? { doc } : {}) });
const oneOf = <const V extends readonly string[]>(values: V, doc?: string): OneOfShape<V> => ({ kind: 'oneOf', values, ...(doc ? { doc } : {}) });
const list = <E extends Shape>(of: E, doc?: string): ListShape<E> => ({ kind: 'list', of, ...(doc ? { doc } : {}) });
const nullable = <E extends Shape>(of: E, doc?: string): NullableShape<E> => ({ kind: 'nullable', of, ...(doc ? { doc } : {}) });
const object = <F extends Readonly<Record<string, Shape>>>(name: string, fields: F): ObjectShape<F> => ({ kind: 'object', name, fields });
/** The same object shape, documented where a field uses it. */
const described = <S extends Shape>(shape: S, doc: string): S => ({ ...shape, doc });

const date = (doc: string) => nullable(text(), `"YYYY-MM-DD"; ${doc}`);

export const projectShape = object('ProjectView', {
  name: text(),
  start: date('first working day of the project'),
  calendar: oneOf(['workdays', 'days'] as const),
  label: text('the managed label every issue carries'),
});

export const repoShape = object('RepoView', {
  owner: text(),
  name: text(),
  fullName: text('"owner/name"'),
  url: text('https://github.com/owner/name, or the Enterprise Server equivalent'),
});

export const taskShape = object('TaskView', {
  id: text(),
  title: text(),
  description: text('"" when not set'),
  checklist: list(text()),
  labels: list(text(), 'managed label, stage label, defaults.labels, the task\'s labels (front matter adds more)'),
  assignees: list(text(), "the task's, else defaults.assignees"),
});

export const milestoneShape = object('MilestoneView', {
  title: text(),
  number: nullable(number(), 'null until the milestone exists on GitHub; the guidance has it'),
  url: nullable(text(), 'null until the milestone exists on GitHub; the guidance has it'),
});

export const estimateShape = object('EstimateView', {
  duration: text('already evaluated: "2d", never "${{ … }}"'),
  complexity: nullable(text()),
  expertise: nullable(text()),
});

export const stageShape = object('StageView', {
  id: text(),
  name: text(),
  description: text('"" when not set'),
  label: text('the stage label, e.g. "stage: fine-tuning"'),
  estimate: nullable(estimateShape, 'null without an estimate'),
  start: date('null without project.start or an estimate'),
  due: date('null without project.start or an estimate'),
  days: nullable(number(), 'whole workdays (or days); null without an estimate'),
  depends_on: list(text(), 'ids of the active stages it waits for (skipped stages passed through)'),
  critical: boolean('true when on the critical path'),
  checklist: list(text()),
  exit_criteria: list(text()),
  tasks: list(taskShape, 'active tasks only, in declared order'),
  milestone: milestoneShape,
});

export const scheduleShape = object('ScheduleView', {
  start: date('first working day of the project'),
  end: date('latest due date'),
  calendar: oneOf(['workdays', 'days'] as const),
  criticalPath: list(text(), 'stage ids, first to last'),
  totalDays: nullable(number(), 'length of the plan in workdays (or days); null without estimates'),
});

/** What every template gets. */
export const baseContextShape = object('TemplateContext', {
  project: projectShape,
  vars: { kind: 'variables', doc: 'the variables declared in lifecycle.yml (or the values passed in)' } as VariablesShape,
  repo: nullable(repoShape, 'null when rendering offline (`lifecycle plan` without --repo)'),
  stages: list(stageShape, 'active stages, in life cycle order'),
  schedule: scheduleShape,
});

export const pullRequestShape = object('PullRequestView', {
  number: number(),
  title: text('neutralized'),
  branch: text('neutralized'),
  author: text('neutralized'),
  url: text(),
});

export const matchShape = object('MatchView', {
  reasons: list(text(), 'why the stage matched, in words'),
  files: list(text(), 'matched files, neutralized; the first 20'),
  moreFiles: number('matched files not listed in files'),
  fileCount: number('all matched files'),
});

export const statusShape = object('StatusView', {
  currentStage: nullable(stageShape, 'the first active stage with open issues'),
  open: number('open issues of this stage'),
  closed: number('closed issues of this stage'),
  openIssues: list(object('IssueView', { number: number(), title: text('neutralized'), url: text() })),
  blockedBy: list(
    object('BlockerView', { stage: text(), name: text(), openIssues: list(number()) }),
    'stages this one waits for that still have open issues, nearest first',
  ),
});

export const dashboardRowShape = object('DashboardRowView', {
  id: text(),
  name: text('the stage name, with "|" written as "&#124;" so it fits in a table cell'),
  url: nullable(text(), "the stage's milestone; null until it exists"),
  state: oneOf(['skipped', 'waiting', 'active', 'done'] as const),
  plannedStart: date('the baseline start; null when skipped or without project.start'),
  plannedDue: date("the baseline: the milestone's due date"),
  actualStart: date('null until the stage starts'),
  actualEnd: date('null until every task is closed'),
  forecastEnd: date('the actual end when done; null without an estimate'),
  tasksDone: number(),
  tasksTotal: number(),
  flag: nullable(oneOf(['late', 'at-risk'] as const), 'late: active past its due date; at-risk: forecast to end after it'),
  note: text('in words: "late by 2 days", "at risk: forecast 3 days after its due date", "finished 1 day early", "reopened"; "" when none'),
});

export const dashboardShape = object('DashboardView', {
  date: text('"YYYY-MM-DD", the day it is rendered for'),
  status: text('the one line on where the project is: current stages, done, late, forecast end'),
  current: list(text(), 'names of the active stages, in life cycle order'),
  done: number('stages done'),
  total: number('stages not skipped'),
  late: list(text(), 'names of the late stages'),
  atRisk: list(text(), 'names of the stages at risk'),
  end: date('forecast end of the project'),
  plannedEnd: date('latest due date'),
  ratio: object('RatioView', {
    value: number('what the remaining estimates are multiplied by'),
    stages: number('finished stages it comes from; 0 means the plain estimates'),
    text: text('in words, e.g. "1.5 (median of 3 finished stages)"'),
  }),
  rows: list(dashboardRowShape, 'every declared stage, in life cycle order'),
  gantt: text('Mermaid gantt source, baseline and actual or forecast bars side by side; "" without project.start'),
  drift: list(object('DriftView', { text: text('what a person changed, in words'), url: text() }), 'edits the tool left alone'),
  commands: list(object('CommandView', { id: text(), label: text(), checkbox: text('the unticked task-list line a person ticks') })),
  replanned: date('the day of the last re-plan; null before any'),
  baseline: list(object('BaselineView', { name: text(), due: date('the due date before the first re-plan') }), 'due dates a re-plan replaced'),
  cut: nullable(text(), 'why rows were left out; null when everything fits'),
});

const withFields = <F extends Readonly<Record<string, Shape>>>(name: string, extra: F) =>
  object(name, { ...baseContextShape.fields, ...extra });

/** The root context of each kind of template. */
export const templateContextShapes = {
  milestone: withFields('MilestoneContext', { stage: described(stageShape, 'the stage whose milestone this is') }),
  task: withFields('TaskContext', { stage: described(stageShape, 'the stage of the task'), task: taskShape }),
  stage: withFields('StageIssueContext', {
    stage: described(stageShape, 'the stage whose own issue this is'),
    dependencies: list(stageShape, 'the stages it waits for (its depends_on), in life cycle order'),
  }),
  guidance: withFields('GuidanceContext', {
    stage: described(stageShape, 'the matched stage'),
    pr: pullRequestShape,
    match: matchShape,
    status: statusShape,
  }),
  dashboard: withFields('DashboardContext', { dashboard: dashboardShape }),
} as const;

export type TemplateKind = keyof typeof templateContextShapes;
export const TEMPLATE_KINDS = Object.keys(templateContextShapes) as TemplateKind[];

/** How a shape reads in messages and docs: "text", "StageView[]", "number | null". */
export function shapeName(shape: Shape): string {
  switch (shape.kind) {
    case 'oneOf':
      return shape.values.map((v) => `"${v}"`).join(' | ');
    case 'variables':
      return '{ <variable>: text | number | boolean | null }';
    case 'list': {
      const inner = shapeName(shape.of);
      return shape.of.kind === 'nullable' || shape.of.kind === 'oneOf' ? `(${inner})[]` : `${inner}[]`;
    }
    case 'nullable':
      return `${shapeName(shape.of)} | null`;
    case 'object':
      return shape.name;
    default:
      return shape.kind;
  }
}
