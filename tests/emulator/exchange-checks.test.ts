// The checks beyond the REST description (headers, error bodies, the strict layer) catch what they
// promise to: each starts from a real emulator exchange that passes, then breaks one thing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/emulator/index.js';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { checkErrorBody } from '../helpers/error-body.js';
import { checkEverything, sampledChecker } from '../helpers/exchange-check.js';
import { checkHeaders } from '../helpers/headers.js';
import { checkStrict } from '../helpers/strict.js';

let gh: TestEmulator;
const seen: Exchange[] = [];

beforeAll(async () => {
  gh = await startTestEmulator({
    openapi: false,
    seed: { repos: [{ owner: 'octo-org', name: 'octo-repo', milestones: [{ title: 'Scope' }], issues: Array.from({ length: 5 }, (_, i) => ({ title: `Issue ${i + 1}`, labels: ['bug'] })) }] },
    onExchange: (exchange) => seen.push(exchange),
  });
});
afterAll(async () => {
  await gh.stop();
});

/** Sends a request and returns its exchange as the emulator saw it. */
async function exchange(method: string, path: string, options: { body?: unknown; token?: string | null } = {}): Promise<Exchange> {
  const before = seen.length;
  await gh.request(method, path, options);
  return seen[before]!;
}

const tweak = (base: Exchange, changes: Partial<Exchange>): Exchange => ({ ...base, ...changes });
const headers = (base: Exchange, changes: Record<string, string | undefined>): Exchange => {
  const next: Record<string, string> = { ...base.responseHeaders };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return tweak(base, { responseHeaders: next });
};

describe('header checks', () => {
  it('pass real answers: a middle page, a 201, a 404, a 401', async () => {
    for (const e of [
      await exchange('GET', '/repos/octo-org/octo-repo/issues?per_page=2&state=all&page=2'),
      await exchange('POST', '/repos/octo-org/octo-repo/issues', { body: { title: 'New' } }),
      await exchange('GET', '/repos/octo-org/octo-repo/issues/999'),
      await exchange('GET', '/user', { token: null }),
    ]) {
      expect(checkEverything(e), `${e.method} ${e.path}`).toEqual([]);
    }
  });

  it('flag a Link header out of GitHub\'s format or with the wrong set of pages', async () => {
    const page2 = await exchange('GET', '/repos/octo-org/octo-repo/issues?per_page=2&state=all&page=2');
    const link = page2.responseHeaders.link!;
    const cases: [string, string | undefined, RegExp][] = [
      ['unquoted rel', link.replace(/rel="(\w+)"/g, 'rel=$1'), /format/],
      ['next without last', link.split(', ').filter((l) => !l.includes('"last"')).join(', '), /next link without a last/],
      ['no first', link.split(', ').filter((l) => !l.includes('first')).join(', '), /prev and first/],
      ['reordered', link.split(', ').reverse().join(', '), /order/],
      ['next to the wrong page', link.replace(/page=3>; rel="next"/, 'page=4>; rel="next"'), /next link to page 4/],
      ['a parameter dropped', link.replace(/per_page=2&/g, ''), /parameters/],
      ['no Link at all on page 2', undefined, /without a Link/],
      ['joined by a comma without a space', link.split(', ').join(','), /format/],
    ];
    for (const [name, value, expected] of cases) {
      expect(checkHeaders(headers(page2, { link: value })).join('\n'), name).toMatch(expected);
    }
    const single = await exchange('GET', '/repos/octo-org/octo-repo/labels');
    // A page-1 list that fits on one page, answered with page 2's links.
    expect(checkHeaders(headers(single, { link }))).toEqual(expect.arrayContaining([expect.stringMatching(/page 1 with a prev/), expect.stringMatching(/a next link after a page of/)]));
  });

  it('flag a 201 without Location, a Location elsewhere, and a wrong content type', async () => {
    const created = await exchange('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'ready', color: '00ff00' } });
    expect(checkHeaders(created)).toEqual([]);
    expect(checkHeaders(headers(created, { location: undefined }))).toEqual([expect.stringMatching(/without a Location/)]);
    expect(checkHeaders(headers(created, { location: `${gh.url}/repos/octo-org/octo-repo/labels/other` }))).toEqual([expect.stringMatching(/not the answer's url/)]);
    const got = await exchange('GET', '/repos/octo-org/octo-repo/labels/ready');
    expect(checkHeaders(headers(got, { location: created.responseHeaders.location }))).toEqual([expect.stringMatching(/Location on a 200 that documents none/)]);
    expect(checkHeaders(headers(got, { 'content-type': 'text/plain' }))).toEqual([expect.stringMatching(/content-type/)]);
  });

  it('flag missing or inconsistent x-ratelimit-* headers and a retry-after where no limit is hit', async () => {
    const got = await exchange('GET', '/repos/octo-org/octo-repo');
    expect(checkHeaders(headers(got, { 'x-ratelimit-used': undefined }))).toEqual([expect.stringMatching(/missing: x-ratelimit-used/)]);
    expect(checkHeaders(headers(got, { 'x-ratelimit-remaining': '5000' }))).toEqual(expect.arrayContaining([expect.stringMatching(/above the limit/)]));
    expect(checkHeaders(headers(got, { 'x-ratelimit-resource': 'search' }))).toEqual([expect.stringMatching(/instead of core/)]);
    expect(checkHeaders(headers(got, { 'retry-after': '60' }))).toEqual([expect.stringMatching(/no secondary limit/)]);
    const limited = tweak(got, { status: 429, responseBody: { message: 'You have exceeded a secondary rate limit.', documentation_url: 'https://docs.github.com/rest' } });
    expect(checkHeaders(headers(limited, { 'retry-after': '1.5' }))).toEqual([expect.stringMatching(/whole number of seconds/)]);
    expect(checkHeaders(tweak(limited, { status: 400 }))).toEqual([expect.stringMatching(/not 403 or 429/)]);
  });
});

describe('error body checks', () => {
  it('hold every error to GitHub\'s shape, documented status or not', async () => {
    const missing = await exchange('GET', '/repos/octo-org/octo-repo/issues/999');
    expect(checkErrorBody(missing)).toEqual([]);
    expect(checkErrorBody(tweak(missing, { responseBody: { message: 'Not Found' } }))).toEqual([expect.stringMatching(/documentation_url/)]);
    expect(checkErrorBody(tweak(missing, { responseBody: { error: 'Not Found', documentation_url: 'https://docs.github.com/rest' } }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/keys GitHub does not send: error/), expect.stringMatching(/without a message/)]),
    );
    expect(checkErrorBody(tweak(missing, { status: 500, responseBody: 'oops' }))).toEqual([expect.stringMatching(/error object/)]);
    const unauthorized = await exchange('GET', '/user', { token: 'nope' });
    expect(checkErrorBody(unauthorized)).toEqual([]);
    expect(checkErrorBody(tweak(unauthorized, { responseBody: { message: 'Unauthorized', documentation_url: 'https://docs.github.com/rest' } }))).toEqual([expect.stringMatching(/401 saying/)]);
  });

  it('want errors[] with resource, field and code on a 422 "Validation Failed"', async () => {
    const refused = await exchange('POST', '/repos/octo-org/octo-repo/labels', { body: { name: 'x', color: 'nope' } });
    expect(refused.status).toBe(422);
    expect(checkErrorBody(refused)).toEqual([]);
    const body = refused.responseBody as { errors: Record<string, unknown>[] };
    expect(checkErrorBody(tweak(refused, { responseBody: { ...body, errors: [] } }))).toEqual([expect.stringMatching(/without errors/)]);
    expect(checkErrorBody(tweak(refused, { responseBody: { ...body, errors: [{ resource: 'Label', code: 'invalid' }] } }))).toEqual([expect.stringMatching(/without field/)]);
    expect(checkErrorBody(tweak(refused, { responseBody: { ...body, errors: [{ resource: 'Label', field: 'color', code: 'bad' }] } }))).toEqual([expect.stringMatching(/code bad/)]);
    expect(checkErrorBody(tweak(refused, { responseBody: { ...body, errors: [{ resource: 'Label', field: 'color', code: 'custom' }] } }))).toEqual([expect.stringMatching(/custom without a message/)]);
  });
});

describe('the strict layer', () => {
  it('wants issue states in lower case, labels as objects, and closed_at with closed', async () => {
    const got = await exchange('GET', '/repos/octo-org/octo-repo/issues/1');
    expect(checkStrict(got)).toEqual([]);
    const issue = got.responseBody as Record<string, unknown>;
    expect(checkStrict(tweak(got, { responseBody: { ...issue, state: 'OPEN' } }))).toEqual([expect.stringMatching(/state "OPEN"/)]);
    expect(checkStrict(tweak(got, { responseBody: { ...issue, labels: ['bug'] } }))).toEqual([expect.stringMatching(/not label objects/)]);
    expect(checkStrict(tweak(got, { responseBody: { ...issue, state: 'closed' } }))).toEqual([expect.stringMatching(/closed_at null/)]);
    const list = await exchange('GET', '/repos/octo-org/octo-repo/issues');
    const items = list.responseBody as Record<string, unknown>[];
    expect(checkStrict(tweak(list, { responseBody: [items[0], { ...items[1], labels: ['bug'] }] }))).toEqual([expect.stringMatching(/^\[1\]\.labels/)]);
  });

  it('wants due_on at midnight Pacific of the day the request meant', async () => {
    const winter = await exchange('POST', '/repos/octo-org/octo-repo/milestones', { body: { title: 'Winter', due_on: '2027-02-28T12:00:00Z' } });
    const summer = await exchange('POST', '/repos/octo-org/octo-repo/milestones', { body: { title: 'Summer', due_on: '2027-07-01T12:00:00Z' } });
    expect((winter.responseBody as { due_on: string }).due_on).toBe('2027-02-28T08:00:00Z');
    expect((summer.responseBody as { due_on: string }).due_on).toBe('2027-07-01T07:00:00Z');
    expect([...checkStrict(winter), ...checkStrict(summer)]).toEqual([]);
    const dueOn = (e: Exchange, due: string) => checkStrict(tweak(e, { responseBody: { ...(e.responseBody as object), due_on: due } }));
    expect(dueOn(winter, '2027-02-28T00:00:00Z')).toEqual(expect.arrayContaining([expect.stringMatching(/not midnight Pacific/)]));
    expect(dueOn(winter, '2027-02-28T07:00:00Z')).toEqual([expect.stringMatching(/not midnight Pacific of 2027-02-28/)]);
    expect(dueOn(winter, '2027-02-27T08:00:00Z')).toEqual([expect.stringMatching(/Pacific day 2027-02-28/)]);
  });

  it('wants a refusal where GitHub refuses: long titles, a milestone that is no number, milestone keys it does not permit', async () => {
    const created = await exchange('POST', '/repos/octo-org/octo-repo/issues', { body: { title: 'Fine', milestone: 1 } });
    expect(checkStrict(created)).toEqual([]);
    expect(checkStrict(tweak(created, { requestBody: { title: 'x'.repeat(257) } }))).toEqual([expect.stringMatching(/257 characters answered 201/)]);
    expect(checkStrict(tweak(created, { requestBody: { title: '😀'.repeat(256) } }))).toEqual([]);
    expect(checkStrict(tweak(created, { requestBody: { title: 'Fine', milestone: 'abc' } }))).toEqual([expect.stringMatching(/milestone "abc" answered 201/)]);
    expect(checkStrict(tweak(created, { requestBody: { title: 'Fine', milestone: 2 } }))).toEqual([expect.stringMatching(/milestone 2 asked, 1 answered/)]);
    const milestone = await exchange('POST', '/repos/octo-org/octo-repo/milestones', { body: { title: 'Keys' } });
    expect(checkStrict(tweak(milestone, { requestBody: { title: 'Keys', per_page: 100 } }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/does not document: per_page/), expect.stringMatching(/do not permit|not permit \(per_page\)/)]),
    );
    const refused = await exchange('POST', '/repos/octo-org/octo-repo/milestones', { body: { title: 'Keys 2', per_page: 100 } });
    expect(refused.status).toBe(422);
    expect((refused.responseBody as { message: string }).message).toBe('Invalid request.\n\n"per_page" is not a permitted key.');
  });
});

describe('the cheap mode', () => {
  it('checks the first exchanges of every kind and lets the rest of that kind pass', async () => {
    const sampler = sampledChecker(2);
    const page = await exchange('GET', '/repos/octo-org/octo-repo/issues?per_page=2&state=all&page=2');
    const broken = headers(page, { link: undefined });
    expect(sampler.check(broken)).not.toEqual([]);
    expect(sampler.check(broken)).not.toEqual([]);
    expect(sampler.check(broken)).toEqual([]);
    const missing = await exchange('GET', '/repos/octo-org/octo-repo/issues/999');
    expect(sampler.check(tweak(missing, { responseBody: { message: 'Not Found' } }))).not.toEqual([]);
    expect([...sampler.seen]).toEqual([
      ['GET /repos/{owner}/{repo}/issues → 200', 3],
      ['GET /repos/{owner}/{repo}/issues/{issue_number} → 404', 1],
    ]);
  });
});
