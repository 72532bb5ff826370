// Handlebars' syntax errors, said where they are in words a person acts on.
import { describe, expect, it } from 'vitest';
import { parseTemplate } from '../../src/render/template-syntax.js';

const problems = (text: string) => parseTemplate(text).problems.map((p) => `${p.line}:${p.column}: ${p.message}`);

describe('parseTemplate', () => {
  it.each<[string, string, string[]]>([
    ['a sound template', '{{#if a}}x{{else}}y{{/if}} {{#each}}x{{/each}} {{../this}}', []],
    ['a template ending inside {{ }}', 'ok\n{{foo}}{{', ['2:9: template syntax error: the template ends inside {{ … }}']],
    ['a character that cannot appear inside {{ }}', '{{foo}', ['1:5: template syntax error: unexpected "}", which cannot appear inside {{ }}']],
    ['an unclosed string', '{{foo "a}}', ['1:6: template syntax error: unexpected """, which cannot appear inside {{ }}']],
    ['a token out of place, with the few that fit', '{{#if a}}x{{/if b}}', ['1:16: template syntax error: unexpected "b"; expected "}}"']],
    ['block parameters never closed', '{{#each a as |x}}{{/each}}', ['1:15: template syntax error: unexpected "}}"; expected a name or "|"']],
    ['a token out of place where many fit (no hint)', '{{foo bar=}}', ['1:10: template syntax error: unexpected "}}"']],
    ['an invalid path, at its place', '{{foo.this}}', ['1:2: template syntax error: Invalid path: foo.this']],
    ['a comment never closed', '{{!-- x', ['1:0: template syntax error: Lexical error on line 1. Unrecognized text.']],
    ['an unreadable token inside a sound block', '{{#if a}}{{foo ]}}{{/if}}', ['1:15: template syntax error: unexpected "]", which cannot appear inside {{ }}']],
    ['an invalid path further down', `${'\n'.repeat(9)}          {{foo.this}}`, ['10:12: template syntax error: Invalid path: foo.this']],
    ['a comment never closed further down', `${'\n'.repeat(11)}{{!-- x`, ['12:0: template syntax error: Lexical error on line 12. Unrecognized text.']],
    ['a comment never closed after a block opened', '{{#if a}}{{!-- x', ['1:9: template syntax error: Lexical error on line 1. Unrecognized text.']],
    ['an unreadable token after a block opened', '{{#if a}}{{foo ]}}', ['1:15: template syntax error: unexpected "]", which cannot appear inside {{ }}']],
    ['a token out of place where only a token without a name fits', '{{foo bar=1 baz}}', ['1:15: template syntax error: unexpected "}}"']],
    ['blocks never closed, each at its line', 'a\n{{#if a}}\nb\n{{#if c}}', ['2:0: {{#if}} is never closed; add {{/if}}', '4:0: {{#if}} is never closed; add {{/if}}']],
    ['an inverse block never closed', '{{^if a}}x', ['1:0: {{^if}} is never closed; add {{/if}}']],
    ['a block with whitespace control never closed', '{{~#each a.b/c~}}x', ['1:0: {{#each}} is never closed; add {{/each}}']],
    ['a partial block never closed', '{{#> layout}}x', ['1:0: {{#> layout}} is never closed; add {{/layout}}']],
    ['a block whose name is a path, closed by another', '{{#a.b}}{{/a.c}}', ['1:8: {{/a.c}} closes a block that was never opened', '1:0: {{#a.b}} is never closed; add {{/a.b}}']],
    ['a block closed twice', '{{#if a}}{{/if}}{{/if}}', ['1:16: {{/if}} closes a block that was never opened']],
    [
      'inner blocks closed by an outer one',
      '{{#with a}}{{#each b}}{{#if c}}\n{{/with}}',
      [
        '1:22: {{#if}} is never closed (the {{/with}} on line 2 closes an outer block); add {{/if}}',
        '1:11: {{#each}} is never closed (the {{/with}} on line 2 closes an outer block); add {{/each}}',
      ],
    ],
    ['a block closed after an inner one closed by it', '{{#with a}}{{#if c}}{{/with}}{{/if}}', ['1:11: {{#if}} is never closed (the {{/with}} on line 1 closes an outer block); add {{/if}}', '1:29: {{/if}} closes a block that was never opened']],
  ])('%s', (_what, text, want) => {
    expect(problems(text)).toEqual(want);
    expect(parseTemplate(text).ast === null).toBe(want.length > 0);
  });
});
