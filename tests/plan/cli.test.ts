// `lifecycle plan` run as a user runs it: a temporary folder, files read back; the program runs in
// the test's process (tests/helpers/cli.ts).
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { PlanJson } from '../../src/cli/commands/plan.js';
import { startTestEmulator, TEST_TOKEN } from '../helpers/emulator.js';


const CONFIG = `version: 1
project:
  name: Support assistant
  start: 2027-01-04
  calendar: workdays
variables:
  foundation_model: true
stages:
  - id: scope
    name: Scope
    description: Decide what the assistant does.
    estimate: { duration: 3d }
    tasks:
      - id: define-use-case
        title: Define the use case
        checklist: [Users named, Examples collected]
      - id: success-criteria
        title: Set success criteria
  - id: pre-training
    name: Pre-training
    when: "!vars.foundation_model"
    estimate: { duration: 8w }
    tasks:
      - id: justify
        title: Justify pre-training
  - id: prompting
    name: Prompt engineering
    depends_on: [scope]
    estimate: { duration: 1w }
    tasks:
      - id: baseline
        title: Measure a zero-shot baseline
        assignees: [ada]
`;


const run = (cwd: string, args: string[], env: Record<string, string> = {}) => runCli(['plan', ...args], cwd, env);

async function project(config = CONFIG): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lifecycle-plan-'));
  await mkdir(join(dir, '.github'));
  await writeFile(join(dir, '.github/lifecycle.yml'), config);
  return dir;
}

describe('lifecycle plan', () => {
  it('prints a table of stages with due dates, skipped stages, labels and the critical path, offline', async () => {
    const { code, stdout } = await run(await project(), []);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Plan for Support assistant (offline, start 2027-01-04, workdays)');
    expect(lines.find((l) => l.trim().startsWith('scope'))).toMatch(/^\s+scope\s+2027-01-06\s+create\s+3 create$/); // the stage issue and two tasks
    expect(lines.find((l) => l.trim().startsWith('pre-training'))).toMatch(/pre-training\s+—\s+skipped \(vars\.foundation_model is true\)/);
    expect(lines.find((l) => l.trim().startsWith('prompting'))).toMatch(/prompting\s+2027-01-13\s+create\s+2 create$/);
    expect(stdout).toContain('  labels: 3 create\n');
    expect(stdout).toContain('Critical path: scope → prompting (8 workdays)');
    expect(stdout).toContain('10 writes planned for an empty repository; nothing was written.');
  });

  it('prints the plan and the schedule as JSON', async () => {
    const { code, stdout } = await run(await project(), ['--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as PlanJson;
    expect(json).toMatchObject({ repo: null, offline: true, writes: 10 });
    expect(json.plan.operations.filter((o) => o.op === 'create-issue').map((o) => (o.op === 'create-issue' ? o.task : '')).filter((t) => t !== '')).toEqual(['define-use-case', 'success-criteria', 'baseline']);
    expect(json.schedule.stages.map((s) => [s.id, s.due])).toEqual([
      ['scope', '2027-01-06'],
      ['pre-training', null],
      ['prompting', '2027-01-13'],
    ]);
  });

  it('writes every rendered milestone and issue as readable Markdown with --out', async () => {
    const dir = await project();
    const { code, stdout } = await run(dir, ['--out', 'preview']);
    expect(code).toBe(0);
    expect(stdout).toContain('Wrote 7 previews to preview/');
    expect((await readdir(join(dir, 'preview'), { recursive: true })).filter((f) => f.endsWith('.md')).sort()).toEqual([
      '01-scope/01-define-use-case.md',
      '01-scope/02-success-criteria.md',
      '01-scope/milestone.md',
      '01-scope/stage.md',
      '02-prompting/01-baseline.md',
      '02-prompting/milestone.md',
      '02-prompting/stage.md',
    ]);
    const stage = await readFile(join(dir, 'preview/01-scope/stage.md'), 'utf8');
    expect(stage.startsWith('# Stage: Scope\n\n> The stage\'s own issue, in milestone "Scope" (due 2027-01-06) · labels: `lifecycle`, `stage: scope`')).toBe(true);
    const milestone = await readFile(join(dir, 'preview/01-scope/milestone.md'), 'utf8');
    expect(milestone.startsWith('# Scope\n\n> Milestone of stage `scope` · due 2027-01-06\n')).toBe(true);
    const issue = await readFile(join(dir, 'preview/01-scope/01-define-use-case.md'), 'utf8');
    expect(issue).toContain('# Define the use case\n\n> Issue in milestone "Scope" (due 2027-01-06) · labels: `lifecycle`, `stage: scope`');
    expect(issue).toContain('- [ ] Users named');
    expect(issue).not.toContain('<!-- lifecycle-action');
    expect(await readFile(join(dir, 'preview/02-prompting/01-baseline.md'), 'utf8')).toContain('assignees: ada');
  });

  it('prints every diagnostic and exits 1 when the config is invalid', async () => {
    const broken = CONFIG.replace('depends_on: [scope]', 'depends_on: [scop]').replace('    name: Scope\n', '    nme: Scope\n');
    const { code, stdout, stderr } = await run(await project(broken), []);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^\.github\/lifecycle\.yml:\d+:\d+: error: .*nme/m);
    expect(stderr).toMatch(/^\.github\/lifecycle\.yml:\d+:\d+: error: .*scop/m);
    expect(stderr).toMatch(/\d+ errors?/);
  });

  it('stops before rendering on a broken template, with the diagnostics validate prints', async () => {
    const dir = await project();
    await mkdir(join(dir, '.github/lifecycle'));
    await writeFile(join(dir, '.github/lifecycle/task.md.hbs'), '{{task.title}}\n\n{{#each task.checklist}}\n- [ ] {{this}}\n');
    const plan = await run(dir, ['--out', 'preview']);
    const validate = await runCli(['validate'], dir);
    expect(plan).toEqual({ code: 1, stdout: '', stderr: '.github/lifecycle/task.md.hbs:3:1: error: {{#each}} is never closed; add {{/each}}\n1 error\n' });
    expect(validate.stdout).toBe(plan.stderr);
    await expect(readdir(join(dir, 'preview'))).rejects.toThrow();
  });

  it('exits 2 with a hint when there is no config, and when --repo is not owner/name', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lifecycle-plan-'));
    const missing = await run(empty, []);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('run "lifecycle init" to create one');
    const badRepo = await run(await project(), ['--repo', 'not a repo']);
    expect(badRepo).toMatchObject({ code: 2, stderr: expect.stringContaining('--repo must look like owner/name') });
  });

  it('compares with what a repository holds with --repo', async () => {
    const gh = await startTestEmulator();
    await gh.octokit().rest.issues.createMilestone({ ...gh.repoParams, title: 'Scope', description: 'made by hand' });
    const { code, stdout, stderr } = await run(await project(), ['--repo', `${gh.owner}/${gh.repo}`, '--api-url', gh.url, '--json'], { GITHUB_TOKEN: TEST_TOKEN });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as PlanJson;
    expect(json).toMatchObject({ repo: `${gh.owner}/${gh.repo}`, offline: false });
    expect(json.plan.operations.find((o) => o.op === 'adopt-milestone')).toMatchObject({ stage: 'scope', number: 1 });
    expect(json.plan.operations.filter((o) => o.op === 'create-milestone').map((o) => (o.op === 'create-milestone' ? o.stage : ''))).toEqual(['prompting']);
  });

  it('shows a closed milestone in the way of a stage as a conflict, and how to resolve it, with --repo', async () => {
    const gh = await startTestEmulator();
    await gh.octokit().rest.issues.createMilestone({ ...gh.repoParams, title: 'Scope', state: 'closed' });
    gh.log.clear();
    const { code, stdout } = await run(await project(), ['--repo', `${gh.owner}/${gh.repo}`, '--api-url', gh.url], { GITHUB_TOKEN: TEST_TOKEN });
    expect(code).toBe(0);
    expect(stdout.split('\n').find((l) => l.trim().startsWith('scope'))).toMatch(/^\s+scope\s+2027-01-06\s+conflict\s+3 create$/);
    expect(stdout).toContain('conflict: milestone #1 has the title "Scope" and no marker, and it is closed');
    expect(stdout).toContain('To resolve: rename milestone #1 so the tool can create the stage\'s own, or reopen it so the tool adopts it');
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
  });

  it('--format json is the same as --json', async () => {
    const dir = await project();
    const long = await run(dir, ['--format', 'json']);
    expect(long.code).toBe(0);
    expect((JSON.parse(long.stdout) as PlanJson).writes).toBe(10);
    expect((await run(dir, ['--json'])).stdout).toBe(long.stdout);
  });

  it('refuses a template over 1 MiB by name, without rendering it', async () => {
    const dir = await project();
    await mkdir(join(dir, '.github/lifecycle'));
    await writeFile(join(dir, '.github/lifecycle/task.md.hbs'), 'x'.repeat(3 * 1024 * 1024));
    const { code, stdout, stderr } = await run(dir, []);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`lifecycle: error: the template .github/lifecycle/task.md.hbs is larger than 1 MiB; what it renders must fit in 65536 characters\n`);
  });
});
