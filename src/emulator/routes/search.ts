// GET /search/issues: the qualifiers tools use to find "their" issue (repo:, is:, state:, label:,
// in:title) over an index that lags behind writes by a configurable delay, with its own limit.
import { validationFailed } from '../errors.js';
import { pagedReply } from '../pagination.js';
import type { RequestContext, Route } from '../router.js';
import { issueShape } from '../shapes.js';
import type { IssueRecord, RepoRecord } from '../state.js';
import { enumQuery } from './common.js';

export interface SearchOptions {
  /** Emulated milliseconds before a newly created issue can be found (GitHub: up to a minute or so). Default 0. */
  indexDelayMs?: number;
}

export function resolveSearch(options: SearchOptions = {}): Required<SearchOptions> {
  return { indexDelayMs: options.indexDelayMs ?? 0 };
}

const MAX_RESULTS = 1000;

interface ParsedQuery {
  repos: string[];
  kind: 'issue' | 'pr' | null;
  state: 'open' | 'closed' | null;
  labels: string[];
  inTitleOnly: boolean;
  terms: string[];
}

/** Splits a query into words, keeping "quoted phrases" and qualifier:"quoted values" whole. */
function tokenize(q: string): string[] {
  const tokens: string[] = [];
  const pattern = /(\S+?:)?"([^"]*)"|\S+/g;
  for (const match of q.matchAll(pattern)) {
    tokens.push(match[2] !== undefined ? `${match[1] ?? ''}${match[2]}` : match[0]);
  }
  return tokens;
}

export function parseSearchQuery(q: string): ParsedQuery {
  const parsed: ParsedQuery = { repos: [], kind: null, state: null, labels: [], inTitleOnly: false, terms: [] };
  for (const token of tokenize(q)) {
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    const value = colon > 0 ? token.slice(colon + 1) : token;
    switch (key) {
      case 'repo':
        parsed.repos.push(value.toLowerCase());
        break;
      case 'is':
      case 'type':
        if (value === 'issue') parsed.kind = 'issue';
        else if (value === 'pr' || value === 'pull-request') parsed.kind = 'pr';
        else if (value === 'open' || value === 'closed') parsed.state = value;
        break;
      case 'state':
        if (value === 'open' || value === 'closed') parsed.state = value;
        break;
      case 'label':
        parsed.labels.push(value.toLowerCase());
        break;
      case 'in':
        parsed.inTitleOnly = value.toLowerCase() === 'title';
        break;
      default:
        if (token.trim() !== '') parsed.terms.push(token.toLowerCase());
    }
  }
  return parsed;
}

function matches(repo: RepoRecord, issue: IssueRecord, query: ParsedQuery, now: number): boolean {
  if (issue.indexedAt > now) return false;
  if (query.kind === 'issue' && issue.pull) return false;
  if (query.kind === 'pr' && !issue.pull) return false;
  if (query.state && issue.state !== query.state) return false;
  for (const name of query.labels) {
    const label = repo.labels.get(repo.labelIdsByName.get(name) ?? -1);
    if (!label || !issue.labels.includes(label.id)) return false;
  }
  if (query.terms.length > 0) {
    const text = query.inTitleOnly ? issue.title.toLowerCase() : `${issue.title}\n${issue.body ?? ''}`.toLowerCase();
    if (!query.terms.every((term) => text.includes(term))) return false;
  }
  return true;
}

export const searchRoutes: Route[] = [
  {
    method: 'GET',
    template: '/search/issues',
    permission: 'metadata',
    resource: 'search',
    docs: 'https://docs.github.com/rest/search/search#search-issues-and-pull-requests',
    handle(ctx: RequestContext) {
      const q = ctx.query.get('q');
      if (q === null || q.trim() === '') throw validationFailed({ resource: 'Search', field: 'q', code: 'missing' });
      const query = parseSearchQuery(q);
      const sort = enumQuery(ctx, 'sort', ['comments', 'reactions', 'created', 'updated', 'best-match'] as const, 'best-match');
      const order = enumQuery(ctx, 'order', ['asc', 'desc'] as const, 'desc');
      const now = ctx.clock.now();
      const hits: { repo: RepoRecord; issue: IssueRecord }[] = [];
      for (const repo of ctx.state.repos.values()) {
        if (query.repos.length > 0 && !query.repos.includes(repo.fullName.toLowerCase())) continue;
        if (ctx.token.repositories && !ctx.token.repositories.has(repo.fullName.toLowerCase())) continue;
        for (const issue of repo.issues.values()) if (matches(repo, issue, query, now)) hits.push({ repo, issue });
      }
      const sign = order === 'asc' ? 1 : -1;
      const key = sort === 'updated' ? 'updatedAt' : sort === 'comments' ? 'comments' : 'createdAt';
      hits.sort((a, b) => sign * (a.issue[key] - b.issue[key] || a.issue.id - b.issue.id));
      const reply = pagedReply(
        ctx,
        hits.length,
        (s, e) => hits.slice(s, e),
        // GitHub's description types a search hit's body as a string, never null, and gives a hit
        // both summaries but no parent_issue_url.
        ({ repo, issue }) => {
          const { parent_issue_url: _parent, ...shape } = issueShape(ctx.state, ctx.urls, repo, issue);
          return { ...shape, body: issue.body ?? '', score: 1 };
        },
        MAX_RESULTS,
      );
      return { ...reply, body: { total_count: hits.length, incomplete_results: false, search_type: 'lexical', items: reply.body ?? [] } };
    },
  },
];
