// The bundle, run as GitHub's runner runs it, with `command: upgrade`: one pull request with the
// merged file, found again on a re-run.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS_TOKEN, TEST_OWNER, TEST_REPO, startTestEmulator } from '../helpers/emulator.js';
import { runAction } from '../helpers/runner.js';
import { firstEditionFile, teamEdits } from '../upgrade/team-plan.js';

describe('the Action with command: upgrade', () => {
  it('opens one pull request from lifecycle/upgrade-genai-2, and finds it again on a re-run', async () => {
    const gh = await startTestEmulator();
    gh.state.setFile(`${TEST_OWNER}/${TEST_REPO}`, '.github/lifecycle.yml', teamEdits(await firstEditionFile()));
    const workspace = await mkdtemp(path.join(tmpdir(), 'lifecycle-ws-'));
    const run = () =>
      runAction({
        workspace,
        eventName: 'workflow_dispatch',
        eventPayload: {},
        repository: `${TEST_OWNER}/${TEST_REPO}`,
        apiUrl: gh.url,
        token: ACTIONS_TOKEN,
        inputs: { command: 'upgrade', 'write-delay-ms': '0' },
      });
    const first = await run();
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(first.outputs).toMatchObject({ command: 'upgrade', upgrade: 'opened', 'pull-request-number': expect.stringMatching(/^\d+$/) as unknown });
    expect(first.summary).toContain('Opened pull request #');
    const again = await run();
    expect(again.outputs.upgrade).toBe('unchanged');
    expect(again.outputs['pull-request-number']).toBe(first.outputs['pull-request-number']);
    const pulls = [...gh.state.repo(`${TEST_OWNER}/${TEST_REPO}`).issues.values()].filter((i) => i.pull);
    expect(pulls.map((p) => p.pull!.head.ref)).toEqual(['lifecycle/upgrade-genai-2']);
    gh.assertNoViolations();
    await gh.stop();
  }, 120_000);
});
