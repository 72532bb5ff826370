import { describe, expect, it } from 'vitest';
import { configSchema, type LifecycleConfigInput } from '../../src/config/schema.js';
import { closingReferences, code, compilePathGlobs, describeReason, isMatchablePath, matchStages, unmatchedFacts, type MatchReason, type PullRequestFacts } from '../../src/guide/match.js';

const config = configSchema.parse({
  version: 1,
  project: { name: 'Support assistant' },
  stages: [
    { id: 'scope', name: 'Scope', match: { paths: ['docs/scope/**'] } },
    { id: 'pre-training', name: 'Pre-training', match: { paths: ['pretrain/**'] } },
    { id: 'prompting', name: 'Prompt engineering', match: { paths: ['prompts/**', '!prompts/**/*.md'], labels: ['stage: prompting'] } },
    { id: 'fine-tuning', name: 'Fine-tuning', match: { paths: ['finetune/**', '.github/finetune/*.yml'], branches: ['^ft/', '(['] } },
    { id: 'negated-only', name: 'Negated only', match: { paths: ['!docs/**'] } },
    { id: 'deploy', name: 'Deployment' },
  ],
} satisfies LifecycleConfigInput);

const ALL = config.stages.map((s) => s.id);
const pr = (facts: Partial<PullRequestFacts>): PullRequestFacts => ({ files: [], labels: [], branch: 'main', body: '', ...facts });

describe('matchStages', () => {
  const cases: { name: string; pr: PullRequestFacts; active?: string[]; expected: string[] }[] = [
    { name: 'a file under a stage path', pr: pr({ files: ['finetune/train.py'] }), expected: ['fine-tuning'] },
    { name: 'dotfiles match (dot: true)', pr: pr({ files: ['.github/finetune/lora.yml'] }), expected: ['fine-tuning'] },
    { name: 'dot folders inside a ** glob match', pr: pr({ files: ['finetune/.cache/x'] }), expected: ['fine-tuning'] },
    { name: 'a ! glob excludes a file that a positive glob matched', pr: pr({ files: ['prompts/readme.md'] }), expected: [] },
    { name: 'a ! glob leaves other files of the same folder', pr: pr({ files: ['prompts/readme.md', 'prompts/system.txt'] }), expected: ['prompting'] },
    { name: 'a list of ! globs alone matches nothing, even files outside it', pr: pr({ files: ['src/app.ts', 'README'] }), expected: [] },
    { name: 'a label of the stage', pr: pr({ labels: ['bug', 'stage: prompting'] }), expected: ['prompting'] },
    { name: 'labels compare exactly', pr: pr({ labels: ['Stage: Prompting'] }), expected: [] },
    { name: 'a branch regex (the invalid one is ignored)', pr: pr({ branch: 'ft/lora-rank' }), expected: ['fine-tuning'] },
    { name: 'a branch regex does not match elsewhere in the name', pr: pr({ branch: 'fix/ft/x' }), expected: [] },
    { name: 'closing a managed issue of the stage', pr: pr({ body: 'This Fixes #7.' }), expected: ['pre-training'] },
    { name: 'closing an unmanaged issue', pr: pr({ body: 'fixes #99' }), expected: [] },
    { name: 'inactive stages never match', pr: pr({ files: ['pretrain/data.py', 'finetune/a'] }), active: ALL.filter((s) => s !== 'pre-training'), expected: ['fine-tuning'] },
    { name: 'life cycle order, whatever the order of files', pr: pr({ files: ['finetune/a', 'docs/scope/x.md', 'pretrain/b'] }), expected: ['scope', 'pre-training', 'fine-tuning'] },
    { name: 'a stage without match rules never matches', pr: pr({ files: ['deploy/x'], labels: ['deploy'] }), expected: [] },
  ];
  const issues = [
    { number: 7, stage: 'pre-training', state: 'open' as const },
    { number: 8, stage: 'fine-tuning', state: 'closed' as const },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(matchStages(config, c.active ?? ALL, c.pr, issues).map((m) => m.stage)).toEqual(c.expected);
    });
  }

  it('reports every reason and the matched files', () => {
    const [m] = matchStages(
      config,
      ALL,
      pr({ files: ['finetune/a.py', 'finetune/b.py', 'src/x.ts', '.github/finetune/c.yml'], branch: 'ft/x', body: 'closes #8' }),
      issues,
    );
    expect(m).toEqual({
      stage: 'fine-tuning',
      files: ['finetune/a.py', 'finetune/b.py', '.github/finetune/c.yml'],
      reasons: ['2 changed files match `finetune/**`', '1 changed file matches `.github/finetune/*.yml`', 'branch `ft/x` matches `^ft/`', 'closes #8'],
      details: [
        { kind: 'paths', glob: 'finetune/**', count: 2 },
        { kind: 'paths', glob: '.github/finetune/*.yml', count: 1 },
        { kind: 'branch', branch: 'ft/x', pattern: '^ft/' },
        { kind: 'closes', issue: 8 },
      ],
    });
  });

  it('uses the closes list when the caller gives one', () => {
    const result = matchStages(config, ALL, pr({ body: 'fixes #7', closes: [8] }), [
      { number: 7, stage: 'pre-training', state: 'open' },
      { number: 8, stage: 'fine-tuning', state: 'open' },
    ]);
    expect(result.map((m) => m.stage)).toEqual(['fine-tuning']);
  });
});

describe('compilePathGlobs', () => {
  const table: [string[], string, boolean][] = [
    [['src/**'], 'src/a/b.ts', true],
    [['src/**', '!src/**/*.test.ts'], 'src/a.test.ts', false],
    [['!src/**/*.test.ts', 'src/**'], 'src/a.test.ts', false],
    [['!src/**'], 'lib/a.ts', false],
    [['*.md'], 'docs/a.md', false],
    [['**/*.md'], '.github/a.md', true],
    [[], 'a', false],
    [['!'], 'a', false],
    [[' src/** '], 'src/a.ts', true],
    [['src/**', ' !src/b.ts '], 'src/b.ts', false],
    [['lib/**', 'src/**'], 'src/a.ts', true],
    [['src/**'], './src/a.ts', false],
  ];
  for (const [globs, path, expected] of table) {
    it(`${JSON.stringify(globs)} on ${path} → ${expected}`, () => {
      expect(compilePathGlobs(globs)(path)).toBe(expected);
    });
  }
});

describe('code', () => {
  it.each([
    ['finetune/**', '`finetune/**`'],
    ['a`b', '``a`b``'],
    ['`x', '`` `x ``'],
    ['x`', '`` x` ``'],
    ['a``b', '```a``b```'],
  ])('%s → %s', (text, expected) => {
    expect(code(text)).toBe(expected);
  });
});

describe('closingReferences', () => {
  const repo = { owner: 'Acme', name: 'assistant' };
  const table: [string, number[]][] = [
    ['closes #1', [1]],
    ['Close #2 and FIXED #3, resolves #4', [2, 3, 4]],
    ['Fixes: #5', [5]],
    ['fix #6', [6]],
    ['resolved acme/Assistant#7', [7]],
    ['fixes other/repo#8', []],
    ['prefixes #9', []],
    ['see #10', []],
    ['closes#11', []],
    ['fixes #12abc', []],
    ['closes #1 and closes #1', [1]],
    ['Resolve #13\nfixes #14', [13, 14]],
    // GitHub numbers issues from 1: "#0" names none, in any spelling.
    ['fixes #0', []],
    ['closes #00 and fixes acme/assistant#0', []],
    ['fixes #0, closes #15', [15]],
    ['fixes #9 closes #3', [3, 9]],
    ['fixes acme/other#16', []],
    ['fixes other/assistant#17', []],
  ];
  for (const [body, expected] of table) {
    it(`${JSON.stringify(body)} → ${JSON.stringify(expected)}`, () => {
      expect(closingReferences(body, repo)).toEqual(expected);
    });
  }

  it('ignores owner/repo references when the repository is unknown', () => {
    expect(closingReferences('fixes acme/assistant#3 closes #4')).toEqual([4]);
  });
});

// Names whoever opens a pull request picks. Under the backtracking engine each of these took from
// a minute to hours (a 32-character branch: about a minute, doubling with each character); the
// assertions are on results, and the test timeout is the guard against a return of that engine.
describe('hostile names', () => {
  const hostile = configSchema.parse({
    version: 1,
    project: { name: 'P' },
    stages: [
      { id: 'feature', name: 'Feature', match: { branches: ['^feature/([a-z0-9]+-?)+$'] } },
      { id: 'nested', name: 'Nested', match: { paths: ['**/a/**/b/**/*.py'] } },
    ],
  } satisfies LifecycleConfigInput);
  const ids = hostile.stages.map((s) => s.id);

  it('a branch that makes a backtracking engine try every split of its name', () => {
    const facts = pr({ branch: `feature/${'a'.repeat(32)}_` });
    expect(matchStages(hostile, ids, facts, [])).toEqual([]);
    expect(matchStages(hostile, ids, pr({ branch: `feature/${'a1-'.repeat(60)}` }), []).map((m) => m.stage)).toEqual(['feature']);
  });

  it('40 paths of 4,004 characters against a glob with three **', () => {
    const near = `${'a/b/'.repeat(1000)}x.pz`;
    const files = [...Array.from({ length: 40 }, () => near), `${'a/b/'.repeat(1000)}x.py`];
    const [m] = matchStages(hostile, ids, pr({ files }), []);
    expect(m?.files).toEqual([`${'a/b/'.repeat(1000)}x.py`]);
  });

  it('a path over 4,096 bytes or a branch over 255 bytes matches nothing', () => {
    const long = `${'a/b/'.repeat(1024)}x.py`;
    expect(matchStages(hostile, ids, pr({ files: [long], branch: `feature/${'a'.repeat(248)}` }), [])).toEqual([]);
    expect(matchStages(hostile, ids, pr({ files: [long.slice(-4096)], branch: `feature/${'a'.repeat(247)}` }), []).map((m) => m.stage)).toEqual(['feature', 'nested']);
    expect(unmatchedFacts({ files: [long, 'a/b/x.py', './a/b/x.py'], branch: `feature/${'a'.repeat(248)}` })).toEqual({ paths: 2, branch: true });
  });

  it('a branch pattern RE2 cannot run never matches (validation reports it)', () => {
    const lookahead = configSchema.parse({ version: 1, project: { name: 'P' }, stages: [{ id: 'a', name: 'A', match: { branches: ['^(?!main$)'] } }] } satisfies LifecycleConfigInput);
    expect(matchStages(lookahead, ['a'], pr({ branch: 'topic' }), [])).toEqual([]);
  });

  it('a body full of closing keywords and references', () => {
    const body = `${'fixes x.'.repeat(8000)} ${'fixes a/'.repeat(8000)} fixes ${' '.repeat(60000)}#3 fixes #4`;
    expect(closingReferences(body, repo())).toEqual([3, 4]);
  });
});

function repo() {
  return { owner: 'acme', name: 'assistant' };
}

describe('match reasons', () => {
  it.each<[MatchReason, string]>([
    [{ kind: 'paths', glob: 'src/**', count: 1 }, '1 changed file matches `src/**`'],
    [{ kind: 'paths', glob: 'src/**', count: 2 }, '2 changed files match `src/**`'],
    [{ kind: 'label', label: 'stage: x' }, 'labelled `stage: x`'],
    [{ kind: 'branch', branch: 'ft/a', pattern: '^ft/' }, 'branch `<ft/a>` matches `^ft/`'],
    [{ kind: 'closes', issue: 12 }, 'closes #12'],
  ])('%j → %s', (reason, line) => {
    expect(describeReason(reason, (text) => `<${text}>`)).toBe(line);
  });

  it('shows the branch as written without a display function', () => {
    expect(describeReason({ kind: 'branch', branch: 'ft/a', pattern: '^ft/' })).toBe('branch `ft/a` matches `^ft/`');
  });

  it('reports a label as a reason, once per matching label', () => {
    const [m] = matchStages(config, ALL, pr({ labels: ['bug', 'stage: prompting'] }), []);
    expect(m).toEqual({ stage: 'prompting', reasons: ['labelled `stage: prompting`'], details: [{ kind: 'label', label: 'stage: prompting' }], files: [] });
  });

  it('closes only the issues of the stage itself', () => {
    const result = matchStages(config, ALL, pr({ body: 'fixes #7, fixes #8' }), [
      { number: 8, stage: 'fine-tuning', state: 'open' },
      { number: 7, stage: 'pre-training', state: 'open' },
    ]);
    expect(result.map((m) => [m.stage, m.details])).toEqual([
      ['pre-training', [{ kind: 'closes', issue: 7 }]],
      ['fine-tuning', [{ kind: 'closes', issue: 8 }]],
    ]);
  });

  it('lists closed issues in number order', () => {
    const [m] = matchStages(config, ALL, pr({ body: 'fixes #9 fixes #3' }), [
      { number: 9, stage: 'scope', state: 'open' },
      { number: 3, stage: 'scope', state: 'closed' },
    ]);
    expect(m?.reasons).toEqual(['closes #3', 'closes #9']);
  });

  it('skips a path that is not plain and one that is too long, but matches the rest', () => {
    const [m] = matchStages(config, ALL, pr({ files: ['./finetune/a', `finetune/${'a'.repeat(4096)}`, 'finetune/b'] }), []);
    expect(m?.files).toEqual(['finetune/b']);
    expect(m?.details).toEqual([{ kind: 'paths', glob: 'finetune/**', count: 1 }]);
  });
});

describe('match rules with a when', () => {
  const conditional = configSchema.parse({
    version: 1,
    project: { name: 'P' },
    variables: { vision: false },
    stages: [{ id: 'data', name: 'Data', match: { paths: ['data/**', { glob: 'images/**', when: 'vars.vision' }], labels: [{ label: 'images', when: 'vars.vision' }] } }],
  } satisfies LifecycleConfigInput);
  const facts = pr({ files: ['images/a.png'], labels: ['images'] });

  it('apply only while their when holds, recompiled when the variables change', () => {
    expect(matchStages(conditional, ['data'], facts, [])).toEqual([]);
    const vision = matchStages({ ...conditional, variables: { vision: true } }, ['data'], facts, []);
    expect(vision.map((m) => m.reasons)).toEqual([['1 changed file matches `images/**`', 'labelled `images`']]);
    expect(matchStages(conditional, ['data'], facts, [])).toEqual([]);
  });

  it('a when that does not parse names the stage', () => {
    const broken = configSchema.parse({ version: 1, project: { name: 'P' }, stages: [{ id: 'data', name: 'Data', match: { labels: [{ label: 'x', when: 'vars.a ==' }] } }] } satisfies LifecycleConfigInput);
    expect(() => matchStages(broken, ['data'], facts, [])).toThrow(/^match rule of stage "data": when: \S/);
  });

  it('without variables, a when on a variable does not hold', () => {
    const { variables: _unused, ...bare } = conditional;
    expect(matchStages(bare, ['data'], facts, [])).toEqual([]);
    expect(matchStages(bare, ['data'], pr({ files: ['data/x'] }), []).map((m) => m.stage)).toEqual(['data']);
  });
});

describe('isMatchablePath and unmatchedFacts', () => {
  it.each([
    ['a/b.py', true],
    ['./a/b.py', false],
    ['/abs', false],
    [`a/${'b'.repeat(4094)}`, true],
    [`a/${'b'.repeat(4095)}`, false],
  ])('%s is matchable: %s', (path, expected) => {
    expect(isMatchablePath(path)).toBe(expected);
  });

  it('counts the paths no glob saw and says whether the branch was too long', () => {
    expect(unmatchedFacts({ files: ['a', './b', '/c'], branch: 'x'.repeat(255) })).toEqual({ paths: 2, branch: false });
    expect(unmatchedFacts({ files: [], branch: 'x'.repeat(256) })).toEqual({ paths: 0, branch: true });
  });
});
