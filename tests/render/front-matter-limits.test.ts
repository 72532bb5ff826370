// The labels an issue would carry with those its template's front matter adds, held to GitHub's 100
// by `validate` before anything is rendered.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { checkLabelCounts } from '../../src/render/front-matter-limits.js';
import { makeTemplateSet } from '../../src/render/templates.js';

const names = (stem: string, n: number) => Array.from({ length: n }, (_, i) => `${stem}-${i}`);

/** Front matter with `n` literal labels, one spelled again in capitals and one that uses Handlebars. */
const labelled = (n: number) => `---\ntitle: x\nlabels:\n${[...names('m', n), 'M-0', '"{{task.id}}"'].map((l) => `  - ${l}`).join('\n')}\n---\nBody\n`;

const files: Record<string, string> = {
  'task.md.hbs': labelled(50),
  'fifty.md.hbs': labelled(50),
  'other.md.hbs': labelled(50),
  'unlabelled.md.hbs': '---\ntitle: x\n---\nBody\n',
  'plain.md.hbs': 'Body\n',
  'unclosed.md.hbs': '---\nlabels: [a, b]\nBody\n',
};
const templates = makeTemplateSet(
  Object.entries(files).map(([name, text]) => ({ name, path: `.github/lifecycle/${name}`, text })),
  [],
);

type TaskIn = { id: string; template?: string; body?: string; labels?: number };

/** One stage "s" with these tasks; the managed and stage labels make two of every issue's labels. */
function check(tasks: TaskIn[], defaults = 0) {
  const config = configSchema.parse({
    version: 1,
    project: { name: 'P' },
    defaults: { labels: names('d', defaults) },
    stages: [
      {
        id: 's',
        name: 'S',
        tasks: tasks.map(({ id, template, body, labels }) => ({
          id,
          title: id,
          ...(template === undefined ? {} : { template }),
          ...(body === undefined ? {} : { body }),
          ...(labels === undefined ? {} : { labels: names(`${id}-t`, labels) }),
        })),
      },
    ],
  });
  return checkLabelCounts(templates, config).map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`);
}

const over = (file: string, task: string, count: number, more = '') =>
  `.github/lifecycle/${file}:3:1: error: with these labels, task "${task}" of stage "s"${more} would carry ${count} labels (the managed and stage labels, defaults.labels, its own and this template's); GitHub allows at most 100 on an issue`;

describe('checkLabelCounts', () => {
  it.each<[string, TaskIn[], number, string[]]>([
    ['100 labels in all, the most GitHub allows', [{ id: 'a', template: 'fifty.md.hbs', labels: 48 }], 0, []],
    ['101 labels in all', [{ id: 'a', template: 'fifty.md.hbs', labels: 49 }], 0, [over('fifty.md.hbs', 'a', 101)]],
    ['100 with defaults.labels and a task without labels of its own', [{ id: 'a', template: 'fifty.md.hbs' }], 48, []],
    ['101 with defaults.labels and a task without labels of its own', [{ id: 'a', template: 'fifty.md.hbs' }], 49, [over('fifty.md.hbs', 'a', 101)]],
    ['the default task template', [{ id: 'a', labels: 60 }], 0, [over('task.md.hbs', 'a', 112)]],
    ['an inline body, which lifecycle.yml\'s own checks cover', [{ id: 'a', body: 'Body', labels: 60 }], 0, []],
    ['a template that exists nowhere', [{ id: 'a', template: 'nope.md.hbs', labels: 60 }], 0, []],
    ['front matter never closed (reported with the file)', [{ id: 'a', template: 'unclosed.md.hbs', labels: 98 }], 0, []],
    ['front matter without labels', [{ id: 'a', template: 'unlabelled.md.hbs', labels: 99 }], 0, []],
    ['no front matter', [{ id: 'a', template: 'plain.md.hbs', labels: 99 }], 0, []],
    [
      'two tasks over with one template: once, naming the first',
      [{ id: 'a', template: 'fifty.md.hbs', labels: 49 }, { id: 'b', template: 'fifty.md.hbs', labels: 48 }, { id: 'c', template: 'fifty.md.hbs', labels: 55 }],
      0,
      [over('fifty.md.hbs', 'a', 101, ' (and 1 more task)')],
    ],
    [
      'three tasks over with one template',
      [{ id: 'a', template: 'fifty.md.hbs', labels: 50 }, { id: 'b', template: 'fifty.md.hbs', labels: 49 }, { id: 'c', template: 'fifty.md.hbs', labels: 55 }],
      0,
      [over('fifty.md.hbs', 'a', 102, ' (and 2 more tasks)')],
    ],
    [
      'tasks over with two templates: once per file',
      [{ id: 'a', template: 'fifty.md.hbs', labels: 49 }, { id: 'b', template: 'other.md.hbs', labels: 50 }],
      0,
      [over('fifty.md.hbs', 'a', 101), over('other.md.hbs', 'b', 102)],
    ],
  ])('%s', (_what, tasks, defaults, want) => {
    expect(check(tasks, defaults)).toEqual(want);
  });
});
