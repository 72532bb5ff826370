// Dependency cycles, checked against a plain topological sort over random graphs.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { stronglyConnected } from '../../src/config/checks.js';
import { loadConfigText } from '../../src/config/load.js';

/** Kahn's algorithm: true when every node can be ordered, i.e. there is no cycle. */
function acyclic(edges: number[][]): boolean {
  const indegree = edges.map(() => 0);
  for (const out of edges) for (const to of out) indegree[to] = (indegree[to] ?? 0) + 1;
  const queue = indegree.flatMap((d, i) => (d === 0 ? [i] : []));
  let seen = 0;
  while (queue.length > 0) {
    const v = queue.pop() as number;
    seen++;
    for (const to of edges[v] ?? []) {
      indegree[to] = (indegree[to] ?? 0) - 1;
      if (indegree[to] === 0) queue.push(to);
    }
  }
  return seen === edges.length;
}

// Each stage either keeps the default (the stage before it) or lists explicit dependencies.
const graphs = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.array(fc.option(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { nil: undefined }), { minLength: n, maxLength: n }),
);

describe('dependency cycles', () => {
  it('are reported exactly when the stages cannot be ordered, and each printed cycle is real', () => {
    fc.assert(
      fc.property(graphs, (deps) => {
        const stages = deps.map((d, i) => ({ id: `s${i}`, name: `S${i}`, ...(d === undefined ? {} : { depends_on: d.map((j) => `s${j}`) }) }));
        const edges = deps.map((d, i) => (d === undefined ? (i > 0 ? [i - 1] : []) : d.filter((j) => j !== i)));
        const text = stringify({ version: 1, project: { name: 'P' }, stages });
        const messages = loadConfigText(text, 'x.yml').diagnostics.map((x) => x.message);
        const cycles = messages.filter((m) => m.startsWith('dependency cycle: '));
        expect(cycles.length > 0).toBe(!acyclic(edges));
        expect(cycles.length).toBe(stronglyConnected(edges.map((out) => out.map((to) => ({ to })))).length);
        for (const message of cycles) {
          const ids = (/^dependency cycle: ([^;]*)/.exec(message)?.[1] ?? '').split(' -> ').map((id) => Number(id.slice(1)));
          expect(ids[0]).toBe(ids[ids.length - 1]);
          for (let k = 0; k + 1 < ids.length; k++) expect(edges[ids[k] as number]).toContain(ids[k + 1]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('handles a chain of thousands of stages without running out of stack', () => {
    const edges = Array.from({ length: 20_000 }, (_, i) => (i === 0 ? [{ to: 19_999 }] : [{ to: i - 1 }]));
    expect(stronglyConnected(edges)).toHaveLength(1);
  });
});
