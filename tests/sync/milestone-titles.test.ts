// Milestone titles are unique per repository as GitHub compares them (trimmed, ignoring case): a
// milestone made by hand as "SCOPE " is the one for stage "Scope", over real HTTP.
import { describe, expect, it } from 'vitest';
import { runSync } from '../../src/commands/sync.js';
import { parseMarker } from '../../src/plan/marker.js';
import { clientFor, configYaml, REPO, startSyncEmulator } from './helpers.js';

describe('milestone titles', () => {
  it('takes over a milestone whose title differs only by case and spaces, instead of failing to create one', async () => {
    const gh = await startSyncEmulator({ repo: { milestones: [{ title: 'SCOPE ', description: 'made by hand' }] } });
    const configText = configYaml([{ id: 'scope', name: 'Scope', duration: '3d', tasks: [{ id: 'brief', title: 'Write the brief' }] }]);
    const options = { client: clientFor(gh), repo: REPO, configText, templatesDir: null, today: '2027-01-10', identity: 'github-actions[bot]' };
    const result = await runSync(options);
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    const milestones = [...(gh.state.findRepo(REPO.owner, REPO.name)?.milestones.values() ?? [])];
    expect(milestones).toHaveLength(1);
    expect(milestones[0]?.title).toBe('Scope');
    expect(parseMarker(milestones[0]?.description)).toMatchObject({ kind: 'stage', stage: 'scope' });
    // The person's description stays theirs (reported as drift), with the marker added.
    expect(milestones[0]?.description).toMatch(/^made by hand\n/);
    expect(result.milestones).toEqual({ scope: milestones[0]?.number });

    const again = await runSync(options);
    expect(again.results).toEqual([]);
    expect(again.drift.map((d) => [d.kind, d.field])).toEqual([['milestone', 'description']]);
  });
});
