// What to do with each planned file given what is already on disk. Pure: the disk adapter reads the
// existing files first, and the terminal adapter answers "ask" questions. Nothing here deletes.
import type { PlannedFile } from './plan.js';

export type ExistingEntry = { kind: 'missing' } | { kind: 'file'; content: string } | { kind: 'other'; what: string };

export type FileStatus = 'create' | 'unchanged' | 'conflict';

export interface ComparedFile {
  file: PlannedFile;
  status: FileStatus;
  /** The current content when a different file is in the way. */
  existing: string | null;
  /** Set when something other than a file occupies the path: it can never be overwritten. */
  blocked?: string;
}

export const CONFLICT_POLICIES = ['ask', 'skip', 'overwrite', 'fail'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export type FileAction = 'create' | 'overwrite' | 'unchanged' | 'skip';

export interface ResolvedFile extends ComparedFile {
  action: FileAction;
}

export type ConflictAnswer = 'overwrite' | 'skip' | 'overwrite-all' | 'skip-all' | 'abort';

export type Resolution =
  | { outcome: 'ready'; files: ResolvedFile[] }
  | { outcome: 'conflicts'; conflicts: ComparedFile[] }
  | { outcome: 'aborted' };

export function isConflictPolicy(text: string): text is ConflictPolicy {
  return (CONFLICT_POLICIES as readonly string[]).includes(text);
}

export function compareFiles(files: readonly PlannedFile[], existing: ReadonlyMap<string, ExistingEntry>): ComparedFile[] {
  return files.map((file) => {
    const entry = existing.get(file.path) ?? { kind: 'missing' };
    switch (entry.kind) {
      case 'missing':
        return { file, status: 'create', existing: null };
      case 'file':
        return entry.content === file.content ? { file, status: 'unchanged', existing: entry.content } : { file, status: 'conflict', existing: entry.content };
      case 'other':
        return { file, status: 'conflict', existing: null, blocked: entry.what };
    }
  });
}

/**
 * Applies the policy. `fail` stops before anything is written when any file conflicts; `ask` asks per
 * conflicting file (in order) and an abort stops everything, so Ctrl+C never counts as an answer.
 * Something other than a file where a file goes (a folder, say) stops every policy before anything
 * is written or asked: init never deletes it, and skipping it would leave the repository without
 * that file while reporting success.
 */
export async function resolveConflicts(
  compared: readonly ComparedFile[],
  policy: ConflictPolicy,
  ask?: (conflict: ComparedFile) => Promise<ConflictAnswer>,
): Promise<Resolution> {
  const conflicts = compared.filter((c) => c.status === 'conflict');
  if (policy === 'fail' && conflicts.length > 0) return { outcome: 'conflicts', conflicts };
  const blocked = conflicts.filter((c) => c.blocked !== undefined);
  if (blocked.length > 0) return { outcome: 'conflicts', conflicts: blocked };
  const files: ResolvedFile[] = [];
  let standing: 'overwrite' | 'skip' | null = null;
  for (const entry of compared) {
    if (entry.status !== 'conflict') {
      files.push({ ...entry, action: entry.status });
      continue;
    }
    let choice: 'overwrite' | 'skip';
    if (policy === 'overwrite' || policy === 'skip') choice = policy;
    else if (standing !== null) choice = standing;
    else {
      if (!ask) throw new Error('the "ask" conflict policy needs a way to ask');
      const answer = await ask(entry);
      if (answer === 'abort') return { outcome: 'aborted' };
      if (answer === 'overwrite-all' || answer === 'skip-all') standing = answer === 'overwrite-all' ? 'overwrite' : 'skip';
      choice = answer === 'overwrite' || answer === 'overwrite-all' ? 'overwrite' : 'skip';
    }
    files.push({ ...entry, action: choice });
  }
  return { outcome: 'ready', files };
}

export function filesToWrite(files: readonly ResolvedFile[]): ResolvedFile[] {
  return files.filter((f) => f.action === 'create' || f.action === 'overwrite');
}
