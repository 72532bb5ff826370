// The merge by meaning, one behaviour per case: what each side changed, what comes out, and which
// conflicts are reported.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigText } from '../../src/config/load.js';
import { mergeLifecycle } from '../../src/upgrade/merge.js';
import type { ConflictKind, Resolution } from '../../src/upgrade/merge.js';

const BASE = `version: 1
project:
  name: Demo
variables:
  full: false
stages:
  - id: scope
    name: Scope
    estimate:
      duration: 1w
    checklist:
      - Use case written
      - Metrics agreed
    tasks:
      - id: use-case
        title: Write the use case
      - id: metrics
        title: Pick metrics
  - id: tune
    name: Fine-tuning
    estimate:
      duration: "\${{ vars.full && '3w' || '10d' }}"
`;

/** BASE with each [from, to] replacement applied (each `from` must occur). */
function edit(...changes: [string, string][]): string {
  let text = BASE;
  for (const [from, to] of changes) {
    expect(text).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

function merge(ours: string, theirs: string, resolution: Resolution = 'mark') {
  return mergeLifecycle({ base: BASE, theirs, ours }, resolution);
}

function data(text: string): unknown {
  return parse(text);
}

const kinds = (result: { conflicts: { kind: ConflictKind; where: string }[] }) => result.conflicts.map((c) => `${c.kind}: ${c.where}`);

describe('changes on one side', () => {
  it('takes theirs where ours is as before', () => {
    const theirs = edit(['duration: 1w', 'duration: 2w'], ['title: Pick metrics', 'title: Set success criteria']);
    const result = merge(BASE, theirs);
    expect(result.conflicts).toEqual([]);
    expect(data(result.text)).toEqual(data(theirs));
  });

  it("keeps ours where theirs is as before, to the byte", () => {
    const ours = edit(['name: Scope', 'name: "Scoping"   # ours'], ['      - Metrics agreed\n', '      - Metrics agreed\n      - Legal signed off\n']);
    expect(merge(ours, BASE)).toEqual({ text: ours, conflicts: [] });
  });

  it('the same change on both sides is no conflict', () => {
    const both = edit(['duration: 1w', 'duration: 2w']);
    const result = merge(both, both);
    expect(result).toEqual({ text: both, conflicts: [] });
  });

  it('a stage theirs adds goes after the stage theirs puts before it, with its comment', () => {
    const theirs = edit(['  - id: tune\n', '  # Evaluation first.\n  - id: eval\n    name: Evaluation\n  - id: tune\n']);
    const ours = edit(['name: Scope', 'name: Scoping']);
    const result = merge(ours, theirs);
    expect(result.conflicts).toEqual([]);
    expect((data(result.text) as { stages: { id: string }[] }).stages.map((s) => s.id)).toEqual(['scope', 'eval', 'tune']);
    expect(result.text).toContain('  # Evaluation first.\n  - id: eval\n    name: Evaluation\n  - id: tune\n');
  });

  it('a stage theirs deletes goes, and a comment the team wrote in it stays', () => {
    const ours = edit(['    name: Fine-tuning\n', '    name: Fine-tuning # the team\'s note\n']);
    const theirs = BASE.slice(0, BASE.indexOf('  - id: tune'));
    const result = merge(ours, theirs);
    expect(result.conflicts).toEqual([]);
    expect((data(result.text) as { stages: unknown[] }).stages).toHaveLength(1);
    expect(result.text).toContain("# the team's note");
  });

  it('a new order from theirs applies where ours kept the old order, not where ours chose its own', () => {
    const swapped = (text: string) => {
      const at = text.indexOf('  - id: tune');
      return `${text.slice(0, text.indexOf('  - id: scope'))}${text.slice(at)}${text.slice(text.indexOf('  - id: scope'), at)}`;
    };
    const ids = (text: string) => (data(text) as { stages: { id: string }[] }).stages.map((s) => s.id);
    expect(ids(merge(edit(['name: Scope', 'name: Scoping']), swapped(BASE)).text)).toEqual(['tune', 'scope']);
    const ours = swapped(BASE);
    expect(merge(ours, swapped(edit(['duration: 1w', 'duration: 2w']))).text).toBe(ours.replace('duration: 1w', 'duration: 2w'));
  });

  it('an item theirs removes from a list goes; one ours removed stays gone', () => {
    const theirs = edit(['      - Use case written\n', '']);
    const ours = edit(['      - Metrics agreed\n', '']);
    const result = merge(ours, theirs);
    expect(result.conflicts).toEqual([]);
    expect(result.text).toContain('    checklist: []\n    tasks:');
  });
});

describe('conflict kinds', () => {
  it('both renamed a stage: ours is kept, marked with both values', () => {
    const ours = edit(['name: Scope', 'name: Scoping']);
    const theirs = edit(['name: Scope', 'name: Scope and model selection']);
    const result = merge(ours, theirs);
    expect(kinds(result)).toEqual(['both-renamed: name of stage "scope"']);
    expect(result.conflicts[0]).toMatchObject({ base: 'Scope', ours: 'Scoping', theirs: 'Scope and model selection', line: 8, column: 11 });
    expect(result.text).toContain(
      [
        '  - id: scope',
        '    # CONFLICT (lifecycle upgrade, both renamed) name of stage "scope"',
        '    #   ours (kept): Scoping',
        '    #   theirs (new edition): Scope and model selection',
        '    #   base (old edition): Scope',
        '    # Keep one side, then delete these comment lines.',
        '    name: Scoping',
      ].join('\n'),
    );
    expect(data(merge(ours, theirs, 'ours').text)).toEqual(data(ours));
    expect(data(merge(ours, theirs, 'theirs').text)).toEqual(data(theirs));
  });

  it('both changed a scalar', () => {
    const result = merge(edit(['duration: 1w', 'duration: 2w']), edit(['duration: 1w', 'duration: 3d']));
    expect(kinds(result)).toEqual(['both-changed: estimate.duration of stage "scope"']);
  });

  it('a conflict inside a flow mapping is marked above it, and the mapping stays on its line', () => {
    const base = BASE.replace('estimate:\n      duration: 1w', 'estimate: { duration: 1w }');
    const result = mergeLifecycle({ base, ours: base.replace('duration: 1w', 'duration: 2w'), theirs: base.replace('duration: 1w', 'duration: 3d') });
    expect(result.text).toContain('    # Keep one side, then delete these comment lines.\n    estimate: { duration: 2w }\n');
    expect(loadConfigText(result.text, 'x.yml').diagnostics.map((d) => d.line)).toEqual([9]);
  });

  it('both added the same key with different values', () => {
    const result = merge(edit(['    name: Fine-tuning\n', '    name: Fine-tuning\n    label: tuning\n']), edit(['    name: Fine-tuning\n', '    name: Fine-tuning\n    label: ft\n']));
    expect(kinds(result)).toEqual(['both-added: label of stage "tune"']);
  });

  it('ours deleted a task theirs changed: it stays deleted, theirs is shown in the comment', () => {
    const ours = edit(['      - id: metrics\n        title: Pick metrics\n', '']);
    const theirs = edit(['title: Pick metrics', 'title: Set success criteria']);
    const result = merge(ours, theirs);
    expect(kinds(result)).toEqual(['deleted-by-ours: task "metrics" in stage "scope"']);
    expect((data(result.text) as { stages: { tasks: unknown[] }[] }).stages[0]?.tasks).toHaveLength(1);
    expect(result.text).toContain('      #   theirs (new edition):\n      #     id: metrics\n      #     title: Set success criteria\n');
    expect((data(merge(ours, theirs, 'theirs').text) as { stages: { tasks: unknown[] }[] }).stages[0]?.tasks).toHaveLength(2);
  });

  it('theirs deleted a task ours changed: ours is kept', () => {
    const ours = edit(['title: Pick metrics', 'title: Pick three metrics']);
    const theirs = edit(['      - id: metrics\n        title: Pick metrics\n', '']);
    const result = merge(ours, theirs);
    expect(kinds(result)).toEqual(['deleted-by-theirs: task "metrics" in stage "scope"']);
    expect(result.text).toContain('title: Pick three metrics');
    expect(merge(ours, theirs, 'theirs').text).not.toContain('metrics\n');
  });

  it('list items added on both sides: both kept, in order, no conflict', () => {
    const ours = edit(['      - Metrics agreed\n', '      - Metrics agreed\n      - Legal signed off\n']);
    const theirs = edit(['      - Use case written\n', '      - Use case written\n      - Licence quoted\n'], ['      - Metrics agreed\n', '      - Metrics agreed\n      - Legal signed off\n      - Cost noted\n']);
    const result = merge(ours, theirs);
    expect(result.conflicts).toEqual([]);
    expect((data(result.text) as { stages: { checklist: string[] }[] }).stages[0]?.checklist).toEqual([
      'Use case written',
      'Licence quoted',
      'Metrics agreed',
      'Legal signed off',
      'Cost noted',
    ]);
  });

  it('every conflict has the line and column of ours, and ours/theirs settle them all', () => {
    const ours = edit(['name: Scope', 'name: Scoping'], ['duration: 1w', 'duration: 2w']);
    const theirs = edit(['name: Scope', 'name: Scope and model selection'], ['duration: 1w', 'duration: 3d']);
    expect(merge(ours, theirs).conflicts.map((c) => [c.line, c.column])).toEqual([
      [8, 11],
      [10, 17],
    ]);
    expect(merge(ours, theirs, 'ours').text).toBe(ours);
  });
});

describe('the team\'s text', () => {
  it('untouched lines keep their bytes: spacing, a flow list over two lines, escapes, expressions', () => {
    const ours = [
      'version: 1',
      'project:',
      '  name:   "Demo \\u00e9"     # odd spacing',
      'stages:',
      '  - id: scope',
      '    name: Scope',
      '    estimate:',
      '      duration: 1w',
      '    match:',
      '      paths: [ "docs/**" ,',
      '               "specs/**" ]',
      '  - id: tune',
      '    name: Fine-tuning',
      '    estimate:',
      "      duration: \"${{ vars.full && '3w' || '10d' }}\"",
      '',
    ].join('\n');
    const base = ours.replace('"Demo \\u00e9"     # odd spacing', 'Demo').replace(' ,\n               "specs/**" ]', ']').replace('[ "docs', '["docs');
    const theirs = base.replace('duration: 1w', 'duration: 2w');
    const result = mergeLifecycle({ base, theirs, ours });
    expect(result.conflicts).toEqual([]);
    expect(result.text).toBe(ours.replace('duration: 1w', 'duration: 2w'));
  });

  it('CRLF line endings and a byte order mark are kept', () => {
    const ours = `\uFEFF${edit(['name: Scope', 'name: Scoping']).replace(/\n/g, '\r\n')}`;
    const result = merge(ours, edit(['duration: 1w', 'duration: 2w']));
    expect(result.text).toBe(`\uFEFF${edit(['name: Scope', 'name: Scoping'], ['duration: 1w', 'duration: 2w']).replace(/\n/g, '\r\n')}`);
  });

  it('an alias ours uses is written out where only it changes, and its anchor stays', () => {
    const base = 'version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n    checklist: [x, y]\n  - id: b\n    name: B\n    checklist: [x, y]\n';
    const ours = 'version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n    checklist: &shared [x, y]\n  - id: b\n    name: B\n    checklist: *shared\n';
    const theirs = base.replace('name: B\n    checklist: [x, y]', 'name: B\n    checklist: [x, y, z]');
    const result = mergeLifecycle({ base, theirs, ours });
    expect(result.text).toBe(ours.replace('checklist: *shared', 'checklist: [x, y, z]'));
  });

  it('merging again changes nothing, conflict marks included', () => {
    const ours = edit(['name: Scope', 'name: Scoping']);
    const theirs = edit(['name: Scope', 'name: Scope and model selection'], ['duration: 1w', 'duration: 2w']);
    const once = merge(ours, theirs).text;
    expect(merge(once, theirs).text).toBe(once);
  });
});

describe('validate and a marked conflict', () => {
  it('a file holding a conflict mark is invalid, at the mark', () => {
    const marked = merge(edit(['name: Scope', 'name: Scoping']), edit(['name: Scope', 'name: Scope and model selection'])).text;
    const loaded = loadConfigText(marked, '.github/lifecycle.yml');
    expect(loaded.config).toBeNull();
    expect(loaded.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      '8:5: unresolved upgrade conflict (both renamed) name of stage "scope"; keep one side, then delete the conflict comment',
    ]);
  });

  it('the same words in a text value are not a mark', () => {
    const text = edit(['    name: Scope\n', '    name: Scope\n    description: |\n      # CONFLICT (lifecycle upgrade, both renamed) is how marks look\n']);
    expect(loadConfigText(text, 'x.yml').diagnostics).toEqual([]);
  });
});
