// `lifecycle sync` as a person runs it: a real process, a config file in a real folder, the token
// from the environment, against the emulator over HTTP.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { configYaml, READ_TOKEN, REPO, REPO_NAME, smallProject, startSyncEmulator, USER_TOKEN, WRITE_TOKEN } from './helpers.js';

/** A GitHub App installation token: GET /user answers 403; what it writes is authored by acme-planner[bot]. */
const APP_TOKEN = 'ghs_app_installation';

const lifecycle = (args: string[], cwd: string, env: Record<string, string>) => runCli(args, cwd, { NO_COLOR: '1', ...env });

async function workspace(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-sync-'));
  await mkdir(path.join(dir, '.github'), { recursive: true });
  await writeFile(path.join(dir, '.github', 'lifecycle.yml'), configYaml(smallProject()));
  return dir;
}

describe('lifecycle sync', () => {
  it('asks for a token when GITHUB_TOKEN and GH_TOKEN are both missing', async () => {
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', 'http://127.0.0.1:9'], await workspace(), {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('GITHUB_TOKEN');
  });

  it('shows a dry run with plain progress lines when not in a terminal, and writes nothing', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--dry-run'], await workspace(), { GH_TOKEN: WRITE_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Dry run: nothing was written.');
    expect(run.stdout).toContain('Would create 3 milestones, 7 issues and 4 labels.');
    expect(run.stderr).toContain('Reading labels, milestones and issues of acme/assistant\n');
    expect(run.stderr).not.toContain('\r');
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
  });

  it('fails with exit 1 and names the missing permission for a read-only token', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--write-delay', '0'], await workspace(), { GITHUB_TOKEN: READ_TOKEN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"issues: write" permission');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('with an App installation token, finds an issue a person took the label and milestone off among the App\'s own', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    gh.state.addToken({ token: APP_TOKEN, kind: 'app', login: 'acme-planner[bot]' });
    const dir = await workspace();
    const args = ['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--write-delay', '0'];
    expect((await lifecycle(args, dir, { GITHUB_TOKEN: APP_TOKEN })).code).toBe(0);
    const repo = gh.state.repo(REPO_NAME);
    const issues = () => [...repo.issues.values()];
    expect(issues().every((i) => i.user === 'acme-planner[bot]')).toBe(true);
    const target = issues()[2]!;
    await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: target.number, labels: [], milestone: null });

    const from = gh.log.entries.length;
    const again = await lifecycle(args, dir, { GITHUB_TOKEN: APP_TOKEN });
    expect(again.code).toBe(0);
    expect(issues()).toHaveLength(7);
    expect(gh.log.entries.slice(from).filter((e) => e.method === 'POST' && e.write)).toEqual([]);
    const creators = gh.log.entries.slice(from).filter((e) => e.route === '/repos/{owner}/{repo}/issues' && e.method === 'GET' && e.query.includes('creator='));
    expect(creators.map((e) => new URLSearchParams(e.query).get('creator'))).toEqual(['acme-planner[bot]']);
  });

  it('--identity names the login the token writes as; a malformed one is a usage error', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    const dir = await workspace();
    const bad = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--identity', 'not a login'], dir, { GITHUB_TOKEN: WRITE_TOKEN });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--identity must be a GitHub login');
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--write-delay', '0', '--identity', 'github-actions[bot]'], dir, { GITHUB_TOKEN: WRITE_TOKEN });
    expect(run.code).toBe(0);
    expect(gh.log.forRoute('POST /graphql')).toHaveLength(0);
    expect(gh.log.forRoute('GET /user')).toHaveLength(0);
  });

  it('names a closed milestone in the way of a stage, and how to resolve it', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    await gh.octokit(USER_TOKEN).rest.issues.createMilestone({ owner: 'acme', repo: 'assistant', title: 'Build', state: 'closed' });
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--write-delay', '0'], await workspace(), { GITHUB_TOKEN: WRITE_TOKEN });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 conflict needs a person');
    expect(run.stdout).toMatch(/^\s+Build\s+\S+\s+0\/3\s+blocked\s+—$/m);
    expect(run.stderr).toMatch(/^conflict: milestone #1 has the title "Build" and no marker, and it is closed: .* To resolve: rename milestone #1 .*or reopen it.* http\S+\/milestone\/1$/m);
  });
});
