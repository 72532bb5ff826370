// YAML-ish texts for comparing two parsers: documents written in the ways people write them (block
// and flow, every core scalar, quoted or not, comments, merge keys, duplicate keys), then, for some,
// damaged the ways files get damaged (a character dropped or added, a line indented or dedented,
// lines swapped).
import fc from 'fast-check';

const SCALARS = [
  '~', 'null', 'Null', 'NULL', 'nULL', 'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '-0', '+0', '012', '+12', '-12', '0o17', '0o8', '0O17', '0x1F', '0X1F', '0xg', '1_000', '0b101', '123456789012345678901234567890',
  '1.5', '-1.5', '.5', '5.', '+.5', '1.50', '1e3', '1E-3', '1.e3', '.5e2', '1e400', '.inf', '-.Inf', '+.INF', '.NaN', '.nan', 'NAN', 'nan', 'inf',
  '2027-01-04', '2027-01-04T10:00:00Z', '12:30', '1:20:30', 'a', 'Stage 1', 'vars.team_size > 2', 'x: y', 'a #b', 'a#b', 'é模型', '"quoted"', "'single'",
  '"esc \\t \\u00e9 \\x41 \\/ \\N \\_ \\" \\\\"', '"bad \\q"', "'it''s'", '""', "''", '"<<"', '<<', '"null"', '"~"', "'true'", '"1"', '@x', '`x`', '%x', '-x', '?x', ':x', 'x:', 'a, b', 'a]', 'a}',
  '"s0/**"', '[a, b]', '[a: b]', '{ a: 1, b: [c, d] }', '{}', '[]', '{a: 1, a: 2}', '"multi\n  line"', 'plain\n  folded', '|\n  literal\n  block', '>-\n  folded\n  block\n', '|+\n  kept\n\n', '|\n  x\n    \n  y', '>\n  x\n    more\n  z', '|-\n  x\n\n', '| # c\n  # not a comment', '"x\\\n  y"',
];
const KEYS = ['id', 'name', 'title', 'tasks', 'stages', 'when', 'a', 'b', 'a b', '"a"', "'b'", '1', '0x1', '1.0', 'true', 'null', '~', '"null"', '<<', '"<<"', '__proto__', 'NaN', '.nan', '"x\\ny"', '[a, b]', '{a: 1}', '? a', '? [a]', '"k: v"', 'k#'];

type Tree = { scalar: string } | { seq: Tree[]; flow: boolean } | { map: [string, Tree][]; flow: boolean };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: fc.constantFrom(...SCALARS).map((scalar) => ({ scalar })) },
    fc.record({ seq: fc.array(tie('tree'), { maxLength: 4 }), flow: fc.boolean() }),
    { weight: 2, arbitrary: fc.record({ map: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('tree')), { maxLength: 4 }), flow: fc.boolean() }) },
  ),
})).tree;

function indentLines(text: string, by: string): string {
  return text.split('\n').map((l, i) => (i === 0 || l === '' ? l : by + l)).join('\n');
}

function flowText(node: Tree): string {
  if ('scalar' in node) return node.scalar.includes('\n') || /^[|>]/.test(node.scalar) ? JSON.stringify(node.scalar) : node.scalar;
  if ('seq' in node) return `[${node.seq.map(flowText).join(', ')}]`;
  return `{ ${node.map.map(([k, v]) => `${k}: ${flowText(v)}`).join(', ')} }`;
}

function blockText(node: Tree, indent: number): string {
  const pad = ' '.repeat(indent);
  if ('scalar' in node) return indentLines(node.scalar, pad);
  if (node.flow) return flowText(node);
  if ('seq' in node) {
    if (node.seq.length === 0) return '[]';
    return node.seq.map((item) => `${pad}- ${blockText(item, indent + 2).trimStart()}`).join('\n');
  }
  if (node.map.length === 0) return '{}';
  return node.map
    .map(([k, v]) => {
      const inner = blockText(v, indent + 2);
      const nested = ('seq' in v || 'map' in v) && !v.flow && inner.trimStart() !== '[]' && inner.trimStart() !== '{}';
      return nested ? `${pad}${k}:\n${inner.startsWith(pad) ? inner : pad + '  ' + inner.trimStart()}` : `${pad}${k}: ${inner.trimStart()}`;
    })
    .join('\n');
}

type Edit = (lines: string[], at: number, extra: string) => string[];
const EDITS: Edit[] = [
  (ls, at) => ls.filter((_, i) => i !== at),
  (ls, at) => ls.map((l, i) => (i === at ? ` ${l}` : l)),
  (ls, at) => ls.map((l, i) => (i === at ? l.replace(/^ /, '') : l)),
  (ls, at) => ls.map((l, i) => (i === at ? l.replace(/^ {2}/, '') : l)),
  (ls, at) => ls.map((l, i) => (i === at ? `${l}${l.slice(-1)}` : l)),
  (ls, at) => ls.map((l, i) => (i === at ? l.slice(0, -1) : l)),
  (ls, at, extra) => ls.map((l, i) => (i === at ? `${l.slice(0, Math.floor(l.length / 2))}${extra}${l.slice(Math.floor(l.length / 2))}` : l)),
  (ls, at, extra) => ls.map((l, i) => (i === at ? `${l}${extra}` : l)),
  (ls, at) => (at + 1 < ls.length ? [...ls.slice(0, at), ls[at + 1] ?? '', ls[at] ?? '', ...ls.slice(at + 2)] : ls),
  (ls, at) => [...ls.slice(0, at + 1), ls[at] ?? '', ...ls.slice(at + 1)],
];
const EXTRA = [':', ': ', ' #', '#', '-', '- ', '"', "'", '[', ']', '{', '}', ',', '?', '? ', '|', '>', '&a ', '*a', '!', '\t', '\r', '  ', 'x', '\\', '\u00a0', '\ufeff', '\u0007', '\u007f', '\u0085', '\u2028', '---', '...'];

// Mostly a block mapping at the root, as a config is; sometimes anything.
const root: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEYS), tree), { minLength: 1, maxLength: 5 }).map((map): Tree => ({ map, flow: false })) },
  tree,
);

/** A document, perhaps damaged, with LF or CRLF line ends. */
export const yamlText: fc.Arbitrary<string> = fc
  .tuple(
    root,
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: EDITS.length - 1 }), fc.constantFrom(...EXTRA)), { maxLength: 2 }),
    fc.boolean(),
    fc.constantFrom('', '# a comment\n', '---\n'),
  )
  .map(([node, edits, crlf, head]) => {
    let lines = (head + blockText(node, 0)).split('\n');
    for (const [at, edit, extra] of edits) lines = (EDITS[edit] ?? EDITS[0] as Edit)(lines, lines.length === 0 ? 0 : at % lines.length, extra);
    return `${lines.join(crlf ? '\r\n' : '\n')}\n`;
  });
