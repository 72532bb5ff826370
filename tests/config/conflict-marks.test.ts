// The comments `lifecycle upgrade --on-conflict mark` leaves make a file invalid until a person settles them.
import { describe, expect, it } from 'vitest';
import { findConflictMarks } from '../../src/config/conflict-marks.js';
import { loadConfigText } from '../../src/config/load.js';

const marked = [
  'version: 1',
  'project:',
  '  name: P',
  'stages:',
  '  - id: scope',
  '    # CONFLICT (lifecycle upgrade, both renamed) stage "scope" name',
  '    name: Scope',
  '    description: |',
  '      # CONFLICT (lifecycle upgrade) in a block scalar is text',
  '  - id: b',
  '    name: "# CONFLICT (lifecycle upgrade) quoted"',
  '    description: "CONFLICT (lifecycle upgrade) quoted"',
  '    #CONFLICT (lifecycle upgrade, kept ours) stage "b"   ',
  '',
].join('\n');

describe('conflict marks', () => {
  it('finds each conflict comment, not the same words in a value', () => {
    expect(findConflictMarks(marked)).toEqual([
      { offset: marked.indexOf('# CONFLICT'), length: 63, text: 'CONFLICT (lifecycle upgrade, both renamed) stage "scope" name' },
      { offset: marked.indexOf('#CONFLICT'), length: 50, text: 'CONFLICT (lifecycle upgrade, kept ours) stage "b"' },
    ]);
    expect(findConflictMarks('version: 1 # a comment\n# lifecycle upgrade\n')).toEqual([]);
    expect(findConflictMarks('---\nkey: [a, b] # CONFLICT (lifecycle upgrade) x\n')).toEqual([{ offset: 16, length: 32, text: 'CONFLICT (lifecycle upgrade) x' }]);
  });

  // The range covers the whole comment, "# " included, so an annotation underlines all of it.
  it.each([
    ['a plain file', marked],
    ['a file the full parse reads', marked.replace('  - id: b', '  - &b\n    id: b')],
  ])('make %s invalid, an error at each comment', (_what, text) => {
    const result = loadConfigText(text, 'x.yml');
    expect(result.config).toBeNull();
    expect(result.diagnostics.map(({ line, column, endLine, endColumn, severity, message }) => ({ line, column, endLine, endColumn, severity, message }))).toEqual([
      {
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 68,
        severity: 'error',
        message: 'unresolved upgrade conflict (both renamed) stage "scope" name; keep one side, then delete the conflict comment',
      },
      expect.objectContaining({ severity: 'error', message: 'unresolved upgrade conflict (kept ours) stage "b"; keep one side, then delete the conflict comment' }),
    ]);
  });
});
