import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/render/limits.js';

describe('truncate', () => {
  it.each([
    ['text that fits exactly', 'abcd', 4, 'abcd'],
    ['text one unit too long', 'abcde', 4, 'abc…'],
    ['a pair that would be split at the cut (U+1F600)', 'ab😀cd', 4, 'ab…'],
    ['a pair whose high half is the lowest (U+10000)', 'ab\uD800\uDC00cd', 4, 'ab…'],
    ['a pair whose high half is the highest (U+10FFFF)', 'ab\uDBFF\uDFFFcd', 4, 'ab…'],
    ['a pair that ends right before the cut', 'a😀bc', 4, 'a😀…'],
    ['a lone low half before the cut, kept', 'ab\uDC00cd', 4, 'ab\uDC00…'],
  ])('keeps %s within the limit', (_what, text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
    expect(truncate(text, max).length).toBeLessThanOrEqual(max);
  });
});
