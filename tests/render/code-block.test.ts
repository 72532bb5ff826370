import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeFence, htmlCode } from '../../src/render/code-block.js';
import { BREAK } from '../../src/render/escape.js';

/** The lines CommonMark keeps inside a fenced block: up to the first line that closes it. */
function fencedContent(block: string): { fence: string; inside: string[]; after: string[] } {
  const [open = '', ...rest] = block.split('\n');
  const fence = /^`+/.exec(open)?.[0] ?? '';
  const closes = (line: string) => new RegExp(`^ {0,3}\`{${fence.length},}[ \\t]*$`).test(line);
  const end = rest.findIndex(closes);
  return { fence, inside: end === -1 ? rest : rest.slice(0, end), after: end === -1 ? [] : rest.slice(end + 1) };
}

describe('codeFence', () => {
  it('uses a fence longer than any backtick run in the text', () => {
    expect(codeFence('a.yml:1:1: error: x')).toBe('```text\na.yml:1:1: error: x\n```');
    expect(codeFence('unknown key "```"\n````')).toBe('`````text\nunknown key "```"\n````\n`````');
  });

  it('breaks mentions inside', () => {
    expect(codeFence('name "@org/team"')).toBe(`\`\`\`text\nname "@${BREAK}org/team"\n\`\`\``);
  });

  it('cannot be closed early by anything in the text (property)', () => {
    const text = fc.array(fc.oneof(fc.constantFrom('`', '```', '````', '\n', ' ', '~~~', 'a', '<img src=x>'), fc.string()), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const block = codeFence(t);
        const { inside, after } = fencedContent(block);
        expect(after).toEqual([]);
        expect(inside.join('\n')).toBe(t.replace(/[@＠﹫]/g, `$&${BREAK}`));
      }),
    );
  });
});

describe('htmlCode', () => {
  it('escapes what HTML would read as markup, so nothing can leave the <pre>', () => {
    expect(htmlCode('x: "</code></pre><img src=x onerror=alert(1)> &amp; @org/team"')).toBe(
      `x: "&lt;/code&gt;&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt; &amp;amp; @${BREAK}org/team"`,
    );
  });
});
