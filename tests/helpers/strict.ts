// What GitHub does but its description does not write down, held on every exchange in tests:
//
// - an issue's `state` is `open` or `closed`, its labels are objects, its `state_reason` one of
//   GitHub's four (or null), its `closed_at` set exactly when it is closed;
// - a milestone's `due_on` is midnight US Pacific of its day, written in UTC (07:00Z or 08:00Z),
//   and that day is the Pacific day of the instant the request sent;
// - requests GitHub refuses are not answered 2xx: an issue or milestone title over 256 characters,
//   an issue `milestone` that is not a number, a milestone body with keys GitHub does not permit
//   ("x" is not a permitted key.);
// - requests carry no field the operation does not document (GitHub ignores most, so a tool that
//   relies on one relies on nothing).
import type { Exchange } from '../../src/emulator/index.js';
import { documentedOperation } from './openapi.js';

const PACIFIC_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Los_Angeles', year: 'numeric', month: '2-digit', day: '2-digit' });
const PACIFIC_HOUR = new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const REASONS = new Set(['completed', 'not_planned', 'reopened', 'duplicate', null]);
const MILESTONE_KEYS = new Set(['title', 'state', 'description', 'due_on']);

function pacificDay(at: number): string {
  return PACIFIC_DAY.format(new Date(at));
}

/** Code points, as GitHub counts a title's length. */
function length(text: string): number {
  return [...text].length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkStrict(exchange: Exchange): string[] {
  const problems: string[] = [];
  if (!exchange.dropped) walk(exchange.responseBody, '', problems);
  problems.push(...checkRequest(exchange));
  return problems;
}

/** Every issue and milestone anywhere in an answer (lists, search items, nested milestones). */
function walk(value: unknown, path: string, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, problems));
    return;
  }
  if (!isObject(value)) return;
  if ('labels_url' in value && 'number' in value && 'labels' in value) problems.push(...checkIssue(value, path || '(root)'));
  if ('due_on' in value && 'open_issues' in value) problems.push(...checkMilestone(value, path || '(root)'));
  for (const [key, child] of Object.entries(value)) if (typeof child === 'object' && child !== null) walk(child, `${path}.${key}`, problems);
}

function checkIssue(issue: Record<string, unknown>, at: string): string[] {
  const problems: string[] = [];
  if (issue.state !== 'open' && issue.state !== 'closed') problems.push(`${at}.state ${JSON.stringify(issue.state)} is not open or closed`);
  if (!Array.isArray(issue.labels) || issue.labels.some((l) => !isObject(l) || typeof l.name !== 'string' || typeof l.color !== 'string')) {
    problems.push(`${at}.labels are not label objects: ${JSON.stringify(issue.labels).slice(0, 80)}`);
  }
  if (!REASONS.has(issue.state_reason as string | null)) problems.push(`${at}.state_reason ${JSON.stringify(issue.state_reason)} is not one of GitHub's`);
  if ((issue.state === 'closed') !== (issue.closed_at !== null)) problems.push(`${at}: state ${String(issue.state)} with closed_at ${String(issue.closed_at)}`);
  if (issue.locked === false && issue.active_lock_reason !== null) problems.push(`${at}: an unlocked issue with a lock reason`);
  return problems;
}

function checkMilestone(milestone: Record<string, unknown>, at: string): string[] {
  const problems: string[] = [];
  if (milestone.state !== 'open' && milestone.state !== 'closed') problems.push(`${at}.state ${JSON.stringify(milestone.state)} is not open or closed`);
  const due = milestone.due_on;
  if (due === null) return problems;
  if (typeof due !== 'string' || !/^\d{4}-\d{2}-\d{2}T0[78]:00:00Z$/.test(due)) {
    problems.push(`${at}.due_on ${JSON.stringify(due)} is not midnight Pacific written in UTC (…T07:00:00Z or …T08:00:00Z)`);
  } else if (PACIFIC_HOUR.format(new Date(due)) !== '00:00' || pacificDay(Date.parse(due)) !== due.slice(0, 10)) {
    problems.push(`${at}.due_on ${due} is not midnight Pacific of ${due.slice(0, 10)}`);
  }
  return problems;
}

function checkRequest(exchange: Exchange): string[] {
  const problems: string[] = [];
  const body = exchange.requestBody;
  const accepted = exchange.status >= 200 && exchange.status < 300;
  const key = `${exchange.method} ${exchange.route ?? ''}`;
  if (!isObject(body)) return problems;

  // Fields the operation does not document.
  const schema = documentedOperation(exchange.method, exchange.route ?? '')?.requestBody?.content?.['application/json']?.schema as { properties?: Record<string, unknown> } | undefined;
  if (schema?.properties) {
    const unknown = Object.keys(body).filter((name) => !(name in schema.properties!));
    if (unknown.length > 0) problems.push(`request fields the operation does not document: ${unknown.join(', ')}`);
  }
  if (!accepted) return problems;

  const issueWrite = key === 'POST /repos/{owner}/{repo}/issues' || key === 'PATCH /repos/{owner}/{repo}/issues/{issue_number}';
  const milestoneWrite = key === 'POST /repos/{owner}/{repo}/milestones' || key === 'PATCH /repos/{owner}/{repo}/milestones/{milestone_number}';
  if ((issueWrite || milestoneWrite) && typeof body.title === 'string' && length(body.title) > 256) problems.push(`a title of ${length(body.title)} characters answered ${exchange.status}, not 422`);
  if (issueWrite && 'milestone' in body && body.milestone !== null && !(typeof body.milestone === 'number' || (typeof body.milestone === 'string' && /^\d+$/.test(body.milestone)))) {
    problems.push(`milestone ${JSON.stringify(body.milestone)} answered ${exchange.status}, not 422`);
  }
  if (issueWrite && typeof body.milestone === 'number' && isObject(exchange.responseBody)) {
    const filed = (exchange.responseBody.milestone as { number?: unknown } | null)?.number;
    if (filed !== body.milestone) problems.push(`milestone ${body.milestone} asked, ${JSON.stringify(filed ?? null)} answered`);
  }
  if (milestoneWrite) {
    const unknown = Object.keys(body).filter((name) => !MILESTONE_KEYS.has(name));
    if (unknown.length > 0) problems.push(`milestone keys GitHub does not permit (${unknown.join(', ')}) answered ${exchange.status}, not 422`);
    if (typeof body.due_on === 'string' && isObject(exchange.responseBody)) {
      const asked = /^\d{4}-\d{2}-\d{2}$/.test(body.due_on) ? body.due_on : pacificDay(Date.parse(body.due_on));
      const answered = exchange.responseBody.due_on;
      if (typeof answered !== 'string' || answered.slice(0, 10) !== asked) problems.push(`due_on ${body.due_on} (Pacific day ${asked}) answered as ${JSON.stringify(answered)}`);
    }
  }
  return problems;
}
