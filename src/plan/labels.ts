// Labels: matched by name without regard to case, as GitHub does. Created or updated, never deleted.
import type { PlanContext } from './context.js';
import { quote } from './context.js';
import type { CurrentLabel, DesiredLabel, LabelFields } from './model.js';

function sameColor(a: string, b: string): boolean {
  return a.replace(/^#/, '').toLowerCase() === b.replace(/^#/, '').toLowerCase();
}

export function planLabels(desired: readonly DesiredLabel[], current: readonly CurrentLabel[], ctx: PlanContext): void {
  const byName = new Map<string, CurrentLabel>();
  for (const label of current) {
    const key = label.name.toLowerCase();
    if (!byName.has(key)) byName.set(key, label);
  }
  const planned = new Set<string>();
  for (const d of desired) {
    const key = d.name.toLowerCase();
    if (planned.has(key)) continue;
    planned.add(key);
    const cur = byName.get(key);
    if (!cur) {
      ctx.operations.push({ op: 'create-label', label: d, reason: `label ${quote(d.name)} does not exist` });
      continue;
    }
    const changes: LabelFields = {};
    const why: string[] = [];
    if (!sameColor(cur.color, d.color)) {
      changes.color = d.color;
      why.push(`colour ${cur.color} → ${d.color}`);
    }
    if ((cur.description ?? '') !== d.description) {
      changes.description = d.description;
      why.push('description changed');
    }
    // The name keeps the case the repository already uses: GitHub treats both as the same label.
    if (why.length > 0) ctx.operations.push({ op: 'update-label', name: cur.name, changes, reason: why.join('; ') });
    else ctx.operations.push({ op: 'noop', kind: 'label', name: cur.name, reason: 'up to date' });
  }
}
