// Text a stranger controls (pull request titles, branch names, logins, file paths, issue titles)
// goes into Markdown that we post. neutralize() keeps it readable while making sure it cannot:
//   - ping anyone: "@user", "@org/team" and the full-width "＠" and small "﹫" forms get an
//     invisible break after the at sign;
//   - inject HTML or open/close a comment: "<" gets an invisible break after it, "-->" and "--!>"
//     one before the ">", and "&" one after it so an entity such as "&#64;" cannot decode to "@";
//   - fake our hidden marker, which starts with "<!--";
//   - form Markdown links, images or reference definitions: "](", "][" and "]:" get a break;
//   - put a backlink on an issue elsewhere: "#12", "owner/repo#12" and "GH-12" (any case) get a
//     break after the "#" or "-", and URLs are not linked ("://" and "www." get a break), so a
//     full issue or pull request URL stays text;
//   - render math: every "$" outside a code span is backslash-escaped (see code-spans.ts);
//   - open a code span that swallows the template text after it: a backtick run that closes
//     nothing inside the text is backslash-escaped; a code span that closes is kept;
//   - start a block (heading, quote, list, fence, table, rule) or spill over several lines: line
//     breaks become spaces and a leading block character is preceded by a break;
//   - hide or reorder what it says: control characters, bidirectional controls and the other
//     invisible characters (zero-width spaces and joiners, word joiner, BOM, tag characters, …) are
//     removed, except the joiner and presentation selector inside an emoji sequence.
// It is also cut to a bounded length (256 characters by default) before any of this, so the work
// and what is rendered stay bounded whatever a stranger sends.
//
// The break is U+200B ZERO WIDTH SPACE: invisible, and unlike backslashes or entities it reads the
// same in plain text, in a code span and in a table cell. Backslashes are used only where no
// invisible character helps (math and unclosed backticks). Because every U+200B of the input is
// removed first, the only ones in the output are ours: "@\u200Buser" from a stranger comes out as
// our own "@" + break + "user", and cannot forge or undo a break.
// The function is idempotent: neutralizing twice gives the same text as once.
import { codeSpans, escapeCodeAndMath } from './code-spans.js';
import { TITLE_LIMIT } from './limits.js';

export const BREAK = '\u200B';

export interface NeutralizeOptions {
  /** The most characters kept (a backslash escape counts as the character it escapes); default 256. */
  max?: number;
}

// Lone surrogates cannot be encoded; they become U+FFFD.
const LONE_SURROGATE = /\p{Surrogate}/gu;
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /\r\n|[\t\n\r\u000B\u000C\u0085\u2028\u2029]/g;
// C0/C1 controls (tab and line breaks became spaces above).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/g;
// Unicode's default-ignorable characters render as nothing: zero-width space, non-joiner and
// joiner, word joiner, BOM, bidi marks, embeddings, overrides and isolates, Mongolian vowel
// separator, soft hyphen, Hangul fillers, variation selectors, tag characters. All go, except a
// joiner between two emoji and a presentation selector right after an emoji, which only shape the
// emoji (a family, a red heart).
const INVISIBLE =
  /(?<!\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)\u200D|\u200D(?!\p{Extended_Pictographic})|(?<!\p{Emoji})(?:\uFE0E|\uFE0F)|(?!\u200D|\uFE0E|\uFE0F)\p{Default_Ignorable_Code_Point}/gu;
const LEADING_BLOCK = /^(?:[#>+*=_|`~[!-]|\d+[.)])/;

/** Input past this many UTF-16 units per character of `max` is never read. */
const READ_FACTOR = 64;

function clean(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(LINE_BREAKS, ' ').replace(CONTROLS, '').replace(INVISIBLE, '').trim();
}

/**
 * At most `max` characters, the last one "…" when cut. A run of backslashes right before "$" or a
 * backtick counts as the characters it shows (half of them, rounded down), so the backslashes
 * escaping adds later do not change the count and a second pass never cuts again.
 */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let count = 0;
  let keep = 0;
  let i = 0;
  // Inside a code span a backslash shows as itself: there every character costs one.
  const spans = codeSpans(text);
  let spanEnd = -1;
  while (i < text.length) {
    let end: number;
    let cost: number;
    spanEnd = Math.max(spanEnd, spans.get(i) ?? -1);
    if (i < spanEnd) {
      end = i + ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
      cost = 1;
    } else if (text.charCodeAt(i) === 0x5c) {
      end = i;
      while (text.charCodeAt(end) === 0x5c) end++;
      const next = text[end];
      if (next === '$' || next === '`') {
        cost = Math.floor((end - i) / 2) + 1;
        end += 1;
      } else {
        cost = end - i;
      }
    } else {
      end = i + ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);
      cost = 1;
    }
    count += cost;
    if (count <= max - 1) keep = end;
    i = end;
  }
  if (count <= max) return text;
  return `${text.slice(0, keep).trimEnd()}…`;
}

/** "@" and the at signs GitHub also reads as one, each followed by the invisible break: no one is pinged. */
export function breakMentions(text: string): string {
  return text.replace(/[@\uFF20\uFE6B]/g, `$&${BREAK}`);
}

// Each rule puts the break where GitHub would otherwise see a mention, a tag, a comment end, an
// entity, a link, an issue reference or a URL.
function breakReferences(text: string): string {
  return breakMentions(text)
    .replace(/</g, `<${BREAK}`)
    .replace(/([-!])>/g, `$1${BREAK}>`)
    .replace(/&(?=[#A-Za-z])/g, `&${BREAK}`)
    .replace(/\]([([:])/g, `]${BREAK}$1`)
    .replace(/#(?=\d)/g, `#${BREAK}`)
    .replace(/(gh)-(?=\d)/gi, `$1-${BREAK}`)
    .replace(/:\/(?=\/)/g, `:/${BREAK}`)
    .replace(/ww(?=w\.)/gi, `$&${BREAK}`);
}

function bounded(untrusted: string, options: NeutralizeOptions): string {
  const max = Math.max(1, options.max ?? TITLE_LIMIT);
  const raw = String(untrusted);
  const read = Number.isFinite(max) && raw.length > max * READ_FACTOR ? raw.slice(0, max * READ_FACTOR) : raw;
  return cut(clean(read), max);
}

/** Untrusted text, made inert for running Markdown text (a paragraph, a list item, a table cell). */
export function neutralize(untrusted: string, options: NeutralizeOptions = {}): string {
  let text = escapeCodeAndMath(breakReferences(bounded(untrusted, options)), BREAK);
  if (LEADING_BLOCK.test(text)) text = BREAK + text;
  // A trailing backslash would escape whatever the template puts next.
  if (text.endsWith('\\')) text += BREAK;
  return text;
}

/**
 * Untrusted text for the inside of a code span whose fence is longer than any backtick run in it
 * (as `code()` in guide/match.ts builds): nothing renders there, so backticks and "$" stay as
 * written (a backslash would show), while mentions, tags and the marker still get their invisible
 * breaks, and the text is still one bounded line without invisible characters.
 */
export function neutralizeCode(untrusted: string, options: NeutralizeOptions = {}): string {
  return breakReferences(bounded(untrusted, options));
}
