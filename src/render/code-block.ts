// Text shown as code in a job summary, whatever it holds: diagnostics quote keys and values of a
// lifecycle.yml that a pull request proposes, so a stranger chooses them. A block that the text
// could close ("```" in a key, "</pre>" in a value) would let the rest render as Markdown or HTML.
import { breakMentions } from './escape.js';

/** The length of the longest run of backticks in `text` (0 without one): a fence must be longer. */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return longest;
}

// GitHub does not link mentions inside code; the break makes sure, at no cost to the reader.
const quietMentions = breakMentions;

/**
 * A Markdown fenced code block whose fence is longer than any backtick run in `text`, so no line of
 * it can close the block. Put it between blank lines.
 */
export function codeFence(text: string, info = 'text'): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${info}\n${quietMentions(text)}\n${fence}`;
}

/**
 * `text` for the inside of a `<pre><code>` element (what `core.summary.addCodeBlock` writes, without
 * escaping): HTML-escaped, so no tag, entity or `</pre>` can appear in it.
 */
export function htmlCode(text: string): string {
  return quietMentions(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
