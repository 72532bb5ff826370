// `lifecycle sync` as a person runs it: a config file in a real folder, the token from the
// environment, against the emulator over HTTP. The program runs in the test's process
// (tests/helpers/cli.ts); the read-only token case starts the bundled CLI as a process of its own.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliProcess } from '../helpers/cli.js';
import { stripMarker } from '../../src/plan/marker.js';
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
    expect(run.stdout).toContain('Would create 3 milestones, 10 issues and 4 labels.');
    expect(run.stderr).toContain('Reading labels, milestones and issues of acme/assistant\n');
    expect(run.stderr).not.toContain('\r');
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
  });

  it('fails with exit 1 and names the missing permission for a read-only token (a process)', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    const run = await runCliProcess(['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--write-delay', '0'], await workspace(), { NO_COLOR: '1', GITHUB_TOKEN: READ_TOKEN });
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
    expect(issues()).toHaveLength(10);
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

  it('with -c cfg/lifecycle.yml, plan and sync both read cfg/lifecycle/: sync writes what plan previewed', { timeout: 90_000 }, async () => {
    const gh = await startSyncEmulator();
    const dir = await mkdtemp(path.join(tmpdir(), 'lifecycle-sync-'));
    await mkdir(path.join(dir, 'cfg', 'lifecycle'), { recursive: true });
    await writeFile(path.join(dir, 'cfg', 'lifecycle.yml'), configYaml(smallProject()));
    await writeFile(path.join(dir, 'cfg', 'lifecycle', 'task.md.hbs'), 'From cfg/lifecycle/: {{task.title}} in {{stage.name}}\n');
    const env = { GH_TOKEN: WRITE_TOKEN };
    const plan = await lifecycle(['plan', '-c', 'cfg/lifecycle.yml', '--repo', REPO_NAME, '--api-url', gh.url, '--out', 'preview'], dir, env);
    expect(plan.code).toBe(0);
    const sync = await lifecycle(['sync', '-c', 'cfg/lifecycle.yml', '--repo', REPO_NAME, '--api-url', gh.url, '--write-delay-ms', '0'], dir, env);
    expect(sync.stderr).not.toContain('error');
    expect(sync.code).toBe(0);

    const issues = [...(gh.state.findRepo(REPO.owner, REPO.name)?.issues.values() ?? [])];
    expect(issues.map((i) => stripMarker(i.body ?? '').trim())).toContain('From cfg/lifecycle/: Write the brief in Scope');
    // Every preview's body is the body sync wrote for that title.
    const previews = new Map<string, string>();
    for (const stage of await readdir(path.join(dir, 'preview'))) {
      for (const file of await readdir(path.join(dir, 'preview', stage))) {
        if (file === 'milestone.md') continue;
        const text = await readFile(path.join(dir, 'preview', stage, file), 'utf8');
        const [, title, body] = /^# (.*)\n\n> .*\n\n([\s\S]*)\n$/.exec(text) ?? [];
        previews.set(title ?? '', body ?? '');
      }
    }
    // Seven tasks and the three stages' own issues.
    expect(previews.size).toBe(10);
    for (const issue of issues) expect(stripMarker(issue.body ?? ''), issue.title).toBe(previews.get(issue.title));
  });

  it('prints JSON with --format json, and the same with --json', { timeout: 60_000 }, async () => {
    const gh = await startSyncEmulator();
    const dir = await workspace();
    const args = ['sync', '--repo', REPO_NAME, '--api-url', gh.url, '--dry-run'];
    const long = await lifecycle([...args, '--format', 'json'], dir, { GH_TOKEN: WRITE_TOKEN });
    const short = await lifecycle([...args, '--json'], dir, { GH_TOKEN: WRITE_TOKEN });
    expect(long.code).toBe(0);
    expect(JSON.parse(long.stdout)).toMatchObject({ repo: REPO_NAME, dryRun: true, ok: true, counts: { created: 17 } });
    expect(JSON.parse(short.stdout)).toEqual(JSON.parse(long.stdout));
  });

  it('names the write delay --write-delay-ms, as the Action does (the older --write-delay is hidden); a bad value is exit 2', async () => {
    const help = await lifecycle(['sync', '--help'], await workspace(), {});
    expect(help.stdout).toContain('--write-delay-ms <ms>');
    expect(help.stdout).not.toMatch(/--write-delay </);
    expect(help.stdout).toContain('-c, --config <path>');
    expect(help.stdout).toContain('-f, --format <format>');
    const bad = await lifecycle(['sync', '--repo', REPO_NAME, '--write-delay-ms', 'soon'], await workspace(), { GH_TOKEN: WRITE_TOKEN });
    expect(bad).toMatchObject({ code: 2, stderr: 'lifecycle: --write-delay-ms must be a whole number of milliseconds, not "soon"\n' });
  });

  it('fails at once with exit 1 and one line naming the URL when nothing listens there', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((done) => server.close(() => done()));
    const run = await lifecycle(['sync', '--repo', REPO_NAME, '--api-url', url, '--json'], await workspace(), { GH_TOKEN: WRITE_TOKEN });
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: `lifecycle: error: cannot reach the GitHub API at ${url}: connection refused (is anything listening there?)\n` });
  });
});
