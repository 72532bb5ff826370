// Every rendered milestone and issue as a Markdown file a person can read before anything is
// posted: 01-scope/milestone.md, 01-scope/stage.md (the stage's own issue),
// 01-scope/01-define-use-case.md, ... Pure: paths and text out.
import { stripMarker } from './marker.js';
import type { DesiredState } from './model.js';

export interface PreviewFile {
  /** Relative, with "/" separators. Stage and task ids are slugs, so they are safe as names. */
  path: string;
  content: string;
}

function numbered(index: number, count: number): string {
  return String(index + 1).padStart(Math.max(2, String(count).length), '0');
}

function codeList(values: readonly string[]): string {
  return values.length === 0 ? 'none' : values.map((v) => `\`${v}\``).join(', ');
}

export function previewFiles(desired: DesiredState): PreviewFile[] {
  const files: PreviewFile[] = [];
  const issuesByStage = new Map<string, DesiredState['issues']>();
  for (const issue of desired.issues) {
    const list = issuesByStage.get(issue.stage);
    if (list) list.push(issue);
    else issuesByStage.set(issue.stage, [issue]);
  }
  desired.milestones.forEach((m, i) => {
    const folder = `${numbered(i, desired.milestones.length)}-${m.stage}`;
    const due = m.dueOn === null ? 'no due date' : `due ${m.dueOn}`;
    files.push({
      path: `${folder}/milestone.md`,
      content: `# ${m.title}\n\n> Milestone of stage \`${m.stage}\` · ${due}\n\n${stripMarker(m.description)}\n`,
    });
    const stageIssue = desired.stageIssues?.find((s) => s.stage === m.stage);
    if (stageIssue) {
      const header = [`The stage's own issue, in milestone "${m.title}" (${due})`, `labels: ${codeList(stageIssue.labels)}`].join(' · ');
      files.push({ path: `${folder}/stage.md`, content: `# ${stageIssue.title}

> ${header}

${stripMarker(stageIssue.body)}
` });
    }
    const issues = issuesByStage.get(m.stage) ?? [];
    issues.forEach((issue, j) => {
      const header = [
        `Issue in milestone "${m.title}" (${due})`,
        `labels: ${codeList(issue.labels)}`,
        `assignees: ${issue.assignees.length === 0 ? 'none' : issue.assignees.join(', ')}`,
      ].join(' · ');
      files.push({
        path: `${folder}/${numbered(j, issues.length)}-${issue.task}.md`,
        content: `# ${issue.title}\n\n> ${header}\n\n${stripMarker(issue.body)}\n`,
      });
    });
  });
  return files;
}
