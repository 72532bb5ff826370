// Which events the sync answers with a scoped read, and the window it reads changes from.
import { describe, expect, it } from 'vitest';
import { EVENT_WINDOW_MS, syncEventOf } from '../../src/commands/sync/event.js';
import { issuesClosedPayload, pushPayload } from '../helpers/payloads.js';

const target = { apiUrl: 'https://api.github.com', owner: 'acme', repo: 'assistant' };
const closed = () => issuesClosedPayload({ ...target, number: 7, title: 'Write the brief', body: 'Body', closedAt: '2027-01-05T10:00:00Z', labels: ['lifecycle'] });

describe('syncEventOf', () => {
  it('an issue closed or reopened: the issue as read, and a window of an hour before GitHub’s time of the event', () => {
    const payload = closed().payload;
    const event = syncEventOf('issues', payload, false, Date.parse('2026-01-01T00:00:00Z'));
    expect(event).toMatchObject({ issue: { number: 7, state: 'closed', labels: ['lifecycle'], body: 'Body' }, since: '2027-01-05T09:00:00.000Z' });
    // The repository's address from the payload, so the run does not read the repository.
    expect(event?.htmlUrl).toBe((payload.repository as { html_url: string }).html_url);
    const reopened = { ...closed().payload, action: 'reopened' };
    expect(syncEventOf('issues', reopened, false)).toBeDefined();
  });

  it('without GitHub’s time the window ends at the run’s', () => {
    const payload = closed().payload;
    delete (payload.issue as Record<string, unknown>).updated_at;
    const now = Date.parse('2027-02-01T12:00:00Z');
    expect(syncEventOf('issues', payload, false, now)?.since).toBe(new Date(now - EVENT_WINDOW_MS).toISOString());
  });

  it('every other event, an edit (a dashboard command), or a re-plan reads the whole project', () => {
    expect(syncEventOf('issues', { ...closed().payload, action: 'edited' }, false)).toBeUndefined();
    expect(syncEventOf('issues', { ...closed().payload, action: 'opened' }, false)).toBeUndefined();
    expect(syncEventOf('issues', closed().payload, true)).toBeUndefined();
    expect(syncEventOf('push', pushPayload({ ...target, before: 'a'.repeat(40), after: 'b'.repeat(40), files: {} }).payload, false)).toBeUndefined();
    expect(syncEventOf('issues', { action: 'closed' }, false)).toBeUndefined();
  });
});
