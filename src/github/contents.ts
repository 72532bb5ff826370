// Files of a repository at a commit, through the contents API: how the Action reads the config
// when there is no checkout, and how guidance reads the base commit's config and templates.
import type { GitHubClient } from './client.js';
import { httpStatus } from './errors.js';
import type { RepoRef } from './repo.js';

export interface ContentFile {
  text: string | null;
  /** Entry names when the path is a folder. */
  entries: { name: string; type: string }[] | null;
}

/** The file or folder at `path` and `ref`; null when there is none. */
export async function readContent(client: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<ContentFile | null> {
  try {
    const { data } = await client.octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.name, path: path.replace(/^\.?\/+|\/+$/g, ''), ref });
    if (Array.isArray(data)) return { text: null, entries: data.map((e) => ({ name: e.name, type: e.type })) };
    if (data.type === 'file' && 'content' in data && typeof data.content === 'string') {
      return { text: Buffer.from(data.content, 'base64').toString('utf8'), entries: null };
    }
    return null;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
