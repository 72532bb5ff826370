// Checklist items and match rules that depend on the answers: `{ text, when }`, `{ glob, when }`.
// They are resolved where they are used, against the variables of that use, exactly as `when` on
// stages and tasks is; validation checks their expressions on the raw file.
import type { ChecklistItem, ReviewItem, StageMatch, VariableValue } from './schema.js';
import { whenHolds } from '../schedule/schedule.js';

type Vars = Readonly<Record<string, VariableValue>>;

/** A match with its conditional rules resolved: plain patterns only. */
export interface ResolvedMatch {
  paths: string[];
  labels: string[];
  branches: string[];
}

function holds(when: string | undefined, vars: Vars, owner: string): boolean {
  return when === undefined || whenHolds(when, vars, owner);
}

/** The texts of the items whose `when` holds, in order. */
export function checklistTexts(items: readonly ChecklistItem[] | undefined, vars: Vars, owner = 'checklist item'): string[] {
  const out: string[] = [];
  for (const item of items ?? []) {
    if (typeof item === 'string') out.push(item);
    else if (holds(item.when, vars, owner)) out.push(item.text);
  }
  return out;
}

/**
 * The review items of a stage whose `when` holds and, when `files` are known, whose `paths` match
 * one of them. Without files (a milestone, a preview without a pull request), items limited to
 * paths are kept: nothing says they do not apply.
 */
export function reviewTexts(
  items: readonly ReviewItem[] | undefined,
  vars: Vars,
  files: readonly string[] | null,
  matchesPaths: (globs: readonly string[], files: readonly string[]) => boolean,
  owner = 'review item',
): string[] {
  const out: string[] = [];
  for (const item of items ?? []) {
    if (typeof item === 'string') out.push(item);
    else if (holds(item.when, vars, owner) && (files === null || item.paths === undefined || matchesPaths(item.paths, files))) out.push(item.text);
  }
  return out;
}

/** The match rules that apply with these variables. */
export function resolveMatch(match: StageMatch | undefined, vars: Vars, owner = 'match rule'): ResolvedMatch {
  const pick = <K extends string>(rules: readonly (string | ({ when?: string } & Record<K, string>))[] | undefined, key: K): string[] => {
    const out: string[] = [];
    for (const rule of rules ?? []) {
      if (typeof rule === 'string') out.push(rule);
      else if (holds(rule.when, vars, owner)) out.push(rule[key]);
    }
    return out;
  };
  return { paths: pick(match?.paths, 'glob'), labels: pick(match?.labels, 'label'), branches: pick(match?.branches, 'pattern') };
}
