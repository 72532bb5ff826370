// The rules a schema cannot express: references between stages, cycles, expressions, dates, globs,
// regular expressions and template names (what a template says is checked by
// render/template-check.ts). They run on the raw data, defensively, so that one malformed stage
// does not hide the problems of the others.
import { explainImpossibleDate, parseIsoDate, weekday } from './dates.js';
import { MAX_DURATION_DAYS, durationInDays, parseDuration } from './durations.js';
import type { Calendar } from './durations.js';
import { evaluateExpression, hasExpressionMarkers, parseExpression, referencedVars } from './expressions.js';
import { compileBranchPattern, compileGlob, unclosedGroup } from './patterns.js';
import type { PatternProblem } from './patterns.js';
import type { PathSegment, SourceRange } from './positions.js';
import type { Reporter } from './report.js';
import { describeValue, isRecord, stageName, taskName, truncate, valueAt } from './report.js';
import { DATE_TEXT, MAX_ASSIGNEES, MAX_LABEL_LENGTH, MAX_LABELS_PER_ISSUE, SLUG, stageLabel } from './schema.js';
import type { VariableValue } from './schema.js';
import { isLiteral, splitFrontMatter } from '../render/front-matter.js';
import { didYouMean } from './suggest.js';

export { MAX_ASSIGNEES };

export interface CheckOptions {
  /**
   * Every template name that exists: the repository's templates folder plus the built-ins. When
   * omitted, template references are not checked (the caller has no templates to compare with).
   */
  templateNames?: ReadonlySet<string>;
  /** How to name the repository's templates folder in messages, e.g. ".github/lifecycle/". */
  templatesDir?: string;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function checkSemantics(data: unknown, reporter: Reporter, options: CheckOptions = {}): void {
  const root = isRecord(data) ? data : {};
  const variables = isRecord(root.variables) ? root.variables : {};
  const vars = new Vars(variables);
  const project = isRecord(root.project) ? root.project : {};
  const calendar: Calendar = project.calendar === 'days' ? 'days' : 'workdays';
  const hasStart = checkStart(project.start, calendar, reporter);
  const stages = Array.isArray(root.stages) ? (root.stages as unknown[]) : [];
  const managed = typeof project.label === 'string' ? project.label : 'lifecycle';
  const defaultLabels = isRecord(root.defaults) && Array.isArray(root.defaults.labels) ? root.defaults.labels.filter((l): l is string => typeof l === 'string') : [];
  const everyIssue = distinctLabels([managed], defaultLabels);
  // With the stage label, one more: past the limit, no issue could be created at all.
  const labelsOverflow = everyIssue + 1 > MAX_LABELS_PER_ISSUE;
  if (labelsOverflow) {
    reporter.error(
      ['defaults', 'labels'],
      `defaults.labels puts ${everyIssue + 1} labels on every issue, with the managed and stage labels; GitHub allows at most ${MAX_LABELS_PER_ISSUE} on an issue`,
      'key',
    );
  }
  const ctx: Context = { data, reporter, vars, calendar, options, labels: { managed, defaults: defaultLabels, overflow: labelsOverflow } };

  checkStageIdentity(stages, project, ctx);
  const defaultsAssignees = isRecord(root.defaults) && Array.isArray(root.defaults.assignees) ? root.defaults.assignees.length : 0;
  if (defaultsAssignees > MAX_ASSIGNEES) {
    reporter.error(['defaults', 'assignees'], `defaults.assignees names ${defaultsAssignees} people; GitHub assigns at most ${MAX_ASSIGNEES} to an issue`, 'key');
  }

  stages.forEach((stage, index) => {
    if (!isRecord(stage)) return;
    const path: PathSegment[] = ['stages', index];
    const name = stageName(data, index);
    if (typeof stage.when === 'string') checkExpression([...path, 'when'], stage.when, `"when" in ${name}`, 'when', ctx);
    checkEstimate(stage, path, name, hasStart, ctx);
    checkMatch(stage.match, [...path, 'match'], name, ctx);
    checkItems(stage.checklist, [...path, 'checklist'], 'a review item', name, ctx);
    checkItems(stage.exit_criteria, [...path, 'exit_criteria'], 'an exit criterion', name, ctx);
    checkTemplateRef(stage.template, [...path, 'template'], name, ctx);
    checkTemplateRef(stage.guidance, [...path, 'guidance'], name, ctx);
    checkTasks(stage, index, defaultsAssignees, ctx);
  });

  checkDependencies(stages, ctx);
}

interface Context {
  data: unknown;
  reporter: Reporter;
  vars: Vars;
  calendar: Calendar;
  options: CheckOptions;
  /** What every issue carries besides its task's labels; `overflow` when that alone is too many. */
  labels: { managed: string; defaults: string[]; overflow: boolean };
}

/** Labels counted as GitHub counts an issue's labels: each name once, ignoring case. */
function distinctLabels(...lists: readonly (readonly unknown[])[]): number {
  const names = new Set<string>();
  for (const list of lists) for (const name of list) if (typeof name === 'string' && name !== '') names.add(name.toLowerCase());
  return names.size;
}

/** Declared variables: names are matched without regard to case, as GitHub's evaluator does. */
class Vars {
  readonly names: string[];
  private readonly byLowerName = new Map<string, string>();
  readonly values: Record<string, VariableValue> = {};
  /** False when some value is not a plain scalar: evaluation would then prove nothing. */
  readonly usable: boolean;

  constructor(variables: Record<string, unknown>) {
    this.names = Object.keys(variables);
    let usable = true;
    for (const [name, value] of Object.entries(variables)) {
      this.byLowerName.set(name.toLowerCase(), name);
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) this.values[name] = value as VariableValue;
      else usable = false;
    }
    this.usable = usable;
  }

  has(name: string): boolean {
    return this.byLowerName.has(name.toLowerCase());
  }
}

function checkStart(start: unknown, calendar: Calendar, reporter: Reporter): boolean {
  if (typeof start !== 'string' || !DATE_TEXT.test(start)) return start !== undefined && start !== null;
  const why = explainImpossibleDate(start);
  if (why !== null) {
    reporter.error(['project', 'start'], `project.start ${start} is not a real date: ${why}`);
    return true;
  }
  const date = parseIsoDate(start);
  if (date && calendar === 'workdays') {
    const day = weekday(date);
    if (day === 0 || day === 6) {
      reporter.warning(
        ['project', 'start'],
        `project.start ${start} is a ${WEEKDAYS[day]}; on the workdays calendar work begins the following Monday`,
      );
    }
  }
  return true;
}

function checkStageIdentity(stages: unknown[], project: Record<string, unknown>, ctx: Context): void {
  const { reporter, data } = ctx;
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  const managed = typeof project.label === 'string' ? project.label : 'lifecycle';
  const labels = new Map<string, number>();
  stages.forEach((stage, index) => {
    if (!isRecord(stage)) return;
    const { id, name, label } = stage;
    let duplicateId = false;
    if (typeof id === 'string' && SLUG.test(id)) {
      const first = ids.get(id);
      duplicateId = first !== undefined;
      if (first === undefined) ids.set(id, index);
      else reporter.error(['stages', index, 'id'], `stage id "${id}" is declared twice (first on line ${lineOf(ctx, ['stages', first, 'id'])}); ids must be unique`);
    }
    if (typeof name === 'string' && name !== '') {
      // GitHub keeps milestone titles unique ignoring case and surrounding spaces.
      const key = name.trim().toLowerCase();
      const first = names.get(key);
      if (key === '') reporter.error(['stages', index, 'name'], `the name of ${stageName(data, index)} is only spaces; GitHub needs a milestone title`);
      else if (first === undefined) names.set(key, index);
      else {
        const other = valueAt(data, ['stages', first, 'name']);
        const same = other === name ? `"${truncate(name)}"` : `"${truncate(String(other))}" and "${truncate(name)}" differ only by case or spaces`;
        reporter.error(
          ['stages', index, 'name'],
          `${stageName(data, index)} has the same name as ${stageName(data, first)} (${same}); GitHub milestone titles must be unique, ignoring case and surrounding spaces`,
        );
      }
    }
    // A repeated id already has its error; its default label would only repeat it.
    if (typeof id === 'string' && !(duplicateId && label === undefined) && (label === undefined || typeof label === 'string')) {
      const text = stageLabel({ id, label: label as string | undefined });
      const key = text.toLowerCase();
      const path: PathSegment[] = label === undefined ? ['stages', index, 'id'] : ['stages', index, 'label'];
      if (label === undefined && text.length > MAX_LABEL_LENGTH) {
        // An explicit label has its own schema error; the default one is made from a long id.
        reporter.error(path, `the label of ${stageName(data, index)} would be "${truncate(text)}", ${text.length} characters; GitHub allows at most ${MAX_LABEL_LENGTH} in a label name, so give the stage a shorter "label"`);
      }
      if (key === managed.toLowerCase()) {
        reporter.error(path, `the label of ${stageName(data, index)} ("${text}") is also the managed label in project.label; give the stage another label`);
      } else if (labels.has(key)) {
        reporter.error(path, `${stageName(data, index)} uses the label "${text}", which ${stageName(data, labels.get(key) ?? 0)} already uses; labels must differ (GitHub ignores case)`);
      } else labels.set(key, index);
    }
  });
}

function checkEstimate(stage: Record<string, unknown>, path: PathSegment[], name: string, hasStart: boolean, ctx: Context): void {
  const { estimate } = stage;
  if (estimate === undefined || estimate === null) {
    if (hasStart) ctx.reporter.warning([...path, 'id'], `${name} has no estimate; its milestone gets no due date`);
    return;
  }
  if (!isRecord(estimate) || typeof estimate.duration !== 'string') return;
  const durationPath = [...path, 'estimate', 'duration'];
  const text = estimate.duration;
  if (hasExpressionMarkers(text)) {
    checkExpression(durationPath, text, `"estimate.duration" in ${name}`, 'duration', ctx);
    return;
  }
  const duration = parseDuration(text);
  if (duration && durationInDays(duration, ctx.calendar) > MAX_DURATION_DAYS) {
    ctx.reporter.error(durationPath, `"estimate.duration" in ${name} is ${text}, over ${MAX_DURATION_DAYS.toLocaleString('en-US')} days; is a unit wrong?`);
  }
}

function checkExpression(path: PathSegment[], text: string, label: string, kind: 'when' | 'duration', ctx: Context): void {
  const { reporter, vars } = ctx;
  const parsed = parseExpression(text);
  if (!parsed.ok) {
    const range = ctx.reporter.source.rangeWithin(path, (parsed.column ?? 1) - 1);
    const hint = parsed.unknownName !== undefined && vars.has(parsed.unknownName) ? ` (did you mean vars.${parsed.unknownName}?)` : '';
    reporter.add('error', range, `${label} is not a valid expression: ${parsed.message}${hint}`);
    return;
  }
  let undeclared = false;
  for (const name of referencedVars(text)) {
    if (vars.has(name)) continue;
    undeclared = true;
    const index = findVarReference(text, name);
    reporter.add(
      'error',
      reporter.source.rangeWithin(path, index, name.length + 5),
      `${label} reads vars.${name}, which is not declared under "variables"${didYouMean(name, vars.names)}`,
    );
  }
  if (kind === 'when' && parsed.ast === null) {
    reporter.warning(
      path,
      `${label} mixes text with \${{ }}, so it is a non-empty string and always true; put the whole condition inside one \${{ }}`,
    );
  }
  if (undeclared || !vars.usable) return;
  let value: unknown;
  try {
    value = evaluateExpression(text, vars.values);
  } catch (error) {
    reporter.error(path, `${label} fails with the declared variables: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (kind === 'duration') {
    const duration = typeof value === 'string' ? parseDuration(value) : null;
    if (!duration) {
      reporter.error(path, `${label} gives ${describeValue(value)} with the declared variables, which is not a duration such as 3d, 2w or 4h`);
    }
  }
}

function findVarReference(text: string, name: string): number {
  const lower = text.toLowerCase();
  const target = name.toLowerCase();
  for (const candidate of [`vars.${target}`, `vars['${target}']`, `'${target}'`]) {
    const at = lower.indexOf(candidate);
    if (at >= 0) return at;
  }
  return 0;
}

function checkMatch(match: unknown, path: PathSegment[], name: string, ctx: Context): void {
  if (!isRecord(match)) return;
  const { reporter } = ctx;
  if (Array.isArray(match.paths)) {
    let includes = 0;
    let strings = 0;
    match.paths.forEach((entry: unknown, index) => {
      const rule = ruleEntry(entry, 'glob', [...path, 'paths', index], `a "match.paths" rule in ${name}`, ctx);
      if (rule === null) return;
      strings++;
      if (checkPathGlob(rule.text, rule.at, `"match.paths" of ${name}`, ctx) === 'include') includes++;
    });
    if (strings > 0 && includes === 0) {
      reporter.warning(
        [...path, 'paths'],
        `"match.paths" in ${name} only has "!" globs; a "!" glob removes files that another glob matched, so add one that includes files`,
        'key',
      );
    }
  }
  if (Array.isArray(match.labels)) {
    match.labels.forEach((entry: unknown, index) => ruleEntry(entry, 'label', [...path, 'labels', index], `a "match.labels" rule in ${name}`, ctx));
  }
  if (Array.isArray(match.branches)) {
    match.branches.forEach((entry: unknown, index) => {
      const rule = ruleEntry(entry, 'pattern', [...path, 'branches', index], `a "match.branches" rule in ${name}`, ctx);
      if (rule !== null) checkBranchPattern(rule.text, rule.at, name, ctx);
    });
  }
}

/**
 * A match rule or checklist item: plain text, or an object holding the text under `key` and an
 * optional `when`, whose expression is checked here. Null when the text is not there.
 */
function ruleEntry(entry: unknown, key: string, at: PathSegment[], label: string, ctx: Context): { text: string; at: PathSegment[] } | null {
  if (typeof entry === 'string') return { text: entry, at };
  if (!isRecord(entry)) return null;
  if (typeof entry.when === 'string') checkExpression([...at, 'when'], entry.when, `"when" of ${label}`, 'when', ctx);
  const text = entry[key];
  return typeof text === 'string' ? { text, at: [...at, key] } : null;
}

/**
 * One glob of a path list; says whether it includes or excludes files, or null when it is an error.
 * `list` names the list in messages, e.g. `"match.paths" of stage "x"`.
 */
function checkPathGlob(glob: string, at: PathSegment[], list: string, ctx: Context): 'include' | 'exclude' | null {
  const { reporter } = ctx;
  const trimmed = glob.trim();
  if (trimmed === '' || trimmed === '!') {
    reporter.error(at, `an entry of ${list.replace(' of ', ' in ')} is ${trimmed === '' ? 'empty' : 'only "!"'}; write a glob such as "src/**"`);
    return null;
  }
  const negated = trimmed.startsWith('!');
  const pattern = negated ? trimmed.slice(1) : trimmed;
  if (!checkGlob(glob, pattern, glob.indexOf(trimmed) + (negated ? 1 : 0), at, list, ctx)) return negated ? 'exclude' : 'include';
  if (pattern.startsWith('./') || pattern.startsWith('/')) {
    reporter.warning(
      at,
      `glob "${truncate(glob)}" in ${list} starts with "${pattern.startsWith('/') ? '/' : './'}", but changed file paths never do, so it matches nothing; write "${pattern.replace(/^\.?\/+/, '')}"`,
    );
  }
  return negated ? 'exclude' : 'include';
}

/** Checklist items with a `when` (and review items with `paths`): their expressions and globs. */
function checkItems(items: unknown, path: PathSegment[], label: string, name: string, ctx: Context): void {
  if (!Array.isArray(items)) return;
  items.forEach((item: unknown, index) => {
    const at = [...path, index];
    ruleEntry(item, 'text', at, `${label} of ${name}`, ctx);
    if (isRecord(item) && Array.isArray(item.paths)) {
      item.paths.forEach((glob: unknown, i) => {
        if (typeof glob === 'string') checkPathGlob(glob, [...at, 'paths', i], `"paths" of ${label} of ${name}`, ctx);
      });
    }
  });
}

function checkTemplateRef(name: unknown, path: PathSegment[], owner: string, ctx: Context): void {
  if (typeof name !== 'string') return;
  const field = path[path.length - 1];
  const { reporter, options } = ctx;
  if (name.trim() === '') {
    reporter.error(path, `"${String(field)}" in ${owner} is empty; name a template file or remove the key`, 'key');
    return;
  }
  const segments = name.split('/');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\') || segments.includes('..')) {
    reporter.error(path, `template "${truncate(name)}" in ${owner} must name a file inside the templates folder, not a path outside it`);
    return;
  }
  const known = options.templateNames;
  if (known === undefined || known.has(name.replace(/^\.\//, ''))) return;
  const folder = options.templatesDir ?? 'the templates folder';
  reporter.error(path, `template "${truncate(name)}" in ${owner} is neither in ${folder} nor among the built-in templates${didYouMean(name, known)}`);
}

function checkTasks(stage: Record<string, unknown>, stageIndex: number, defaultsAssignees: number, ctx: Context): void {
  if (!Array.isArray(stage.tasks)) return;
  const { reporter, data } = ctx;
  const ids = new Map<string, number>();
  const titles = new Map<string, number>();
  (stage.tasks as unknown[]).forEach((task, index) => {
    if (!isRecord(task)) return;
    const path: PathSegment[] = ['stages', stageIndex, 'tasks', index];
    const name = taskName(data, stageIndex, index);
    const { id, title } = task;
    let duplicateId = false;
    if (typeof id === 'string' && SLUG.test(id)) {
      const first = ids.get(id);
      if (first === undefined) ids.set(id, index);
      else {
        duplicateId = true;
        reporter.error(
          [...path, 'id'],
          `task id "${id}" is declared twice in ${stageName(data, stageIndex)} (first on line ${lineOf(ctx, ['stages', stageIndex, 'tasks', first, 'id'])}); task ids must be unique within a stage`,
        );
      }
    }
    if (typeof title === 'string' && title !== '' && !duplicateId) {
      const first = titles.get(title);
      if (first === undefined) titles.set(title, index);
      else reporter.warning([...path, 'title'], `${name} has the same title as ${taskName(data, stageIndex, first)}; the two issues will be hard to tell apart`);
    }
    if (task.template !== undefined && task.body !== undefined) {
      reporter.error([...path, 'body'], `${name} has both "template" and "body"; keep one`, 'key');
    }
    checkTemplateRef(task.template, [...path, 'template'], name, ctx);
    if (typeof title === 'string' && title !== '' && title.trim() === '') reporter.error([...path, 'title'], `the title of ${name} is only spaces; GitHub needs an issue title`);
    checkIssueLabels(stage, task, path, name, ctx);
    if (typeof task.when === 'string') checkExpression([...path, 'when'], task.when, `"when" in ${name}`, 'when', ctx);
    checkItems(task.checklist, [...path, 'checklist'], 'a checklist item', name, ctx);
    const assignees = Array.isArray(task.assignees) ? task.assignees.length : defaultsAssignees;
    if (Array.isArray(task.assignees) && assignees > MAX_ASSIGNEES) {
      reporter.error([...path, 'assignees'], `${name} names ${assignees} assignees; GitHub assigns at most ${MAX_ASSIGNEES} to an issue`, 'key');
    }
  });
}

/**
 * The labels one issue would carry: managed, stage, defaults.labels, the task's, and what an inline
 * body's front matter adds without Handlebars. GitHub refuses an issue with more than 100. Front
 * matter is also held to GitHub's limits on each label (its own problems, at their line in the body).
 */
function checkIssueLabels(stage: Record<string, unknown>, task: Record<string, unknown>, path: PathSegment[], name: string, ctx: Context): void {
  const { reporter } = ctx;
  let frontMatter: string[] = [];
  let frontMatterAt: SourceRange | null = null;
  if (typeof task.body === 'string' && task.template === undefined) {
    const bodyPath = [...path, 'body'];
    // Its problems (a label over 50 characters, an unknown key) are reported by the template check.
    try {
      const fm = splitFrontMatter(task.body).frontMatter;
      frontMatter = (fm?.labels ?? []).filter(isLiteral);
      if (fm?.at.labelsKey) frontMatterAt = reporter.source.rangeAtLine(bodyPath, fm.at.labelsKey.line, fm.at.labelsKey.column);
    } catch {
      // Reported by the template check.
    }
  }
  if (ctx.labels.overflow) return;
  const own = Array.isArray(task.labels) ? task.labels : [];
  const stageLabelText = typeof stage.id === 'string' && (stage.label === undefined || typeof stage.label === 'string') ? stageLabel({ id: stage.id, label: stage.label as string | undefined }) : '';
  const count = distinctLabels([ctx.labels.managed, stageLabelText], ctx.labels.defaults, own, frontMatter);
  if (count <= MAX_LABELS_PER_ISSUE) return;
  const where = Array.isArray(task.labels) ? reporter.source.range([...path, 'labels'], 'key') : (frontMatterAt ?? reporter.source.range([...path, 'id']));
  reporter.add(
    'error',
    where,
    `${name} would carry ${count} labels (the managed and stage labels, defaults.labels, its own${frontMatter.length > 0 ? ' and its front matter\'s' : ''}); GitHub allows at most ${MAX_LABELS_PER_ISSUE} on an issue`,
  );
}

interface Edge {
  to: number;
  /** Index in depends_on, or -1 when the edge is the default "the stage listed before". */
  entry: number;
}

function checkDependencies(stages: unknown[], ctx: Context): void {
  const { reporter, data } = ctx;
  const ids = new Map<string, number>();
  stages.forEach((stage, index) => {
    if (isRecord(stage) && typeof stage.id === 'string' && !ids.has(stage.id)) ids.set(stage.id, index);
  });
  const edges: Edge[][] = stages.map(() => []);
  stages.forEach((stage, index) => {
    if (!isRecord(stage)) return;
    const name = stageName(data, index);
    const out = edges[index] ?? [];
    if (stage.depends_on === undefined) {
      if (index > 0) out.push({ to: index - 1, entry: -1 });
      return;
    }
    if (!Array.isArray(stage.depends_on)) return;
    const seen = new Set<string>();
    stage.depends_on.forEach((target: unknown, entry) => {
      if (typeof target !== 'string') return;
      const at: PathSegment[] = ['stages', index, 'depends_on', entry];
      if (seen.has(target)) {
        reporter.warning(at, `${name} lists "${target}" twice in depends_on`);
        return;
      }
      seen.add(target);
      const to = ids.get(target);
      if (to === undefined) {
        reporter.error(at, `${name} depends on "${truncate(target)}", which is not declared${didYouMean(target, ids.keys())}`);
      } else if (to === index) {
        reporter.error(at, `${name} depends on itself`);
      } else out.push({ to, entry });
    });
  });

  for (const component of stronglyConnected(edges)) {
    const start = Math.min(...component);
    const cycle = shortestCycle(start, new Set(component), edges);
    const names = cycle.map((i) => stageId(stages, i));
    const first = cycle.length > 1 ? edgeBetween(edges, start, cycle[1] ?? start) : undefined;
    const path: PathSegment[] = first && first.entry >= 0 ? ['stages', start, 'depends_on', first.entry] : ['stages', start, 'id'];
    let message = `dependency cycle: ${[...names, names[0]].join(' -> ')}`;
    for (let i = 0; i < cycle.length; i++) {
      const from = cycle[i] ?? 0;
      const to = cycle[(i + 1) % cycle.length] ?? 0;
      if (edgeBetween(edges, from, to)?.entry === -1) {
        message += `; "${stageId(stages, from)}" depends on "${stageId(stages, to)}" because it is listed right after it (give it a depends_on to change that)`;
        break;
      }
    }
    reporter.error(path, message);
  }
}

function stageId(stages: unknown[], index: number): string {
  const stage = stages[index];
  return isRecord(stage) && typeof stage.id === 'string' ? stage.id : `#${index + 1}`;
}

function edgeBetween(edges: Edge[][], from: number, to: number): Edge | undefined {
  return edges[from]?.find((edge) => edge.to === to);
}

/** Tarjan's algorithm, iterative so a long chain of stages cannot overflow the stack. Components of 2 or more. */
export function stronglyConnected(edges: readonly { to: number }[][]): number[][] {
  const count = edges.length;
  const order = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let next = 0;
  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    order[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const top = work[work.length - 1] as [number, number];
      const [v, i] = top;
      const out = edges[v] ?? [];
      if (i < out.length) {
        top[1]++;
        const w = (out[i] as { to: number }).to;
        if (order[w] === -1) {
          order[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = true;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v] ?? 0, order[w] ?? 0);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] ?? 0, low[v] ?? 0);
      if (low[v] === order[v]) {
        const component: number[] = [];
        let w: number | undefined;
        do {
          w = stack.pop();
          if (w === undefined) break;
          onStack[w] = false;
          component.push(w);
        } while (w !== v);
        if (component.length > 1) components.push(component);
      }
    }
  }
  return components.sort((a, b) => Math.min(...a) - Math.min(...b));
}

/** The shortest way from `start` back to itself inside its component: [start, b, c] for start -> b -> c -> start. */
function shortestCycle(start: number, members: Set<number>, edges: readonly Edge[][]): number[] {
  const parent = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] ?? start;
    for (const { to } of edges[v] ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const cycle = [v];
        let at = v;
        while (at !== start) {
          at = parent.get(at) ?? start;
          cycle.push(at);
        }
        return cycle.reverse();
      }
      if (!parent.has(to) && to !== start) {
        parent.set(to, v);
        queue.push(to);
      }
    }
  }
  return [start];
}

// ---------------------------------------------------------------------------------------------
// Patterns: globs and branch expressions are matched by RE2 (src/config/patterns.ts), so a
// pattern RE2 cannot run is an error here, pointed at the construct it refuses.

/** False when the glob is an error (the caller then skips its other checks). */
function checkGlob(glob: string, pattern: string, offset: number, at: PathSegment[], list: string, ctx: Context): boolean {
  const { reporter } = ctx;
  const compiled = compileGlob(pattern);
  const open = unclosedGroup(pattern);
  if (open !== null) {
    const close = { '[': ']', '(': ')', '{': '}' }[open.char] ?? ']';
    const hint = `close it with "${close}", or write "\\${open.char}" if the character is meant`;
    // picomatch escapes the last such character of the pattern it writes, which for a "(" can be
    // one of its own: then the glob does not compile at all.
    const message = compiled.ok
      ? `has a "${open.char}" that nothing closes, so it matches the character "${open.char}" itself; ${hint}`
      : `does not compile: its "${open.char}" is never closed; ${hint}`;
    reporter.add(compiled.ok ? 'warning' : 'error', reporter.source.rangeWithin(at, offset + open.index), `glob "${truncate(glob)}" in ${list} ${message}`);
    return compiled.ok;
  }
  if (!compiled.ok) {
    reporter.add('error', problemRange(at, offset, compiled.problem, ctx), `glob "${truncate(glob)}" in ${list} ${compiled.problem.reason}`);
    return false;
  }
  return true;
}

function checkBranchPattern(pattern: string, at: PathSegment[], name: string, ctx: Context): void {
  const compiled = compileBranchPattern(pattern);
  if (compiled.ok) return;
  const { problem } = compiled;
  ctx.reporter.add('error', problemRange(at, 0, problem, ctx), `branch pattern "${truncate(pattern)}" in ${name} is not a valid regular expression: ${problem.reason}`);
}

function problemRange(at: PathSegment[], offset: number, problem: PatternProblem, ctx: Context): SourceRange {
  return problem.whole ? ctx.reporter.source.range(at) : ctx.reporter.source.rangeWithin(at, offset + problem.index, problem.length);
}

function lineOf(ctx: Context, path: PathSegment[]): number {
  return ctx.reporter.source.range(path).line;
}

