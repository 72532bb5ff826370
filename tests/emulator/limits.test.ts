// GitHub's limits on what it stores, held by the emulator with GitHub's 422 answers, so a tool that
// sends too much fails a test here as it would fail on GitHub. Lengths are characters as GitHub
// counts them (code points): an emoji is one.
import { describe, expect, it } from 'vitest';
import { characters, LIMITS } from '../../src/emulator/body.js';
import { useTestEmulator } from '../helpers/emulator.js';

const repo = '/repos/octo-org/octo-repo';
const emoji = '😀';

describe('characters', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    [emoji, 1],
    [`a${emoji}b`, 3],
    ['\uD83D', 1],
    ['é', 1],
  ])('%j has %i', (text, count) => {
    expect(characters(text)).toBe(count);
  });
});

describe('limits', () => {
  const gh = useTestEmulator({ seed: { repos: [{ owner: 'octo-org', name: 'octo-repo', issues: [{ title: 'One' }], milestones: [{ title: 'Scope' }] }] } });

  it('issue titles: 256 characters, on create and update', async () => {
    expect((await gh().request('POST', `${repo}/issues`, { body: { title: 't'.repeat(256) } })).status).toBe(201);
    expect((await gh().request('POST', `${repo}/issues`, { body: { title: emoji.repeat(256) } })).status).toBe(201);
    const create = await gh().request('POST', `${repo}/issues`, { body: { title: 't'.repeat(257) } });
    expect(create.status).toBe(422);
    expect(create.body).toMatchObject({
      message: 'Validation Failed',
      errors: [{ resource: 'Issue', code: 'custom', field: 'title', message: 'title is too long (maximum is 256 characters)' }],
      status: '422',
    });
    const update = await gh().request('PATCH', `${repo}/issues/1`, { body: { title: 't'.repeat(257) } });
    expect(update.status).toBe(422);
    expect(update.body).toMatchObject({ errors: [{ field: 'title', code: 'custom' }] });
  });

  it('issue bodies: 65,536 characters, an emoji counting as one', async () => {
    expect((await gh().request('PATCH', `${repo}/issues/1`, { body: { body: emoji.repeat(LIMITS.body) } })).status).toBe(200);
    const over = await gh().request('PATCH', `${repo}/issues/1`, { body: { body: `${emoji.repeat(LIMITS.body)}x` } });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ errors: [{ resource: 'Issue', code: 'custom', field: 'body', message: 'body is too long (maximum is 65536 characters)' }] });
  });

  it('comments: 65,536 characters', async () => {
    expect((await gh().request('POST', `${repo}/issues/1/comments`, { body: { body: emoji.repeat(LIMITS.body) } })).status).toBe(201);
    const over = await gh().request('POST', `${repo}/issues/1/comments`, { body: { body: 'c'.repeat(LIMITS.body + 1) } });
    expect(over.body).toMatchObject({ errors: [{ resource: 'IssueComment', field: 'body', message: 'Body is too long (maximum is 65536 characters)' }] });
  });

  it('label names: 50 characters, whether the label is created directly or through an issue', async () => {
    expect((await gh().request('POST', `${repo}/labels`, { body: { name: 'l'.repeat(50) } })).status).toBe(201);
    const direct = await gh().request('POST', `${repo}/labels`, { body: { name: 'l'.repeat(51) } });
    expect(direct.body).toMatchObject({ errors: [{ resource: 'Label', code: 'invalid', field: 'name' }] });
    const long = 'n'.repeat(51);
    const viaIssue = await gh().request('POST', `${repo}/issues`, { body: { title: 'Labelled', labels: [long] } });
    expect(viaIssue.status).toBe(422);
    expect(viaIssue.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'name', value: long }] });
    const viaUpdate = await gh().request('PATCH', `${repo}/issues/1`, { body: { labels: [long] } });
    expect(viaUpdate.status).toBe(422);
    const viaAdd = await gh().request('POST', `${repo}/issues/1/labels`, { body: { labels: [long] } });
    expect(viaAdd.status).toBe(422);
    // Nothing was created along the way.
    expect(gh().state.findLabel(gh().state.repo('octo-org/octo-repo'), long)).toBeUndefined();
  });

  it('label descriptions: 100 characters', async () => {
    expect((await gh().request('POST', `${repo}/labels`, { body: { name: 'described', description: emoji.repeat(100) } })).status).toBe(201);
    const over = await gh().request('POST', `${repo}/labels`, { body: { name: 'too-described', description: 'd'.repeat(101) } });
    expect(over.body).toMatchObject({ errors: [{ resource: 'Label', code: 'custom', field: 'description', message: 'description is too long (maximum is 100 characters)' }] });
  });

  it('labels per issue: 100, counting the labels it has when more are added', async () => {
    const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    const ok = await gh().request('POST', `${repo}/issues`, { body: { title: 'Hundred', labels: names(100, 'a') } });
    expect(ok.status).toBe(201);
    const number = (ok.body as { number: number }).number;
    const over = await gh().request('POST', `${repo}/issues`, { body: { title: 'Hundred and one', labels: names(101, 'b') } });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'custom', field: 'labels', message: 'Issues cannot have more than 100 labels' }] });
    // The same names in another case are the same labels.
    expect((await gh().request('POST', `${repo}/issues`, { body: { title: 'Twice', labels: [...names(60, 'a'), ...names(60, 'A')] } })).status).toBe(201);
    const add = await gh().request('POST', `${repo}/issues/${number}/labels`, { body: { labels: ['one-more'] } });
    expect(add.status).toBe(422);
    expect(add.body).toMatchObject({ errors: [{ field: 'labels' }] });
    expect((await gh().request('POST', `${repo}/issues/${number}/labels`, { body: { labels: ['a-1'] } })).status).toBe(200);
  });

  it('milestone titles: 256 characters, unique regardless of case and surrounding spaces', async () => {
    expect((await gh().request('POST', `${repo}/milestones`, { body: { title: 'm'.repeat(256) } })).status).toBe(201);
    const long = await gh().request('POST', `${repo}/milestones`, { body: { title: 'm'.repeat(257) } });
    expect(long.status).toBe(422);
    expect(long.body).toMatchObject({ errors: [{ resource: 'Milestone', code: 'custom', field: 'title', message: 'title is too long (maximum is 256 characters)' }] });
    for (const title of ['scope', 'SCOPE', 'Scope ', ' Scope']) {
      const clash = await gh().request('POST', `${repo}/milestones`, { body: { title } });
      expect(clash.status, title).toBe(422);
      expect(clash.body).toMatchObject({ errors: [{ resource: 'Milestone', code: 'already_exists', field: 'title' }] });
    }
    const created = await gh().request('POST', `${repo}/milestones`, { body: { title: 'Build' } });
    const number = (created.body as { number: number }).number;
    expect((await gh().request('PATCH', `${repo}/milestones/${number}`, { body: { title: 'scope ' } })).status).toBe(422);
    // A milestone keeps its own title in another case.
    expect((await gh().request('PATCH', `${repo}/milestones/${number}`, { body: { title: 'BUILD' } })).status).toBe(200);
  });

  it('milestone descriptions: 65,536 characters', async () => {
    expect((await gh().request('POST', `${repo}/milestones`, { body: { title: 'Long', description: emoji.repeat(LIMITS.milestoneDescription) } })).status).toBe(201);
    const over = await gh().request('POST', `${repo}/milestones`, { body: { title: 'Longer', description: 'd'.repeat(LIMITS.milestoneDescription + 1) } });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ errors: [{ resource: 'Milestone', code: 'custom', field: 'description', message: 'description is too long (maximum is 65536 characters)' }] });
    const update = await gh().request('PATCH', `${repo}/milestones/1`, { body: { description: 'd'.repeat(LIMITS.milestoneDescription + 1) } });
    expect(update.status).toBe(422);
  });
});
