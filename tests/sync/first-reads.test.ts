// The Action starts the reads that need nothing from the config (repository, labels, milestones)
// before the config is read, so they travel while it is checked and rendered. Over real HTTP
// against the embedded emulator.
import { describe, expect, it } from 'vitest';
import { ConfigInvalidError, runSync, type SyncOptions } from '../../src/commands/sync.js';
import { RepositoryNotFoundError } from '../../src/github/errors.js';
import { startFirstReads } from '../../src/github/first-reads.js';
import type { RepoRef } from '../../src/github/repo.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, REPO, smallProject, startSyncEmulator } from './helpers.js';

const MISSING: RepoRef = { owner: 'acme', name: 'missing' };

function options(emulator: TestEmulator, repo: RepoRef, early: boolean, configText = configYaml(smallProject())): SyncOptions {
  const client = clientFor(emulator);
  return {
    client,
    repo,
    configText,
    templatesDir: null,
    today: '2027-01-10',
    identity: 'github-actions[bot]',
    dryRun: true,
    ...(early ? { firstReads: startFirstReads(client, repo) } : {}),
  };
}

const routes = (emulator: TestEmulator) => emulator.log.entries.map((e) => `${e.method} ${e.route ?? e.path}`).sort();

describe('first reads', () => {
  it('started early, they give the same plan with the same requests as a sync that makes them itself', async () => {
    const late = await startSyncEmulator();
    const early = await startSyncEmulator();
    const fromLate = await runSync(options(late, REPO, false));
    const fromEarly = await runSync(options(early, REPO, true));
    expect(fromEarly.plan).toEqual(fromLate.plan);
    expect(fromEarly.resultLine).toBe(fromLate.resultLine);
    expect(fromEarly.requests).toEqual(fromLate.requests);
    expect(routes(early)).toEqual(routes(late));
  });

  it('a broken config still ends the sync with its diagnostics, and the failed early reads go unreported', async () => {
    const gh = await startSyncEmulator();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      // The repository does not exist: all three early reads fail while the config is checked.
      const failure = await runSync(options(gh, MISSING, true, 'project: [\n')).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ConfigInvalidError);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(rejections).toEqual([]);
      expect(gh.log.entries.every((e) => e.status === 404)).toBe(true);
      expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('an early read that fails is reported as the same error when the sync reaches it', async () => {
    const late = await runSync(options(await startSyncEmulator(), MISSING, false)).then(() => null, (error: unknown) => error);
    const early = await runSync(options(await startSyncEmulator(), MISSING, true)).then(() => null, (error: unknown) => error);
    expect(late).toBeInstanceOf(RepositoryNotFoundError);
    expect(early).toBeInstanceOf(RepositoryNotFoundError);
    expect((early as Error).message).toBe((late as Error).message);
  });
});
