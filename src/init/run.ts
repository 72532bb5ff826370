// `lifecycle init` end to end: answers → file plan → comparison with the target folder → conflict
// policy → atomic writes → report. The terminal, the clock and the output stream come in through
// InitEnvironment, so tests drive every path (including an abort) without a terminal.
import { basename, join, relative, resolve } from 'node:path';
import { parseAnswersText, parseSetFlags, recordedAnswers, resolveAnswers } from './answers.js';
import type { AnswerSource, ResolvedAnswers } from './answers.js';
import { compareFiles, isConflictPolicy, resolveConflicts } from './conflicts.js';
import type { ComparedFile, ConflictAnswer, ConflictPolicy, FileAction, ResolvedFile } from './conflicts.js';
import { unifiedDiff } from './diff.js';
import { FileReadError, readRegularText } from '../config/read-file.js';
import { fileInPath, loadPresetFiles, MAX_ANSWERS_BYTES, readExisting, readIfExists, writeResolved } from './disk.js';
import { CONFIG_PATH, planInit } from './plan.js';
import type { FilePlan } from './plan.js';
import { PRESETS, isPresetName, presetDefinition } from './presets.js';
import type { AnswerValue, Answers, DefaultContext, PresetDefinition, PresetName, Question } from './presets.js';

export const ABORTED = Symbol('aborted');

/** The conversation, in a terminal. Every method may return ABORTED (Ctrl+C, Escape). */
export interface Prompter {
  intro(title: string): void;
  ask(question: Question, initial: AnswerValue): Promise<AnswerValue | typeof ABORTED>;
  resolveConflict(conflict: ComparedFile, diff: string): Promise<ConflictAnswer>;
}

export interface InitOptions {
  dir: string;
  preset: string;
  yes: boolean;
  set: readonly string[];
  answersFile?: string;
  dryRun: boolean;
  onConflict?: string;
  skeleton: boolean;
  ejectTemplates: boolean;
}

export interface InitEnvironment {
  cwd: string;
  /** Today, YYYY-MM-DD, read from the clock by the caller. */
  today: string;
  /** A person is at a terminal (stdin and stdout are TTYs). */
  interactive: boolean;
  prompter?: Prompter;
  out: (line: string) => void;
  err: (line: string) => void;
  color: (text: string, color: 'green' | 'yellow' | 'red' | 'dim' | 'bold' | 'cyan') => string;
  /** Where templates/ lives; found from the module location when absent. */
  templatesRoot?: string;
}

export type InitOutcome = 'written' | 'up-to-date' | 'dry-run' | 'conflicts' | 'invalid' | 'aborted';

export interface InitResult {
  exitCode: number;
  outcome: InitOutcome;
  files: { path: string; status: ComparedFile['status']; action: FileAction | null }[];
  written: string[];
  answers: Answers | null;
}

export const INIT_EXIT = { ok: 0, conflicts: 1, usage: 2, aborted: 130 } as const;

const ABORT_MESSAGE = 'Aborted; nothing was written.';

/** Why init stops before writing anything: the result's outcome, exit code and error lines. */
class InitStop {
  constructor(
    readonly outcome: InitOutcome,
    readonly exitCode: number,
    readonly lines: string[],
  ) {}
}

/** What the options settle before any answer is read. */
interface InitSetup {
  presetName: PresetName;
  preset: PresetDefinition;
  /** Missing answers are asked for in the terminal. */
  conversation: boolean;
  policy: ConflictPolicy;
  root: string;
  /** The folder as the person named it, for messages. */
  shown: string;
}

export async function runInit(options: InitOptions, env: InitEnvironment): Promise<InitResult> {
  const stop = (reason: InitStop): InitResult => {
    for (const line of reason.lines) env.err(line);
    return { exitCode: reason.exitCode, outcome: reason.outcome, files: [], written: [], answers: null };
  };

  const setup = await initSetup(options, env);
  if (setup instanceof InitStop) return stop(setup);
  const resolved = await gatherAnswers(options, env, setup);
  if (resolved instanceof InitStop) return stop(resolved);
  const answers = await askMissing(options, env, setup, resolved);
  if (answers instanceof InitStop) return stop(answers);

  const { preset, shown } = setup;
  const presetFiles = await loadPresetFiles(setup.presetName, env.templatesRoot);
  const plan: FilePlan = planInit({
    preset,
    answers,
    presetFiles,
    options: { skeleton: options.skeleton || answers.skeleton === true, ejectTemplates: options.ejectTemplates },
  });
  const existing = await readExisting(
    setup.root,
    plan.files.map((f) => f.path),
  );
  const compared = compareFiles(plan.files, existing);

  if (options.dryRun) {
    env.out(`Dry run for ${shown} (${preset.name} preset); nothing was written.`);
    printFiles(env, compared.map((c) => ({ ...c, action: null })));
    return { exitCode: INIT_EXIT.ok, outcome: 'dry-run', files: listFiles(compared.map((c) => ({ ...c, action: null }))), written: [], answers };
  }

  const prompter = env.prompter;
  const resolution = await resolveConflicts(
    compared,
    setup.policy,
    prompter ? (conflict) => prompter.resolveConflict(conflict, diffFor(conflict)) : undefined,
  );
  if (resolution.outcome === 'aborted') return stop(new InitStop('aborted', INIT_EXIT.aborted, [ABORT_MESSAGE]));
  if (resolution.outcome === 'conflicts') {
    const result = stop(new InitStop('conflicts', INIT_EXIT.conflicts, conflictReport(resolution.conflicts, shown)));
    return { ...result, files: listFiles(compared.map((c) => ({ ...c, action: null }))), answers };
  }
  return writeAndReport(env, setup, resolution.files, answers);
}

/** The preset, the conflict policy and the target folder, or why the options cannot be used. */
async function initSetup(options: InitOptions, env: InitEnvironment): Promise<InitSetup | InitStop> {
  const usage = (line: string): InitStop => new InitStop('invalid', INIT_EXIT.usage, [line]);
  if (!isPresetName(options.preset)) {
    return usage(`lifecycle init: unknown preset "${options.preset}"; choose one of ${PRESETS.join(', ')}`);
  }
  const presetName: PresetName = options.preset;
  const conversation = env.interactive && !options.yes;
  let policy: ConflictPolicy;
  if (options.onConflict === undefined) policy = conversation ? 'ask' : 'fail';
  else if (isConflictPolicy(options.onConflict)) policy = options.onConflict;
  else return usage(`lifecycle init: --on-conflict must be ask, skip, overwrite or fail, not "${options.onConflict}"`);
  if (policy === 'ask' && (!env.interactive || !env.prompter)) {
    return usage('lifecycle init: --on-conflict ask needs a terminal; use skip, overwrite or fail');
  }

  const root = resolve(env.cwd, options.dir);
  const shown = options.dir === '' ? '.' : options.dir;
  const notAFolder = await fileInPath(root);
  if (notAFolder !== null) {
    const what = notAFolder === root ? shown : `${relative(env.cwd, notAFolder) || notAFolder} (in ${shown})`;
    return usage(`lifecycle init: ${what} is a file, not a folder; give the folder of the repository to write into, e.g. lifecycle init path/to/repo`);
  }
  return { presetName, preset: presetDefinition(presetName), conversation, policy, root, shown };
}

/** Answers from every source, or every problem with them at once. */
async function gatherAnswers(options: InitOptions, env: InitEnvironment, setup: InitSetup): Promise<ResolvedAnswers | InitStop> {
  const { preset, root } = setup;
  const context: DefaultContext = { dirName: basename(root), today: env.today };
  // Answer sources, weakest first: what an earlier run recorded, the answers file, then --set.
  const sources: AnswerSource[] = [];
  const problems: string[] = [];
  const recorded = await readIfExists(join(root, CONFIG_PATH));
  if (recorded !== null) sources.push({ label: CONFIG_PATH, values: recordedAnswers(preset, recorded), explicit: false });
  if (options.answersFile !== undefined) {
    let text: string;
    try {
      text = await readRegularText(resolve(env.cwd, options.answersFile), MAX_ANSWERS_BYTES, options.answersFile);
    } catch (error) {
      if (!(error instanceof FileReadError)) throw error;
      return new InitStop('invalid', INIT_EXIT.usage, [`lifecycle init: the answers file: ${error.message}`]);
    }
    const parsed = parseAnswersText(text, options.answersFile);
    problems.push(...parsed.problems);
    sources.push({ label: options.answersFile, values: parsed.values, explicit: true });
  }
  const flags = parseSetFlags(options.set);
  problems.push(...flags.problems);
  sources.push({ label: '--set', values: flags.values, explicit: true });
  const resolved = resolveAnswers(preset, context, sources);
  problems.push(...resolved.invalid);
  if (!setup.conversation) problems.push(...resolved.missing);
  if (problems.length > 0) return new InitStop('invalid', INIT_EXIT.usage, problems.map((p) => `lifecycle init: ${p}`));
  return resolved;
}

/** In a conversation, asks each question no source answered on purpose. */
async function askMissing(options: InitOptions, env: InitEnvironment, setup: InitSetup, resolved: ResolvedAnswers): Promise<Answers | InitStop> {
  const answers = { ...resolved.answers };
  if (!setup.conversation || !env.prompter) return answers;
  env.prompter.intro(`lifecycle init · ${setup.preset.title}`);
  for (const question of setup.preset.questions) {
    if (resolved.given.has(question.key)) continue;
    if (question.target.to === 'option.skeleton' && options.skeleton) continue;
    if (question.askWhen && !question.askWhen(answers)) continue;
    const value = await env.prompter.ask(question, answers[question.key] ?? null);
    if (value === ABORTED) return new InitStop('aborted', INIT_EXIT.aborted, [ABORT_MESSAGE]);
    answers[question.key] = value;
  }
  return answers;
}

async function writeAndReport(env: InitEnvironment, setup: InitSetup, resolvedFiles: ResolvedFile[], answers: Answers): Promise<InitResult> {
  const written = await writeResolved(setup.root, resolvedFiles);
  printFiles(env, resolvedFiles);
  const files = listFiles(resolvedFiles);
  const kept = resolvedFiles.filter((f) => f.action === 'skip').map((f) => f.file.path);
  if (written.length === 0) {
    env.out(
      kept.length === 0
        ? 'Nothing to write: the files are already as init would make them.'
        : `Nothing written: kept yours of ${kept.join(', ')}, which ${kept.length === 1 ? 'differs' : 'differ'} from what init would write (--on-conflict overwrite replaces ${kept.length === 1 ? 'it' : 'them'}); the other files are already as init would make them.`,
    );
    return { exitCode: INIT_EXIT.ok, outcome: 'up-to-date', files, written, answers };
  }
  printNextSteps(env, setup.shown, written);
  return { exitCode: INIT_EXIT.ok, outcome: 'written', files, written, answers };
}

/** Why nothing was written: files that differ (a policy decides) and paths init can never write. */
function conflictReport(conflicts: readonly ComparedFile[], shown: string): string[] {
  const differing = conflicts.filter((c) => c.blocked === undefined);
  const blocked = conflicts.filter((c) => c.blocked !== undefined);
  const lines: string[] = [];
  if (differing.length > 0) {
    lines.push(`lifecycle init: ${count(differing.length, 'file')} in ${shown} ${differing.length === 1 ? 'differs' : 'differ'} from what init would write; nothing was written.`);
  }
  if (blocked.length > 0) {
    lines.push(`lifecycle init: something other than a file is where init writes ${blocked.length === 1 ? 'a file' : `${blocked.length} files`} in ${shown}; nothing was written.`);
  }
  for (const conflict of conflicts) lines.push(`  conflict   ${conflict.file.path}${conflict.blocked ? ` (${conflict.blocked} is in the way)` : ''}`);
  if (differing.length > 0) lines.push('Compare with --dry-run, then re-run with --on-conflict skip (keep yours) or --on-conflict overwrite.');
  if (blocked.length > 0) lines.push('Move or rename what is in the way (init never deletes anything), then run init again.');
  return lines;
}

function diffFor(conflict: ComparedFile): string {
  if (conflict.existing === null) return '';
  return unifiedDiff(conflict.existing, conflict.file.content, { before: `${conflict.file.path} (yours)`, after: `${conflict.file.path} (init)` });
}

type Listed = ComparedFile & { action: FileAction | null };

function listFiles(entries: readonly Listed[]): InitResult['files'] {
  return entries.map((e) => ({ path: e.file.path, status: e.status, action: e.action }));
}

const LABELS: Record<FileAction, string> = { create: 'create', overwrite: 'overwrite', unchanged: 'unchanged', skip: 'skip' };

function printFiles(env: InitEnvironment, entries: readonly (ResolvedFile | Listed)[]): void {
  for (const entry of entries) {
    const word = entry.action === null ? entry.status : LABELS[entry.action];
    const color = word === 'create' ? 'green' : word === 'unchanged' ? 'dim' : 'yellow';
    const note = entry.action === 'skip' ? ' (differs; kept yours)' : '';
    env.out(`  ${env.color(word.padEnd(10), color)} ${entry.file.path}${note}`);
  }
}

function printNextSteps(env: InitEnvironment, shown: string, written: readonly string[]): void {
  // This run's files only: `git add .github` would also stage whatever else a person keeps there.
  const cd = shown === '.' ? '' : `cd ${shellWord(shown)} && `;
  env.out('');
  env.out(env.color('Next steps', 'bold'));
  env.out(`  1. Commit:  ${cd}git add ${written.map(shellWord).join(' ')} && git commit -m "Plan the project life cycle"`);
  env.out('  2. Push to the default branch:  git push');
  env.out('  3. Watch the milestones appear: the Lifecycle workflow runs on that push (Actions tab), then open Issues → Milestones.');
}

/** A path as one shell word: quoted only when it needs to be. */
function shellWord(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
