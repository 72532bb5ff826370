// The bundle, run as GitHub's runner runs it: a sync of a plan written from an older edition of the
// preset says in the job summary that a newer one is out, with the command to run, and writes
// nothing for it.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPresetEdition } from '../../src/init/editions.js';
import { ACTIONS_TOKEN, TEST_OWNER, TEST_REPO, startTestEmulator } from '../helpers/emulator.js';
import { pushPayload } from '../helpers/payloads.js';
import { runAction } from '../helpers/runner.js';

async function workspaceWith(config: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
  await mkdir(path.join(dir, '.github'), { recursive: true });
  await writeFile(path.join(dir, '.github/lifecycle.yml'), config);
  return dir;
}

async function dryRunSync(config: string) {
  const gh = await startTestEmulator();
  const workspace = await workspaceWith(config);
  const push = pushPayload({ apiUrl: gh.url, owner: TEST_OWNER, repo: TEST_REPO, before: 'a'.repeat(40), after: 'b'.repeat(40), files: { modified: ['.github/lifecycle.yml'] } });
  const result = await runAction({
    workspace,
    eventName: push.eventName,
    eventPayload: push.payload,
    repository: `${TEST_OWNER}/${TEST_REPO}`,
    apiUrl: gh.url,
    token: ACTIONS_TOKEN,
    inputs: { 'write-delay-ms': '0', 'dry-run': 'true' },
  });
  return { gh, workspace, result };
}

describe('the Action and a newer preset edition', () => {
  it('says so in the job summary, with the command, and writes nothing', async () => {
    const config = await renderPresetEdition('genai', 1, { name: 'Support assistant', start: '2027-01-04' });
    const { gh, workspace, result } = await dryRunSync(config);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.summary).toContain('## A newer edition of the preset');
    expect(result.summary).toContain('edition 1 of the genai preset (genai@1); edition 2 is out');
    expect(result.summary).toContain('```sh\nlifecycle upgrade --dry-run\nlifecycle upgrade\n```');
    expect(result.annotations).toContainEqual(expect.objectContaining({ level: 'notice', message: expect.stringContaining('was written from genai@1, the newest is genai@2') as unknown }));
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    expect(await readFile(path.join(workspace, '.github/lifecycle.yml'), 'utf8')).toBe(config);
  }, 120_000);

  it('says nothing on the newest edition', async () => {
    const { result } = await dryRunSync(await renderPresetEdition('genai', 2, { name: 'Support assistant', start: '2027-01-04' }));
    expect(result.exitCode).toBe(0);
    expect(result.summary).not.toContain('newer edition');
    expect(result.annotations.filter((a) => a.level === 'notice')).toEqual([]);
  }, 120_000);
});
