// Compares emulator answers with GitHub's real answers recorded in @octokit/fixtures.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { startTestEmulator } from '../helpers/emulator.js';

interface Recorded {
  method: string;
  path: string;
  status: number;
  body?: unknown;
  response: unknown;
  headers: Record<string, string>;
}

const require = createRequire(import.meta.url);
const scenario = (name: string): Recorded[] => require(`@octokit/fixtures/scenarios/api.github.com/${name}/normalized-fixture.json`) as Recorded[];

/** The shape of a JSON value: keys and value types, recursively (values themselves differ). */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return typeof value;
}

/** Recorded keys we lack or answer with another type (a recorded null accepts anything). */
function shapeGaps(recorded: unknown, ours: unknown, path = ''): string[] {
  if (recorded === 'null') return [];
  if (Array.isArray(recorded)) {
    if (!Array.isArray(ours)) return [`${path}: expected an array`];
    return recorded.length === 0 || ours.length === 0 ? [] : shapeGaps(recorded[0], ours[0], `${path}[0]`);
  }
  if (typeof recorded === 'object' && recorded !== null) {
    if (typeof ours !== 'object' || ours === null) return [`${path}: expected an object`];
    return Object.entries(recorded).flatMap(([key, value]) =>
      key in ours ? shapeGaps(value, (ours as Record<string, unknown>)[key], `${path}.${key}`) : [`${path}.${key}: missing`],
    );
  }
  return recorded === ours || ours === 'null' ? [] : [`${path}: ${String(ours)} instead of ${String(recorded)}`];
}

/**
 * The headers whose presence the recordings show (the values differ): a Location, a Link, the
 * x-ratelimit-* family and a content type are there in our answer exactly when in GitHub's.
 */
function headerGaps(recorded: Record<string, string>, ours: Headers, skip: string[] = []): string[] {
  const names = ['location', 'link', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-used', 'x-ratelimit-resource', 'content-type'];
  return names.filter((name) => !skip.includes(name) && (name in recorded) !== ours.has(name)).map((name) => `${name}: ${name in recorded ? 'missing' : 'not sent by GitHub'}`);
}

describe('answers shaped like the recorded GitHub ones', () => {
  it('labels: list, create, get, update, delete', async () => {
    const recorded = scenario('labels');
    const gh = await startTestEmulator({
      seed: { repos: [{ owner: 'octokit-fixture-org', name: 'labels', labels: (recorded[0]!.response as { name: string; color: string; description: string; default: boolean }[]).map(({ name, color, description, default: d }) => ({ name, color, description, default: d })) }] },
    });
    for (const step of recorded) {
      const body = step.body === null || step.body === '' ? undefined : step.body;
      const response = await gh.request(step.method.toUpperCase(), step.path, { body });
      expect(response.status, `${step.method} ${step.path}`).toBe(step.status);
      expect(headerGaps(step.headers, response.headers)).toEqual([]);
      if (step.status === 204) continue;
      expect(shapeGaps(shapeOf(step.response), shapeOf(response.body))).toEqual([]);
      const names = (x: unknown): unknown => (Array.isArray(x) ? x.map((l: { name: string }) => l.name) : (x as { name: string }).name);
      expect(names(response.body)).toEqual(names(step.response));
    }
  });

  it('paginate-issues: the same pages and the same Link headers', async () => {
    const recorded = scenario('paginate-issues');
    const gh = await startTestEmulator({
      seed: { repos: [{ owner: 'octokit-fixture-org', name: 'paginate-issues', issues: Array.from({ length: 13 }, (_, i) => ({ title: `Test issue ${i + 1}` })) }] },
    });
    const id = gh.state.repo('octokit-fixture-org/paginate-issues').id;
    for (const step of recorded) {
      const path = step.path.replace('/repositories/1000/', `/repositories/${id}/`);
      const response = await gh.request('GET', path);
      expect(response.status).toBe(200);
      expect((response.body as { title: string }[]).map((i) => i.title)).toEqual((step.response as { title: string }[]).map((i) => i.title));
      const link = response.headers.get('link')?.split(`${gh.url}/repositories/${id}/`).join('https://api.github.com/repositories/1000/');
      expect(link).toBe(step.headers.link);
    }
    const issue = (await gh.request('GET', '/repos/octokit-fixture-org/paginate-issues/issues/13')).body;
    const recordedIssue = (recorded[0]!.response as unknown[])[0];
    // Every recorded key is there with its type (keys GitHub added since the recording may be extra).
    expect(shapeGaps(shapeOf(recordedIssue), shapeOf(issue))).toEqual([]);
  });

  it('errors: a bad label color answers the recorded 422 body', async () => {
    const [step] = scenario('errors');
    const gh = await startTestEmulator({ seed: { repos: [{ owner: 'octokit-fixture-org', name: 'errors' }] } });
    const response = await gh.request('POST', step!.path, { body: step!.body });
    expect(response.status).toBe(step!.status);
    const { message, errors } = step!.response as { message: string; errors: unknown };
    expect(response.body).toMatchObject({ message, errors });
    gh.clearViolations();
  });

  it('add-labels-to-issue: labels the repository lacks are created, in the order asked, with the headers GitHub sends', async () => {
    const recorded = scenario('add-labels-to-issue');
    const gh = await startTestEmulator({ seed: { repos: [{ owner: 'octokit-fixture-org', name: 'add-labels-to-issue' }] } });
    for (const step of recorded) {
      const response = await gh.request(step.method.toUpperCase(), step.path, { body: step.body });
      expect(response.status, `${step.method} ${step.path}`).toBe(step.status);
      expect(shapeGaps(shapeOf(step.response), shapeOf(response.body))).toEqual([]);
      expect(headerGaps(step.headers, response.headers)).toEqual([]);
    }
    const labels = (await gh.request('GET', '/repos/octokit-fixture-org/add-labels-to-issue/issues/1')).body as { labels: { name: string; color: string; default: boolean; description: null }[] };
    const pick = (l: { name: string; color: string; default: boolean; description: string | null }) => [l.name, l.color, l.default, l.description];
    expect(labels.labels.map(pick)).toEqual((recorded[1]!.response as { name: string; color: string; default: boolean; description: null }[]).map(pick));
  });

  it('lock-issue: lock and unlock answer 204 with no body and the rate headers', async () => {
    const recorded = scenario('lock-issue');
    const gh = await startTestEmulator({ seed: { repos: [{ owner: 'octokit-fixture-org', name: 'lock-issue', issues: [{ title: 'Lock me' }] }] } });
    const locked: boolean[] = [];
    for (const step of recorded) {
      const response = await gh.request(step.method.toUpperCase(), step.path, { body: step.body === '' ? undefined : step.body });
      expect(response.status, `${step.method} ${step.path}`).toBe(step.status);
      expect(response.body).toBeUndefined();
      expect(headerGaps(step.headers, response.headers)).toEqual([]);
      locked.push(gh.state.repo('octokit-fixture-org/lock-issue').issues.get(1)!.locked);
    }
    expect(locked).toEqual([true, false]);
  });

  it('get-content: a folder lists its entries; a file comes base64-encoded with the same text', async () => {
    const [folder, file] = scenario('get-content');
    const gh = await startTestEmulator({ seed: { repos: [{ owner: 'octokit-fixture-org', name: 'hello-world', default_branch: 'master', files: { 'README.md': '# hello-world' } }] } });
    const listed = await gh.request('GET', folder!.path);
    expect(listed.status).toBe(200);
    expect(shapeGaps(shapeOf(folder!.response), shapeOf(listed.body))).toEqual([]);
    const pick = (entries: { name: string; path: string; type: string; size: number }[]) => entries.map((e) => [e.name, e.path, e.type, e.size]);
    expect(pick(listed.body as never)).toEqual(pick(folder!.response as never));
    expect(headerGaps(folder!.headers, listed.headers)).toEqual([]);
    // The recording asked for the raw media type, which the emulator does not serve: the JSON form holds the same text.
    const got = await gh.request('GET', file!.path);
    const content = got.body as { encoding: string; content: string; sha: string };
    expect(content.encoding).toBe('base64');
    expect(Buffer.from(content.content, 'base64').toString('utf8')).toBe(file!.response);
    expect(headerGaps(file!.headers, got.headers)).toEqual([]);
  });

  it('get-repository: every recorded key, with the recorded types and headers', async () => {
    const [step] = scenario('get-repository');
    const gh = await startTestEmulator({ seed: { repos: [{ owner: 'octokit-fixture-org', name: 'hello-world', default_branch: 'master' }] } });
    const response = await gh.request('GET', step!.path);
    expect(response.status).toBe(200);
    // The recording was made by an admin; GitHub sends the merge settings and a clone token only to
    // admins, and the emulator's tokens never are. The organization is sent for org-owned repositories only.
    const adminOnly = /^\.(allow_auto_merge|allow_merge_commit|allow_rebase_merge|allow_squash_merge|allow_update_branch|delete_branch_on_merge|temp_clone_token|use_squash_pr_title_as_default|organization): missing$/;
    const gaps = shapeGaps(shapeOf(step!.response), shapeOf(response.body)).filter((gap) => !adminOnly.test(gap));
    expect(gaps).toEqual([]);
    expect((response.body as { full_name: string }).full_name).toBe((step!.response as { full_name: string }).full_name);
    expect(headerGaps(step!.headers, response.headers)).toEqual([]);
  });

  it('search-issues: the result envelope and item keys', async () => {
    const [step] = scenario('search-issues');
    const gh = await startTestEmulator({
      seed: { repos: [{ owner: 'octokit-fixture-org', name: 'search-issues', issues: [{ title: 'Sesame seeds split without a pop!', body: 'x' }, { title: 'Open sesame', body: 'y' }, { title: 'Other', body: 'z' }] }] },
    });
    const response = await gh.request('GET', step!.path);
    const body = response.body as { total_count: number; items: Record<string, unknown>[] };
    expect(body.total_count).toBe(2);
    const recordedItem = (step!.response as { items: Record<string, unknown>[] }).items[0]!;
    for (const key of Object.keys(recordedItem)) expect(body.items[0], key).toHaveProperty(key);
  });
});
