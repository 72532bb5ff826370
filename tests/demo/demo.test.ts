// The demo is what a newcomer sees first (`npm start`): its report must tell the true story.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, runDemo } from '../../src/demo/run.js';
import type { DemoReport } from '../../src/demo/run.js';
import { checkEverything } from '../helpers/exchange-check.js';
import { formatViolations } from '../helpers/openapi.js';
import type { OpenApiViolation } from '../helpers/openapi.js';

let report: DemoReport;
const lines: string[] = [];
const violations: OpenApiViolation[] = [];

beforeAll(async () => {
  report = await runDemo({ write: (line) => lines.push(line), onExchange: (exchange) => violations.push(...checkEverything(exchange)) });
});

describe('lifecycle demo', () => {
  it('tells the story in order, one numbered heading per step', () => {
    const headings = lines.filter((line) => /^\d+\. /.test(line));
    expect(headings.map((h) => h.split(' ')[0])).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.', '10.']);
    expect(headings.join('\n')).toMatch(/init[\s\S]*emulator[\s\S]*First sync[\s\S]*Gantt[\s\S]*pull request[\s\S]*Second sync[\s\S]*stage finishes[\s\S]*daily run[\s\S]*Requests[\s\S]*dashboard/);
  });

  it('generates the Generative AI repository with its folder skeleton', () => {
    expect(report.files).toContain('.github/lifecycle.yml');
    expect(report.files).toContain('.github/workflows/lifecycle.yml');
    expect(report.files).toContain('finetune/README.md');
  });

  it('the first sync creates one milestone per active stage, each with a due date and issues', () => {
    const active = report.stages.filter((s) => !s.skipped);
    expect(report.stages.find((s) => s.id === 'pre-training')?.skipped).toBe(true);
    expect(report.firstSync.milestones).toBe(active.length);
    expect(active.length).toBeGreaterThanOrEqual(6);
    for (const stage of active) {
      expect(stage.milestone, stage.id).not.toBeNull();
      expect(stage.due, stage.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(stage.due! >= DEMO.start).toBe(true);
      expect(stage.issues, stage.id).toBeGreaterThan(0);
    }
    expect(report.firstSync.issues).toBe(active.reduce((sum, s) => sum + s.issues, 0));
    expect(report.firstSync.stageIssues).toBe(active.length);
    // One write per object created, then one per sub-issue and per dependency edge, and the dashboard issue.
    expect(report.firstSync.links).toBeGreaterThanOrEqual(report.firstSync.issues + active.length - 1);
    expect(report.firstSync.writes).toBe(report.firstSync.created + report.firstSync.links + 1);
    // Dates on the page match the ones the sync computed.
    const scope = active[0]!;
    expect(lines.some((line) => line.includes(scope.name) && line.includes(scope.due!))).toBe(true);
  });

  it('prints the Gantt chart as Mermaid text', () => {
    expect(report.gantt).toMatch(/^gantt\n/);
    expect(lines.some((line) => line.trim() === 'gantt')).toBe(true);
  });

  it('the pull request touching finetune/ gets exactly one guidance comment, for fine-tuning', () => {
    expect(report.pull.files.every((f) => f.startsWith('finetune/'))).toBe(true);
    expect(report.pull.matchedStages).toEqual(['fine-tuning']);
    expect(report.pull.action).toBe('created');
    expect(report.pull.comments).toBe(1);
    expect(report.pull.comment).toContain('Fine-tuning');
    expect(report.pull.comment).toMatch(/- \[ \] /);
    expect(lines.join('\n')).toContain(report.pull.comment!.split('\n')[0]!);
  });

  it('the second sync writes nothing', () => {
    expect(report.secondSync.writes).toBe(0);
    expect(lines.join('\n')).toContain('0 writes');
  });

  it('a finished stage closes its issue and milestone, the next stage opens, and the guidance moves on', () => {
    const { progress } = report;
    expect(progress.closed.length).toBeGreaterThan(0);
    // Every stage that waited on scope alone opens and is told so.
    expect(progress.current.length).toBeGreaterThan(0);
    expect(progress.current).not.toContain('scope');
    expect(progress.transitions.map((t) => t.split(' ').slice(0, 2).join(' '))).toEqual([
      'close-stage-issue scope',
      'close-milestone scope',
      ...progress.current.map((stage) => `announce-stage ${stage}`),
    ]);
    expect(progress.guideBefore).toContain('The project is in');
    expect(progress.guideAfter).toContain('The project is in');
    expect(progress.guideAfter).not.toBe(progress.guideBefore);
    expect(lines.join('\n')).toContain('Current stage');
  });

  it('reports request counts from the emulator log that add up', () => {
    const steps = report.requests.steps;
    expect(steps.map((s) => s.step)).toEqual(['first sync', 'pull request guidance', 'second sync', 'a person closes issues', 'issues.closed sync', 'guidance again', 'daily sync']);
    expect(steps.reduce((sum, s) => sum + s.reads + s.writes, 0)).toBe(report.requests.total);
    expect(steps[2]?.writes).toBe(0);
    // The stage's close: its comment, its issue, its milestone; each next stage's comment and record.
    expect(steps[4]?.writes).toBe(3 + 2 * report.progress.current.length);
    // The event's run stays within 5 + ⌈issues of the stages it affects / 100⌉ reads (the whole story
    // has fewer than 100 issues); the daily run writes only the dashboard.
    expect(steps[4]!.reads).toBeLessThanOrEqual(6);
    expect(steps[6]?.writes).toBe(1);
  });

  it('ends with the dashboard as GitHub shows it, after the first stage finished two days late and the forecast moved', () => {
    const text = lines.join('\n');
    const end = text.slice(text.lastIndexOf('7. '));
    expect(end).toContain('The event\'s run read the milestones');
    expect(end).toMatch(/2027-01-12: @ada closes (#\d+, ){3}#\d+, every task of Scope and model selection, which was due 2027-01-08/);
    expect(end).toContain('**Forecast end:** 2027-04-06 (planned 2027-03-10, later)');
    expect(end).toContain('| done | 2027-01-04 | 2027-01-08 | 2027-01-04 | 2027-01-12 | 2027-01-12 | 4/4 | finished 2 workdays late |');
    expect(end).toContain('```mermaid');
    expect(end).not.toContain('lifecycle-action {');
  });

  it('every request and answer fits GitHub\'s REST description, headers, error shape and the strict layer', () => {
    expect(formatViolations(violations)).toBe(formatViolations([]));
  });

  it('cleans up its temporary repository', () => {
    expect(existsSync(report.repoDir)).toBe(false);
  });
});
