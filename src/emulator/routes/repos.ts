// The repository itself and its files (the contents API).
import { createHash } from 'node:crypto';
import { HttpError, notFound } from '../errors.js';
import type { RequestContext, Route } from '../router.js';
import { repoShape, userShape, type Json } from '../shapes.js';
import type { RepoRecord } from '../state.js';
import { repoOf } from './common.js';

export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\u0000`).update(bytes).digest('hex');
}

/** GitHub wraps base64 content at 60 characters. */
function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  return (encoded.match(/.{1,60}/g) ?? ['']).join('\n') + '\n';
}

function entryShape(ctx: RequestContext, repo: RepoRecord, ref: string, path: string, type: 'file' | 'dir', text: string | null): { [key: string]: Json } {
  const name = path.split('/').pop() ?? path;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const sha = type === 'file' ? blobSha(text ?? '') : createHash('sha1').update(`tree ${repo.fullName} ${ref} ${path}`).digest('hex');
  const url = `${ctx.urls.api}/repos/${repo.fullName}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${ctx.urls.api}/repos/${repo.fullName}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  const htmlUrl = `${ctx.urls.web}/${repo.fullName}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${encoded}`;
  return {
    type,
    name,
    path,
    sha,
    size: type === 'file' ? Buffer.byteLength(text ?? '', 'utf8') : 0,
    url,
    html_url: htmlUrl,
    git_url: gitUrl,
    download_url: type === 'file' ? `${ctx.urls.web}/${repo.fullName}/raw/${ref}/${encoded}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

/**
 * A login's permission on a repository: the owner is admin; a person with a token that writes
 * issues or contents has write; anyone else known reads (the emulator's repositories are public).
 */
function collaboratorPermission(ctx: RequestContext, repo: RepoRecord, login: string): 'admin' | 'write' | 'read' {
  if (login.toLowerCase() === repo.owner.toLowerCase()) return 'admin';
  for (const token of ctx.state.tokens.values()) {
    if (token.login.toLowerCase() !== login.toLowerCase() || token.kind !== 'user') continue;
    if (token.repositories !== null && !token.repositories.has(repo.fullName.toLowerCase())) continue;
    if (token.permissions.issues === 'write' || token.permissions.contents === 'write') return 'write';
  }
  return 'read';
}

/** A file's entry as the contents API describes it, without its content. */
export function fileEntryShape(ctx: RequestContext, repo: RepoRecord, ref: string, path: string, text: string): { [key: string]: Json } {
  return entryShape(ctx, repo, ref, path, 'file', text);
}

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    permission: 'metadata',
    docs: 'https://docs.github.com/rest/collaborators/collaborators#get-repository-permissions-for-a-user',
    handle(ctx) {
      const repo = repoOf(ctx);
      const user = ctx.state.findUser(ctx.params.username ?? '');
      if (!user) throw notFound();
      const permission = collaboratorPermission(ctx, repo, user.login);
      const permissions = { admin: permission === 'admin', maintain: permission === 'admin', push: permission !== 'read', triage: permission !== 'read', pull: true };
      return { status: 200, body: { permission, role_name: permission, user: { ...userShape(ctx.urls, user), permissions, role_name: permission } } };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}',
    permission: 'metadata',
    docs: 'https://docs.github.com/rest/repos/repos#get-a-repository',
    handle(ctx) {
      const repo = repoOf(ctx);
      const canWrite = ctx.token.permissions.contents === 'write' || ctx.token.permissions.issues === 'write';
      return { status: 200, body: repoShape(ctx.state, ctx.urls, repo, canWrite) };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/contents/{path}',
    permission: 'contents',
    docs: 'https://docs.github.com/rest/repos/contents#get-repository-content',
    handle(ctx) {
      const repo = repoOf(ctx);
      const ref = ctx.query.get('ref') || repo.defaultBranch;
      // A commit sha names the files as they were at that commit.
      const tree = repo.trees.get(ref) ?? repo.commits.get(ref)?.tree;
      if (!tree) {
        if (ref === repo.defaultBranch) throw notFound();
        throw new HttpError(404, `No commit found for the ref ${ref}`);
      }
      const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
      const text = tree.get(path);
      if (text !== undefined) {
        return { status: 200, body: { ...entryShape(ctx, repo, ref, path, 'file', text), content: base64Lines(text), encoding: 'base64' } };
      }
      // A directory: list its direct children, folders first as GitHub sorts them by name.
      const prefix = path === '' ? '' : `${path}/`;
      const children = new Map<string, 'file' | 'dir'>();
      for (const file of tree.keys()) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf('/');
        children.set(slash === -1 ? rest : rest.slice(0, slash), slash === -1 ? 'file' : 'dir');
      }
      if (children.size === 0) throw notFound();
      const entries = [...children.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, type]) => {
          const full = `${prefix}${name}`;
          return entryShape(ctx, repo, ref, full, type, type === 'file' ? (tree.get(full) ?? '') : null);
        });
      return { status: 200, body: entries };
    },
  },
];
