// Over generated YAML (every core scalar kind, quoted and plain, block and flow, comments, merge and
// duplicate keys, and damaged copies of all that): whenever the data-only read gives data, the
// `yaml` package's parse reports nothing for the file and gives the same data, key order included.
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAX_ALIAS_COUNT } from '../../src/config/load.js';
import { readPlainData } from '../../src/config/plain-data.js';
import { yamlText } from './yaml-texts.js';

const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, merge: true, version: '1.2', logLevel: 'error' } as const;

function sameData(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  return keys.length === other.length && keys.every((k, i) => k === other[i] && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

describe('the data-only read', () => {
  it('gives data only where the full parse finds nothing, and the same data', () => {
    let taken = 0;
    fc.assert(
      fc.property(yamlText, (text) => {
        const plain = readPlainData(text);
        if (plain === null) return;
        taken++;
        const doc = parseDocument(text, PARSE_OPTIONS);
        expect([doc.errors.map((e) => e.code), doc.warnings.map((w) => w.code)], text).toEqual([[], []]);
        expect(sameData(plain.value, doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })), text).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // Most generated texts are plain enough, or the property would say little.
    expect(taken).toBeGreaterThan(300);
  });
});
