// The repository every call addresses, and how it is written in messages.

export interface RepoRef {
  owner: string;
  name: string;
}

export function fullName(repo: RepoRef): string {
  return `${repo.owner}/${repo.name}`;
}

/** `owner/name` as users type it; null when it is not that shape. */
export function parseRepo(text: string): RepoRef | null {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(text.trim());
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  if (m[2] === '.' || m[2] === '..') return null;
  return { owner: m[1], name: m[2] };
}

export const PER_PAGE = 100;
