// `lifecycle validate` as a user runs it: real files, real exit codes; the program runs in the test's
// process (tests/helpers/cli.ts), and one case starts the bundled CLI as a process of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as lifecycle, runCliProcess } from '../helpers/cli.js';
import { formatReport, validateCommand } from '../../src/cli/commands/validate.js';
import { UsageError } from '../../src/cli/io.js';

const ROOT = resolve(import.meta.dirname, '../..');
const INVALID = join(ROOT, 'tests/fixtures/invalid');
const VALID = join(ROOT, 'tests/fixtures/valid');


const STACK = /\n\s+at .+:\d+:\d+/;
const MINIMAL = 'version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n    template: custom.md.hbs\n';

// A repository whose config is fine and whose templates are not: an override of the built-in task
// template with a block never closed, a milestone template reading a misspelled path.
const WITH_TASKS = 'version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n    template: custom.md.hbs\n    tasks:\n      - id: t\n        title: T\n';
const BROKEN_TEMPLATES = {
  'custom.md.hbs': '{{stage.name}}\n\nDue {{date stage.duee}}\n',
  'task.md.hbs': '{{task.description}}\n{{#if stage.due}}\nDue {{date stage.due}}\n',
};

let repo: string;
let broken: string;
beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'lifecycle-validate-'));
  await mkdir(join(repo, '.github', 'lifecycle'), { recursive: true });
  await writeFile(join(repo, '.github', 'lifecycle.yml'), MINIMAL);
  await writeFile(join(repo, '.github', 'lifecycle', 'custom.md.hbs'), '{{stage.name}}\n');
  broken = await mkdtemp(join(tmpdir(), 'lifecycle-broken-'));
  await mkdir(join(broken, '.github', 'lifecycle'), { recursive: true });
  await writeFile(join(broken, '.github', 'lifecycle.yml'), WITH_TASKS);
  for (const [name, text] of Object.entries(BROKEN_TEMPLATES)) await writeFile(join(broken, '.github', 'lifecycle', name), text);
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
  await rm(broken, { recursive: true, force: true });
});

describe.concurrent('lifecycle validate', () => {
  it('exits 0 on a valid file and says what it found', async () => {
    const run = await lifecycle(['validate', '--config', 'tests/fixtures/valid/genai-full.yml']);
    expect(run).toEqual({ code: 0, stdout: 'tests/fixtures/valid/genai-full.yml is valid: 8 stages and 13 tasks\n', stderr: '' });
  });

  it('exits 1 with file:line:col diagnostics and a summary, and no stack trace (a process)', async () => {
    const run = await runCliProcess(['validate', '--config', 'tests/fixtures/invalid/unknown-stage-key.yml']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      'tests/fixtures/invalid/unknown-stage-key.yml:10:5: error: unknown key "dependson" in stage "build" (did you mean "depends_on"?)\n1 error\n',
    );
    expect(run.stderr).toBe('');
  });

  it.each(['non-utf8.yml', 'billion-laughs.yml'])(
    'exits 1 on %s without a stack trace',
    async (name) => {
      const run = await lifecycle(['validate', '--config', `tests/fixtures/invalid/${name}`]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^tests/fixtures/invalid/${name.replace(/\./g, '\\.')}:\\d+:\\d+: error: `));
      expect(run.stdout + run.stderr).not.toMatch(STACK);
    },
  );

  it('uses .github/lifecycle.yml and its .github/lifecycle/ templates by default', async () => {
    const run = await lifecycle(['validate'], repo);
    expect(run).toMatchObject({ code: 0, stdout: '.github/lifecycle.yml is valid: 1 stage and 0 tasks\n' });
  });

  it('names the templates folder when a template is in neither place', async () => {
    const run = await lifecycle(['validate', '--templates', '.'], repo);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('.github/lifecycle.yml:7:15: error: template "custom.md.hbs" in stage "a" is neither in ./ nor among the built-in templates');
  });

  it('exits 2 with a hint when there is no config', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lifecycle-empty-'));
    const run = await lifecycle(['validate'], empty);
    await rm(empty, { recursive: true, force: true });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'lifecycle: cannot find .github/lifecycle.yml; run "lifecycle init" to create one, or pass --config <path>\n',
    });
  });

  it('exits 2 when the config is a folder or the templates folder is missing', async () => {
    const folder = await lifecycle(['validate', '--config', 'tests/fixtures']);
    expect(folder).toMatchObject({ code: 2, stdout: '', stderr: 'lifecycle: tests/fixtures is a directory, not a lifecycle.yml file\n' });
    const templates = await lifecycle(['validate', '--config', 'tests/fixtures/valid/minimal.yml', '--templates', 'no/such/dir']);
    expect(templates).toMatchObject({ code: 2, stderr: 'lifecycle: cannot find the templates folder no/such/dir/\n' });
  });

  // Root reads any file, so as root the built CLI runs as "nobody" from a copy in a folder that
  // user can enter (the clone's own folders may not be).
  it('exits 2 when the file cannot be read', async () => {
    const root = process.getuid?.() === 0;
    const dir = await mkdtemp(join(tmpdir(), 'lifecycle-locked-'));
    try {
      await chmod(dir, 0o755);
      const path = join(dir, 'locked.yml');
      await writeFile(path, MINIMAL);
      await chmod(path, 0o000);
      let run: { code: number | null; stderr: string };
      if (root) {
        await cp(join(ROOT, 'dist/cli'), join(dir, 'dist/cli'), { recursive: true });
        await cp(join(ROOT, 'templates'), join(dir, 'templates'), { recursive: true });
        const child = spawnSync(process.execPath, [join(dir, 'dist/cli/index.js'), 'validate', '--config', 'locked.yml'], { cwd: dir, uid: 65534, gid: 65534, encoding: 'utf8' });
        run = { code: child.status, stderr: child.stderr };
      } else {
        run = await lifecycle(['validate', '--config', 'locked.yml'], dir);
      }
      expect(run).toMatchObject({ code: 2, stderr: 'lifecycle: cannot read locked.yml: permission denied\n' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a format it does not know', async () => {
    const run = await lifecycle(['validate', '--format', 'xml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json.");
    expect(run.stderr).not.toMatch(STACK);
  });

  it('writes JSON for machines', async () => {
    const run = await lifecycle(['validate', '--config', 'tests/fixtures/invalid/unknown-dependency.yml', '--format', 'json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      file: 'tests/fixtures/invalid/unknown-dependency.yml',
      valid: false,
      errors: 1,
      warnings: 0,
      stages: null,
      tasks: null,
      diagnostics: [
        {
          file: 'tests/fixtures/invalid/unknown-dependency.yml',
          line: 10,
          column: 18,
          endLine: 10,
          endColumn: 30,
          severity: 'error',
          message: 'stage "rlhf" depends on "fine-tunning", which is not declared (did you mean "fine-tuning"?)',
        },
      ],
    });
  });

  it('colours when asked to (piped output above has none)', async () => {
    const forced = await lifecycle(['validate', '--config', 'tests/fixtures/invalid/bad-calendar.yml'], ROOT, { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[1;31merror\u001b[0m');
  });

  it('explains itself with --help', async () => {
    const run = await lifecycle(['validate', '--help']);
    expect(run.code).toBe(0);
    for (const text of ['--config <path>', '--templates <dir>', '--format <format>', 'Exit status:', '2  the command was misused']) expect(run.stdout).toContain(text);
  });
});

describe('lifecycle validate on broken templates', () => {
  it('exits 1 on broken templates, naming each template file, line and column', async () => {
    const run = await lifecycle(['validate'], broken);
    expect(run).toEqual({
      code: 1,
      stdout: [
        '.github/lifecycle/custom.md.hbs:3:12: error: "stage.duee" is not defined (did you mean "stage.due"?)',
        '.github/lifecycle/task.md.hbs:2:1: error: {{#if}} is never closed; add {{/if}}',
        '2 errors',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('lists template problems in the JSON report too', async () => {
    const run = await lifecycle(['validate', '--format', 'json'], broken);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { valid: boolean; errors: number; diagnostics: { file: string; line: number; column: number }[] };
    expect(report).toMatchObject({ valid: false, errors: 2 });
    expect(report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(['.github/lifecycle/custom.md.hbs:3:12', '.github/lifecycle/task.md.hbs:2:1']);
  });
});

describe('lifecycle validate (in process, every invalid fixture)', () => {
  const fixtures = readdirSync(INVALID).filter((name) => name.endsWith('.yml'));

  it.each(fixtures)('%s: fails with one file:line:col line per problem', async (name) => {
    const report = await validateCommand({ config: name }, INVALID);
    expect(report.valid).toBe(false);
    const lines = formatReport(report, false).trimEnd().split('\n');
    // A problem inside a template names the template, in the folder beside the fixtures.
    const file = `(${name.replace(/\./g, '\\.')}|lifecycle/[\\w./-]+\\.hbs)`;
    expect(lines.slice(0, -1).every((line) => new RegExp(`^${file}:\\d+:\\d+: (error|warning): \\S`).test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^\d+ errors?(, \d+ warnings?)?$/);
  });

  it('passes every valid fixture', async () => {
    for (const name of readdirSync(VALID).filter((n) => n.endsWith('.yml'))) {
      expect((await validateCommand({ config: name }, VALID)).valid, name).toBe(true);
    }
  });

  it('turns an unreadable input into a UsageError', async () => {
    await expect(validateCommand({ config: 'missing.yml' }, INVALID)).rejects.toThrow(UsageError);
  });
});

// One process at a time: each of these would hang or fill memory if the file were read as a stream.
describe('lifecycle validate refuses what is not a config file, and never reads past the limit', () => {
  it('a device (/dev/zero) is refused with exit 2, unread', async () => {
    const run = await lifecycle(['validate', '-c', '/dev/zero']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'lifecycle: /dev/zero is a device, not a lifecycle.yml file\n' });
  });

  it('a named pipe is refused with exit 2, without waiting for a writer', async () => {
    const pipe = join(repo, 'pipe.yml');
    execFileSync('mkfifo', [pipe]);
    const run = await lifecycle(['validate', '--config', 'pipe.yml'], repo);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'lifecycle: pipe.yml is a named pipe, not a lifecycle.yml file\n' });
  });

  it('a file over 1 MiB is an error at 1:1 and is not read (a sparse 4 GiB file answers at once)', async () => {
    const big = join(repo, 'big.yml');
    await writeFile(big, MINIMAL);
    await truncate(big, 4 * 1024 ** 3);
    const run = await lifecycle(['validate', '--config', 'big.yml', '--json'], repo);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { diagnostics: { line: number; column: number; message: string }[] };
    expect(report.diagnostics).toEqual([expect.objectContaining({ line: 1, column: 1, message: 'the file is larger than 1 MiB; a lifecycle.yml is expected to be far smaller' })]);
  });

  it('--json is --format json', async () => {
    const config = ['--config', 'tests/fixtures/invalid/unknown-dependency.yml'];
    const long = await lifecycle(['validate', ...config, '--format', 'json']);
    const short = await lifecycle(['validate', ...config, '--json']);
    expect(short).toEqual(long);
    expect(JSON.parse(short.stdout)).toMatchObject({ valid: false, errors: 1 });
  });
});
