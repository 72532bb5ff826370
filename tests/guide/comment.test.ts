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

  it('a blocker reached along two paths is reported once; a dependency that is not an active stage is left out', () => {
    const view = (id: string, depends_on: string[]) => ({ id, name: id.toUpperCase(), depends_on, milestone: { title: id, number: null, url: null } });
    const views = [view('a', []), view('b', ['a']), view('c', ['a', 'gone']), view('d', ['b', 'c', 'd'])];
    const statuses = stageStatuses(views, [issue(5, 'a', 'open'), issue(2, 'a', 'open'), issue(6, 'gone', 'open'), issue(7, 'd', 'open')]);
    expect(statuses.get('d')?.blockedBy).toEqual([{ stage: 'a', name: 'A', openIssues: [2, 5] }]);
    expect(statuses.get('b')).toMatchObject({ open: 0, closed: 0, openIssues: [] });
    expect(statuses.get('a')).toMatchObject({ open: 2, closed: 0, openIssues: [{ number: 2 }, { number: 5 }] });
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

describe('buildGuideComment, the header', () => {
  // Blank lines around the section are trimmed.
  const names = { name: 'guidance.md.hbs', path: 'x', text: '\n### {{stage.name}}\n\n' };
  const headOf = (body: string | null) => body!.split('\n\n### ')[0];
  const many = Array.from({ length: 12 }, (_, i) => issue(20 + i, 'fine-tuning', 'open'));

  it.each<[string, string[], GuideIssue[], Partial<BuildCommentInput<StageView>>, string]>([
    [
      'no open issue anywhere',
      ['finetune/a'],
      [issue(1, 'scope', 'closed')],
      {},
      '### Lifecycle guidance\n\nThis pull request works on **Fine-tuning**. No stage has open issues.',
    ],
    [
      'offline: nothing said about where the project stands',
      ['finetune/a', 'deploy/a'],
      [issue(1, 'fine-tuning', 'open')],
      { offline: true },
      '### Lifecycle guidance\n\nThis pull request works on **Fine-tuning**, **Deployment**.\n\n> [!WARNING]\n> Deployment depends on work that is not finished: Fine-tuning (1 open issue: #1).',
    ],
    [
      'the current stage with several open issues, a blocker with more than ten listed',
      ['deploy/a'],
      many,
      {},
      '### Lifecycle guidance\n\nThis pull request works on **Deployment**. The project is in **Fine-tuning** (12 open issues).\n\n' +
        '> [!WARNING]\n> Deployment depends on work that is not finished: Fine-tuning (12 open issues: #20, #21, #22, #23, #24, #25, #26, #27, #28, #29 and 2 more).',
    ],
    [
      'the current stage has a milestone link',
      ['finetune/a', 'prompts/a'],
      [issue(2, 'prompting', 'open'), issue(3, 'prompting', 'open')],
      {},
      '### Lifecycle guidance\n\nThis pull request works on [Prompt engineering](https://github.com/acme/assistant/milestone/3), **Fine-tuning**. ' +
        'The project is in [Prompt engineering](https://github.com/acme/assistant/milestone/3) (2 open issues).\n\n' +
        '> [!WARNING]\n> Fine-tuning depends on work that is not finished: Prompt engineering (2 open issues: #2, #3).',
    ],
    [
      'GitHub listed only part of the files, and did not say how many there are',
      ['finetune/a'],
      [],
      { files: { listed: 3000, changedFiles: null, truncated: true } },
      '### Lifecycle guidance\n\nThis pull request works on **Fine-tuning**. No stage has open issues.\n\n> [!NOTE]\n' +
        '> This pull request changes more than 3,000 files; GitHub lists only the first 3,000, so stages were matched on those (and on labels, branch and closed issues).',
    ],
  ])('%s', (_name, files, issues, extra, head) => {
    const comment = buildGuideComment(input(files, issues, extra, [names]));
    expect(headOf(comment.body)).toBe(head);
    expect(comment.cut).toBe(false);
  });

  it('a match of a stage that is not active gets no section', () => {
    const built = input(['finetune/a'], []);
    built.matches = matchStages(config, config.stages.map((s) => s.id), { files: ['pretrain/a', 'finetune/a'], labels: [], branch: 'work', body: '' }, []);
    expect(built.matches.map((m) => m.stage)).toEqual(['pre-training', 'fine-tuning']);
    expect(buildGuideComment(built).sections.map((s) => s.stage)).toEqual(['fine-tuning']);
  });

  it('with no stage matched, still names the current stage: the first with open issues', () => {
    const comment = buildGuideComment(input(['README.md'], [issue(1, 'scope', 'closed'), issue(2, 'fine-tuning', 'open'), issue(3, 'deployment', 'open')]));
    expect(comment).toEqual({ body: null, markdown: '', sections: [], currentStage: 'fine-tuning', blocked: [], cut: false, digest: null });
    expect(buildGuideComment(input(['README.md'], [issue(1, 'scope', 'closed')])).currentStage).toBeNull();
  });

  it('gives the sections, the current stage and the whole text', () => {
    const comment = buildGuideComment(input(['finetune/a', 'docs/x.md'], [issue(2, 'prompting', 'open')], {}, [names]));
    expect(comment.currentStage).toBe('prompting');
    expect(comment.sections).toEqual([
      { stage: 'scope', name: 'Scope', markdown: '### Scope', reasons: ['1 changed file matches `docs/**`'] },
      { stage: 'fine-tuning', name: 'Fine-tuning', markdown: '### Fine-tuning', reasons: ['1 changed file matches `finetune/**`'] },
    ]);
    expect(comment.markdown).toBe(
      '### Lifecycle guidance\n\nThis pull request works on **Scope**, **Fine-tuning**. The project is in [Prompt engineering](https://github.com/acme/assistant/milestone/3) (1 open issue).\n\n' +
        '> [!WARNING]\n> Fine-tuning depends on work that is not finished: Prompt engineering (1 open issue: #2).\n\n### Scope\n\n### Fine-tuning',
    );
    expect(comment.body).toBe(`${comment.markdown}\n\n<!-- lifecycle-action {"v":1,"kind":"guide","digest":"${comment.digest}"} -->\n`);
  });

  it('a guidance template sees the first 20 matched files, how many more there are, and the review checklist for them', () => {
    const template = { name: 'guidance.md.hbs', path: 'x', text: '{{match.files.length}} shown, {{match.moreFiles}} more, {{match.fileCount}} in all, first {{match.files.[0]}}; {{#each stage.checklist}}[{{this}}]{{/each}}' };
    const files = Array.from({ length: 23 }, (_, i) => `finetune/f${i}.py`);
    const seen: [string, readonly string[]][] = [];
    const comment = buildGuideComment(
      input(files, [], {
        reviewChecklist: (stageId, matched) => {
          seen.push([stageId, matched]);
          return [`${matched.length} files`];
        },
      }, [template]),
    );
    expect(comment.sections[0]?.markdown).toBe('20 shown, 3 more, 23 in all, first finetune/f0.py; [23 files]');
    expect(seen).toEqual([['fine-tuning', files]]);
  });
});

describe('buildGuideComment, cut to fit', () => {
  const sized = (lines: number) => ({ name: 'guidance.md.hbs', path: 'x', text: '### {{stage.name}}\n\n' + 'guidance line\n'.repeat(lines) });

  it('without a summary link, points to the job summary of this run and counts no dropped section when none was', () => {
    const comment = buildGuideComment(input(['finetune/a'], [], {}, [sized(30)]), 1000);
    expect(comment.cut).toBe(true);
    expect(comment.body).toContain("\n\n…\n\n> [!NOTE]\n> This comment was shortened to fit GitHub's limit of 65,536 characters; the full guidance is in the job summary of this run.");
    expect(comment.body!.length).toBeLessThanOrEqual(1000);
  });

  it('fits exactly up to the limit less the room kept for the marker', () => {
    // Header and section joined; the room kept (600) is for the marker and the note.
    const base = buildGuideComment(input(['finetune/a'], [], {}, [sized(0)]));
    const whole = base.markdown.length;
    expect(buildGuideComment(input(['finetune/a'], [], {}, [sized(0)]), whole + 600).cut).toBe(false);
    expect(buildGuideComment(input(['finetune/a'], [], {}, [sized(0)]), whole + 599).cut).toBe(true);
  });

  it('fills the room to the character: a section that just fits is whole, with one character less it is cut there', () => {
    const flat = { name: 'guidance.md.hbs', path: 'x', text: `{{stage.name}} ${'x'.repeat(400)}` };
    const build = (limit?: number) => buildGuideComment(input(['docs/a', 'finetune/a'], [], {}, [flat]), limit);
    const full = build();
    const [s1, s2] = full.sections.map((s) => s.markdown) as [string, string];
    const head = full.markdown.slice(0, full.markdown.length - (s1.length + s2.length + 4));
    expect(`${head}\n\n${s1}\n\n${s2}`).toBe(full.markdown);
    // 600 characters of the limit are kept for the note and the marker.
    const fits = build(head.length + 2 + s1.length + 600);
    expect(fits.body!.startsWith(`${head}\n\n${s1}\n\n> [!NOTE]\n> This comment was shortened to fit GitHub's limit of 65,536 characters (1 more section not shown); `)).toBe(true);
    const cut = build(head.length + 2 + s1.length + 599);
    expect(cut.body!.startsWith(`${head}\n\n${s1.slice(0, -1)}\n\n…\n\n> [!NOTE]\n> This comment was shortened to fit GitHub's limit of 65,536 characters (1 more section not shown); `)).toBe(true);
  });

  it('cuts a section at its last whole line, without the blank lines before the cut', () => {
    const heading = { name: 'guidance.md.hbs', path: 'x', text: `### {{stage.name}}\n\n${'x'.repeat(5000)}` };
    const comment = buildGuideComment(input(['finetune/a'], [], {}, [heading]), 2000);
    expect(comment.body).toContain("\n\n### Fine-tuning\n\n…\n\n> [!NOTE]\n> This comment was shortened to fit GitHub's limit of 65,536 characters; ");
  });

  it('drops the sections that do not fit and says how many', () => {
    const comment = buildGuideComment(input(['docs/a', 'prompts/a', 'finetune/a', 'deploy/a'], [], {}, [sized(60)]), 2000);
    const body = comment.body!;
    expect(body).toContain('### Scope');
    expect(body).not.toContain('### Deployment');
    expect(body).toMatch(/ \((\d) more sections? not shown\); the full guidance/);
    const shown = ['Scope', 'Prompt engineering', 'Fine-tuning', 'Deployment'].filter((n) => body.includes(`### ${n}`)).length;
    const dropped = Number(/ \((\d) more section/.exec(body)?.[1]);
    expect(shown + dropped).toBe(4);
    expect(body.length).toBeLessThanOrEqual(2000);
  });
});
