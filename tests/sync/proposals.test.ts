// New text for an issue a person edited is proposed in one comment and never written over the
// person's words: over real HTTP against the emulator, held to GitHub's OpenAPI description.
import { describe, expect, it } from 'vitest';
import { runSync, type SyncResult } from '../../src/commands/sync.js';
import type { IssueRecord, RepoRecord } from '../../src/emulator/index.js';
import { parseMarker } from '../../src/plan/marker.js';
import { hasProposal, proposalComment, proposalMarker } from '../../src/plan/proposals.js';
import { BODY_LIMIT } from '../../src/plan/body-limit.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { clientFor, configYaml, REPO, smallProject, startSyncEmulator, USER_TOKEN, type StageSpec } from './helpers.js';

function sync(emulator: TestEmulator, stages: StageSpec[], overwrite = false): Promise<SyncResult> {
  return runSync({
    client: clientFor(emulator),
    repo: REPO,
    configText: configYaml(stages),
    templatesDir: null,
    today: '2027-01-10',
    identity: 'github-actions[bot]',
    ...(overwrite ? { overwrite: true } : {}),
  });
}

function repoOf(emulator: TestEmulator): RepoRecord {
  const repo = emulator.state.findRepo(REPO.owner, REPO.name);
  if (!repo) throw new Error('missing repository');
  return repo;
}

function issueOf(emulator: TestEmulator, task: string): IssueRecord {
  const found = [...repoOf(emulator).issues.values()].find((i) => parseMarker(i.body)?.task === task);
  if (!found) throw new Error(`no issue for ${task}`);
  return found;
}

function commentsOn(emulator: TestEmulator, issue: number): string[] {
  const repo = repoOf(emulator);
  return (repo.commentsByIssue.get(issue) ?? []).map((id) => repo.comments.get(id)?.body ?? '');
}

/** A person's edit: a note above the tool's text, the hidden marker kept. */
async function editBody(emulator: TestEmulator, issue: IssueRecord, note: string): Promise<string> {
  const edited = (issue.body ?? '').replace('<!--', `${note}\n\n<!--`);
  await emulator.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: issue.number, body: edited });
  return edited;
}

/** The brief's checklist changes: the rendered text of that issue changes. */
function withChecklist(stages: StageSpec[], checklist: string[]): StageSpec[] {
  const changed = structuredClone(stages);
  (changed[0]?.tasks[0] as { checklist?: string[] }).checklist = checklist;
  return changed;
}

describe('proposed text for an issue a person edited', () => {
  it('posts one comment with the diff; the body is untouched and the issue stays drifted; a re-run posts none', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const brief = issueOf(gh, 'brief');
    const risks = issueOf(gh, 'risks');
    const edited = await editBody(gh, brief, 'Notes from the kickoff: ask @bob about `legal`.');
    await editBody(gh, risks, 'Our own words.');

    const changed = withChecklist(stages, ['Problem stated', 'Users named', 'Success measured']);
    gh.log.clear();
    const first = await sync(gh, changed);
    // Only the issue whose text changed had its comments read; the other edited issue did not.
    const commentReads = gh.log.entries.filter((e) => e.method === 'GET' && e.route === '/repos/{owner}/{repo}/issues/{issue_number}/comments');
    expect(commentReads.map((e) => e.path)).toEqual([`/repos/${REPO.owner}/${REPO.name}/issues/${brief.number}/comments`]);
    expect(repoOf(gh).issues.get(brief.number)?.body).toBe(edited);
    const comments = commentsOn(gh, brief.number);
    expect(comments).toHaveLength(1);
    expect(commentsOn(gh, risks.number)).toEqual([]);
    const comment = comments[0] ?? '';
    expect(comment).toContain('```diff\n--- description now\n+++ new text\n');
    expect(comment).toContain('\n+- [ ] Success measured\n');
    // The person's words are shown as code, their mention broken.
    expect(comment).toContain('-Notes from the kickoff: ask @\u200Bbob about `legal`.\n');
    expect(comment.trimEnd().split('\n').at(-1)).toMatch(/^<!-- lifecycle-action-proposal \{"v":1,"stage":"scope","task":"brief","digest":"[0-9a-f]{16}"\} -->$/);
    expect(first.drift).toEqual(expect.arrayContaining([expect.objectContaining({ number: brief.number, field: 'body' })]));
    expect(first.resultLine).toContain('proposed new text in a comment on 1 issue');

    gh.log.clear();
    const second = await sync(gh, changed);
    expect(gh.log.entries.filter((e) => e.write)).toEqual([]);
    expect(commentsOn(gh, brief.number)).toHaveLength(1);
    expect(second.drift).toEqual(expect.arrayContaining([expect.objectContaining({ number: brief.number, field: 'body' })]));
    expect(second.resultLine).not.toContain('proposed new text');

    // A later change of the text is proposed again, once.
    const again = withChecklist(stages, ['Problem stated', 'Success measured']);
    await sync(gh, again);
    await sync(gh, again);
    expect(commentsOn(gh, brief.number)).toHaveLength(2);
    expect(repoOf(gh).issues.get(brief.number)?.body).toBe(edited);
  });

  it('a lost answer to the post does not post it twice', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const brief = issueOf(gh, 'brief');
    const edited = await editBody(gh, brief, 'Our notes.');
    gh.faults.inject({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', dropResponse: true });
    const result = await sync(gh, withChecklist(stages, ['Problem stated']));
    expect(result.failures).toEqual([]);
    expect(commentsOn(gh, brief.number)).toHaveLength(1);
    expect(repoOf(gh).issues.get(brief.number)?.body).toBe(edited);
  });

  it('taking the text ends the drift; overwrite replaces the body and proposes nothing', async () => {
    const gh = await startSyncEmulator();
    const stages = smallProject();
    await sync(gh, stages);
    const brief = issueOf(gh, 'brief');
    const risks = issueOf(gh, 'risks');
    await editBody(gh, brief, 'Our notes.');
    await editBody(gh, risks, 'Our notes.');
    const changed = structuredClone(withChecklist(stages, ['Problem stated', 'Users named', 'Success measured with @alice']));
    (changed[0]?.tasks[1] as { checklist?: string[] }).checklist = ['Top five risks ranked'];
    await sync(gh, changed);
    expect(commentsOn(gh, brief.number)).toHaveLength(1);

    // A person takes the new text for the brief: the text of the proposal, with the old marker.
    const proposal = commentsOn(gh, brief.number)[0] ?? '';
    const full = /````?markdown\n([\s\S]*?)\n````?\n/.exec(proposal)?.[1] ?? '';
    // Copied as the comment shows it: the mention carries its invisible break.
    expect(full).toContain('- [ ] Success measured with @\u200Balice');
    const oldMarker = /<!-- lifecycle-action \{.*\} -->/.exec(issueOf(gh, 'brief').body ?? '')?.[0] ?? '';
    await gh.octokit(USER_TOKEN).rest.issues.update({ owner: REPO.owner, repo: REPO.name, issue_number: brief.number, body: `${full}\n\n${oldMarker}\n` });

    const taken = await sync(gh, changed);
    expect(taken.drift.map((d) => d.number)).toEqual([risks.number]);
    const settled = await sync(gh, changed);
    expect(settled.drift.map((d) => d.number)).toEqual([risks.number]);
    expect(commentsOn(gh, brief.number)).toHaveLength(1);

    const overwritten = await sync(gh, changed, true);
    expect(overwritten.drift).toEqual([]);
    expect(issueOf(gh, 'risks').body).toContain('Top five risks ranked');
    expect(commentsOn(gh, risks.number)).toHaveLength(1);
  });
});

describe('the proposal comment', () => {
  it('fits GitHub\'s limit, marker last, however long the texts', () => {
    const long = Array.from({ length: 4000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const marker = proposalMarker('scope', 'brief', 'abcdef0123456789');
    const comment = proposalComment(long, `${long}\nmore`, marker);
    expect(comment.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(hasProposal([comment], 'scope', 'brief', 'abcdef0123456789')).toBe(true);
    const huge = proposalComment(long.repeat(4), 'short', marker);
    expect(huge.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(huge).toContain('The rest of this text was cut');
    expect(hasProposal([huge], 'scope', 'brief', 'abcdef0123456789')).toBe(true);
  });

  it('a marker quoted in a diff or in a person\'s comment is not a proposal', () => {
    const marker = proposalMarker('scope', 'brief', 'abcdef0123456789');
    const quoted = proposalComment(`text\n${marker}`, 'other', proposalMarker('scope', 'brief', '0000000000000000'));
    expect(hasProposal([quoted, `see ${marker} above`], 'scope', 'brief', 'abcdef0123456789')).toBe(false);
    const fence = proposalComment('a ```` b', 'c', marker);
    expect(fence).toContain('`````diff\n');
  });
});
