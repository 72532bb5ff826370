import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import type { LifecycleConfig } from '../../src/config/schema.js';
import { digest, parseMarker, stripMarker } from '../../src/plan/marker.js';
import { issueRecord } from '../../src/plan/record.js';
import { buildTemplateContext } from '../../src/render/context.js';
import { MANAGED_LABEL_COLOR, renderDesiredState, STAGE_LABEL_PALETTE, tidy } from '../../src/render/desired.js';
import { neutralize } from '../../src/render/escape.js';
import { BODY_LIMIT } from '../../src/render/limits.js';
import { Renderer, TemplateError } from '../../src/render/renderer.js';
import { loadTemplateSet, makeTemplateSet } from '../../src/render/templates.js';
import type { TemplateSet } from '../../src/render/templates.js';

const fixtures = resolve(import.meta.dirname, 'fixtures');
const load = (file: string): LifecycleConfig => configSchema.parse(parse(readFileSync(join(fixtures, file), 'utf8')));

let templates: TemplateSet;
let config: LifecycleConfig;

beforeAll(async () => {
  templates = await loadTemplateSet(null);
  config = load('support-assistant.yml');
});

const render = (c: LifecycleConfig = config, set: TemplateSet = templates) => renderDesiredState(c, { templates: set, repo: null });

describe('renderDesiredState on a realistic config', () => {
  it('declares the managed label and one label per active stage, coloured by position in the config', () => {
    const { labels } = render().desired;
    expect(labels.map((l) => l.name)).toEqual(['lifecycle', 'stage: scope', 'stage: prompt-engineering', 'stage: fine-tuning', 'stage: evaluation', 'stage: deployment']);
    expect(labels[0]).toEqual({ name: 'lifecycle', color: MANAGED_LABEL_COLOR, description: 'Created and kept in sync from lifecycle.yml by lifecycle-action' });
    // fine-tuning is the 4th stage in the file (index 3), even though pre-training before it is skipped.
    expect(labels.find((l) => l.name === 'stage: fine-tuning')).toEqual({ name: 'stage: fine-tuning', color: STAGE_LABEL_PALETTE[3], description: 'Life cycle stage: Fine-tuning' });
    for (const label of labels) {
      expect(label.color).toMatch(/^[0-9a-f]{6}$/);
      expect(label.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('declares one milestone per active stage, with its due date and a stage marker', () => {
    const { milestones } = render().desired;
    expect(milestones.map((m) => [m.stage, m.title, m.dueOn])).toEqual([
      ['scope', 'Scope and select', '2027-01-06'],
      ['prompt-engineering', 'Prompt engineering', '2027-01-13'],
      ['fine-tuning', 'Fine-tuning', '2027-01-21'],
      ['evaluation', 'Evaluation', '2027-01-08'],
      ['deployment', 'Deployment', '2027-01-27'],
    ]);
    for (const m of milestones) {
      const marker = parseMarker(m.description);
      expect(marker).toMatchObject({ v: 1, kind: 'stage', stage: m.stage });
      expect(marker?.digest).toBe(digest(m.description));
      expect(m.description.endsWith(' -->\n')).toBe(true);
    }
    const scope = milestones[0]?.description ?? '';
    expect(scope).toContain('Pin down the use case and choose the model to start from.');
    expect(scope).toContain('Planned 2027-01-04 to 2027-01-06, on the critical path.');
    expect(scope).toContain('Estimate: 3 days, low complexity, medium expertise.');
    expect(scope).toContain('- Success criteria are measurable.');
    expect(scope).toContain('Tasks:\n- Write the use-case statement\n- Record the model choice');
  });

  it('declares one issue per active task of an active stage', () => {
    const { issues } = render().desired;
    // pre-training is skipped with its task; small-team's `when` is false for a team of 4.
    expect(issues.map((i) => `${i.stage}/${i.task}`)).toEqual([
      'scope/use-case',
      'scope/model-choice',
      'prompt-engineering/eval-set',
      'prompt-engineering/big-team',
      'fine-tuning/curate',
      'deployment/rollout',
    ]);
    for (const issue of issues) {
      const marker = parseMarker(issue.body);
      expect(marker).toMatchObject({ v: 1, kind: 'task', stage: issue.stage, task: issue.task });
      expect(marker?.digest).toBe(digest(issue.body));
    }
  });

  it('labels issues with the managed, stage, default and task labels, in that order, and assigns defaults unless the task names its own', () => {
    const { issues } = render().desired;
    const byTask = new Map(issues.map((i) => [i.task, i]));
    expect(byTask.get('use-case')).toMatchObject({ labels: ['lifecycle', 'stage: scope', 'genai'], assignees: ['mona'] });
    expect(byTask.get('model-choice')).toMatchObject({ labels: ['lifecycle', 'stage: scope', 'genai', 'decision'], assignees: ['hubot'] });
    // Front matter in an inline body adds a label and sets the title.
    expect(byTask.get('eval-set')).toMatchObject({
      title: 'Prompt engineering: Build a held-out evaluation set',
      labels: ['lifecycle', 'stage: prompt-engineering', 'genai', 'eval'],
    });
  });

  it('renders task bodies with the description, checklist boxes, the stage context and the ownership note', () => {
    const body = render().desired.issues[0]?.body ?? '';
    const visible = stripMarker(body);
    expect(visible.startsWith('One paragraph that says who asks what, and what a good answer looks like.\n\n- [ ] Name the users\n- [ ] List three real example requests\n')).toBe(true);
    expect(visible).toContain('### Stage: Scope and select');
    expect(visible).toContain('Due 2027-01-06; the stage is on the critical path');
    expect(visible).toContain('**Scope and select** is done when:\n- The use case fits in one paragraph, with inputs, outputs and users.');
    expect(visible).toContain('If you edit this text, the tool keeps your version and reports it as drift');
  });

  it('renders an inline body with its own front matter and helpers', () => {
    const issue = render().desired.issues.find((i) => i.task === 'eval-set');
    expect(stripMarker(issue?.body ?? '')).toBe('Keep Build a held-out evaluation set apart from anything used for tuning.\nStage prompt-engineering is due Wednesday 13 January 2027.');
  });

  it('keeps trusted config text exactly as written: no HTML escaping', () => {
    const curate = render().desired.issues.find((i) => i.task === 'curate');
    expect(curate?.body).toContain("Record licence and provenance. It's worth it: <details> & all.");
  });

  it('is deterministic: two renders are byte-identical', () => {
    expect(JSON.stringify(render())).toBe(JSON.stringify(render(load('support-assistant.yml'))));
  });

  it('does not depend on the time zone of the machine', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Kiritimati';
      const east = JSON.stringify(render());
      process.env.TZ = 'America/Los_Angeles';
      expect(JSON.stringify(render())).toBe(east);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('matches the checked-in snapshot', async () => {
    const { desired, schedule } = render();
    await expect(`${JSON.stringify({ desired, schedule }, null, 2)}\n`).toMatchFileSnapshot('fixtures/support-assistant.desired.json');
  });

  it('follows vars passed in, over the recorded variables', () => {
    const { desired } = renderDesiredState(config, { templates, repo: null, vars: { ...config.variables, foundation_model: false, reward_model: true } });
    expect(desired.milestones.map((m) => m.stage)).toEqual(['scope', 'pre-training', 'prompt-engineering', 'fine-tuning', 'alignment', 'evaluation', 'deployment']);
    expect(desired.issues.some((i) => i.task === 'justify')).toBe(true);
    // The expression duration now evaluates to 2d.
    expect(desired.milestones.find((m) => m.stage === 'fine-tuning')?.description).toContain('Estimate: 2 days');
  });

  it('gives templates the repository when there is one', () => {
    const set = makeTemplateSet([{ name: 'milestone.md.hbs', path: 'r/milestone.md.hbs', text: '{{repo.fullName}} {{repo.url}}' }], templates.builtin.values());
    const { desired, views } = renderDesiredState(config, { templates: set, repo: { owner: 'acme', name: 'assistant', url: 'https://github.com/acme/assistant' } });
    expect(views.repo).toEqual({ owner: 'acme', name: 'assistant', fullName: 'acme/assistant', url: 'https://github.com/acme/assistant' });
    expect(stripMarker(desired.milestones[0]?.description ?? '')).toBe('acme/assistant https://github.com/acme/assistant');
  });
});

describe('templates in desired state', () => {
  const small = (stages: unknown[], extra: Record<string, unknown> = {}) =>
    configSchema.parse({ version: 1, project: { name: 'P', start: '2027-01-04' }, stages, ...extra });

  it("uses the repository's templates over the built-ins, and a stage's or task's own template", () => {
    const set = makeTemplateSet(
      [
        { name: 'task.md.hbs', path: '.github/lifecycle/task.md.hbs', text: 'repo task {{task.id}}' },
        { name: 'special.md.hbs', path: '.github/lifecycle/special.md.hbs', text: 'special {{task.id}}' },
        { name: 'stage.md.hbs', path: '.github/lifecycle/stage.md.hbs', text: 'stage {{stage.id}}' },
      ],
      templates.builtin.values(),
    );
    const c = small([
      { id: 'a', name: 'A', template: 'stage.md.hbs', tasks: [{ id: 't1', title: 'T1' }, { id: 't2', title: 'T2', template: 'special.md.hbs' }] },
      { id: 'b', name: 'B', tasks: [] },
    ]);
    const { desired } = renderDesiredState(c, { templates: set, repo: null });
    expect(stripMarker(desired.milestones[0]?.description ?? '')).toBe('stage a');
    // Stage b has no template of its own: the built-in milestone template, with nothing to say but its dates.
    expect(stripMarker(desired.milestones[1]?.description ?? '')).toBe('');
    expect(desired.issues.map((i) => stripMarker(i.body))).toEqual(['repo task t1', 'special t2']);
  });

  it('names lifecycle.yml, the stage and the task when an inline body is wrong', () => {
    const c = small([{ id: 'a', name: 'A', tasks: [{ id: 't', title: 'T', body: 'Line one\n{{stage.nmae}}' }] }]);
    let error: unknown;
    try {
      renderDesiredState(c, { templates, repo: null, configPath: 'lifecycle.yml' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toBe('lifecycle.yml (stage "a", task "t", body):2:3: "stage.nmae" is not defined');
  });

  it('cuts a body longer than GitHub allows, keeping the marker and saying so', () => {
    const c = small([{ id: 'a', name: 'A', tasks: [{ id: 't', title: 'T', description: 'x'.repeat(BODY_LIMIT + 5000) }] }]);
    const body = renderDesiredState(c, { templates, repo: null }).desired.issues[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body.length).toBeGreaterThan(BODY_LIMIT - 200);
    expect(body).toContain('The rest of this text was cut: GitHub allows at most 65,536 characters here.');
    expect(parseMarker(body)).toMatchObject({ kind: 'task', stage: 'a', task: 't', digest: digest(body) });
  });

  it('never splits a surrogate pair when cutting', () => {
    const c = small([{ id: 'a', name: 'A', tasks: [{ id: 't', title: 'T', description: '😀'.repeat(BODY_LIMIT) }] }]);
    const body = renderDesiredState(c, { templates, repo: null }).desired.issues[0]?.body ?? '';
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('keeps label descriptions within 100 characters and declares a label spelled twice once', () => {
    const c = small([
      { id: 'a', name: 'A'.repeat(150), tasks: [] },
      { id: 'b', name: 'B', label: 'LIFECYCLE', tasks: [] },
    ]);
    const { labels } = renderDesiredState(c, { templates, repo: null }).desired;
    expect(labels.map((l) => l.name)).toEqual(['lifecycle', 'stage: a']);
    expect(labels[1]?.description).toHaveLength(100);
    expect(labels[1]?.description.endsWith('…')).toBe(true);
  });

  it('refuses an issue that would carry more than 100 labels once its front matter is rendered, at the front matter', () => {
    const set = makeTemplateSet(
      [{ name: 'task.md.hbs', path: '.github/lifecycle/task.md.hbs', text: `---\ntitle: x\nlabels: [${Array.from({ length: 99 }, (_, i) => `"{{task.id}}-${i}"`).join(', ')}]\n---\nb` }],
      templates.builtin.values(),
    );
    const c = small([{ id: 'a', name: 'A', tasks: [{ id: 't', title: 'T' }] }]);
    let error: unknown;
    try {
      renderDesiredState(c, { templates: set, repo: null });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).message).toBe(
      '.github/lifecycle/task.md.hbs:3:1: task "t" of stage "a" would carry 101 labels (the managed and stage labels, defaults.labels, its own and its template\'s); GitHub allows at most 100 on an issue',
    );
  });

  it('names .github/lifecycle.yml when no config path is given', () => {
    const c = small([{ id: 'a', name: 'A', tasks: [{ id: 't', title: 'T', body: '{{stage.nmae}}' }] }]);
    expect(() => renderDesiredState(c, { templates, repo: null })).toThrow('.github/lifecycle.yml (stage "a", task "t", body):1:3: "stage.nmae" is not defined');
  });

  it('accepts an issue carrying exactly 100 labels', () => {
    const text = `---\nlabels: [${Array.from({ length: 98 }, (_, i) => `"l-${i}"`).join(', ')}]\n---\nb`;
    const c = small([{ id: 'a', name: 'A', tasks: [{ id: 't', title: 'T', body: text }] }]);
    expect(renderDesiredState(c, { templates, repo: null }).desired.issues[0]?.labels).toHaveLength(100);
  });

  it("assigns the task's own assignees over its template's, and the template's over the defaults", () => {
    const body = '---\nassignees: [bob]\n---\nb';
    const c = small(
      [
        {
          id: 'a',
          name: 'A',
          tasks: [
            { id: 'own', title: 'T', assignees: ['alice'], body },
            { id: 'template', title: 'T', body },
            { id: 'default', title: 'T' },
          ],
        },
      ],
      { defaults: { assignees: ['carol'] } },
    );
    expect(renderDesiredState(c, { templates, repo: null }).desired.issues.map((i) => [i.task, i.assignees])).toEqual([
      ['own', ['alice']],
      ['template', ['bob']],
      ['default', ['carol']],
    ]);
  });

  it("records a stage issue as written with its title, labels and no assignees", () => {
    const c = small([{ id: 'a', name: 'A', tasks: [] }]);
    const issue = renderDesiredState(c, { templates, repo: null }).desired.stageIssues?.[0];
    expect(issue?.assignees).toEqual([]);
    expect(parseMarker(issue?.body ?? '')?.wrote).toEqual(issueRecord('Stage: A', issue?.labels ?? [], []));
  });

  it("opens a stage's tasks as the stage says, else as defaults.open says, else upfront", () => {
    const stages = [
      { id: 'a', name: 'A', open: 'upfront', tasks: [] },
      { id: 'b', name: 'B', tasks: [] },
    ];
    const open = (extra: Record<string, unknown>) => renderDesiredState(small(stages, extra), { templates, repo: null }).desired.progression?.map((p) => p.open);
    expect(open({ defaults: { open: 'when-ready' } })).toEqual(['upfront', 'when-ready']);
    expect(open({})).toEqual(['upfront', 'upfront']);
  });

  it('gives an issue with a long front matter title at most 256 characters', () => {
    const long = 'T'.repeat(200);
    const c = small([{ id: 'a', name: 'A', tasks: [{ id: 't', title: long, body: '---\ntitle: "{{task.title}} {{task.title}}"\n---\nb' }] }]);
    const title = renderDesiredState(c, { templates, repo: null }).desired.issues[0]?.title ?? '';
    expect(title).toHaveLength(256);
    expect(title.endsWith('…')).toBe(true);
  });
});

describe('built-in guidance template', () => {
  // The comment's header (built by the guide code) names the current stage and warns about
  // unfinished dependencies, so a stage section does not repeat them.
  it('renders a stage section with the reasons, the checklist and the status line', () => {
    const { schedule } = render();
    const views = buildTemplateContext(config, schedule, {
      vars: config.variables,
      repo: { owner: 'acme', name: 'assistant', url: 'https://github.com/acme/assistant' },
      milestones: new Map([
        ['prompt-engineering', { number: 2, url: 'https://github.com/acme/assistant/milestone/2' }],
        ['scope', { number: 1, url: 'https://github.com/acme/assistant/milestone/1' }],
      ]),
    });
    const stage = views.stages.find((s) => s.id === 'prompt-engineering');
    const scope = views.stages.find((s) => s.id === 'scope');
    const text = new Renderer(templates).render('guidance.md.hbs', {
      ...views,
      stage,
      pr: { number: 7, title: neutralize('Try @team <b>prompts</b>'), branch: 'prompt/v2', author: 'mona', url: 'https://github.com/acme/assistant/pull/7' },
      match: { reasons: ['changes prompts/system.txt'], files: ['prompts/system.txt'] },
      status: {
        currentStage: scope,
        open: 2,
        closed: 1,
        openIssues: [
          { number: 21, title: 'Eval set', url: 'https://github.com/acme/assistant/issues/21' },
          { number: 22, title: 'Owners', url: 'https://github.com/acme/assistant/issues/22' },
        ],
        blockedBy: [{ stage: 'scope', name: 'Scope and select', openIssues: [3, 4] }],
      },
    });
    expect(tidy(text)).toBe(
      [
        '### Prompt engineering',
        '',
        'Why this stage: changes prompts/system.txt.',
        '',
        'Before merging:',
        '- [ ] Prompt version bumped',
        '- [ ] Eval set unchanged, or the change explained',
        '',
        'Milestone: [Prompt engineering](https://github.com/acme/assistant/milestone/2) (due 2027-01-13) · 1 done, 2 open · Open issues: #21 #22',
      ].join('\n'),
    );
  });
});

describe('tidy', () => {
  it.each([
    ['collapses blank runs', 'a\n\n\n\nb', 'a\n\nb'],
    ['drops leading blank lines and trailing space', '\n\n a\n\n', ' a'],
    ['empties whitespace-only lines', 'a\n   \n\n  \nb', 'a\n\nb'],
    ['keeps a hard line break', 'a  \nb', 'a  \nb'],
    ['normalizes CRLF', 'a\r\nb', 'a\nb'],
  ])('%s', (_name, input, output) => {
    expect(tidy(input)).toBe(output);
  });
});

describe('every preset', () => {
  const root = resolve(import.meta.dirname, '../../templates');
  const presets = ['genai', 'minimal'].filter((p) => {
    try {
      readFileSync(join(root, p, 'lifecycle.yml'));
      return true;
    } catch {
      return false;
    }
  });

  it.each(presets)('renders the %s preset with the common templates, every issue and milestone marked', (preset) => {
    const c = configSchema.parse(parse(readFileSync(join(root, preset, 'lifecycle.yml'), 'utf8')));
    const { desired } = renderDesiredState(c, { templates, repo: null });
    expect(desired.milestones.length).toBeGreaterThan(0);
    for (const m of desired.milestones) expect(parseMarker(m.description)?.stage).toBe(m.stage);
    for (const i of desired.issues) expect(parseMarker(i.body)).toMatchObject({ stage: i.stage, task: i.task });
  });
});
