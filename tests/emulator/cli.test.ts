import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/emulator/index.js';
import { parseSeed } from '../../src/emulator/seed-file.js';
import { sampledChecker } from '../helpers/exchange-check.js';
import { formatViolations } from '../helpers/openapi.js';
import { CLI_ENTRY, runCli as lifecycle, type CliRun } from '../helpers/cli.js';

const root = join(import.meta.dirname, '..', '..');

describe('seed files', () => {
  it('reads YAML and JSON alike', () => {
    const yaml = parseSeed('repos:\n  - owner: acme\n    name: app\n    labels: [{ name: bug, color: "d73a4a" }]\n', 'seed.yml');
    const json = parseSeed('{"repos":[{"owner":"acme","name":"app","labels":[{"name":"bug","color":"d73a4a"}]}]}', 'seed.json');
    expect(yaml).toEqual(json);
  });

  it('takes sub-issue and blocked-by links on issues, by number', () => {
    const seed = parseSeed('repos:\n  - owner: acme\n    name: app\n    issues:\n      - title: Stage\n      - { title: Task, parent: 1, blocked_by: [1] }\n', 'seed.yml');
    expect(seed.repos?.[0]?.issues?.[1]).toMatchObject({ parent: 1, blocked_by: [1] });
    expect(() => parseSeed('repos: [{ owner: a, name: b, issues: [{ title: T, parent: one }] }]', 'seed.yml')).toThrow(/issues\.0\.parent/);
  });

  it('names every problem with its place', () => {
    expect(() => parseSeed('repos:\n  - owner: acme\n    nam: app\n', 'seed.yml')).toThrow(/seed\.yml: repos\.0\.name/);
    expect(() => parseSeed('tokens: [{ token: t, permissions: admin }]', 'seed.yml')).toThrow(/tokens\.0\.permissions/);
    expect(() => parseSeed('repos: [', 'seed.yml')).toThrow(/not valid JSON or YAML/);
  });
});

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Starts `lifecycle emulator` (the bundle of the current sources); `whileRunning` gets the printed URL and token, then Ctrl+C is sent. */
function runCli(args: string[], whileRunning?: (url: string, token: string) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /listening on (\S+)/.exec(stdout)?.[1];
      const token = /token:\s+(\S+)/.exec(stdout)?.[1];
      if (!started && url && token && stdout.includes('Ctrl+C') && whileRunning) {
        started = true;
        whileRunning(url, token).then(
          () => child.kill('SIGINT'),
          (error: unknown) => {
            child.kill('SIGKILL');
            reject(error);
          },
        );
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('lifecycle emulator', () => {
  it('serves a seeded repository, prints its URL and token, and stops on Ctrl+C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const seed = join(dir, 'seed.yml');
    writeFileSync(seed, 'tokens:\n  - token: local-token\n    login: alice\nrepos:\n  - owner: acme\n    name: app\n    issues:\n      - title: Seeded issue\n');
    let titles: string[] = [];
    const run = await runCli(['emulator', '--seed', seed], async (url, token) => {
      expect(token).toBe('local-token');
      const response = await fetch(`${url}/repos/acme/app/issues`, { headers: { authorization: `Bearer ${token}` } });
      titles = ((await response.json()) as { title: string }[]).map((i) => i.title);
    });
    expect(titles).toEqual(['Seeded issue']);
    expect(run.stdout).toContain('repositories: acme/app');
    expect(run.stdout).toContain('Stopped after 1 requests.');
    expect(run.code).toBe(0);
  });

  it('answers like an older Enterprise Server with --ghes: no sub-issue or dependency routes, and says so', async () => {
    const statuses: number[] = [];
    const run = await runCli(['emulator', '--ghes', '3.18'], async (url, token) => {
      for (const path of ['issues/1/sub_issues', 'issues/1/dependencies/blocked_by']) {
        const response = await fetch(`${url}/repos/octo-org/octo-repo/${path}`, { headers: { authorization: `Bearer ${token}` } });
        statuses.push(response.status);
      }
    });
    expect(statuses).toEqual([404, 404]);
    expect(run.stdout).toContain('without:      sub-issues, issue dependencies');
    const wrong = await runCli(['emulator', '--ghes', 'latest']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--ghes');
  });

  it('exits 2 with the problem when the seed is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, '{"repos": [{"owner": "acme"}]}');
    const run = await runCli(['emulator', '--seed', seed]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('repos.0.name');
  });

  it('prints a "Use it" sync line that needs no pause between writes, and that line works', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, '.github', 'lifecycle.yml'), 'version: 1\nproject:\n  name: P\nstages:\n  - id: a\n    name: A\n    tasks:\n      - { id: t, title: T }\n');
    let sync: CliRun | null = null;
    let line = '';
    const record = join(dir, 'exchanges.jsonl');
    const run = await runCli(['emulator', '--record', record], async (url, token) => {
      line = `GITHUB_TOKEN=${token} lifecycle sync --repo octo-org/octo-repo --api-url ${url} --write-delay-ms 0`;
      sync = await lifecycle(line.split(' ').slice(2), dir, { GITHUB_TOKEN: token, NO_COLOR: '1' });
    });
    expect(run.stdout).toContain(`Use it:\n  ${line}\n`);
    expect(sync).toMatchObject({ code: 0 });
    expect((sync as CliRun | null)?.stdout).toContain('Created 1 milestone');
    // The spawned emulator's traffic, checked in the cheap mode like any other run's.
    const exchanges = readFileSync(record, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Exchange);
    expect(exchanges.every((e) => e.requestHeaders.authorization === undefined)).toBe(true);
    const sampler = sampledChecker(3);
    expect(formatViolations(exchanges.flatMap((e) => sampler.check(e)))).toBe('');
    expect([...sampler.seen.keys()]).toEqual(expect.arrayContaining(['POST /repos/{owner}/{repo}/milestones → 201', 'POST /repos/{owner}/{repo}/issues → 201']));
  });
});
