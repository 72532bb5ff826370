// `lifecycle emulator`: the embedded GitHub REST emulator as a local server, until Ctrl+C.
import { randomBytes } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createClock } from '../../emulator/clock.js';
import { ALL_FEATURES, ghesFeatures, startEmulator, type Emulator, type EmulatorFeatures, type Exchange } from '../../emulator/index.js';
import type { SeedData } from '../../emulator/seed.js';
import { SeedError, readSeedFile } from '../../emulator/seed-file.js';
import { tokenLogin } from '../../emulator/state.js';
import { EXIT, UsageError, paint, useColor } from '../io.js';

interface EmulatorCommandOptions {
  port: string;
  host: string;
  seed?: string;
  speed: string;
  ghes?: string;
  subIssues: boolean;
  dependencies: boolean;
  record?: string;
}

export const DEFAULT_EMULATOR_REPO = { owner: 'octo-org', name: 'octo-repo' };

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('Run the embedded GitHub REST emulator on this machine until Ctrl+C.')
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('-s, --seed <file>', 'JSON or YAML data: users, tokens, repositories, labels, milestones, issues, pull requests, files')
    .option('--speed <factor>', 'emulated seconds per real second (rate-limit windows pass faster)', '1')
    .option('--ghes <version>', 'answer like that GitHub Enterprise Server release: 3.17 and 3.18 lack sub-issues and dependencies, 3.19 lacks sub-issues')
    .option('--no-sub-issues', 'without the sub-issue routes and fields (404, as an older server)')
    .option('--no-dependencies', 'without the issue dependency routes and fields (404, as an older server)')
    .option('--record <file>', 'write each request and its answer to this file, one JSON line each (tokens left out)')
    .addHelpText(
      'after',
      [
        '',
        'Without a seed, the emulator holds one empty repository, octo-org/octo-repo, and one write token.',
        'A seed without tokens gets a generated write token. Both are printed at start.',
        '',
        'Examples:',
        '  lifecycle emulator --port 3000',
        '  lifecycle emulator --seed seed.yml',
        '  lifecycle emulator --ghes 3.18',
      ].join('\n'),
    )
    .action(async (opts: EmulatorCommandOptions) => {
      const port = readInteger(opts.port, '--port', 0, 65535);
      const speed = Number(opts.speed);
      if (!Number.isFinite(speed) || speed <= 0) throw new UsageError(`--speed must be a positive number, got "${opts.speed}"`);
      let seed: SeedData = {};
      if (opts.seed !== undefined) {
        try {
          seed = await readSeedFile(opts.seed);
        } catch (error) {
          if (error instanceof SeedError) throw new UsageError(error.message);
          throw error;
        }
      }
      const features = readFeatures(opts);
      const prepared = withDefaults(seed);
      let emulator: Emulator;
      try {
        emulator = await startEmulator({
          port,
          host: opts.host,
          seed: prepared.seed,
          clock: createClock({ speed }),
          features,
          ...(opts.record !== undefined ? { onExchange: recorder(opts.record) } : {}),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; pick another with --port, or 0 for any free port`);
        if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${port}`);
        if (error instanceof Error && !code) throw new UsageError(`the seed does not fit together: ${error.message}`);
        throw error;
      }
      process.stdout.write(banner(emulator, prepared.token, useColor(process.stdout)));
      await waitForInterrupt();
      await emulator.stop();
      process.stdout.write(`\nStopped after ${emulator.log.entries.length} requests.\n`);
      process.exitCode = EXIT.ok;
    });
}

/**
 * Appends each exchange as a JSON line: what a test or a person checks the traffic with (against
 * GitHub's description, say). Written synchronously, so Ctrl+C loses nothing.
 */
function recorder(file: string): (exchange: Exchange) => void {
  try {
    writeFileSync(file, '');
  } catch (error) {
    throw new UsageError(`cannot write --record ${file}: ${(error as Error).message}`);
  }
  return (exchange) => {
    const { authorization: _token, ...requestHeaders } = exchange.requestHeaders;
    appendFileSync(file, `${JSON.stringify({ ...exchange, requestHeaders })}\n`);
  };
}

function readInteger(text: string, flag: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${text}"`);
  return Number(text);
}

function readFeatures(opts: EmulatorCommandOptions): EmulatorFeatures {
  let base = { ...ALL_FEATURES };
  if (opts.ghes !== undefined) {
    try {
      base = ghesFeatures(opts.ghes);
    } catch (error) {
      throw new UsageError(`--ghes: ${(error as Error).message}`);
    }
  }
  return { subIssues: base.subIssues && opts.subIssues, dependencies: base.dependencies && opts.dependencies };
}

/** Makes sure there is a repository and a token to print. */
function withDefaults(seed: SeedData): { seed: SeedData; token: { token: string; login: string; note: string } } {
  const repos = seed.repos && seed.repos.length > 0 ? seed.repos : [{ ...DEFAULT_EMULATOR_REPO }];
  const writable = (seed.tokens ?? []).find((t) => t.permissions === undefined || t.permissions === 'write');
  if (writable) {
    const login = tokenLogin(writable);
    return { seed: { ...seed, repos }, token: { token: writable.token, login, note: 'from the seed' } };
  }
  const token = `emu_${randomBytes(18).toString('hex')}`;
  const tokens = [...(seed.tokens ?? []), { token, login: 'octocat', kind: 'user' as const }];
  return { seed: { ...seed, repos, tokens }, token: { token, login: 'octocat', note: 'generated' } };
}

function banner(emulator: Emulator, token: { token: string; login: string; note: string }, color: boolean): string {
  const repos = [...emulator.state.repos.values()].map((r) => r.fullName);
  const first = repos[0] ?? 'owner/name';
  return [
    `${paint('GitHub emulator', 'bold', color)} listening on ${paint(emulator.url, 'cyan', color)}`,
    `  token:        ${token.token}  (write access as ${token.login}, ${token.note})`,
    `  repositories: ${repos.join(', ')}`,
    ...missingFeatures(emulator),
    '',
    'Use it:',
    // GitHub asks for a second between writes, the CLI's default; a local emulator needs no pause, and
    // without this the preset's first sync would take most of a minute.
    `  GITHUB_TOKEN=${token.token} lifecycle sync --repo ${first} --api-url ${emulator.url} --write-delay-ms 0`,
    `  curl -H "Authorization: Bearer ${token.token}" ${emulator.url}/repos/${first}/issues`,
    '',
    paint('Press Ctrl+C to stop.', 'dim', color),
    '',
  ].join('\n');
}

function missingFeatures(emulator: Emulator): string[] {
  const { subIssues, dependencies } = emulator.settings.features;
  const missing = [...(subIssues ? [] : ['sub-issues']), ...(dependencies ? [] : ['issue dependencies'])];
  return missing.length === 0 ? [] : [`  without:      ${missing.join(', ')} (404, as an older GitHub Enterprise Server)`];
}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
