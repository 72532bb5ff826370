import { beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { computeSchedule } from '../../src/schedule/schedule.js';
import { ganttChart } from '../../src/schedule/gantt.js';
import { makeConfig, stage } from './helpers.js';

type Mermaid = { parse: (text: string) => Promise<unknown> };
let mermaid: Mermaid;

beforeAll(async () => {
  // Mermaid sanitizes with DOMPurify, which needs a window; its parser needs nothing else.
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const g = globalThis as Record<string, unknown>;
  g.window ??= dom.window;
  g.document ??= dom.window.document;
  mermaid = ((await import('mermaid')) as unknown as { default: Mermaid }).default;
});

const genai = makeConfig(
  [
    stage('scope', '3d', { name: 'Scope: use case & model' }),
    stage('pre-training', '8w', { when: '!vars.foundation_model' }),
    stage('prompt-engineering', '1w', { name: 'Prompt engineering; #1 try' }),
    stage('fine-tuning', "${{ vars.reward_model && '2d' || '6d' }}"),
    stage('review', null),
    stage('crit', '2d', { name: 'Deployment' }),
  ],
  {},
  { foundation_model: true, reward_model: false },
);

describe('ganttChart', () => {
  it("produces text Mermaid 11's own parser accepts", async () => {
    const text = ganttChart(genai, computeSchedule(genai));
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'gantt' });
  });

  it('is accepted on the days calendar too', async () => {
    const config = makeConfig([stage('a', '3d'), stage('b', '2w')], { calendar: 'days' });
    const text = ganttChart(config, computeSchedule(config));
    expect(text).not.toContain('excludes');
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
  });

  it('proves the parser rejects broken charts, so the test above means something', async () => {
    await expect(mermaid.parse('gantt\n  dateFormat YYYY-MM-DD\n  A : a, 2027-01-04, 3d\n  no colon here\n')).rejects.toThrow();
  });

  it('has one task per active stage, with dates, durations, weekends excluded and the critical path marked', () => {
    const text = ganttChart(genai, computeSchedule(genai));
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 5)).toEqual(['gantt', '  title Test project', '  dateFormat YYYY-MM-DD', '  axisFormat %d %b', '  excludes weekends']);
    expect(lines.filter((l) => /^ {2}\S.* :/.test(l))).toEqual([
      '  Scope use case & model :crit, s-scope, 2027-01-04, 3d',
      '  Prompt engineering 1 try :crit, s-prompt-engineering, 2027-01-07, 5d',
      '  fine tuning :crit, s-fine-tuning, 2027-01-14, 6d',
      '  review :crit, milestone, s-review, 2027-01-22, 0d',
      '  Deployment :crit, s-crit, 2027-01-22, 2d',
    ]);
    expect(text).not.toContain('pre-training');
  });

  it('is empty without a start date, since a chart needs dates', () => {
    const config = makeConfig([stage('a', '3d')], { start: undefined });
    expect(ganttChart(config, computeSchedule(config))).toBe('');
  });
});
