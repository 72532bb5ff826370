// The bundle, run as GitHub's runner runs it, with `command: validate`.
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runAction } from '../helpers/runner.js';

async function workspaceWith(fixture: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
  await mkdir(path.join(dir, '.github'), { recursive: true });
  await copyFile(path.join(ROOT, 'tests/fixtures', fixture), path.join(dir, '.github/lifecycle.yml'));
  return dir;
}

describe('dist/index.js with command: validate', () => {
  it('annotates each problem on its file, line and column and fails the step', async () => {
    const workspace = await workspaceWith('invalid/unknown-stage-key.yml');
    const result = await runAction({ workspace, inputs: { command: 'validate' }, eventName: 'pull_request' });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error' && a.properties.file);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: '.github/lifecycle.yml', line: '10', col: '5' });
    expect(errors[0]?.message).toMatch(/unknown key "dependson".*did you mean "depends_on"/);
    expect(result.outputs.valid).toBe('false');
    expect(result.outputs.command).toBe('validate');
    expect(result.summary).toContain('.github/lifecycle.yml has 1 error');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  });

  it('annotates a problem in a template on the template file, and fails the step', async () => {
    const workspace = await workspaceWith('valid/minimal.yml');
    await mkdir(path.join(workspace, '.github/lifecycle'), { recursive: true });
    await writeFile(path.join(workspace, '.github/lifecycle/milestone.md.hbs'), '{{stage.name}}\n\nDue {{date stage.duee}}\n');
    const result = await runAction({ workspace, inputs: { command: 'validate' }, eventName: 'pull_request' });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error' && a.properties.file);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.properties).toMatchObject({ file: '.github/lifecycle/milestone.md.hbs', line: '3', col: '12' });
    expect(errors[0]?.message).toBe('"stage.duee" is not defined (did you mean "stage.due"?)');
    expect(result.outputs.valid).toBe('false');
    expect(result.summary).toContain('.github/lifecycle/milestone.md.hbs:3:12: error: "stage.duee" is not defined');
  });

  it('passes a valid config and says so in the job summary', async () => {
    const workspace = await workspaceWith('valid/minimal.yml');
    const result = await runAction({ workspace, inputs: { command: 'validate' } });
    expect(result.exitCode).toBe(0);
    expect(result.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(result.outputs.valid).toBe('true');
    expect(result.summary).toContain('.github/lifecycle.yml is valid');
  });

  it('a checked-out lifecycle.yml with HTML, backticks and line breaks in a key: escaped in the summary, one line per annotation', async () => {
    const workspace = await workspaceWith('valid/minimal.yml');
    const file = path.join(workspace, '.github/lifecycle.yml');
    const key = '"```\\n</code></pre><img src=x onerror=alert(1)>\\n@org/team": 1';
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^project:\n/m, `project:\n  ${key}\n`));
    const result = await runAction({ workspace, inputs: { command: 'validate' }, eventName: 'pull_request' });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error' && a.properties.file);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('unknown key "```\\n</code></pre><img src=x onerror=alert(1)>\\n@org/team"');
    // Only the summary's own tags; the key's are escaped inside the <pre>.
    expect(result.summary.replace(/<\/?(h2|pre|code)( lang="text")?>/g, '')).not.toMatch(/[<>]/);
    expect(result.summary).toContain('&lt;/code&gt;&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(result.summary).not.toContain('@org');
  });

  it('fails with a clear message, not a stack trace, when the config is missing', async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
    const result = await runAction({ workspace, inputs: { command: 'validate' } });
    expect(result.exitCode).toBe(1);
    const failure = result.annotations.find((a) => a.level === 'error');
    expect(failure?.message).toMatch(/cannot find \.github\/lifecycle\.yml.*actions\/checkout/);
    expect(result.summary).toContain('lifecycle-action failed');
  });
});
