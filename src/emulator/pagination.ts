// Pages and Link headers as GitHub writes them: per_page 30 by default and 100 at most, links in
// the order prev, next, last, first, repository lists addressed by /repositories/{id}.
import type { Reply, RequestContext } from './router.js';
import type { Json } from './shapes.js';

export interface PageRequest {
  page: number;
  perPage: number;
}

export function pageRequest(ctx: RequestContext): PageRequest {
  const perPage = readPositive(ctx.query.get('per_page'), 30);
  return { page: readPositive(ctx.query.get('page'), 1), perPage: Math.min(perPage, 100) };
}

function readPositive(text: string | null, fallback: number): number {
  if (text === null || !/^\d+$/.test(text.trim())) return fallback;
  const value = Number(text);
  return value >= 1 ? value : fallback;
}

/**
 * Answers one page of `total` items. `slice(start, end)` produces only the items on the page, so
 * callers never build shapes for items they do not send. `cap` stops listing there (PR files: 3,000).
 */
export function pagedReply<T>(
  ctx: RequestContext,
  total: number,
  slice: (start: number, end: number) => T[],
  toJson: (item: T) => Json,
  cap = Infinity,
): Reply {
  const { page, perPage } = pageRequest(ctx);
  const listed = Math.min(total, cap);
  const start = (page - 1) * perPage;
  const items = start >= listed ? [] : slice(start, Math.min(start + perPage, listed));
  const link = linkHeader(ctx, page, Math.ceil(listed / perPage));
  return { status: 200, body: items.map(toJson), headers: link ? { link } : {} };
}

export function linkHeader(ctx: RequestContext, page: number, lastPage: number): string | null {
  if (lastPage <= 1 && page <= 1) return null;
  const links: string[] = [];
  const at = (n: number, rel: string): void => {
    links.push(`<${pageUrl(ctx, n)}>; rel="${rel}"`);
  };
  if (page > 1) at(Math.min(page - 1, Math.max(lastPage, 1)), 'prev');
  if (page < lastPage) {
    at(page + 1, 'next');
    at(lastPage, 'last');
  }
  if (page > 1) at(1, 'first');
  return links.length > 0 ? links.join(', ') : null;
}

function pageUrl(ctx: RequestContext, page: number): string {
  let path = ctx.path;
  if (ctx.repo) {
    const prefix = `/repos/${ctx.repo.owner}/${ctx.repo.name}`;
    if (ctx.routePath.toLowerCase().startsWith(prefix.toLowerCase())) path = `/repositories/${ctx.repo.id}${ctx.routePath.slice(prefix.length)}`;
  }
  // Keep the caller's parameters in their order and spelling; only page changes.
  const parts = ctx.rawQuery === '' ? [] : ctx.rawQuery.split('&').filter((p) => p !== '');
  let replaced = false;
  const query = parts.map((part) => {
    if (part.split('=')[0] !== 'page') return part;
    replaced = true;
    return `page=${page}`;
  });
  if (!replaced) query.push(`page=${page}`);
  return `${ctx.urls.api}${path}?${query.join('&')}`;
}
