// The demo's steps on their own: the list the report is numbered from, and a step that reads what
// an earlier one makes, run without it.
import { describe, expect, it } from 'vitest';
import { newDemoState } from '../../src/demo/run.js';
import { DEMO_STEPS } from '../../src/demo/steps.js';
import type { DemoState } from '../../src/demo/types.js';

function freshState(lines: string[]): DemoState {
  return newDemoState({}, '/nowhere', (text) => text, (text) => lines.push(`   ${text}`));
}

describe('demo steps', () => {
  it('are ten, in the order the story is told', () => {
    expect(DEMO_STEPS.map((s) => s.heading.split(/[ :(]/)[0])).toEqual(['Generate', 'Start', 'First', 'The', 'A', 'Second', 'A', 'The', 'Requests', 'The']);
  });

  it('the Gantt step alone, before any sync: says what it lacks instead of printing a wrong chart', () => {
    const lines: string[] = [];
    const gantt = DEMO_STEPS.find((s) => s.heading.includes('Gantt'))!;
    expect(() => gantt.run(freshState(lines))).toThrow('demo: the first sync is made by an earlier step, which has not run');
    expect(lines).toEqual([]);
  });
});
