import { describe, expect, it } from 'vitest';
import { useTestEmulator } from '../helpers/emulator.js';

describe('faults and the request log', () => {
  const gh = useTestEmulator();
  const create = '/repos/octo-org/octo-repo/issues';

  it('answers 500, 502 or 503 for a route, as many times as asked', async () => {
    gh().faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', status: 502, times: 2 });
    expect((await gh().request('POST', create, { body: { title: 'a' } })).status).toBe(502);
    const second = await gh().request('POST', create, { body: { title: 'a' } });
    expect(second.status).toBe(502);
    expect(second.body).toMatchObject({ message: 'Bad Gateway' });
    expect((await gh().request('POST', create, { body: { title: 'a' } })).status).toBe(201);
    expect([...gh().state.repo('octo-org/octo-repo').issues.values()].filter((i) => i.title === 'a')).toHaveLength(1);
    expect(gh().faults.pending()).toEqual([]);
  });

  it('hits the n-th request only', async () => {
    const next = gh().log.entries.length + 2;
    gh().faults.inject({ request: next, status: 503 });
    expect((await gh().request('GET', create)).status).toBe(200);
    expect((await gh().request('GET', create)).status).toBe(503);
    expect((await gh().request('GET', create)).status).toBe(200);
    expect(gh().log.entries.find((e) => e.n === next)).toMatchObject({ status: 503, fault: 'status 503' });
  });

  it('delays a request and then answers it normally', async () => {
    gh().faults.inject({ route: '/repos/{owner}/{repo}', delayMs: 50 });
    const response = await gh().request('GET', '/repos/octo-org/octo-repo');
    expect(response.status).toBe(200);
    expect(gh().log.entries.at(-1)?.fault).toBe('delay 50ms');
  });

  it('resets the connection without handling the request', async () => {
    const before = gh().state.repo('octo-org/octo-repo').issues.size;
    gh().faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', reset: true });
    await expect(gh().request('POST', create, { body: { title: 'never' } })).rejects.toThrow();
    expect(gh().state.repo('octo-org/octo-repo').issues.size).toBe(before);
    expect(gh().log.entries.at(-1)).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('commits a write and drops the response, so a blind retry duplicates', async () => {
    gh().faults.inject({ route: 'POST /repos/{owner}/{repo}/issues', dropResponse: true });
    await expect(gh().request('POST', create, { body: { title: 'landed' } })).rejects.toThrow();
    await gh().request('POST', create, { body: { title: 'landed' } });
    const landed = [...gh().state.repo('octo-org/octo-repo').issues.values()].filter((i) => i.title === 'landed');
    expect(landed).toHaveLength(2);
  });

  it('logs method, route template, path, status, read or write, and counts them', async () => {
    gh().log.clear();
    await gh().request('GET', '/repos/octo-org/octo-repo/issues?state=all');
    await gh().request('POST', create, { body: { title: 'logged' } });
    await gh().request('GET', '/repos/octo-org/octo-repo/issues/999');
    expect(gh().log.entries.map(({ method, route, path, status, write }) => ({ method, route, path, status, write }))).toEqual([
      { method: 'GET', route: '/repos/{owner}/{repo}/issues', path: '/repos/octo-org/octo-repo/issues', status: 200, write: false },
      { method: 'POST', route: '/repos/{owner}/{repo}/issues', path: '/repos/octo-org/octo-repo/issues', status: 201, write: true },
      { method: 'GET', route: '/repos/{owner}/{repo}/issues/{issue_number}', path: '/repos/octo-org/octo-repo/issues/999', status: 404, write: false },
    ]);
    expect(gh().log.counts()).toEqual({
      total: 3,
      reads: 2,
      writes: 1,
      byRoute: { 'GET /repos/{owner}/{repo}/issues': 1, 'POST /repos/{owner}/{repo}/issues': 1, 'GET /repos/{owner}/{repo}/issues/{issue_number}': 1 },
      byStatus: { '200': 1, '201': 1, '404': 1 },
    });
    expect(gh().log.forRoute('POST /repos/{owner}/{repo}/issues')).toHaveLength(1);
    expect(gh().log.entries[0]?.at).toBeTypeOf('number');
  });
});
