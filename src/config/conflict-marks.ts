// `lifecycle upgrade --on-conflict mark` leaves a comment at each conflict it could not settle. The
// file stays valid YAML (editors and diffs keep working), so the comment itself is what makes the
// file invalid until a person resolves it: a marked conflict can never reach GitHub by accident.
import { Lexer } from 'yaml';

/** The words every conflict comment starts with, right after `#`. */
export const CONFLICT_MARK = 'CONFLICT (lifecycle upgrade';

export interface ConflictMark {
  /** Offset of the `#` in the text. */
  offset: number;
  /** Length of the comment, from its `#` to its last character. */
  length: number;
  /** The comment's first line, without `#`. */
  text: string;
}

// The lexer's own control tokens (document start, scalar start, flow end) take no room in the text.
const SYNTHETIC = new Set(['\u0002', '\u001f', '\u0018']);

/**
 * Every conflict comment in `text`. Only real comments count: the same words inside a block
 * scalar or a quoted value are a person's text, not a mark.
 */
export function findConflictMarks(text: string): ConflictMark[] {
  if (!text.includes(CONFLICT_MARK)) return [];
  const marks: ConflictMark[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (SYNTHETIC.has(token)) continue;
    if (token.startsWith('#') && token.slice(1).trimStart().startsWith(CONFLICT_MARK)) {
      marks.push({ offset, length: token.trimEnd().length, text: token.slice(1).trim() });
    }
    offset += token.length;
  }
  return marks;
}
