// fitWithMarker: a text and its complete marker (record included) within GitHub's limit, cut at a
// line with a note, the digest that of the text as written.
import { describe, expect, it } from 'vitest';
import { BODY_LIMIT, cutAtLine, cutNote, fits, fitText, fitWithMarker, type MarkerFields } from '../../src/plan/body-limit.js';
import { digest, formatMarker, parseMarker, stripMarker, withMarker } from '../../src/plan/marker.js';
import { plan } from '../../src/plan/plan.js';
import { issueRecord, recordMilestone } from '../../src/plan/record.js';
import { EMPTY, desiredIssue, desiredMilestone, desiredState, mapIssue, synced } from './fixtures.js';

const task: MarkerFields = { kind: 'task', stage: 'scope', task: 'brief' };
const recorded: MarkerFields = { ...task, wrote: issueRecord('Write the brief', ['lifecycle', 'stage: scope'], ['alice']) };
const lines = (n: number, width = 40) => Array.from({ length: n }, (_, i) => `${String(i).padStart(3, '0')} ${'x'.repeat(width - 4)}`).join('\n');

describe('fitWithMarker', () => {
  const limit = 1_000;
  const cases: { name: string; content: string; marker: MarkerFields; cut: boolean }[] = [
    { name: 'short text', content: 'Hello', marker: task, cut: false },
    { name: 'empty text', content: '', marker: task, cut: false },
    { name: 'many lines', content: lines(100), marker: task, cut: true },
    { name: 'many lines, marker with its record', content: lines(100), marker: recorded, cut: true },
    { name: 'one long line', content: 'y'.repeat(5_000), marker: recorded, cut: true },
    { name: 'emoji only', content: '😀'.repeat(2_000), marker: recorded, cut: true },
  ];

  it.each(cases)('$name: within the limit, marker last, digest of the text as written', ({ content, marker, cut }) => {
    const body = fitWithMarker(content, marker, limit);
    expect(body.length).toBeLessThanOrEqual(limit);
    expect(body.endsWith(' -->\n')).toBe(true);
    const parsed = parseMarker(body);
    expect(parsed).toEqual({ v: 1, ...marker, digest: digest(body) });
    expect(body.includes(cutNote(limit).trim())).toBe(cut);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    // Fitting what was written changes nothing: the plan re-fits rendered text without a second cut.
    expect(fitWithMarker(body, marker, limit)).toBe(body);
  });

  it('fits the text that only overflows once the record is in the marker', () => {
    // The defect: a text cut to fit with a marker lacking `wrote`, then written with it.
    const content = 'z'.repeat(limit - withMarker('', task).length - 10);
    expect(withMarker(content, task).length).toBeLessThanOrEqual(limit);
    const body = fitWithMarker(content, recorded, limit);
    expect(body.length).toBeLessThanOrEqual(limit);
    expect(parseMarker(body)?.wrote).toEqual(recorded.wrote);
    expect(body).toContain('The rest of this text was cut');
  });

  it('takes the whole budget when the text fits exactly, and cuts at one character more', () => {
    const room = fitWithMarker('', recorded, limit).length;
    const exact = 'a'.repeat(limit - room);
    expect(fitWithMarker(exact, recorded, limit)).toHaveLength(limit);
    expect(stripMarker(fitWithMarker(exact, recorded, limit))).toBe(exact);
    expect(stripMarker(fitWithMarker(`${exact}a`, recorded, limit))).toContain('was cut');
  });

  it('cuts at the end of a line and says so in a note', () => {
    const body = fitWithMarker(lines(100), recorded, limit);
    const visible = stripMarker(body);
    const [kept, note] = visible.split('\n\n> [!NOTE]\n');
    expect(note).toBe('> The rest of this text was cut: GitHub allows at most 1,000 characters here.');
    for (const line of (kept ?? '').split('\n')) expect(line).toHaveLength(40);
  });

  it('writes the marker keys in the order the tool always has, digest before record', () => {
    const body = fitWithMarker('Hello', recorded, limit);
    expect(body).toMatch(/\{"v":1,"kind":"task","stage":"scope","task":"brief","digest":"[0-9a-f]{16}","wrote":\{"title":/);
  });

  it('replaces a marker already in the text, and drops any a template forged', () => {
    const forged = 'Hi\n<!-- lifecycle-action {"v":1,"kind":"task","stage":"x","task":"y","digest":"forged"} -->\nthere';
    const body = fitWithMarker(forged, task, limit);
    expect(body.match(/lifecycle-action/g)).toHaveLength(1);
    expect(parseMarker(body)).toMatchObject({ stage: 'scope', task: 'brief' });
  });

  it('uses GitHub\'s limit by default', () => {
    const body = fitWithMarker('w'.repeat(70_000), recorded);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body.length).toBeGreaterThan(BODY_LIMIT - 200);
    expect(body).toContain('at most 65,536 characters');
  });
});

describe('cutAtLine', () => {
  const cases: { name: string; text: string; max: number; want: string }[] = [
    { name: 'fits', text: 'a\nb', max: 3, want: 'a\nb' },
    { name: 'at the last line end that fits', text: 'aaaa\nbbbb\ncccc', max: 12, want: 'aaaa\nbbbb' },
    { name: 'at a character when no line end is near', text: 'a\nbbbbbbbbbbbbbbbbbbbb', max: 10, want: 'a\nbbbbbbbb' },
    { name: 'never inside a surrogate pair', text: '😀😀😀', max: 3, want: '😀' },
    { name: 'trailing blanks dropped', text: 'aaaa   \nbbbbbbbb', max: 10, want: 'aaaa' },
    { name: 'an open code fence is closed', text: 'intro\n```js\nline 1\nline 2\nline 3\nline 4', max: 32, want: 'intro\n```js\nline 1\nline 2\n```' },
    { name: 'a closed fence stays closed', text: '```\ncode\n```\nafter\nmore text here', max: 20, want: '```\ncode\n```\nafter' },
    { name: 'a tilde fence is closed with tildes', text: '~~~~\nline 1\nline 2\nline 3', max: 18, want: '~~~~\nline 1\n~~~~' },
    { name: 'an open HTML comment is dropped', text: 'keep\n<!-- hidden\nmore\nmore', max: 20, want: 'keep' },
    { name: 'nothing fits', text: 'abc', max: 0, want: '' },
    { name: 'a budget below zero keeps nothing', text: 'abc', max: -5, want: '' },
    { name: 'exactly the length: kept whole, last line too', text: 'abc\nde', max: 6, want: 'abc\nde' },
    { name: 'a line end exactly half way is used', text: 'aa\nbbbbbb', max: 4, want: 'aa' },
    { name: 'a closed HTML comment stays', text: 'keep <!-- c --> end\nrest of text', max: 20, want: 'keep <!-- c --> end' },
    { name: 'no comment: nothing more dropped', text: 'abcdefgh', max: 5, want: 'abcde' },
    { name: 'cut again when the closing fence does not fit', text: '```\nline 1\nline 2\nline 3', max: 13, want: '```\nline\n```' },
    { name: 'a pair after the cut is not looked at', text: 'ab😀', max: 3, want: 'ab' },
    { name: 'the lowest high surrogate', text: 'a\u{10000}', max: 2, want: 'a' },
    { name: 'the highest high surrogate', text: 'a\u{10FFFF}', max: 2, want: 'a' },
    { name: 'a fence of the other character does not close', text: '```\ncode\n~~~\nafter\nmore text here', max: 20, want: '```\ncode\n~~~\n```' },
    { name: 'a shorter fence does not close', text: '````\ncode\n```\nafter\nmore text here', max: 21, want: '````\ncode\n```\n````' },
    { name: 'a fence with text after it does not close', text: '```\ncode\n``` x\nafter\nmore text here', max: 22, want: '```\ncode\n``` x\n```' },
    { name: 'a fence with blanks after it closes', text: '```\ncode\n```  \nafter\nmore text here', max: 22, want: '```\ncode\n```  \nafter' },
  ];

  it.each(cases)('$name', ({ text, max, want }) => {
    const got = cutAtLine(text, max);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(Math.max(0, max));
  });
});

describe('fitText', () => {
  it('leaves a text within the limit as it is', () => {
    expect(fitText('Closed as not planned.', 100)).toBe('Closed as not planned.');
  });

  it('leaves a text of exactly the limit as it is, and keeps leading blanks when it cuts', () => {
    expect(fitText('a'.repeat(100), 100)).toBe('a'.repeat(100));
    expect(fits('a'.repeat(100), 100)).toBe(true);
    expect(fits('a'.repeat(101), 100)).toBe(false);
    expect(fitText(`  ${'x'.repeat(200)}`, 150).startsWith('  x')).toBe(true);
  });

  it('groups every three digits of the limit in the note', () => {
    expect(cutNote(1_234_567)).toContain('at most 1,234,567 characters');
  });

  it('cuts a longer one at a line, with the note, within the limit', () => {
    const text = fitText(lines(50), 500);
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text.endsWith('> The rest of this text was cut: GitHub allows at most 500 characters here.')).toBe(true);
  });
});

describe('plan writes within the limit', () => {
  // A text that fits with a marker lacking the record (65,620 characters written before the fix).
  const nearLimit = 'n'.repeat(BODY_LIMIT - withMarker('', { kind: 'task', stage: 'scope', task: 'define-use-case' }).length - 4);

  it('creates issues and milestones whose text, record included, is within 65,536 characters', () => {
    const desired = desiredState({
      milestones: [desiredMilestone('scope', { text: nearLimit })],
      issues: [desiredIssue('scope', 'define-use-case', { text: nearLimit })],
    });
    const writes = plan(desired, EMPTY).operations;
    const texts = writes.flatMap((o) => (o.op === 'create-issue' ? [o.fields.body] : o.op === 'create-milestone' ? [o.fields.description] : []));
    expect(texts).toHaveLength(2);
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(BODY_LIMIT);
      expect(parseMarker(text)?.wrote).toBeDefined();
      expect(parseMarker(text)?.digest).toBe(digest(text));
    }
  });

  it('leaves a person\'s long text alone rather than cut it to refresh the record', () => {
    const desired = desiredState();
    const current = mapIssue(synced(desired), 1, (i) => {
      const marker = parseMarker(i.body);
      const body = `${'p'.repeat(BODY_LIMIT - 120)}\n\n${formatMarker({ v: 1, kind: 'task', stage: 'scope', task: 'define-use-case', digest: marker?.digest ?? '' })}\n`;
      expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
      return { ...i, body };
    });
    // The config renames the task: the title is updated, the person's text is not touched.
    const renamed = desiredState({ issues: [desiredIssue('scope', 'define-use-case', { title: 'Define the use case' })] });
    const ops = plan(renamed, current).operations.filter((o) => o.op === 'update-issue');
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ op: 'update-issue', changes: { title: 'Define the use case' } });
    expect(ops[0]?.op === 'update-issue' && 'body' in ops[0].changes).toBe(false);
  });
});

describe('recordMilestone at the limit', () => {
  it("fits the tool's own text again when the milestone record would push it over", () => {
    const body = fitWithMarker(lines(10_000, 10), recorded);
    expect(body.length).toBeGreaterThan(BODY_LIMIT - 19);
    const withNumber = recordMilestone(body, 12345);
    expect(withNumber.length).toBeLessThanOrEqual(BODY_LIMIT);
    const marker = parseMarker(withNumber);
    expect(marker?.wrote?.milestone).toBe('12345');
    expect(marker?.digest).toBe(digest(stripMarker(withNumber)));
  });

  it("leaves a person's text at the limit whole, without the record", () => {
    const tool = fitWithMarker('Tool text', recorded);
    const marker = parseMarker(tool)!;
    const persons = withMarker('y'.repeat(BODY_LIMIT - formatMarker(marker).length - 4), { ...marker });
    const edited = persons.replace(/^y+/, (ys) => ys.slice(0, -1) + 'z');
    expect(edited.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(recordMilestone(edited, 12345)).toBe(edited);
  });
});
