// Text a stranger controls (pull request titles, branch names, logins, file paths) goes into
// Markdown that we post. neutralize() keeps it readable while making sure it cannot:
//   - ping anyone: "@user" and "@org/team" get an invisible break after the "@";
//   - inject HTML or open/close a comment: "<" gets an invisible break after it, "-->" and "--!>"
//     one before the ">", and "&" one after it so an entity such as "&#64;" cannot decode to "@";
//   - fake our hidden marker, which starts with "<!--";
//   - form Markdown links, images or reference definitions: "](", "][" and "]:" get a break;
//   - cross-reference issues elsewhere ("#12", "owner/repo#12", "GH-12" create backlinks);
//   - start a block (heading, quote, list, fence, table) or spill over several lines: line breaks
//     become spaces and a leading block character is preceded by a break.
// The break is U+200B ZERO WIDTH SPACE: invisible, and unlike backslashes or entities it reads the
// same in plain text, in a code span and in a table cell. Backticks are kept: GitHub shows them as
// code in titles too, and a code span only ever makes text more inert. Bidirectional controls and
// other control characters are removed, so text cannot be made to read differently than it is.
// The function is idempotent: neutralizing twice gives the same text as once.

export const BREAK = '\u200B';

// C0/C1 controls (tab and line breaks are handled separately), bidi embeddings, overrides and
// isolates, and the marks that flip direction.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /\r\n|[\t\n\r\u000B\u000C\u0085\u2028\u2029]/g;
const LEADING_BLOCK = /^(?:[#>+*=|`~[!-]|\d+[.)])/;

export function neutralize(untrusted: string): string {
  let text = String(untrusted).replace(CONTROLS, '').replace(LINE_BREAKS, ' ').trim();
  text = text
    // Mentions, including the full-width and small forms of "@".
    .replace(/([@\uFF20\uFE6B])(?!\u200B)/g, `$1${BREAK}`)
    // Tags, comments, autolinks, and our own marker.
    .replace(/<(?!\u200B)/g, `<${BREAK}`)
    .replace(/([-!])>/g, `$1${BREAK}>`)
    // Entities: "&#64;" would render as "@" and be read as a mention.
    .replace(/&(?=[#A-Za-z])/g, `&${BREAK}`)
    // Links, images and reference definitions.
    .replace(/\]([([:])/g, `]${BREAK}$1`)
    // Issue references that would put a backlink on someone else's issue.
    .replace(/#(?=\d)/g, `#${BREAK}`)
    .replace(/\b(GH)-(?=\d)/gi, `$1-${BREAK}`);
  if (LEADING_BLOCK.test(text)) text = BREAK + text;
  // A trailing backslash would escape whatever the template puts next.
  if (text.endsWith('\\')) text += BREAK;
  return text;
}
