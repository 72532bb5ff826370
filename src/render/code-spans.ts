// Backticks and dollar signs in text a stranger wrote, read the way CommonMark reads inline text:
// backslash escapes first, then code spans (a run of n backticks up to the next run of exactly n).
//
// - A code span that closes inside the text is kept as written: nothing in it renders.
// - A backtick run that closes nothing is escaped ("\`"), so it cannot pair with a backtick the
//   template writes after the text and swallow everything in between into code.
// - Every "$" outside code spans is escaped ("\$"), so "$...$", "$$...$$" and "$`...`$" cannot
//   become math; a dollar sign that touches a code span also gets an invisible break.
//
// One pass, linear in the length: the closing run for each length is found from a list of the
// text's backtick runs with one cursor per length that only moves forward.

const ASCII_PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Start index of each maximal backtick run, grouped by the run's length, in order. */
function runsByLength(text: string): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  for (let i = text.indexOf('`'); i !== -1; ) {
    let end = i;
    while (text.charCodeAt(end) === 0x60) end++;
    const list = runs.get(end - i);
    if (list) list.push(i);
    else runs.set(end - i, [i]);
    i = text.indexOf('`', end);
  }
  return runs;
}

/**
 * The code spans of `text` as CommonMark reads them: start index → index just past the closing
 * run. Read the same way escapeCodeAndMath reads them, in one linear pass.
 */
export function codeSpans(text: string): Map<number, number> {
  const spans = new Map<number, number>();
  if (!text.includes('`')) return spans;
  const closer = closerOf(text);
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '\\') {
      i += text[i + 1] !== undefined && ASCII_PUNCTUATION.has(text[i + 1] as string) ? 2 : 1;
    } else if (c === '`') {
      let end = i;
      while (text.charCodeAt(end) === 0x60) end++;
      const close = closer(end - i, end);
      if (close !== -1) spans.set(i, close + (end - i));
      i = close === -1 ? end : close + (end - i);
    } else {
      i += 1;
    }
  }
  return spans;
}

// The first run of exactly `length` backticks that starts at or after `from`, or -1. Calls must
// come with `from` never decreasing: one cursor per length only moves forward.
function closerOf(text: string): (length: number, from: number) => number {
  const runs = runsByLength(text);
  const cursors = new Map<number, number>();
  return (length, from) => {
    const list = runs.get(length);
    if (!list) return -1;
    let at = cursors.get(length) ?? 0;
    while (at < list.length && (list[at] ?? 0) < from) at++;
    cursors.set(length, at);
    return list[at] ?? -1;
  };
}

/**
 * `text` with its unclosed backtick runs and its dollar signs outside code spans escaped; `mark`
 * goes between a dollar sign and a code span it touches.
 */
export function escapeCodeAndMath(text: string, mark: string): string {
  if (!text.includes('`') && !text.includes('$')) return text;
  const closer = closerOf(text);

  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') {
      const next = text[i + 1];
      if (next !== undefined && ASCII_PUNCTUATION.has(next)) {
        out += c + next;
        i += 2;
      } else {
        out += c;
        i += 1;
      }
    } else if (c === '`') {
      let end = i;
      while (text.charCodeAt(end) === 0x60) end++;
      const length = end - i;
      const close = closer(length, end);
      if (close === -1) {
        out += '\\`'.repeat(length);
        i = end;
      } else {
        const after = close + length;
        if (out.endsWith('$')) out += mark;
        out += text.slice(i, after);
        if (text[after] === '$' || (text[after] === '\\' && text[after + 1] === '$')) out += mark;
        i = after;
      }
    } else if (c === '$') {
      out += '\\$';
      i += 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
