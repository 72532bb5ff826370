// Phase 3: the files the pull request changes, every page of them; GitHub lists at most 3,000, and
// a longer pull request is matched on those with a warning rather than silently.
import { listPullFiles } from '../../github/pull-files.js';
import type { AtBase, WithFiles } from './types.js';

export async function listChangedFiles(run: AtBase): Promise<WithFiles> {
  const listed = await listPullFiles(run.client, run.repo, run.pull.number, run.pull.changed_files ?? null);
  if (listed.truncated) {
    run.warnings.push(
      `This pull request changes ${listed.changedFiles?.toLocaleString('en-US') ?? 'more than 3,000'} files; GitHub lists only the first ${listed.listed.toLocaleString('en-US')}, so stages were matched on those.`,
    );
  }
  return {
    ...run,
    files: { listed: listed.listed, changedFiles: listed.changedFiles, truncated: listed.truncated },
    changed: listed.files,
    headConfigDiagnostics: [],
  };
}
