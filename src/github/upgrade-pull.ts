// One file proposed through one pull request from one branch the tool owns: the branch is created
// from the default branch, or reset to it when it holds only the tool's own commit; the file is
// written on it; the pull request is opened unless one is open from that branch. A re-run with the
// same text writes nothing.
import type { GitHubClient } from './client.js';
import { httpStatus, isNotAccessible } from './errors.js';
import type { RepoRef } from './repo.js';

/** The last line of every commit the tool writes on its branch: how a re-run knows the branch is its own. */
export const PROPOSAL_TRAILER = 'Lifecycle-Action: upgrade';

export interface FileProposal {
  /** The branch the pull request goes into (the default branch). */
  base: string;
  branch: string;
  path: string;
  text: string;
  commitMessage: string;
  title: string;
  body: string;
}

export interface ProposalResult {
  /**
   * opened: a new pull request; updated: the open one got the new text; unchanged: it already had
   * it; declined: a person closed the pull request of this same text, and it is not opened again.
   */
  outcome: 'opened' | 'updated' | 'unchanged' | 'declined';
  number: number;
  url: string;
  writes: number;
}

export class ProposalPermissionError extends Error {
  override name = 'ProposalPermissionError';
  constructor(action: string, options?: { cause?: unknown }) {
    super(
      `The token cannot ${action}: opening the upgrade pull request needs the "contents: write" and "pull-requests: write" permissions. ` +
        'Grant them in the workflow file:\n  permissions:\n    contents: write\n    pull-requests: write\n' +
        '(with a personal token or an App, give it write access to this repository\'s contents and pull requests).',
      options,
    );
  }
}

/** Runs a write, turning a 403 into the error that names the permissions. */
async function write<T>(action: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (isNotAccessible(error)) throw new ProposalPermissionError(action, { cause: error });
    throw error;
  }
}

async function headSha(client: GitHubClient, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await client.octokit.rest.git.getRef({ owner: repo.owner, repo: repo.name, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

async function fileAt(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<{ text: string; sha: string } | null> {
  try {
    const { data } = await client.octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.name, path, ref });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
    return { text: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha };
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

/** A branch someone else has pushed to is theirs: it is never reset. */
async function holdsOnlyOurCommit(client: GitHubClient, repo: RepoRef, sha: string, baseSha: string): Promise<boolean> {
  if (sha === baseSha) return true;
  const { data } = await client.octokit.rest.git.getCommit({ owner: repo.owner, repo: repo.name, commit_sha: sha });
  return data.parents.length === 1 && data.message.trimEnd().endsWith(PROPOSAL_TRAILER);
}

/** The branch, ready to take the file: created, or reset to the base when it does not hold the text yet. Answers the writes made. */
async function prepareBranch(client: GitHubClient, repo: RepoRef, proposal: FileProposal): Promise<{ writes: number; current: boolean }> {
  const params = { owner: repo.owner, repo: repo.name };
  const baseSha = await headSha(client, repo, proposal.base);
  if (baseSha === null) throw new Error(`The branch ${proposal.base} of ${repo.owner}/${repo.name} was not found.`);
  const sha = await headSha(client, repo, proposal.branch);
  if (sha === null) {
    await write(`create the branch ${proposal.branch}`, () => client.octokit.rest.git.createRef({ ...params, ref: `refs/heads/${proposal.branch}`, sha: baseSha }));
    return { writes: 1, current: false };
  }
  if ((await fileAt(client, repo, proposal.path, proposal.branch))?.text === proposal.text) return { writes: 0, current: true };
  if (!(await holdsOnlyOurCommit(client, repo, sha, baseSha))) {
    throw new Error(
      `The branch ${proposal.branch} holds commits that lifecycle-action did not write; it was left alone. Merge or close its pull request and delete the branch, then run again.`,
    );
  }
  if (sha === baseSha) return { writes: 0, current: false };
  await write(`reset the branch ${proposal.branch}`, () => client.octokit.rest.git.updateRef({ ...params, ref: `heads/${proposal.branch}`, sha: baseSha, force: true }));
  return { writes: 1, current: false };
}

export async function proposeFile(client: GitHubClient, repo: RepoRef, proposal: FileProposal): Promise<ProposalResult> {
  const params = { owner: repo.owner, repo: repo.name };
  const branch = await prepareBranch(client, repo, proposal);
  let writes = branch.writes;
  if (!branch.current) {
    const existing = await fileAt(client, repo, proposal.path, proposal.branch);
    await write(`write ${proposal.path} on the branch ${proposal.branch}`, () =>
      client.octokit.rest.repos.createOrUpdateFileContents({
        ...params,
        path: proposal.path,
        branch: proposal.branch,
        message: `${proposal.commitMessage}\n\n${PROPOSAL_TRAILER}`,
        content: Buffer.from(proposal.text, 'utf8').toString('base64'),
        ...(existing ? { sha: existing.sha } : {}),
      }),
    );
    writes++;
  }
  const { data: pulls } = await client.octokit.rest.pulls.list({ ...params, head: `${repo.owner}:${proposal.branch}`, base: proposal.base, state: 'all', per_page: 100 });
  const open = pulls.find((p) => p.state === 'open');
  if (open) {
    if (open.body === proposal.body && open.title === proposal.title) return { outcome: branch.current ? 'unchanged' : 'updated', number: open.number, url: open.html_url, writes };
    await write('update the upgrade pull request', () => client.octokit.rest.pulls.update({ ...params, pull_number: open.number, title: proposal.title, body: proposal.body }));
    return { outcome: 'updated', number: open.number, url: open.html_url, writes: writes + 1 };
  }
  // A person closed the pull request of this very text: the proposal was declined, not lost.
  const closed = pulls.find((p) => p.merged_at === null);
  if (closed && branch.current) return { outcome: 'declined', number: closed.number, url: closed.html_url, writes };
  const { data: created } = await write('open the upgrade pull request', () =>
    client.octokit.rest.pulls.create({ ...params, head: proposal.branch, base: proposal.base, title: proposal.title, body: proposal.body }),
  );
  return { outcome: 'opened', number: created.number, url: created.html_url, writes: writes + 1 };
}
