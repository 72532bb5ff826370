// The run's context, read from the runner's environment as @actions/github's `context` reads it.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunContext } from '../../src/action/context.js';

const BASE = {
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_SHA: 'abc1234def',
  GITHUB_WORKSPACE: '/work/space',
};

describe('readRunContext', () => {
  it.each([
    ['defaults', {}, { apiUrl: 'https://api.github.com', runUrl: null }],
    ['GitHub Enterprise Server', { GITHUB_API_URL: 'https://ghe.example/api/v3', GITHUB_SERVER_URL: 'https://ghe.example', GITHUB_RUN_ID: '42' }, { apiUrl: 'https://ghe.example/api/v3', runUrl: 'https://ghe.example/octo-org/octo-repo/actions/runs/42' }],
    ['a run id on github.com', { GITHUB_RUN_ID: '7' }, { apiUrl: 'https://api.github.com', runUrl: 'https://github.com/octo-org/octo-repo/actions/runs/7' }],
  ])('%s', (_name, extra, expected) => {
    const ctx = readRunContext({ ...BASE, ...extra });
    expect({ apiUrl: ctx.apiUrl, runUrl: ctx.runUrl }).toEqual(expected);
    expect(ctx.repo).toEqual({ owner: 'octo-org', name: 'octo-repo' });
    expect(ctx.eventName).toBe('push');
    expect(ctx.sha).toBe('abc1234def');
    expect(ctx.workspace).toBe('/work/space');
    expect(ctx.payload).toEqual({});
  });

  it('reads the event payload from GITHUB_EVENT_PATH', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'lifecycle-context-')), 'event.json');
    await writeFile(file, JSON.stringify({ pull_request: { number: 5 } }));
    expect(readRunContext({ ...BASE, GITHUB_EVENT_PATH: file }).payload).toEqual({ pull_request: { number: 5 } });
  });

  it('refuses to run without GITHUB_REPOSITORY', () => {
    expect(() => readRunContext({})).toThrow('GITHUB_REPOSITORY is not set');
  });
});
