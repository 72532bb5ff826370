// Every template of a folder at a commit, through the contents API: how a pull request's proposed
// templates are read to be validated (never rendered), without a checkout.
import type { TemplateFile } from '../render/templates.js';
import type { GitHubClient } from './client.js';
import { readContent } from './contents.js';
import type { RepoRef } from './repo.js';

/** A templates folder holds a handful of files; past this many, the rest are left unread. */
export const MAX_TEMPLATE_FILES = 100;
const MAX_DEPTH = 5;

export interface TemplateFiles {
  files: TemplateFile[];
  /** More .hbs files than MAX_TEMPLATE_FILES, or folders deeper than reading goes: some were not read. */
  truncated: boolean;
}

/** The .hbs files under `folder` at `ref`: one request per folder and one per file. */
export async function readTemplateFiles(client: GitHubClient, repo: RepoRef, folder: string, ref: string, limit = MAX_TEMPLATE_FILES): Promise<TemplateFiles> {
  const root = folder.replace(/^\.?\/+|\/+$/g, '');
  const names: string[] = [];
  let truncated = false;
  let level = [''];
  for (let depth = 0; level.length > 0; depth++) {
    const next: string[] = [];
    for (const sub of level) {
      const listing = await readContent(client, repo, sub === '' ? root : `${root}/${sub}`, ref);
      for (const entry of listing?.entries ?? []) {
        const name = sub === '' ? entry.name : `${sub}/${entry.name}`;
        if (entry.type === 'file' && entry.name.endsWith('.hbs')) names.push(name);
        else if (entry.type === 'dir') {
          if (depth + 1 < MAX_DEPTH) next.push(name);
          else truncated = true;
        }
      }
    }
    level = next;
  }
  names.sort();
  if (names.length > limit) truncated = true;
  const files: TemplateFile[] = [];
  for (const name of names.slice(0, limit)) {
    const file = await readContent(client, repo, `${root}/${name}`, ref);
    if (file?.text != null) files.push({ name, path: `${root}/${name}`, text: file.text });
  }
  return { files, truncated };
}
