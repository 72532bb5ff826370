// Markers and task-list boxes are read from comments and issue bodies that people write. Each of
// these inputs took time that grows with the square of its length under the former regular
// expressions (seconds to minutes here); the assertions are on results, the test timeout guards the
// time. The answers themselves are the former ones: see the table at the end.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carryTicks, tickedItems } from '../../src/plan/checkboxes.js';
import { digest, parseMarker, setMarker, stripMarker, untickAll } from '../../src/plan/marker.js';

const PREFIX = '<!-- lifecycle-action {';
const GUIDE = '<!-- lifecycle-action {"v":1,"kind":"guide","digest":"abc"} -->';

describe('text made to be slow', () => {
  it('a line made of marker openings that never close', () => {
    const text = PREFIX.repeat(Math.ceil(1_048_576 / PREFIX.length));
    expect(parseMarker(text)).toBeNull();
    expect(stripMarker(text)).toBe(text);
    expect(parseMarker(`${text}\n${GUIDE}`)).toEqual({ v: 1, kind: 'guide', digest: 'abc' });
  });

  it('many lines of marker openings closed at the very end', () => {
    const text = `${`${PREFIX}x\n`.repeat(40_000)}} -->`;
    expect(parseMarker(text)).toBeNull();
    expect(stripMarker(`${text}\n${GUIDE}\nafter`)).toBe(`${text}after`);
  });

  it('a body of blank lines ending in a tick that is not a box', () => {
    const blank = '\n'.repeat(262_144);
    expect(untickAll(`${blank}[x] not a box`)).toBe(`${blank}[x] not a box`);
    expect(untickAll(`${blank}- [x] done`)).toBe(`${blank}- [ ] done`);
    expect(digest(`${blank}- [x] done`)).toBe(digest(`${blank}- [ ] done`));
  });

  it('a ticked box followed by blanks and a carriage return', () => {
    const line = `- [x]${' '.repeat(131_072)}\rnot an item`;
    expect([...tickedItems(line)]).toEqual([]);
    expect([...tickedItems(`- [x]${' '.repeat(65_536)}item`)]).toEqual([['item', 1]]);
    expect(carryTicks(`- [ ] item\n- [ ]${' '.repeat(65_536)}\r`, `- [x] item`)).toBe(`- [x] item\n- [ ]${' '.repeat(65_536)}\r`);
  });

  it('setMarker keeps every character around the marker it replaces', () => {
    const text = `${' '.repeat(65_536)}x\n${GUIDE}\n${' \n'.repeat(1000)}`;
    expect(setMarker(text, { v: 1, kind: 'guide', digest: 'new' })).toBe(
      `${' '.repeat(65_536)}x\n<!-- lifecycle-action {"v":1,"kind":"guide","digest":"new"} -->\n${' \n'.repeat(1000)}`,
    );
  });
});

describe('the same answers as the regular expressions they replace', () => {
  const MARKER = /<!-- lifecycle-action (\{[^\n]*?\}) -->/;
  const pieces = [PREFIX, '<!-- lifecycle-action ', '{', '}', ' -->', '} -->', '{"v":1,"kind":"guide","digest":"a"}', '\n', '\r', '\r\n', '\u2028', ' ', '\t', 'x', '- ', '* ', '[x]', '[X]', '[ ]', '- [x] '];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 20 }).map((p) => p.join(''));

  it('markers, stripping and unticking', () => {
    fc.assert(
      fc.property(text, (t) => {
        const json = MARKER.exec(t)?.[1];
        expect(parseMarker(t)).toEqual(json === undefined ? null : parseMarker(`${PREFIX.slice(0, -1)}${json} -->`));
        expect(stripMarker(t)).toBe(t.replace(/\n?<!-- lifecycle-action \{[^\n]*?\} -->\n?/g, '').replace(/\r\n/g, '\n').trimEnd());
        expect(untickAll(t)).toBe(/\[[xX]\]/.test(t) ? t.replace(/^(\s*[-*+] )\[[xX]\]/gm, '$1[ ]') : t);
      }),
      { numRuns: 2000, seed: 20270104 },
    );
  });

  it('ticked items', () => {
    const BOX = /^(\s*[-*+] \[)([ xX])(\](?:[ \t]+(.*))?)$/;
    fc.assert(
      fc.property(text, (t) => {
        const expected = new Map<string, number>();
        for (const line of t.replace(/\r\n/g, '\n').split('\n')) {
          const m = BOX.exec(line);
          if (m && m[2] !== ' ') expected.set((m[4] ?? '').trim(), (expected.get((m[4] ?? '').trim()) ?? 0) + 1);
        }
        expect(tickedItems(t)).toEqual(expected);
      }),
      { numRuns: 2000, seed: 20270104 },
    );
  });
});
