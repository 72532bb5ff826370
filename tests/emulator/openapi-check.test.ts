// The OpenAPI check itself: it must catch what it promises to catch.
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/emulator/index.js';
import { checkExchange } from '../helpers/openapi.js';
import { startTestEmulator } from '../helpers/emulator.js';

function exchange(overrides: Partial<Exchange>): Exchange {
  return {
    n: 1,
    method: 'GET',
    route: '/repos/{owner}/{repo}/labels/{name}',
    path: '/repos/o/r/labels/bug',
    params: { owner: 'o', repo: 'r', name: 'bug' },
    query: [],
    requestHeaders: {},
    requestBody: undefined,
    status: 200,
    responseHeaders: {},
    responseBody: { id: 1, node_id: 'x', url: 'https://api.github.com/repos/o/r/labels/bug', name: 'bug', description: null, color: 'ffffff', default: false },
    dropped: false,
    ...overrides,
  };
}

describe('checkExchange', () => {
  it('accepts a documented exchange', () => {
    expect(checkExchange(exchange({}))).toEqual([]);
  });

  it('flags a route or method GitHub does not document', () => {
    expect(checkExchange(exchange({ method: 'PUT' })).map((v) => v.kind)).toEqual(['route']);
    expect(checkExchange(exchange({ route: null })).map((v) => v.kind)).toEqual(['route']);
  });

  it('flags undocumented or ill-typed query parameters', () => {
    const list = { route: '/repos/{owner}/{repo}/issues', path: '/repos/o/r/issues', params: { owner: 'o', repo: 'r' }, responseBody: [] };
    expect(checkExchange(exchange({ ...list, query: [['per_page', '50'], ['state', 'all']] }))).toEqual([]);
    const bad = checkExchange(exchange({ ...list, query: [['per_page', 'many'], ['colour', 'red'], ['state', 'maybe']] }));
    expect(bad.map((v) => v.message)).toEqual([
      expect.stringContaining('"per_page"'),
      expect.stringContaining('"colour" is not documented'),
      expect.stringContaining('"state"'),
    ]);
  });

  it('flags a request body that breaks the schema', () => {
    const create = { method: 'POST', route: '/repos/{owner}/{repo}/labels', path: '/repos/o/r/labels', params: { owner: 'o', repo: 'r' }, status: 201 };
    const violations = checkExchange(exchange({ ...create, requestBody: { color: 'ffffff' } }));
    expect(violations).toEqual([expect.objectContaining({ kind: 'body', message: expect.stringContaining("'name'") })]);
  });

  it('flags a response that does not match the documented schema, or an undocumented success status', () => {
    const missing = checkExchange(exchange({ responseBody: { name: 'bug' } }));
    expect(missing.map((v) => v.kind)).toEqual(['response']);
    expect(checkExchange(exchange({ status: 201 })).map((v) => v.kind)).toEqual(['response']);
    // Errors that can happen anywhere (rate limits, outages) are not held to a per-route list.
    expect(checkExchange(exchange({ status: 503, responseBody: { message: 'x' } }))).toEqual([]);
  });

  it('holds POST /graphql to GitHub\'s GraphQL shape: a query in, exactly the asked fields or errors out', () => {
    const graphql = { method: 'POST', route: '/graphql', path: '/graphql', params: {}, requestBody: { query: '{ viewer { login } }' } };
    expect(checkExchange(exchange({ ...graphql, responseBody: { data: { viewer: { login: 'octo-app[bot]' } } } }))).toEqual([]);
    expect(checkExchange(exchange({ ...graphql, responseBody: { errors: [{ message: 'Something went wrong', locations: [{ line: 1, column: 3 }] }] } }))).toEqual([]);
    expect(checkExchange(exchange({ ...graphql, status: 502, responseBody: { message: 'Bad Gateway' } }))).toEqual([]);
    const kinds = (overrides: Partial<Exchange>) => checkExchange(exchange({ ...graphql, ...overrides })).map((v) => v.kind);
    expect(kinds({ responseBody: { data: { viewer: { login: 'x', name: 'X' } } } })).toEqual(['response']);
    expect(kinds({ responseBody: { data: { viewer: { login: '' } } } })).toEqual(['response']);
    expect(kinds({ responseBody: { errors: [] } })).toEqual(['response']);
    expect(kinds({ requestBody: { q: '{ viewer { login } }' }, responseBody: { errors: [{ message: 'x' }] } })).toEqual(['body']);
  });

  it('is on by default in startTestEmulator and collects violations', async () => {
    const gh = await startTestEmulator();
    await gh.request('GET', '/repos/octo-org/octo-repo/issues?colour=red');
    expect(gh.violations).toHaveLength(1);
    expect(() => gh.assertNoViolations()).toThrow(/colour/);
    expect(gh.violations).toHaveLength(0);
  });
});
