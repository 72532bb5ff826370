// The guide marker counts only where the tool writes it: the last line, at column 0, after a blank
// line, outside code. Everywhere else it is a person's text.
import { describe, expect, it } from 'vitest';
import { closeOpenFence, trailingGuideMarker } from '../../src/guide/own-marker.js';
import { withMarker } from '../../src/plan/marker.js';

const MARKER = '<!-- lifecycle-action {"v":1,"kind":"guide","digest":"0123456789abcdef"} -->';
const written = withMarker('### Lifecycle guidance\n\nThis pull request works on **Fine-tuning**.', { kind: 'guide' });

describe('trailingGuideMarker', () => {
  const ours: [string, string][] = [
    ['what withMarker writes', written],
    ['with CRLF line endings, as a comment edited on the web comes back', written.replace(/\n/g, '\r\n')],
    ['without the final newline', written.trimEnd()],
    ['with trailing blank lines', `${written}\n\n  \n`],
    ['after a fenced block that was closed', `text\n\n\`\`\`yaml\na: 1\n\`\`\`\n\n${MARKER}\n`],
    ['after a ~~~ fence closed by a longer one', `~~~\ncode\n~~~~~\n\n${MARKER}`],
    ['the marker alone', `${MARKER}\n`],
    ['with blanks after the marker', `text\n\n${MARKER}  \n`],
    ['after a line of blanks', `text\n  \n${MARKER}`],
    ['with CR line endings', written.replace(/\n/g, '\r')],
  ];
  it.each(ours)('found: %s', (_name, body) => {
    expect(trailingGuideMarker(body)).toMatchObject({ v: 1, kind: 'guide' });
  });

  const notOurs: [string, string][] = [
    ['quoted in a reply', `> ### Lifecycle guidance\n>\n> ${MARKER}\n\nI disagree.`],
    ['quoted as the last line', `Quoting the bot:\n\n> ${MARKER}\n`],
    ['inside a fenced code block', `See:\n\n\`\`\`\n${MARKER}\n\`\`\`\n`],
    ['inside a fence left open to the end', `See:\n\n\`\`\`html\nsome code\n\n${MARKER}\n`],
    ['inside a ~~~ fence left open', `~~~\n\n${MARKER}`],
    ['in an indented code block', `See:\n\n    ${MARKER}\n`],
    ['indented by a space', `See:\n\n ${MARKER}\n`],
    ['in the middle, with text after it', `${MARKER}\n\nand more text after it\n`],
    ['on the last line but after other text on that line', `see ${MARKER}\n`],
    ['straight after a paragraph line, not after a blank line', `some text\n${MARKER}\n`],
    ['a marker of another kind', withMarker('Task body', { kind: 'task', stage: 'scope', task: 'a' })],
    ['empty', ''],
    ['blank lines only', '\n \n'],
    ['a marker line whose JSON does not parse', 'text\n\n<!-- lifecycle-action {"v":1,"kind":"guide",} -->'],
  ];
  it.each(notOurs)('not found: %s', (_name, body) => {
    expect(trailingGuideMarker(body)).toBeNull();
  });

  it('no body at all', () => {
    expect(trailingGuideMarker(null)).toBeNull();
    expect(trailingGuideMarker(undefined)).toBeNull();
  });

  it('a backtick line with a backtick in its info string is not a fence', () => {
    expect(trailingGuideMarker(`\`\`\`not a fence\`\n\n${MARKER}`)).toMatchObject({ kind: 'guide' });
  });
});

describe('closeOpenFence', () => {
  const cases: [string, string, string][] = [
    ['no fence: unchanged', 'a\nb', 'a\nb'],
    ['a closed fence: unchanged', '```\nx\n```', '```\nx\n```'],
    ['an open backtick fence is closed with as many backticks', 'a\n````js\nx\n', 'a\n````js\nx\n````'],
    ['an open tilde fence is closed with tildes', '~~~\nx', '~~~\nx\n~~~'],
    ['a shorter run does not close a longer fence', '````\nx\n```', '````\nx\n```\n````'],
    ['blanks at the end go before the closing run', 'a\n```\nx\n\n  \n', 'a\n```\nx\n```'],
    ['CRLF lines', 'a\r\n```\r\nx', 'a\r\n```\r\nx\n```'],
    ['CR lines', 'a\r```\rx', 'a\r```\rx\n```'],
    ['a closing run may have blanks after it', '```\nx\n```  ', '```\nx\n```  '],
    ['a run with an info string does not close', '```\nx\n```js', '```\nx\n```js\n```'],
    ['a closing run may be indented by up to three spaces', '```\nx\n   ```', '```\nx\n   ```'],
    ['a run indented by four spaces is code, not a fence', '    ```\nx', '    ```\nx'],
    ['backticks do not close a tilde fence', '~~~\nx\n```', '~~~\nx\n```\n~~~'],
    ['a backtick in a backtick info string: not a fence', '```a`b\nx', '```a`b\nx'],
    ['a backtick in a tilde info string: still a fence', '~~~a`b\nx', '~~~a`b\nx\n~~~'],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(closeOpenFence(text)).toBe(expected);
  });

  it('whatever was cut, the marker written after it is found', () => {
    const cut = 'text\n\n```python\ndef f():\n    return 1\n\n…';
    expect(trailingGuideMarker(withMarker(cut, { kind: 'guide' }))).toBeNull();
    expect(trailingGuideMarker(withMarker(closeOpenFence(cut), { kind: 'guide' }))).toMatchObject({ kind: 'guide' });
  });
});
