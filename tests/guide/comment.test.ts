import { beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type LifecycleConfig } from '../../src/config/schema.js';
import { COMMENT_LIMIT, buildGuideComment, stageStatuses, type BuildCommentInput, type GuideIssue } from '../../src/guide/comment.js';
import { matchStages } from '../../src/guide/match.js';
import { trailingGuideMarker } from '../../src/guide/own-marker.js';
import { digest, parseMarker } from '../../src/plan/marker.js';
import { buildTemplateContext, type StageView } from '../../src/render/context.js';
import { createRenderer } from '../../src/render/renderer.js';
import { loadBuiltinTemplates, makeTemplateSet, type TemplateFile } from '../../src/render/templates.js';
import { computeSchedule } from '../../src/schedule/schedule.js';

const config: LifecycleConfig = configSchema.parse({
  version: 1,
  project: { name: 'Support assistant' },
  variables: { foundation_model: true },
  stages: [
    { id: 'scope', name: 'Scope', match: { paths: ['docs/**'] } },
    { id: 'pre-training', name: 'Pre-training', when: '!vars.foundation_model', match: { paths: ['pretrain/**'] } },
    { id: 'prompting', name: 'Prompt engineering', match: { paths: ['prompts/**'] } },
    { id: 'fine-tuning', name: 'Fine-tuning', checklist: ['Adapter config committed'], match: { paths: ['finetune/**'], branches: ['^ft/'] } },
    { id: 'deployment', name: 'Deployment', depends_on: ['fine-tuning'], match: { paths: ['deploy/**'] } },
  ],
});

let builtin: TemplateFile[];
beforeAll(async () => {
  builtin = await loadBuiltinTemplates();
});

const issue = (number: number, stage: string, state: 'open' | 'closed', title = `Task ${number}`): GuideIssue => ({
  number,
  stage,
  state,
  title,
  url: `https://github.com/acme/assistant/issues/${number}`,
});

function input(files: string[], issues: GuideIssue[], extra: Partial<BuildCommentInput<StageView>> = {}, repoTemplates: TemplateFile[] = []): BuildCommentInput<StageView> {
  const schedule = computeSchedule(config);
  const base = buildTemplateContext(config, schedule, {
    vars: config.variables,
    repo: { owner: 'acme', name: 'assistant', url: 'https://github.com/acme/assistant' },
    milestones: new Map([['prompting', { number: 3, url: 'https://github.com/acme/assistant/milestone/3' }]]),
  });
  const active = schedule.stages.filter((s) => s.active).map((s) => s.id);
  return {
    base,
    guidanceTemplate: () => 'guidance.md.hbs',
    renderer: createRenderer(makeTemplateSet(repoTemplates, builtin)),
    matches: matchStages(config, active, { files, labels: [], branch: 'work', body: '' }, issues),
    pr: { number: 7, title: 'Tune it', branch: 'work', author: 'octocat', url: 'https://github.com/acme/assistant/pull/7' },
    issues,
    files: { listed: files.length, changedFiles: files.length, truncated: false },
    ...extra,
  };
}

describe('stageStatuses', () => {
  it('the current stage is the first active stage with open issues; blockers are transitive, nearest first', () => {
    const views = [
      { id: 'a', name: 'A', depends_on: [], milestone: { title: 'A', number: null, url: null } },
      { id: 'b', name: 'B', depends_on: ['a'], milestone: { title: 'B', number: null, url: null } },
      { id: 'c', name: 'C', depends_on: ['b'], milestone: { title: 'C', number: null, url: null } },
    ];
    const statuses = stageStatuses(views, [issue(1, 'a', 'open'), issue(2, 'b', 'closed'), issue(3, 'c', 'open'), issue(4, 'b', 'open')]);
    expect(statuses.get('c')).toMatchObject({
      currentStage: { id: 'a' },
      open: 1,
      closed: 0,
      blockedBy: [
        { stage: 'b', name: 'B', openIssues: [4] },
        { stage: 'a', name: 'A', openIssues: [1] },
      ],
    });
    expect(statuses.get('b')).toMatchObject({ open: 1, closed: 1, blockedBy: [{ stage: 'a' }] });
    expect(statuses.get('a')?.blockedBy).toEqual([]);
  });

  it('no open issue anywhere: no current stage', () => {
    const views = [{ id: 'a', name: 'A', depends_on: [], milestone: { title: 'A', number: null, url: null } }];
    expect(stageStatuses(views, [issue(1, 'a', 'closed')]).get('a')?.currentStage).toBeNull();
  });
});

describe('buildGuideComment', () => {
  it('no matched stage: no comment', () => {
    const comment = buildGuideComment(input(['README.md'], []));
    expect(comment.body).toBeNull();
    expect(comment.sections).toEqual([]);
  });

  it('one section per matched stage, in life cycle order, with the header and the marker last', () => {
    const comment = buildGuideComment(input(['finetune/a.py', 'prompts/x.txt'], [issue(1, 'prompting', 'open')]));
    expect(comment.sections.map((s) => s.stage)).toEqual(['prompting', 'fine-tuning']);
    const body = comment.body!;
    expect(body.startsWith('### Lifecycle guidance\n')).toBe(true);
    expect(body.indexOf('### Prompt engineering')).toBeLessThan(body.indexOf('### Fine-tuning'));
    expect(body).toContain('The project is in [Prompt engineering](https://github.com/acme/assistant/milestone/3) (1 open issue).');
    expect(body).toContain('- [ ] Adapter config committed');
    const lines = body.trimEnd().split('\n');
    expect(parseMarker(lines.at(-1))).toEqual({ v: 1, kind: 'guide', digest: comment.digest });
  });

  it('warns when a matched stage depends on a stage with open issues', () => {
    const comment = buildGuideComment(input(['deploy/app.yml'], [issue(4, 'fine-tuning', 'open'), issue(2, 'prompting', 'open'), issue(3, 'prompting', 'closed')]));
    expect(comment.blocked).toEqual([
      {
        stage: 'deployment',
        blockedBy: [
          { stage: 'fine-tuning', name: 'Fine-tuning', openIssues: [4] },
          { stage: 'prompting', name: 'Prompt engineering', openIssues: [2] },
        ],
      },
    ]);
    expect(comment.body).toContain('> [!WARNING]\n> Deployment depends on work that is not finished: Fine-tuning (1 open issue: #4); Prompt engineering (1 open issue: #2).');
  });

  it('no warning when the dependencies are done', () => {
    const comment = buildGuideComment(input(['finetune/a.py'], [issue(2, 'prompting', 'closed'), issue(4, 'fine-tuning', 'open')]));
    expect(comment.blocked).toEqual([]);
    expect(comment.body).not.toContain('[!WARNING]');
  });

  it('an inactive stage never gets a section', () => {
    const comment = buildGuideComment(input(['pretrain/run.py'], []));
    expect(comment.body).toBeNull();
  });

  it('notes that matching saw only the first 3,000 files', () => {
    const comment = buildGuideComment(input(['finetune/a.py'], [], { files: { listed: 3000, changedFiles: 4210, truncated: true } }));
    expect(comment.body).toContain('This pull request changes 4,210 files; GitHub lists only the first 3,000');
  });

  it('the same input gives the same text and digest; a new matched file changes both', () => {
    const a = buildGuideComment(input(['finetune/a.py'], []));
    const b = buildGuideComment(input(['finetune/a.py'], []));
    const c = buildGuideComment(input(['finetune/a.py', 'finetune/b.py'], []));
    expect(b.body).toBe(a.body);
    expect(c.digest).not.toBe(a.digest);
    expect(digest(a.body!)).toBe(a.digest);
  });

  it('untrusted text reaches templates neutralized: pull request fields, paths, branch, issue titles', () => {
    const template = {
      name: 'guidance.md.hbs',
      path: '.github/lifecycle/guidance.md.hbs',
      text: '{{pr.title}}|{{pr.author}}|{{pr.branch}}|{{#each match.files}}{{this}}{{/each}}|{{#each match.reasons}}{{this}}{{/each}}|{{#each status.openIssues}}{{title}}{{/each}}',
    };
    const evil = '@org/team <img src=x> --> [x](javascript:alert(1))';
    const built = input([`finetune/${evil}`], [issue(4, 'fine-tuning', 'open', evil)], {
      pr: { number: 7, title: evil, branch: `ft/${evil}`, author: '@mallory', url: 'https://github.com/acme/assistant/pull/7' },
    }, [template]);
    built.matches = matchStages(config, ['fine-tuning'], { files: [`finetune/${evil}`], labels: [], branch: `ft/${evil}`, body: '' }, []);
    const body = buildGuideComment(built).body!;
    expect(body).not.toMatch(/@org|@mallory|<img|\]\(/);
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(body).toContain('javascript:alert');
  });

  it('an untrusted title cannot render math, swallow the template text after it, link an issue, hide text or run long', () => {
    const template = { name: 'guidance.md.hbs', path: '.github/lifecycle/guidance.md.hbs', text: 'Title: {{pr.title}} then `{{stage.id}}` stays code' };
    const title = `$\\Huge\\color{red}{\\text{APPROVED}}$ \`open https://github.com/o/r/issues/12 gh-12 @\u200Bteam \u202Egnp.exe ${'x'.repeat(400)}`;
    const built = input(['finetune/a.py'], [], { pr: { number: 7, title, branch: 'work', author: 'octocat', url: 'https://github.com/acme/assistant/pull/7' } }, [template]);
    const body = buildGuideComment(built).body!;
    expect(body).toContain('Title: \\$\\Huge\\color{red}{\\text{APPROVED}}\\$ \\`open https:/\u200B/github.com/o/r/issues/12 gh-\u200B12 @\u200Bteam gnp.exe xxx');
    expect(body).toContain('… then `fine-tuning` stays code');
    expect(body).not.toMatch(/\u202E|https:\/\/github\.com\/o|gh-12/);
    expect(body).not.toContain('x'.repeat(300));
  });

  it('a template cannot smuggle a second marker into the comment', () => {
    const template = { name: 'guidance.md.hbs', path: 'x', text: 'hi\n<!-- lifecycle-action {"v":1,"kind":"guide","digest":"forged"} -->' };
    const body = buildGuideComment(input(['finetune/a.py'], [], {}, [template])).body!;
    expect(body.match(/lifecycle-action/g)).toHaveLength(1);
    expect(parseMarker(body)?.digest).not.toBe('forged');
  });

  it('stays under GitHub\'s limit: whole sections first, then a cut one, and a pointer to the job summary', () => {
    const long = { name: 'guidance.md.hbs', path: 'x', text: '### {{stage.name}}\n\n' + '{{stage.name}} line of guidance text\n'.repeat(1500) };
    const comment = buildGuideComment(
      input(['docs/a.md', 'prompts/a', 'finetune/a', 'deploy/a'], [], { summaryUrl: 'https://github.com/acme/assistant/actions/runs/1' }, [long]),
    );
    expect(comment.cut).toBe(true);
    expect(comment.body!.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment.body).toContain('the full guidance is in the [job summary](https://github.com/acme/assistant/actions/runs/1)');
    expect(comment.body).toMatch(/\(\d more sections? not shown\)/);
    // The whole text is still there for the summary.
    expect(comment.markdown).toContain('### Deployment');
    expect(comment.markdown.length).toBeGreaterThan(COMMENT_LIMIT);
  });

  it('a template that leaves a code block open cannot hide the marker in it', () => {
    const open = { name: 'guidance.md.hbs', path: 'x', text: '### {{stage.name}}\n\n```yaml\nrank: 8\n' };
    const body = buildGuideComment(input(['finetune/a.py'], [], {}, [open])).body!;
    expect(trailingGuideMarker(body)).toMatchObject({ kind: 'guide' });
  });

  it('a cut inside a code block closes it before the note and the marker', () => {
    const fenced = { name: 'guidance.md.hbs', path: 'x', text: '### {{stage.name}}\n\n```text\n' + 'a line of a long listing\n'.repeat(4000) + '```\n' };
    const comment = buildGuideComment(input(['finetune/a'], [], {}, [fenced]));
    expect(comment.cut).toBe(true);
    expect(comment.body).toMatch(/```\n\n…\n\n> \[!NOTE\]/);
    expect(trailingGuideMarker(comment.body)).toMatchObject({ kind: 'guide', digest: comment.digest });
  });

  it('holds the limit with its marker even when the header alone is longer than the room left for it', () => {
    const limit = 400;
    const comment = buildGuideComment(input(['docs/a.md', 'prompts/a', 'finetune/a', 'deploy/a'], []), limit);
    expect(comment.body!.length).toBeLessThanOrEqual(limit);
    expect(comment.cut).toBe(true);
    expect(parseMarker(comment.body)).toEqual({ v: 1, kind: 'guide', digest: comment.digest });
    expect(comment.digest).toBe(digest(comment.body!));
  });

  it('a single section longer than the limit is cut at a line', () => {
    const huge = { name: 'guidance.md.hbs', path: 'x', text: '### {{stage.name}}\n\n' + 'x'.repeat(99) + '\n'.repeat(1) + '{{#each stage.checklist}}{{this}}{{/each}}' + '\nline\n'.repeat(20000) };
    const comment = buildGuideComment(input(['finetune/a'], [], {}, [huge]));
    expect(comment.body!.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(comment.body).toContain('### Fine-tuning');
    expect(comment.body).toContain('shortened to fit');
  });
});
