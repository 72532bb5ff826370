// `lifecycle upgrade` end to end: the team's file → the two editions to merge between → the merge →
// a diff, a refusal, or a written file. Where the editions come from is one function passed in
// (EditionSource), so a preset's editions and explicit files (--base/--theirs) take the same path.
import { relative, resolve } from 'node:path';
import { findConflictMarks } from '../config/conflict-marks.js';
import { formatDiagnostic } from '../config/diagnostics.js';
import type { Diagnostic } from '../config/diagnostics.js';
import { MAX_CONFIG_BYTES, parseConfigText } from '../config/load.js';
import { FileReadError, readRegularText } from '../config/read-file.js';
import { unifiedDiff } from '../init/diff.js';
import { writeFileAtomic } from '../init/disk.js';
import { CONFLICT_WORDS, mergeLifecycle } from './merge.js';
import type { MergeConflict, Resolution } from './merge.js';

export const ON_CONFLICT = ['mark', 'ours', 'theirs', 'fail'] as const;
export type OnConflict = (typeof ON_CONFLICT)[number];

/** What an edition source is asked for. */
export interface EditionRequest {
  /** The team's lifecycle.yml as it is on disk: where the recorded preset, edition and answers are read from. */
  ours: string;
  /** How messages name that file, e.g. ".github/lifecycle.yml". */
  file: string;
  /** `--to EDITION`; undefined for the newest edition. */
  to?: string;
  /** `--set key=value` as typed, in order. */
  set: readonly string[];
}

/** The two texts the team's file is merged between, with anything worth telling the person. */
export interface EditionTexts {
  /** What the team started from: the recorded edition rendered with the recorded answers. */
  base: string;
  /** What the team moves to: the target edition rendered with the answers, changed by `--set`. */
  theirs: string;
  /** How messages name each, e.g. "genai@1" and "genai@2". */
  baseLabel: string;
  theirsLabel: string;
  /** Lines printed before the merge: answers renamed by the preset's mapping, answers the new edition does not know. */
  notes?: readonly string[];
}

/**
 * Produces base and theirs. Throws EditionError for anything the person must fix (an unknown
 * edition, a bad --set): it is printed as it is, with exit status 2.
 */
export type EditionSource = (request: EditionRequest) => Promise<EditionTexts>;

export class EditionError extends Error {
  override name = 'EditionError';
}

export interface UpgradeOptions {
  /** lifecycle.yml, relative to the working directory. */
  config: string;
  to?: string;
  set: readonly string[];
  dryRun: boolean;
  onConflict?: string;
  /** Explicit texts instead of a preset's editions. */
  base?: string;
  theirs?: string;
}

export interface UpgradeEnvironment {
  cwd: string;
  /** A person is at a terminal: conflicts are marked in the file by default rather than refused. */
  interactive: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
  /** The preset's editions; without it only --base/--theirs can say what to merge. */
  editions?: EditionSource;
}

export type UpgradeOutcome = 'up-to-date' | 'written' | 'dry-run' | 'conflicts' | 'invalid';

export interface UpgradeResult {
  exitCode: number;
  outcome: UpgradeOutcome;
  conflicts: MergeConflict[];
  /** The merged text (also for a dry run or a refusal), or null when nothing was merged. */
  merged: string | null;
}

export const UPGRADE_EXIT = { ok: 0, conflicts: 1, usage: 2 } as const;

class Stop {
  constructor(
    readonly outcome: UpgradeOutcome,
    readonly exitCode: number,
    readonly lines: string[],
  ) {}
}

export async function runUpgrade(options: UpgradeOptions, env: UpgradeEnvironment): Promise<UpgradeResult> {
  try {
    return await upgrade(options, env);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    for (const line of error.lines) env.err(line);
    return { exitCode: error.exitCode, outcome: error.outcome, conflicts: [], merged: null };
  }
}

const usage = (line: string) => new Stop('invalid', UPGRADE_EXIT.usage, [`lifecycle upgrade: ${line}`]);

async function upgrade(options: UpgradeOptions, env: UpgradeEnvironment): Promise<UpgradeResult> {
  const mode = conflictMode(options, env);
  const path = resolve(env.cwd, options.config);
  const file = shownPath(env.cwd, path, options.config);
  const ours = await readText(path, file);
  checkOurs(ours, file);

  const editions = await editionTexts(options, env, ours, file);
  for (const note of editions.notes ?? []) env.out(note);
  checkParses(editions.base, editions.baseLabel);
  checkParses(editions.theirs, editions.theirsLabel);

  const resolution: Resolution = mode === 'fail' ? 'mark' : mode;
  const { text, conflicts } = mergeLifecycle({ base: editions.base, theirs: editions.theirs, ours }, resolution);
  const header = `Upgrading ${file} from ${editions.baseLabel} to ${editions.theirsLabel}`;

  if (options.dryRun) {
    env.out(`${header} (dry run; nothing was written).`);
    const diff = unifiedDiff(ours, text, { before: `${file} (yours)`, after: `${file} (upgraded)` });
    if (diff === '') env.out('No change: the file already has everything the new edition brings.');
    else for (const line of diff.replace(/\n$/, '').split('\n')) env.out(line);
    reportConflicts(env, file, conflicts, mode);
    return { exitCode: conflicts.length > 0 && mode !== 'ours' && mode !== 'theirs' ? UPGRADE_EXIT.conflicts : UPGRADE_EXIT.ok, outcome: 'dry-run', conflicts, merged: text };
  }

  if (mode === 'fail' && conflicts.length > 0) {
    env.err(`${header}: ${count(conflicts.length, 'conflict')}; nothing was written.`);
    reportConflicts(env, file, conflicts, mode);
    env.err('Settle them in the file first, or re-run with --on-conflict mark (write both values), ours or theirs.');
    return { exitCode: UPGRADE_EXIT.conflicts, outcome: 'conflicts', conflicts, merged: text };
  }

  if (text === ours) {
    env.out(`${file} already has everything ${editions.theirsLabel} brings; nothing to write.`);
    reportConflicts(env, file, conflicts, mode);
    return { exitCode: UPGRADE_EXIT.ok, outcome: 'up-to-date', conflicts, merged: text };
  }
  await writeFileAtomic(path, text);
  env.out(`${header}: written.`);
  reportConflicts(env, file, conflicts, mode, text);
  const marked = mode === 'mark' && conflicts.length > 0;
  if (marked) env.out(`Settle each marked conflict and delete its comment: lifecycle validate fails until then, so nothing is synced by accident.`);
  else env.out('Review the change (git diff), run lifecycle validate, then commit it.');
  return { exitCode: marked ? UPGRADE_EXIT.conflicts : UPGRADE_EXIT.ok, outcome: 'written', conflicts, merged: text };
}

/** The merge of a file that is not on disk (the Action reads it through the contents API), conflicts marked. */
export interface MergedUpgrade {
  text: string;
  conflicts: MergeConflict[];
  notes: readonly string[];
  baseLabel: string;
  theirsLabel: string;
}

/** What stops an upgrade before any merge: every line says what to fix. */
export class UpgradeRefusedError extends Error {
  override name = 'UpgradeRefusedError';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

/** `lifecycle upgrade --on-conflict mark` on a text in memory, to the newest edition with the recorded answers. */
export async function mergeUpgradeText(ours: string, file: string, editions: EditionSource): Promise<MergedUpgrade> {
  try {
    checkOurs(ours, file);
    const texts = await editions({ ours, file, set: [] });
    checkParses(texts.base, texts.baseLabel);
    checkParses(texts.theirs, texts.theirsLabel);
    const { text, conflicts } = mergeLifecycle({ base: texts.base, theirs: texts.theirs, ours }, 'mark');
    return { text, conflicts, notes: texts.notes ?? [], baseLabel: texts.baseLabel, theirsLabel: texts.theirsLabel };
  } catch (error) {
    if (error instanceof Stop) throw new UpgradeRefusedError(error.lines);
    if (error instanceof EditionError) throw new UpgradeRefusedError([error.message]);
    throw error;
  }
}

function conflictMode(options: UpgradeOptions, env: UpgradeEnvironment): OnConflict {
  if (options.onConflict === undefined) return env.interactive ? 'mark' : 'fail';
  if ((ON_CONFLICT as readonly string[]).includes(options.onConflict)) return options.onConflict as OnConflict;
  throw usage(`--on-conflict must be mark, ours, theirs or fail, not "${options.onConflict}"`);
}

async function readText(path: string, shown: string): Promise<string> {
  try {
    return await readRegularText(path, MAX_CONFIG_BYTES, shown);
  } catch (error) {
    if (error instanceof FileReadError) throw usage(error.message);
    throw error;
  }
}

/** The team's file must read as YAML, and must not still hold conflicts an earlier upgrade marked. */
function checkOurs(ours: string, file: string): void {
  checkParses(ours, file);
  const marks = findConflictMarks(ours);
  if (marks.length === 0) return;
  const parsed = parseConfigText(ours, file);
  const lines = parsed.diagnostics.filter((d) => d.message.startsWith('unresolved upgrade conflict')).map((d) => formatDiagnostic(d));
  throw new Stop('conflicts', UPGRADE_EXIT.conflicts, [
    ...lines,
    `lifecycle upgrade: ${file} still holds ${count(marks.length, 'conflict')} from an earlier upgrade; settle ${marks.length === 1 ? 'it' : 'them'} first.`,
  ]);
}

function checkParses(text: string, file: string): void {
  const parsed = parseConfigText(text, file);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error' && !d.message.startsWith('unresolved upgrade conflict'));
  if (parsed.data === undefined || errors.length > 0) {
    throw new Stop('invalid', UPGRADE_EXIT.conflicts, [...errors.map((d: Diagnostic) => formatDiagnostic(d)), `lifecycle upgrade: ${file} is not YAML that can be merged; fix it first.`]);
  }
}

async function editionTexts(options: UpgradeOptions, env: UpgradeEnvironment, ours: string, file: string): Promise<EditionTexts> {
  const explicit = options.base !== undefined || options.theirs !== undefined;
  if (explicit) {
    if (options.base === undefined || options.theirs === undefined) throw usage('--base and --theirs go together: the file as first generated, and the new one');
    if (options.to !== undefined) throw usage('--to picks a preset edition; with --base and --theirs the files say what to merge');
    if (options.set.length > 0) throw usage('--set changes answers of a preset edition; with --base and --theirs, edit the --theirs file instead');
    const basePath = resolve(env.cwd, options.base);
    const theirsPath = resolve(env.cwd, options.theirs);
    const baseLabel = shownPath(env.cwd, basePath, options.base);
    const theirsLabel = shownPath(env.cwd, theirsPath, options.theirs);
    return { base: await readText(basePath, baseLabel), theirs: await readText(theirsPath, theirsLabel), baseLabel, theirsLabel };
  }
  if (!env.editions) {
    throw usage(
      `${file} names no preset edition to upgrade from; give the file as it was first generated and the new one: lifecycle upgrade --base old.yml --theirs new.yml`,
    );
  }
  try {
    return await env.editions({ ours, file, ...(options.to !== undefined ? { to: options.to } : {}), set: options.set });
  } catch (error) {
    if (error instanceof EditionError) throw usage(error.message);
    throw error;
  }
}

function reportConflicts(env: UpgradeEnvironment, file: string, conflicts: readonly MergeConflict[], mode: OnConflict, written?: string): void {
  if (conflicts.length === 0) return;
  if (mode === 'ours' || mode === 'theirs') {
    env.out(`${count(conflicts.length, 'conflict')} settled as ${mode === 'ours' ? 'yours' : 'the new edition'}:`);
    for (const c of conflicts) env.out(`  ${file}:${c.line}:${c.column}: ${CONFLICT_WORDS[c.kind]}: ${c.where}`);
    return;
  }
  if (written !== undefined) {
    // Where the marks are in the file as written, the positions validate reports.
    const parsed = parseConfigText(written, file);
    for (const d of parsed.diagnostics.filter((x) => x.message.startsWith('unresolved upgrade conflict'))) env.err(formatDiagnostic(d));
    return;
  }
  for (const c of conflicts) env.err(formatDiagnostic(conflictDiagnostic(file, c)));
}

export function conflictDiagnostic(file: string, c: MergeConflict): Diagnostic {
  return {
    file,
    line: c.line,
    column: c.column,
    severity: 'error',
    message: `conflict (${CONFLICT_WORDS[c.kind]}) ${c.where}: yours: ${valueWords(c.ours)}; new edition: ${valueWords(c.theirs)}; old edition: ${valueWords(c.base)}`,
  };
}

function valueWords(value: unknown): string {
  if (value === undefined) return 'deleted';
  if (typeof value === 'string') return quoted(value);
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `a list of ${count(value.length, 'item')}`;
  const record = value as Record<string, unknown>;
  // A stage or task reads best by what people see of it.
  if (typeof record.title === 'string') return `titled ${quoted(record.title)}`;
  if (typeof record.name === 'string') return `named ${quoted(record.name)}`;
  return 'a mapping';
}

function quoted(text: string): string {
  return `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
}

function shownPath(cwd: string, absolute: string, asGiven: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return asGiven;
  return rel.startsWith('..') ? absolute.split('\\').join('/') : rel.split('\\').join('/');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
