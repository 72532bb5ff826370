import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/emulator/index.js';
import { startTestEmulator } from '../helpers/emulator.js';

const HOUR = 3_600_000;

describe('rate limits', () => {
  it('sends x-ratelimit-* headers and answers 403 with the reset time once the hour is spent', async () => {
    const clock = createClock({ start: '2027-01-04T12:00:00Z', speed: 0 });
    const gh = await startTestEmulator({ clock, limits: { primary: 3 } });
    const first = await gh.request('GET', '/repos/octo-org/octo-repo');
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(first.headers.get('x-ratelimit-used')).toBe('1');
    expect(first.headers.get('x-ratelimit-resource')).toBe('core');
    await gh.request('GET', '/repos/octo-org/octo-repo');
    await gh.request('GET', '/repos/octo-org/octo-repo');
    const limited = await gh.request('GET', '/repos/octo-org/octo-repo');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((limited.body as { message: string }).message).toMatch(/^API rate limit exceeded/);
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    // The reset is when the window ends, told in wall-clock time: with the clock stopped, an hour from now.
    const inSeconds = reset - Date.now() / 1000;
    expect(inSeconds).toBeGreaterThan(3590);
    expect(inSeconds).toBeLessThanOrEqual(3601);
    const status = await gh.octokit().rest.rateLimit.get();
    expect(status.data.resources.core).toMatchObject({ limit: 3, remaining: 0, used: 3 });
    clock.advance(HOUR);
    const again = await gh.request('GET', '/repos/octo-org/octo-repo');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('2');
  });

  it('limits content creation per minute with 403 "secondary rate limit" and retry-after', async () => {
    const clock = createClock({ start: '2027-01-04T12:00:00Z', speed: 0 });
    const gh = await startTestEmulator({ clock, limits: { contentPerMinute: 2, contentPerHour: 3 } });
    const o = gh.octokit();
    await o.rest.issues.create({ ...gh.repoParams, title: 'a' });
    clock.advance(10_000);
    await o.rest.issues.create({ ...gh.repoParams, title: 'b' });
    const limited = await gh.request('POST', '/repos/octo-org/octo-repo/issues', { body: { title: 'c' } });
    expect(limited.status).toBe(403);
    expect((limited.body as { message: string }).message).toMatch(/You have exceeded a secondary rate limit/);
    // The first write leaves the minute window 50 s from now.
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(gh.state.repo('octo-org/octo-repo').issues.size).toBe(2);
    clock.advance(50_000);
    await o.rest.issues.create({ ...gh.repoParams, title: 'c' });
    clock.advance(120_000);
    const hourly = await gh.request('POST', '/repos/octo-org/octo-repo/issues', { body: { title: 'd' } });
    expect(hourly.status).toBe(403);
    expect(Number(hourly.headers.get('retry-after'))).toBe(3600 - 180);
    // Reads are not content creation.
    expect((await gh.request('GET', '/repos/octo-org/octo-repo/issues')).status).toBe(200);
  });

  it('converts waits to wall time when the clock runs fast, so an hour passes in a second', async () => {
    const clock = createClock({ speed: 3600 });
    const gh = await startTestEmulator({ clock, limits: { contentPerHour: 1 } });
    await gh.request('POST', '/repos/octo-org/octo-repo/issues', { body: { title: 'a' } });
    const limited = await gh.request('POST', '/repos/octo-org/octo-repo/issues', { body: { title: 'b' } });
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('1');
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    expect(reset - Date.now() / 1000).toBeLessThanOrEqual(2);
  });

  it('gives search its own limit of 30 a minute', async () => {
    const clock = createClock({ speed: 0 });
    const gh = await startTestEmulator({ clock });
    for (let i = 0; i < 30; i++) {
      const ok = await gh.request('GET', '/search/issues?q=repo:octo-org/octo-repo');
      expect(ok.status).toBe(200);
    }
    const limited = await gh.request('GET', '/search/issues?q=repo:octo-org/octo-repo');
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-resource')).toBe('search');
    const core = await gh.request('GET', '/repos/octo-org/octo-repo');
    expect(core.headers.get('x-ratelimit-used')).toBe('1');
    clock.advance(60_000);
    expect((await gh.request('GET', '/search/issues?q=repo:octo-org/octo-repo')).status).toBe(200);
  });

  it('turns limits off when asked', async () => {
    const gh = await startTestEmulator({ limits: { primary: false, contentPerMinute: false, contentPerHour: false } });
    for (let i = 0; i < 5; i++) expect((await gh.request('POST', '/repos/octo-org/octo-repo/labels', { body: { name: `l${i}` } })).status).toBe(201);
  });
});
