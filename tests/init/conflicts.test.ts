import { describe, expect, it } from 'vitest';
import { compareFiles, resolveConflicts } from '../../src/init/conflicts.js';
import type { ComparedFile, ConflictAnswer, ExistingEntry } from '../../src/init/conflicts.js';
import { unifiedDiff } from '../../src/init/diff.js';
import type { PlannedFile } from '../../src/init/plan.js';

const files: PlannedFile[] = [
  { path: 'new.txt', content: 'a\n', kind: 'skeleton' },
  { path: 'same.txt', content: 'b\n', kind: 'skeleton' },
  { path: 'edited.txt', content: 'c\n', kind: 'skeleton' },
  { path: 'also-edited.txt', content: 'd\n', kind: 'skeleton' },
  { path: 'dir', content: 'e\n', kind: 'skeleton' },
];
const disk = new Map<string, ExistingEntry>([
  ['same.txt', { kind: 'file', content: 'b\n' }],
  ['edited.txt', { kind: 'file', content: 'mine\n' }],
  ['also-edited.txt', { kind: 'file', content: 'mine too\n' }],
  ['dir', { kind: 'other', what: 'a folder' }],
]);

describe('compareFiles', () => {
  it('classifies create, unchanged and conflict', () => {
    expect(compareFiles(files, disk).map((c) => [c.file.path, c.status])).toEqual([
      ['new.txt', 'create'],
      ['same.txt', 'unchanged'],
      ['edited.txt', 'conflict'],
      ['also-edited.txt', 'conflict'],
      ['dir', 'conflict'],
    ]);
  });
});

describe('resolveConflicts', () => {
  const compared = compareFiles(files, disk);
  const actions = (r: Awaited<ReturnType<typeof resolveConflicts>>) => (r.outcome === 'ready' ? r.files.map((f) => f.action) : r.outcome);

  it('fail stops before anything when one file conflicts', async () => {
    const result = await resolveConflicts(compared, 'fail');
    expect(result.outcome).toBe('conflicts');
    if (result.outcome === 'conflicts') expect(result.conflicts.map((c) => c.file.path)).toEqual(['edited.txt', 'also-edited.txt', 'dir']);
  });

  it('fail passes when nothing conflicts', async () => {
    expect(actions(await resolveConflicts(compared.slice(0, 2), 'fail'))).toEqual(['create', 'unchanged']);
  });

  const realFiles = compared.filter((c) => c.file.path !== 'dir');

  it('skip and overwrite apply to every conflicting file', async () => {
    expect(actions(await resolveConflicts(realFiles, 'skip'))).toEqual(['create', 'unchanged', 'skip', 'skip']);
    expect(actions(await resolveConflicts(realFiles, 'overwrite'))).toEqual(['create', 'unchanged', 'overwrite', 'overwrite']);
  });

  it.each(['skip', 'overwrite', 'ask'] as const)('%s never resolves a folder where a file goes: it stays a conflict, and nothing is asked', async (policy) => {
    const asked: string[] = [];
    const result = await resolveConflicts(compared, policy, async (c) => {
      asked.push(c.file.path);
      return 'overwrite';
    });
    expect(result.outcome).toBe('conflicts');
    if (result.outcome === 'conflicts') expect(result.conflicts.map((c) => [c.file.path, c.blocked])).toEqual([['dir', 'a folder']]);
    expect(asked).toEqual([]);
  });

  it('ask asks per conflicting file; "for every remaining" stops the asking', async () => {
    const asked: string[] = [];
    const ask = (answer: ConflictAnswer) => async (c: ComparedFile) => {
      asked.push(c.file.path);
      return answer;
    };
    expect(actions(await resolveConflicts(realFiles, 'ask', ask('overwrite')))).toEqual(['create', 'unchanged', 'overwrite', 'overwrite']);
    expect(asked).toEqual(['edited.txt', 'also-edited.txt']);
    asked.length = 0;
    expect(actions(await resolveConflicts(realFiles, 'ask', ask('skip-all')))).toEqual(['create', 'unchanged', 'skip', 'skip']);
    expect(asked).toEqual(['edited.txt']);
    expect(actions(await resolveConflicts(realFiles, 'ask', ask('abort')))).toBe('aborted');
  });

  it('"overwrite every remaining" overwrites the rest without asking, whatever would have been answered next', async () => {
    const answers: ConflictAnswer[] = ['overwrite-all', 'skip'];
    const asked: string[] = [];
    const result = await resolveConflicts(realFiles, 'ask', async (c) => {
      asked.push(c.file.path);
      return answers.shift()!;
    });
    expect(actions(result)).toEqual(['create', 'unchanged', 'overwrite', 'overwrite']);
    expect(asked).toEqual(['edited.txt']);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', { before: 'x', after: 'y' })).toBe('');
  });

  it('shows changed lines with context and hunk headers', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11'].join('\n') + '\n';
    expect(unifiedDiff(before, after, { before: 'a', after: 'b' }, 1)).toBe(
      ['--- a', '+++ b', '@@ -4,3 +4,3 @@', ' 4', '-5', '+five', ' 6', '@@ -10,1 +10,2 @@', ' 10', '+11', ''].join('\n'),
    );
  });

  it('diffs from and to an empty file', () => {
    expect(unifiedDiff('', 'x\n', { before: 'a', after: 'b' })).toBe('--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n');
    expect(unifiedDiff('x\n', '', { before: 'a', after: 'b' })).toBe('--- a\n+++ b\n@@ -1,1 +0,0 @@\n-x\n');
  });

  it('says so when only the final newline differs', () => {
    expect(unifiedDiff('x', 'x\n', { before: 'a', after: 'b' })).toContain('only line endings or the final newline differ');
  });
});
