// Answers from every source — the preset's defaults, what an earlier run recorded in the config, an
// answers file, --set flags — checked against the questions and merged, later sources winning.
import { parse, parseDocument } from 'yaml';
import { migrateAnswers } from './answer-migrations.js';
import { parseEditionRecord, presetEdition, presetEditions } from './presets.js';
import type { AnswerValue, Answers, DefaultContext, PresetDefinition, Question } from './presets.js';

export interface AnswerSource {
  /** Where the values came from, for messages: "--set", "answers.yml", ".github/lifecycle.yml". */
  label: string;
  values: Readonly<Record<string, unknown>>;
  /** Explicit sources (flags, answers files) must not name unknown questions; recorded ones may. */
  explicit: boolean;
}

export interface ResolvedAnswers {
  answers: Answers;
  /** Keys a person gave on purpose (flags, answers file): the conversation does not ask them again. */
  given: Set<string>;
  /** Values that do not fit their question, or unknown keys, one line each. */
  invalid: string[];
  /** Required answers still empty; a conversation can still fill these. */
  missing: string[];
}

type Coerced = { ok: true; value: AnswerValue } | { ok: false; message: string };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// GitHub logins: letters, digits and single dashes, no dash at either end, at most 39 characters.
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const YES = new Set(['true', 'yes', 'y', '1', 'on']);
const NO = new Set(['false', 'no', 'n', '0', 'off']);
const NO_DATE = new Set(['', 'none', 'null', '~']);

export function isValidDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isValidLogin(text: string): boolean {
  return LOGIN_RE.test(text);
}

/** Turns a raw value (a flag's string, a YAML scalar or list) into the question's kind of answer. */
export function coerceAnswer(question: Question, raw: unknown): Coerced {
  switch (question.kind) {
    case 'text': {
      if (raw === null || raw === undefined) return { ok: true, value: '' };
      if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, message: 'must be text' };
      return { ok: true, value: String(raw).trim() };
    }
    case 'date': {
      if (raw === null || raw === undefined) return { ok: true, value: null };
      const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : typeof raw === 'string' ? raw.trim() : null;
      if (text === null) return { ok: false, message: 'must be a date, YYYY-MM-DD' };
      if (NO_DATE.has(text.toLowerCase())) return { ok: true, value: null };
      if (!isValidDate(text)) return { ok: false, message: `"${text}" is not a date; use YYYY-MM-DD, e.g. 2027-01-04` };
      return { ok: true, value: text };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : '';
      if (YES.has(text)) return { ok: true, value: true };
      if (NO.has(text)) return { ok: true, value: false };
      return { ok: false, message: `must be true or false, not ${JSON.stringify(raw)}` };
    }
    case 'choice': {
      const text = typeof raw === 'string' ? raw.trim() : '';
      const wanted = normalizeChoice(text);
      const option = question.options.find((o) => normalizeChoice(o.value) === wanted || normalizeChoice(o.label) === wanted);
      if (!option) {
        const allowed = question.options.map((o) => o.value).join(', ');
        return { ok: false, message: `must be one of ${allowed}, not ${JSON.stringify(raw)}` };
      }
      return { ok: true, value: option.value };
    }
    case 'logins': {
      const items = Array.isArray(raw)
        ? raw.map((item) => (typeof item === 'string' ? item : String(item)))
        : typeof raw === 'string'
          ? raw.split(',')
          : raw === null || raw === undefined
            ? []
            : null;
      if (items === null) return { ok: false, message: 'must be a list of GitHub logins' };
      const logins = [...new Set(items.map((item) => item.trim().replace(/^@/, '')).filter((item) => item !== ''))];
      const bad = logins.filter((login) => !isValidLogin(login));
      if (bad.length > 0) return { ok: false, message: `not a GitHub login: ${bad.map((b) => JSON.stringify(b)).join(', ')}` };
      return { ok: true, value: logins };
    }
  }
}

function normalizeChoice(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

export function defaultAnswers(preset: PresetDefinition, context: DefaultContext): Answers {
  const answers: Answers = {};
  for (const question of preset.questions) {
    answers[question.key] =
      question.kind === 'text' || question.kind === 'date'
        ? question.default(context)
        : question.kind === 'logins'
          ? [...question.default]
          : question.default;
  }
  return answers;
}

export function resolveAnswers(preset: PresetDefinition, context: DefaultContext, sources: readonly AnswerSource[]): ResolvedAnswers {
  const answers = defaultAnswers(preset, context);
  const given = new Set<string>();
  const invalid: string[] = [];
  const byKey = new Map(preset.questions.map((q) => [q.key, q]));
  for (const source of sources) {
    for (const [key, raw] of Object.entries(source.values)) {
      const question = byKey.get(key);
      if (!question) {
        if (source.explicit) invalid.push(`${source.label}: unknown answer "${key}"; the ${preset.name} preset asks: ${[...byKey.keys()].join(', ')}`);
        continue;
      }
      const coerced = coerceAnswer(question, raw);
      if (!coerced.ok) {
        // A stale recorded value should not block a run that gives a fresh one; defaults stand in.
        if (source.explicit) invalid.push(`${source.label}: ${key} ${coerced.message}`);
        continue;
      }
      answers[key] = coerced.value;
      if (source.explicit) given.add(key);
    }
  }
  return { answers, given, invalid, missing: missingAnswers(preset, answers) };
}

/** Required answers that are empty; each problem names the flag that fills it. */
export function missingAnswers(preset: PresetDefinition, answers: Answers): string[] {
  const problems: string[] = [];
  for (const question of preset.questions) {
    if (question.kind !== 'text' || !question.required) continue;
    const value = answers[question.key];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`missing required answer "${question.key}" (${question.message.toLowerCase()}); pass --set ${question.key}=...`);
    }
  }
  return problems;
}

/** `--set key=value` flags into a map; the first "=" splits, so values may contain "=". */
export function parseSetFlags(flags: readonly string[]): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) {
      problems.push(`--set ${flag}: expected key=value`);
      continue;
    }
    values[flag.slice(0, at).trim()] = flag.slice(at + 1);
  }
  return { values, problems };
}

/** An answers file: a YAML or JSON mapping of question keys to values. */
export function parseAnswersText(text: string, label: string): { values: Record<string, unknown>; problems: string[] } {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    return { values: {}, problems: [`${label}: not valid YAML or JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`] };
  }
  if (data === null || data === undefined) return { values: {}, problems: [] };
  if (typeof data !== 'object' || Array.isArray(data)) return { values: {}, problems: [`${label}: expected a mapping of answers (key: value)`] };
  return { values: data as Record<string, unknown>, problems: [] };
}

/**
 * The answers an earlier run recorded in .github/lifecycle.yml, so that re-running `init` proposes
 * the same values (and a re-run with --yes changes nothing). A file written by an older edition of
 * the preset is read with that edition's questions, and its answers are carried over to `preset`'s
 * edition through the declared renames (answer-migrations.ts). Unreadable files give no answers.
 */
export function recordedAnswers(preset: PresetDefinition, configText: string): Record<string, unknown> {
  const doc = parseDocument(configText);
  if (doc.errors.length > 0) return {};
  const data: unknown = doc.toJS();
  if (typeof data !== 'object' || data === null) return {};
  const record = data as Record<string, unknown>;
  const recordedIn = recordedEdition(preset, record.preset);
  const values: Record<string, unknown> = {};
  for (const question of recordedIn.questions) {
    const value = recordedValue(record, question);
    if (value !== undefined) values[question.key] = value;
  }
  return migrateAnswers(preset.name, recordedIn.edition, preset.edition, values);
}

/**
 * The edition that wrote a file: the one its `preset:` record names, or, without a record, the
 * newest edition from before records were written.
 */
export function recordedEdition(preset: PresetDefinition, record: unknown): PresetDefinition {
  const parsed = parseEditionRecord(record);
  if (parsed && parsed.name === preset.name) return presetEdition(preset.name, parsed.edition) ?? preset;
  const unrecorded = presetEditions(preset.name).filter((d) => !d.recordsEdition);
  return unrecorded[unrecorded.length - 1] ?? preset;
}

function recordedValue(record: Record<string, unknown>, question: Question): unknown {
  const target = question.target;
  switch (target.to) {
    case 'project.name':
      return field(record.project, 'name');
    case 'project.start': {
      const project = record.project;
      // An absent start is an answer too: "no date".
      return typeof project === 'object' && project !== null ? (field(project, 'start') ?? null) : undefined;
    }
    case 'variable':
      return field(record.variables, target.name);
    case 'defaults.assignees':
      return field(record.defaults, 'assignees');
    case 'option.skeleton':
      return undefined;
  }
}

function field(container: unknown, key: string): unknown {
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return undefined;
  return (container as Record<string, unknown>)[key];
}
