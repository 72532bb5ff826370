// Route table types and path matching. Templates are GitHub's own OpenAPI path templates, so the
// request log and the OpenAPI checks in the tests speak the same names.
import type { Clock } from './clock.js';
import { HttpError } from './errors.js';
import type { Json, Urls } from './shapes.js';
import type { EmulatorState, RepoRecord, TokenRecord } from './state.js';
import type { PermissionSet } from './seed.js';
import type { SearchOptions } from './routes/search.js';

export interface RequestContext {
  method: string;
  path: string;
  /** The path as the route sees it (`/repositories/{id}/…` already rewritten to `/repos/{owner}/{repo}/…`). */
  routePath: string;
  query: URLSearchParams;
  rawQuery: string;
  params: Record<string, string>;
  body: unknown;
  token: TokenRecord;
  state: EmulatorState;
  urls: Urls;
  clock: Clock;
  search: Required<SearchOptions>;
  /** Set for routes under /repos/{owner}/{repo}. */
  repo: RepoRecord | null;
}

export interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  template: string;
  /** Which token permission the route needs; writes need `write`. */
  permission: keyof PermissionSet;
  /** Counts against the secondary limit on content creation. */
  createsContent?: boolean;
  /** A POST that only reads (a GraphQL query): needs read permission and is logged as a read. */
  reads?: boolean;
  resource?: 'core' | 'search' | 'graphql' | 'none';
  docs: string;
  handle(ctx: RequestContext): Reply;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

export class Router {
  private readonly compiled: CompiledRoute[] = [];

  add(...routes: Route[]): void {
    for (const route of routes) this.compiled.push({ route, segments: route.template.split('/').slice(1) });
  }

  /** Finds the route for a path; `allowed` lists the methods the path supports (for 404 vs 405-style answers). */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    const parts = path.split('/').slice(1);
    for (const { route, segments } of this.compiled) {
      if (route.method !== method) continue;
      const params = matchSegments(segments, parts);
      if (params) return { route, params };
    }
    return null;
  }

  routes(): Route[] {
    return this.compiled.map((c) => c.route);
  }
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i];
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (part === undefined) {
      // `/contents/` (the root folder) arrives without its trailing slash.
      if (param === 'path' && i === segments.length - 1) {
        params.path = '';
        return params;
      }
      return null;
    }
    if ((param === 'path' || param === 'ref') && i === segments.length - 1) {
      // The contents API's {path} and the refs API's {ref} (`heads/<branch>`) span the rest of the URL, slashes included.
      params[param] = parts.slice(i).map(decode).join('/');
      return params;
    }
    if (param !== undefined) {
      if (part === '') return null;
      params[param] = decode(part);
    } else if (segment !== part) {
      return null;
    }
  }
  return parts.length === segments.length ? params : null;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, 'Bad request: malformed URL');
  }
}

/** Reads an integer path parameter the way GitHub does: anything else is simply not found. */
export function intParam(ctx: RequestContext, name: string): number {
  const text = ctx.params[name] ?? '';
  if (!/^\d{1,15}$/.test(text)) throw new HttpError(404, 'Not Found');
  return Number(text);
}
