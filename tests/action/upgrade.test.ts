// `command: upgrade`, run from source as the runner would (INPUT_* and GITHUB_* variables, the
// output and summary files), against the emulator over HTTP.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/action/run.js';
import { renderPresetEdition } from '../../src/init/editions.js';
import { ACTIONS_TOKEN, READ_TOKEN, TEST_OWNER, TEST_REPO, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { parseOutputFile } from '../helpers/runner.js';
import { firstEditionFile, teamEdits } from '../upgrade/team-plan.js';

const CONFIG = '.github/lifecycle.yml';
const BRANCH = 'lifecycle/upgrade-genai-2';

afterEach(() => {
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

async function runUpgrade(gh: TestEmulator, token = ACTIONS_TOKEN, extra: Record<string, string> = {}): Promise<{ outputs: Record<string, string>; log: string; failed: boolean }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-upgrade-'));
  const files = { output: path.join(dir, 'output'), summary: path.join(dir, 'summary') };
  await writeFile(files.output, '');
  await writeFile(files.summary, '');
  const env: Record<string, string> = {
    INPUT_COMMAND: 'upgrade',
    INPUT_TOKEN: token,
    INPUT_CONFIG: CONFIG,
    'INPUT_WRITE-DELAY-MS': '0',
    GITHUB_REPOSITORY: `${TEST_OWNER}/${TEST_REPO}`,
    GITHUB_API_URL: gh.url,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  let log = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    log += String(chunk);
    return true;
  });
  try {
    await run();
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
  const failed = process.exitCode === 1;
  process.exitCode = undefined;
  // The job summary's file is fixed by the first run in a process, so the log is read instead.
  return { outputs: parseOutputFile(await readFile(files.output, 'utf8')), log, failed };
}

async function emulatorWith(config: string): Promise<TestEmulator> {
  const gh = await startTestEmulator();
  gh.state.setFile(`${TEST_OWNER}/${TEST_REPO}`, CONFIG, config);
  return gh;
}

function pulls(gh: TestEmulator) {
  return [...gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`).issues.values()].filter((i) => i.pull);
}

function fileOn(gh: TestEmulator, branch: string): string | undefined {
  return gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`).trees.get(branch)?.get(CONFIG);
}

const writes = (gh: TestEmulator, from = 0) => gh.log.entries.slice(from).filter((e) => e.write);

describe('command: upgrade', () => {
  it('opens one pull request with the merged file on a plan from edition 1, and a re-run writes nothing', async () => {
    const ours = teamEdits(await firstEditionFile());
    const gh = await emulatorWith(ours);
    const first = await runUpgrade(gh);
    expect(first.failed).toBe(false);
    expect(first.outputs.upgrade).toBe('opened');
    const [pull] = pulls(gh);
    expect(pulls(gh)).toHaveLength(1);
    expect(pull!.pull!.head.ref).toBe(BRANCH);
    expect(pull!.title).toBe(`Upgrade ${CONFIG} to genai@2`);
    expect(pull!.body).toMatch(/^Brings genai@\u200B?2 into/);
    expect(pull!.body).toMatch(/<!-- lifecycle-action \{"v":1,"kind":"upgrade","edition":"genai@2"\} -->\n?$/);
    const proposed = fileOn(gh, BRANCH)!;
    expect(proposed).toContain('preset: genai@2');
    expect(proposed).toContain('name: Prompting   # what we call it');
    expect(proposed).toContain('Legal has signed off');
    expect(fileOn(gh, 'main')).toBe(ours);
    expect(first.log).toContain(`Opened pull request #${pull!.number}`);

    const mark = gh.log.entries.length;
    const again = await runUpgrade(gh);
    expect(again.outputs.upgrade).toBe('unchanged');
    expect(writes(gh, mark)).toEqual([]);
    expect(pulls(gh)).toHaveLength(1);
    gh.assertNoViolations();
    await gh.stop();
  }, 60_000);

  it('resets its own branch and keeps the one pull request when the file on the default branch changed', async () => {
    const ours = teamEdits(await firstEditionFile());
    const gh = await emulatorWith(ours);
    await runUpgrade(gh);
    // A person renames the stage again on the default branch.
    const o = gh.octokit();
    const current = await o.rest.repos.getContent({ ...gh.repoParams, path: CONFIG });
    const renamed = ours.replace('name: Prompting   # what we call it', 'name: Prompts   # what we call it');
    await o.rest.repos.createOrUpdateFileContents({
      ...gh.repoParams,
      path: CONFIG,
      message: 'Rename',
      content: Buffer.from(renamed).toString('base64'),
      sha: (current.data as { sha: string }).sha,
    });
    const second = await runUpgrade(gh);
    expect(second.outputs.upgrade).toBe('updated');
    expect(pulls(gh)).toHaveLength(1);
    expect(fileOn(gh, BRANCH)).toContain('name: Prompts   # what we call it');
    gh.assertNoViolations();
    await gh.stop();
  }, 60_000);

  it('leaves alone a branch that holds a commit it did not write', async () => {
    const ours = teamEdits(await firstEditionFile());
    const gh = await emulatorWith(ours);
    await runUpgrade(gh);
    // A person pushes to the branch, then the default branch moves.
    const o = gh.octokit();
    await o.rest.repos.createOrUpdateFileContents({ ...gh.repoParams, path: 'notes.md', branch: BRANCH, message: 'Our notes', content: Buffer.from('x').toString('base64') });
    const current = await o.rest.repos.getContent({ ...gh.repoParams, path: CONFIG });
    const renamed = ours.replace('name: Prompting   # what we call it', 'name: Prompts   # what we call it');
    await o.rest.repos.createOrUpdateFileContents({ ...gh.repoParams, path: CONFIG, message: 'Rename', content: Buffer.from(renamed).toString('base64'), sha: (current.data as { sha: string }).sha });
    const mark = gh.log.entries.length;
    const result = await runUpgrade(gh);
    expect(result.failed).toBe(true);
    expect(result.log).toContain(`The branch ${BRANCH} holds commits that lifecycle-action did not write`);
    expect(writes(gh, mark)).toEqual([]);
    expect(gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`).trees.get(BRANCH)?.get('notes.md')).toBe('x');
    gh.assertNoViolations();
    await gh.stop();
  }, 60_000);

  it('does not open again a pull request a person closed, while the text is the same', async () => {
    const gh = await emulatorWith(teamEdits(await firstEditionFile()));
    await runUpgrade(gh);
    const [pull] = pulls(gh);
    await gh.octokit().rest.pulls.update({ ...gh.repoParams, pull_number: pull!.number, state: 'closed' });
    const mark = gh.log.entries.length;
    const again = await runUpgrade(gh);
    expect(again.outputs.upgrade).toBe('declined');
    expect(writes(gh, mark)).toEqual([]);
    expect(pulls(gh)).toHaveLength(1);
    gh.assertNoViolations();
    await gh.stop();
  }, 60_000);

  it('marks a conflict in the proposed file and lists it as a box to tick', async () => {
    // The team retitled a task whose title edition 2 changed too.
    const first = await firstEditionFile();
    const ours = first.replace('title: Pin the generation settings', 'title: Pin our own generation settings');
    expect(ours).not.toBe(first);
    const gh = await emulatorWith(ours);
    const result = await runUpgrade(gh);
    const [pull] = pulls(gh);
    expect(result.outputs.upgrade).toBe('opened');
    expect(pull!.body).toMatch(/conflicts? to settle/);
    expect(pull!.body).toMatch(/- \[ \] line \d+: conflict \(/);
    expect(fileOn(gh, BRANCH)).toContain('CONFLICT (lifecycle upgrade');
    gh.assertNoViolations();
    await gh.stop();
  }, 60_000);

  it('writes nothing on a dry run', async () => {
    const gh = await emulatorWith(teamEdits(await firstEditionFile()));
    const result = await runUpgrade(gh, ACTIONS_TOKEN, { 'INPUT_DRY-RUN': 'true' });
    expect(result.failed).toBe(false);
    expect(result.outputs.upgrade).toBe('dry-run');
    expect(writes(gh)).toEqual([]);
    expect(pulls(gh)).toEqual([]);
    await gh.stop();
  }, 60_000);

  it('writes nothing when the file is on the newest edition', async () => {
    const gh = await emulatorWith(await renderPresetEdition('genai', 2, { name: 'Support bot', start: '2026-01-05' }));
    const result = await runUpgrade(gh);
    expect(result.failed).toBe(false);
    expect(result.outputs.upgrade).toBe('up-to-date');
    expect(writes(gh)).toEqual([]);
    expect(pulls(gh)).toEqual([]);
    await gh.stop();
  }, 60_000);

  it('fails with the permissions it needs on a read-only token', async () => {
    const gh = await emulatorWith(teamEdits(await firstEditionFile()));
    const result = await runUpgrade(gh, READ_TOKEN);
    expect(result.failed).toBe(true);
    expect(result.log).toMatch(/::error::.*contents: write.*pull-requests: write/);
    expect(pulls(gh)).toEqual([]);
    await gh.stop();
  }, 60_000);
});
