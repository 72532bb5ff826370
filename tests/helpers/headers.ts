// Holds the headers of each emulator answer to what GitHub sends: a Link header in GitHub's exact
// format with the right set of pages, Location on 201, the x-ratelimit-* family on every answer
// a token is counted for, retry-after only where a limit is hit, and the JSON content type.
import type { Exchange } from '../../src/emulator/index.js';
import { documentedOperation } from './openapi.js';

const RELS = ['prev', 'next', 'last', 'first'] as const;
const LINK = /^<([^<>\s]+)>; rel="(prev|next|last|first)"$/;
const JSON_TYPE = 'application/json; charset=utf-8';
/** Creates whose Location is the created object's own API URL (its `url`). */
const CREATES = new Set([
  'POST /repos/{owner}/{repo}/issues',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
  'POST /repos/{owner}/{repo}/labels',
  'POST /repos/{owner}/{repo}/milestones',
]);
const RATE = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-used', 'x-ratelimit-reset', 'x-ratelimit-resource'] as const;

export function checkHeaders(exchange: Exchange): string[] {
  if (exchange.dropped) return [];
  const problems: string[] = [];
  const headers = exchange.responseHeaders;
  const body = exchange.responseBody;

  // Content type: JSON answers say so; empty ones (204) say nothing.
  if (body !== undefined && headers['content-type'] !== JSON_TYPE) problems.push(`content-type is ${JSON.stringify(headers['content-type'])}, not "${JSON_TYPE}"`);
  if (body === undefined && headers['content-type'] !== undefined) problems.push(`an empty answer carries content-type ${headers['content-type']}`);
  if (exchange.status === 204 && body !== undefined) problems.push('a 204 carries a body');

  // Location: on a 201 whose operation documents it (for the creates of an object, that object's
  // API URL), on a 301 (where it moved), and nowhere else.
  const location = headers.location;
  const documented = exchange.status === 301 || locationDocumented(exchange);
  if (documented) {
    const url = typeof body === 'object' && body !== null ? (body as { url?: unknown }).url : undefined;
    if (location === undefined) problems.push(`a ${exchange.status} without a Location header`);
    else if (!/^https?:\/\//.test(location)) problems.push(`Location ${location} is not an absolute URL`);
    else if ((exchange.status === 301 || CREATES.has(`${exchange.method} ${exchange.route}`)) && typeof url === 'string' && url !== location) {
      problems.push(`Location ${location} is not the answer's url ${url}`);
    }
  } else if (location !== undefined) problems.push(`Location on a ${exchange.status} that documents none`);

  problems.push(...checkRateHeaders(exchange));
  problems.push(...checkLink(exchange));
  return problems;
}

function message(exchange: Exchange): string {
  const body = exchange.responseBody;
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : '';
}

function checkRateHeaders(exchange: Exchange): string[] {
  const problems: string[] = [];
  const headers = exchange.responseHeaders;
  const text = message(exchange);
  const secondary = /secondary rate limit/i.test(text);
  const primary = /^API rate limit exceeded/.test(text);
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    if (!/^[1-9]\d*$/.test(retryAfter)) problems.push(`retry-after ${JSON.stringify(retryAfter)} is not a whole number of seconds`);
    if (!secondary && exchange.status !== 503) problems.push(`retry-after on a ${exchange.status} that is no secondary limit`);
  }
  if ((secondary || primary) && exchange.status !== 403 && exchange.status !== 429) problems.push(`a rate limit answered ${exchange.status}, not 403 or 429`);

  // Counted answers: a known route, a token GitHub accepted, not an outage (an edge 5xx counts nothing).
  const counted = exchange.route !== null && exchange.route !== '/rate_limit' && exchange.status !== 401 && exchange.status < 500;
  const present = RATE.filter((name) => headers[name] !== undefined);
  if (!counted) return problems;
  if (present.length !== RATE.length) {
    problems.push(`x-ratelimit headers missing: ${RATE.filter((n) => headers[n] === undefined).join(', ')}`);
    return problems;
  }
  const [limit = '', remaining = '', used = '', reset = ''] = RATE.slice(0, 4).map((name) => headers[name] ?? '');
  for (const [name, value] of [['limit', limit], ['remaining', remaining], ['used', used], ['reset', reset]] as const) {
    if (!/^\d+$/.test(value)) problems.push(`x-ratelimit-${name} ${JSON.stringify(value)} is not a whole number`);
  }
  if (Number(remaining) > Number(limit)) problems.push(`x-ratelimit-remaining ${remaining} above the limit ${limit}`);
  if (Number(used) + Number(remaining) !== Number(limit)) problems.push(`x-ratelimit-used ${used} and -remaining ${remaining} do not add up to the limit ${limit}`);
  if (Number(reset) < 1_000_000_000) problems.push(`x-ratelimit-reset ${reset} is not an epoch second`);
  const resource = exchange.route === '/search/issues' ? 'search' : exchange.route === '/graphql' ? 'graphql' : 'core';
  if (headers['x-ratelimit-resource'] !== resource) problems.push(`x-ratelimit-resource ${headers['x-ratelimit-resource']} instead of ${resource}`);
  if (primary && remaining !== '0') problems.push(`a primary limit answer with x-ratelimit-remaining ${remaining}`);
  return problems;
}

/** Parses a Link header strictly as GitHub writes it; null when it is not in that format. */
export function parseLink(value: string): { rel: (typeof RELS)[number]; url: string }[] | null {
  const parts = value.split(', ');
  const links: { rel: (typeof RELS)[number]; url: string }[] = [];
  for (const part of parts) {
    const match = LINK.exec(part);
    if (!match) return null;
    links.push({ url: match[1]!, rel: match[2] as (typeof RELS)[number] });
  }
  return links;
}

function items(body: unknown): unknown[] | null {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null && Array.isArray((body as { items?: unknown }).items)) return (body as { items: unknown[] }).items;
  return null;
}

function checkLink(exchange: Exchange): string[] {
  const link = exchange.responseHeaders.link;
  const list = items(exchange.responseBody);
  const query = new URLSearchParams(exchange.query);
  const page = Number(query.get('page') ?? '1') || 1;
  const perPage = Math.min(Number(query.get('per_page') ?? '30') || 30, 100);
  if (link === undefined) {
    if (exchange.status === 200 && list !== null && page > 1) return [`page ${page} answered without a Link header`];
    return [];
  }
  if (exchange.status !== 200 || list === null) return [`a Link header on an answer that is not a list (${exchange.status})`];
  const links = parseLink(link);
  if (links === null) return [`Link ${JSON.stringify(link)} is not in GitHub's format <url>; rel="…", joined by ", "`];
  const problems: string[] = [];
  const rels = links.map((l) => l.rel);
  const order = rels.map((r) => RELS.indexOf(r));
  if (new Set(rels).size !== rels.length || order.some((o, i) => i > 0 && o <= order[i - 1]!)) problems.push(`Link rels ${rels.join(', ')} are not in GitHub's order prev, next, last, first`);
  const has = (rel: string): boolean => rels.includes(rel as (typeof RELS)[number]);
  if (page > 1 && !(has('prev') && has('first'))) problems.push(`page ${page} without prev and first links`);
  if (page === 1 && (has('prev') || has('first'))) problems.push('page 1 with a prev or first link');
  if (has('next') !== has('last')) problems.push('a next link without a last one, or the reverse');
  if (has('next') && list.length !== perPage) problems.push(`a next link after a page of ${list.length} items, not ${perPage}`);

  const host = exchange.requestHeaders.host;
  const others = exchange.query.filter(([name]) => name !== 'page');
  const pageOf: Record<string, number> = {};
  for (const { rel, url } of links) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`${rel} link ${url} is not a URL`);
      continue;
    }
    if (typeof host === 'string' && parsed.host !== host) problems.push(`${rel} link points at ${parsed.host}, not ${host}`);
    if (tail(parsed.pathname) !== tail(exchange.path)) problems.push(`${rel} link path ${parsed.pathname} is not the requested ${exchange.path}`);
    const params = [...parsed.searchParams.entries()];
    const linkPage = params.filter(([name]) => name === 'page');
    if (linkPage.length !== 1 || !/^[1-9]\d*$/.test(linkPage[0]![1])) problems.push(`${rel} link without one page number`);
    pageOf[rel] = Number(linkPage[0]?.[1]);
    const kept = params.filter(([name]) => name !== 'page');
    if (JSON.stringify(kept) !== JSON.stringify(others)) problems.push(`${rel} link drops or changes the request's parameters: ${parsed.search}`);
  }
  if (pageOf.first !== undefined && pageOf.first !== 1) problems.push(`first link to page ${pageOf.first}`);
  if (pageOf.next !== undefined && pageOf.next !== page + 1) problems.push(`next link to page ${pageOf.next} from page ${page}`);
  if (pageOf.prev !== undefined && pageOf.prev >= page) problems.push(`prev link to page ${pageOf.prev} from page ${page}`);
  if (pageOf.last !== undefined && pageOf.next !== undefined && pageOf.last < pageOf.next) problems.push(`last link to page ${pageOf.last} before next ${pageOf.next}`);
  return problems;
}

/** A repository path without its `/repos/{owner}/{repo}` or `/repositories/{id}` prefix. */
function tail(path: string): string {
  return path.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/^\/repositories\/\d+/, '');
}

/** Whether GitHub's description gives this answer's status a Location header (it does for its creates). */
function locationDocumented(exchange: Exchange): boolean {
  if (exchange.route === null || exchange.status !== 201) return false;
  const response = documentedOperation(exchange.method, exchange.route)?.responses[String(exchange.status)] as { headers?: Record<string, unknown> } | undefined;
  return response?.headers !== undefined && Object.keys(response.headers).some((name) => name.toLowerCase() === 'location');
}
