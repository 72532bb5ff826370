// Branches as commits: read, create and move a branch (git refs), read a commit, and write a file
// as a new commit on a branch (contents PUT). Enough for a tool that proposes a change through a
// pull request; no merges, no trees or blobs of their own.
import { HttpError, notFound, validationFailed } from '../errors.js';
import { BodyReader } from '../body.js';
import type { RequestContext, Route } from '../router.js';
import { iso, nodeId, type Json } from '../shapes.js';
import { fakeSha, type CommitRecord, type RepoRecord } from '../state.js';
import { repoOf } from './common.js';
import { blobSha, fileEntryShape } from './repos.js';

const DOCS = 'https://docs.github.com/rest/git/refs';

/** The head commit of a branch; a branch known only by its seeded files gets a root commit once. */
export function headCommit(repo: RepoRecord, branch: string): CommitRecord | undefined {
  const sha = repo.heads.get(branch);
  if (sha !== undefined) return repo.commits.get(sha);
  const tree = repo.trees.get(branch);
  if (!tree) return undefined;
  const root: CommitRecord = { sha: fakeSha(repo.fullName, 'root', branch), parents: [], message: 'Initial commit', author: null, at: repo.createdAt, tree };
  repo.commits.set(root.sha, root);
  repo.heads.set(branch, root.sha);
  return root;
}

function moveHead(repo: RepoRecord, branch: string, commit: CommitRecord): void {
  repo.heads.set(branch, commit.sha);
  repo.trees.set(branch, commit.tree);
  repo.version++;
}

function isAncestor(repo: RepoRecord, ancestor: string, of: string): boolean {
  const queue = [of];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const sha = queue.pop()!;
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(repo.commits.get(sha)?.parents ?? []));
  }
  return false;
}

function refShape(ctx: RequestContext, repo: RepoRecord, branch: string, sha: string): { [key: string]: Json } {
  const ref = `refs/heads/${branch}`;
  return {
    ref,
    node_id: nodeId('Ref', repo.id),
    url: `${ctx.urls.api}/repos/${repo.fullName}/git/${ref}`,
    object: { type: 'commit', sha, url: `${ctx.urls.api}/repos/${repo.fullName}/git/commits/${sha}` },
  };
}

function commitShape(ctx: RequestContext, repo: RepoRecord, commit: CommitRecord): { [key: string]: Json } {
  const who = commit.author ?? repo.owner;
  const person = { name: who, email: `${who}@users.noreply.github.com`, date: iso(commit.at) };
  const treeSha = fakeSha('tree', commit.sha);
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', repo.id),
    url: `${ctx.urls.api}/repos/${repo.fullName}/git/commits/${commit.sha}`,
    html_url: `${ctx.urls.web}/${repo.fullName}/commit/${commit.sha}`,
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: treeSha, url: `${ctx.urls.api}/repos/${repo.fullName}/git/trees/${treeSha}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${ctx.urls.api}/repos/${repo.fullName}/git/commits/${sha}`,
      html_url: `${ctx.urls.web}/${repo.fullName}/commit/${sha}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** The refs API's refusals, in the validation shape its description documents for 422. */
function refFailed(message: string): HttpError {
  return validationFailed({ resource: 'Reference', code: 'custom', field: 'ref', message });
}

/** `heads/<branch>` (the refs API's own spelling) → the branch; anything else is not a branch. */
function branchOfRef(ref: string, prefix: string): string | null {
  return ref.startsWith(prefix) && ref.length > prefix.length ? ref.slice(prefix.length) : null;
}

function putFile(ctx: RequestContext, repo: RepoRecord, path: string): { commit: CommitRecord; created: boolean } {
  const body = new BodyReader(ctx.body);
  const message = body.string('message');
  const content = body.string('content');
  if (message === undefined) throw validationFailed({ resource: 'Commit', code: 'missing_field', field: 'message' });
  if (content === undefined) throw validationFailed({ resource: 'Commit', code: 'missing_field', field: 'content' });
  const branch = body.string('branch') ?? repo.defaultBranch;
  const head = headCommit(repo, branch);
  if (!head) throw new HttpError(404, `Branch ${branch} not found`);
  const existing = head.tree.get(path);
  const sha = body.string('sha');
  if (existing !== undefined && sha === undefined) throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
  if (existing !== undefined && sha !== blobSha(existing)) throw new HttpError(409, `${path} does not match ${sha ?? ''}`);
  const tree = new Map(head.tree);
  tree.set(path, Buffer.from(content, 'base64').toString('utf8'));
  const at = ctx.clock.now();
  const commit: CommitRecord = { sha: fakeSha(repo.fullName, head.sha, path, message, String(at), String(repo.commits.size)), parents: [head.sha], message, author: ctx.token.login, at, tree };
  repo.commits.set(commit.sha, commit);
  moveHead(repo, branch, commit);
  return { commit, created: existing === undefined };
}

export const gitRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/ref/{ref}',
    permission: 'contents',
    docs: `${DOCS}#get-a-reference`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const branch = branchOfRef(ctx.params.ref ?? '', 'heads/');
      const head = branch === null ? undefined : headCommit(repo, branch);
      if (!head || branch === null) throw notFound();
      return { status: 200, body: refShape(ctx, repo, branch, head.sha) };
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/git/refs',
    permission: 'contents',
    docs: `${DOCS}#create-a-reference`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const body = new BodyReader(ctx.body);
      const branch = branchOfRef(body.string('ref') ?? '', 'refs/heads/');
      if (branch === null) throw refFailed('Reference name must start with refs/ and contain at least three slash-separated components.');
      const commit = repo.commits.get(body.string('sha') ?? '');
      if (!commit) throw refFailed('Object does not exist');
      if (headCommit(repo, branch)) throw refFailed('Reference already exists');
      moveHead(repo, branch, commit);
      return { status: 201, body: refShape(ctx, repo, branch, commit.sha), headers: { location: `${ctx.urls.api}/repos/${repo.fullName}/git/refs/heads/${branch}` } };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/git/refs/{ref}',
    permission: 'contents',
    docs: `${DOCS}#update-a-reference`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const body = new BodyReader(ctx.body);
      const branch = branchOfRef(ctx.params.ref ?? '', 'heads/');
      const current = branch === null ? undefined : headCommit(repo, branch);
      if (!current || branch === null) throw refFailed('Reference does not exist');
      const commit = repo.commits.get(body.string('sha') ?? '');
      if (!commit) throw refFailed('Object does not exist');
      if (body.boolean('force') !== true && !isAncestor(repo, current.sha, commit.sha)) throw refFailed('Update is not a fast forward');
      moveHead(repo, branch, commit);
      return { status: 200, body: refShape(ctx, repo, branch, commit.sha) };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    permission: 'contents',
    docs: 'https://docs.github.com/rest/git/commits#get-a-commit-object',
    handle(ctx) {
      const repo = repoOf(ctx);
      const commit = repo.commits.get(ctx.params.commit_sha ?? '');
      if (!commit) throw notFound();
      return { status: 200, body: commitShape(ctx, repo, commit) };
    },
  },
  {
    method: 'PUT',
    template: '/repos/{owner}/{repo}/contents/{path}',
    permission: 'contents',
    docs: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
    handle(ctx) {
      const repo = repoOf(ctx);
      const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
      if (path === '') throw notFound();
      const { commit, created } = putFile(ctx, repo, path);
      const ref = [...repo.heads.entries()].find(([, sha]) => sha === commit.sha)?.[0] ?? repo.defaultBranch;
      return {
        status: created ? 201 : 200,
        body: { content: fileEntryShape(ctx, repo, ref, path, commit.tree.get(path) ?? ''), commit: commitShape(ctx, repo, commit) },
      };
    },
  },
];
