// Turns the schema's findings into diagnostics in plain words, each pointing at the offending key or value.
import type { z } from 'zod';
import type { PathSegment } from './positions.js';
import type { Reporter } from './report.js';
import { describeValue, fieldName, locate, truncate, valueAt, within } from './report.js';
import { configSchema, defaultsSchema, estimateSchema, matchSchema, projectSchema, stageSchema, taskSchema } from './schema.js';
import { didYouMean } from './suggest.js';

type Issue = z.core.$ZodIssue;

/** Known keys of the mapping at a path, for "did you mean". */
function knownKeys(path: readonly PathSegment[]): string[] {
  const shape = path.filter((segment) => typeof segment === 'string').join('.');
  switch (shape) {
    case '':
      return Object.keys(configSchema.shape);
    case 'project':
      return Object.keys(projectSchema.shape);
    case 'defaults':
      return Object.keys(defaultsSchema.shape);
    case 'stages':
      return Object.keys(stageSchema.shape);
    case 'stages.estimate':
      return Object.keys(estimateSchema.shape);
    case 'stages.match':
      return Object.keys(matchSchema.shape);
    case 'stages.tasks':
      return Object.keys(taskSchema.shape);
    default:
      return [];
  }
}

// Words people reach for that are spelt differently here; edit distance alone would not find them.
const SYNONYMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '': { vars: 'variables', variable: 'variables', stage: 'stages', milestones: 'stages', phases: 'stages', default: 'defaults' },
  project: { title: 'name', start_date: 'start', startDate: 'start', begin: 'start' },
  stages: {
    title: 'name',
    needs: 'depends_on',
    dependencies: 'depends_on',
    after: 'depends_on',
    if: 'when',
    duration: 'estimate',
    issues: 'tasks',
    steps: 'tasks',
    paths: 'match',
    exit: 'exit_criteria',
  },
  'stages.tasks': { name: 'title', if: 'when', checkboxes: 'checklist', assignee: 'assignees', label: 'labels' },
  'stages.estimate': { effort: 'duration', time: 'duration', difficulty: 'complexity', skills: 'expertise' },
  'stages.match': { path: 'paths', files: 'paths', label: 'labels', branch: 'branches' },
  defaults: { label: 'labels', assignee: 'assignees' },
};

function suggestKey(path: readonly PathSegment[], key: string): string {
  const shape = path.filter((segment) => typeof segment === 'string').join('.');
  const synonym = SYNONYMS[shape]?.[key];
  if (synonym !== undefined) return ` (did you mean "${synonym}"?)`;
  return didYouMean(key, knownKeys(path));
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
};

export function reportSchemaIssues(issues: readonly Issue[], data: unknown, reporter: Reporter): void {
  for (const issue of issues) reportIssue(issue, data, reporter);
}

/** Where an issue is, in the words its messages use. */
interface Site {
  path: PathSegment[];
  /** The stage or task the path is in ("stage \"plan\""), '' at the top level. */
  subject: string;
  /** The path below the subject. */
  rest: PathSegment[];
  field: string;
  last: PathSegment | undefined;
  /** An entry of a list field, such as one label. */
  isEntry: boolean;
  value: unknown;
  /** " in <subject>", or ''. */
  where: string;
  /** The field, quoted and placed, or the subject itself. */
  quoted: string;
}

function siteOf(issue: Issue, data: unknown): Site {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment === 'string' || typeof segment === 'number');
  const { subject, rest } = locate(data, path);
  const field = fieldName(rest);
  const last = path[path.length - 1];
  const where = within(subject);
  return {
    path,
    subject,
    rest,
    field,
    last,
    isEntry: typeof last === 'number' && rest.length > 0,
    value: valueAt(data, path),
    where,
    quoted: field === '' ? subject : `"${field}"${where}`,
  };
}

type IssueOf<Code extends Issue['code']> = Extract<Issue, { code: Code }>;

function reportIssue(issue: Issue, data: unknown, reporter: Reporter): void {
  const site = siteOf(issue, data);
  const { path, rest, subject, value, quoted } = site;
  switch (issue.code) {
    case 'unrecognized_keys':
      return reportUnknownKeys(issue, site, reporter);
    case 'invalid_type':
      return reportInvalidType(issue, site, reporter);
    case 'invalid_value':
      return reportInvalidValue(issue, site, reporter);
    case 'too_small':
      return reportTooSmall(issue, site, reporter);
    case 'too_big':
      return reportTooBig(issue, site, reporter);
    case 'invalid_format':
      reporter.error(path, formatMessage(rest, subject, typeof value === 'string' ? value : '', issue.message));
      return;
    case 'invalid_key': {
      const key = typeof site.last === 'string' ? site.last : String(site.last);
      reporter.error(
        path,
        `variable name "${truncate(key)}" cannot be read as vars.<name>; use letters, digits, "_" and "-", starting with a letter or "_"`,
        'key',
      );
      return;
    }
    case 'invalid_union':
      return reportInvalidUnion(site, reporter);
    default:
      reporter.error(path, `${quoted === '' ? 'the file' : quoted}: ${issue.message}`);
  }
}

function reportUnknownKeys(issue: IssueOf<'unrecognized_keys'>, { path, subject }: Site, reporter: Reporter): void {
  for (const key of issue.keys) {
    const message = subject === '' && path.length === 0 ? `unknown top-level key "${key}"` : `unknown key "${key}"${within(subject || fieldName(path))}`;
    reporter.error([...path, key], `${message}${suggestKey(path, key)}`, 'key');
  }
}

function reportInvalidType(issue: IssueOf<'invalid_type'>, { path, subject, rest, field, last, isEntry, value, where, quoted }: Site, reporter: Reporter): void {
  if (value === undefined && typeof last === 'string') {
    reporter.error(path.slice(0, -1), missingKey(path, subject), 'key');
    return;
  }
  if (path.length === 0) {
    reporter.error(
      path,
      value === null || value === undefined
        ? 'the file is empty; a lifecycle.yml needs at least version, project and stages'
        : `the file must be a mapping of keys (version, project, stages), not ${describeValue(value)}`,
    );
    return;
  }
  if (rest.at(-1) === 'duration' && typeof value === 'number') {
    reporter.error(path, `"estimate.duration"${where} needs a unit: "${value}d" (days), "${value}w" (weeks) or "${value}h" (hours)`);
    return;
  }
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  if (value === null) {
    reporter.error(path, `${isEntry ? `an entry of "${field}"${where}` : quoted} is empty; expected ${expected}`, 'key');
    return;
  }
  if (isEntry) {
    reporter.error(path, `entries of "${field}"${where} must be ${expected}; this one is ${describeValue(value)}`);
    return;
  }
  reporter.error(path, `${quoted} must be ${expected}, not ${describeValue(value)}`);
}

function reportInvalidValue(issue: IssueOf<'invalid_value'>, { path, subject, last, value, quoted }: Site, reporter: Reporter): void {
  if (value === undefined && typeof last === 'string') {
    reporter.error(path.slice(0, -1), missingKey(path, subject), 'key');
    return;
  }
  if (path.length === 1 && last === 'version') {
    reporter.error(
      path,
      value === '1'
        ? 'version must be the number 1, not the text "1"; remove the quotes'
        : `version ${typeof value === 'string' ? `"${truncate(value)}"` : String(value)} is not supported; this release reads version 1`,
    );
    return;
  }
  const allowed = issue.values.map((v) => String(v));
  const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
  reporter.error(path, `${quoted} must be one of ${allowed.join(', ')}, not ${describeValue(value)}${hint}`);
}

function reportTooSmall(issue: IssueOf<'too_small'>, { path, field, last, isEntry, where, quoted }: Site, reporter: Reporter): void {
  if (last === 'stages' && path.length === 1) {
    reporter.error(path, 'no stages are declared; a life cycle needs at least one stage', 'key');
    return;
  }
  if (issue.origin === 'string') {
    reporter.error(path, isEntry ? `entries of "${field}"${where} must not be empty` : `${quoted} must not be empty`, isEntry ? 'value' : 'key');
    return;
  }
  reporter.error(path, `${quoted} needs at least ${String(issue.minimum)} entries`, 'key');
}

function reportTooBig(issue: IssueOf<'too_big'>, { path, field, isEntry, value, where, quoted }: Site, reporter: Reporter): void {
  const length = typeof value === 'string' ? value.length : undefined;
  const what = isEntry && typeof value === 'string' ? `"${truncate(value)}" in "${field}"${where}` : quoted;
  const limit = field.endsWith('label') || field.endsWith('labels') ? 'GitHub allows label names of at most' : 'GitHub allows at most';
  reporter.error(path, `${what} is ${length ?? 'too'} characters long; ${limit} ${String(issue.maximum)}`);
}

function reportInvalidUnion({ path, last, value, where, quoted }: Site, reporter: Reporter): void {
  if (path[0] === 'variables') {
    reporter.error(path, `variable "${String(last)}" must be text, a number, true, false or empty, not ${describeValue(value)}`);
    return;
  }
  if (last === 'when') {
    reporter.error(path, `"when"${where} must be an expression (text) or true/false, not ${describeValue(value)}`);
    return;
  }
  const entry = conditionalEntry(path, last);
  if (entry !== null) {
    const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : null;
    const stray = keys?.filter((key) => !entry.keys.includes(key)) ?? [];
    const missing = keys !== null && !keys.includes(entry.keys[0] ?? '') ? `; "${entry.keys[0] ?? ''}" is missing` : '';
    const unknown = stray.length > 0 ? `; unknown key${stray.length === 1 ? '' : 's'} ${stray.map((k) => `"${truncate(k)}"`).join(', ')}` : '';
    const got = keys === null ? `, not ${describeValue(value)}` : `${unknown}${missing}`;
    reporter.error(path, `an entry of "${entry.list}"${where} must be text or a mapping of ${entry.keys.map((k) => `"${k}"`).join(', ')}${got}`);
    return;
  }
  reporter.error(path, `${quoted} has the wrong type: ${describeValue(value)}`);
}

/** The keys an entry of a list that takes text or a conditional mapping may have; null for other lists. */
function conditionalEntry(path: readonly PathSegment[], last: PathSegment | undefined): { list: string; keys: string[] } | null {
  if (typeof last !== 'number') return null;
  const list = path[path.length - 2];
  const inTask = path.includes('tasks');
  switch (list) {
    case 'checklist':
      return { list, keys: inTask ? ['text', 'when'] : ['text', 'when', 'paths'] };
    case 'exit_criteria':
      return { list, keys: ['text', 'when'] };
    case 'paths':
      return path[path.length - 3] === 'match' ? { list: 'match.paths', keys: ['glob', 'when'] } : null;
    case 'labels':
      return path[path.length - 3] === 'match' ? { list: 'match.labels', keys: ['label', 'when'] } : null;
    case 'branches':
      return path[path.length - 3] === 'match' ? { list: 'match.branches', keys: ['pattern', 'when'] } : null;
    default:
      return null;
  }
}

function missingKey(path: readonly PathSegment[], subject: string): string {
  const key = String(path[path.length - 1]);
  if (path.length === 1) {
    switch (key) {
      case 'version':
        return '"version" is missing; add "version: 1" at the top of the file';
      case 'project':
        return '"project" is missing; add a project with at least a name';
      case 'stages':
        return '"stages" is missing; declare at least one stage';
      default:
        return `"${key}" is missing at the top level`;
    }
  }
  const parentField = fieldName(locate([], path).rest.slice(0, -1));
  const owner = parentField !== '' ? `"${parentField}"${within(subject)}` : subject || `"${fieldName(path.slice(0, -1))}"`;
  return `${owner} is missing "${key}"`;
}

function formatMessage(rest: readonly PathSegment[], subject: string, value: string, fallback: string): string {
  const field = fieldName(rest);
  const where = within(subject);
  if (field === 'id') {
    const kind = subject.startsWith('task') ? 'task' : 'stage';
    const suggestion = slugify(value);
    const example = suggestion !== '' && suggestion !== value ? `, such as "${suggestion}"` : '';
    const owner = kind === 'task' ? within(subject.replace(/^task "[^"]*" in |^task #\d+ in /, '')) : '';
    return `${kind} id "${truncate(value)}"${owner} is not a slug; use lower-case letters, digits and dashes${example}`;
  }
  if (field === 'start') return `project.start "${truncate(value)}" is not a date written YYYY-MM-DD, such as 2027-01-04`;
  if (field === 'estimate.duration') {
    return `estimate.duration "${truncate(value)}"${where} is not a duration; write a number and a unit: 3d (days), 2w (weeks) or 4h (hours)`;
  }
  if (field === 'assignees') {
    const hint = value.startsWith('@') ? `; leave out the "@"` : '';
    return `"${truncate(value)}" in assignees${where} is not a GitHub login${hint}`;
  }
  return `"${field}"${where}: ${fallback}`;
}

/** "Fine Tuning!" → "fine-tuning": the nearest valid id, offered in the error message. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}

