// GET /user and GET /rate_limit.
import { forbiddenIntegration } from '../errors.js';
import type { Route } from '../router.js';
import { privateUserShape } from '../shapes.js';
import type { WindowStatus } from '../ratelimit.js';
import type { Clock } from '../clock.js';

function rateShape(clock: Clock, status: WindowStatus): { limit: number; used: number; remaining: number; reset: number } {
  return { limit: status.limit, used: status.used, remaining: status.remaining, reset: Math.ceil(clock.toWallTime(status.reset) / 1000) };
}

/** The limiter is reached through a getter so these routes stay plain data. */
export function metaRoutes(peek: (token: string, resource: 'core' | 'search', override: number | null) => WindowStatus): Route[] {
  return [
    {
      method: 'GET',
      template: '/user',
      permission: 'metadata',
      docs: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
      handle(ctx) {
        // Actions and installation tokens are not users: GitHub refuses, and a 403 says nothing about
        // which bot the token is (POST /graphql's `viewer` does).
        if (ctx.token.kind !== 'user') throw forbiddenIntegration();
        return { status: 200, body: privateUserShape(ctx.urls, ctx.state.user(ctx.token.login)) };
      },
    },
    {
      method: 'GET',
      template: '/rate_limit',
      permission: 'metadata',
      resource: 'none',
      docs: 'https://docs.github.com/rest/rate-limit/rate-limit#get-rate-limit-status-for-the-authenticated-user',
      handle(ctx) {
        const core = rateShape(ctx.clock, peek(ctx.token.token, 'core', ctx.token.rateLimit));
        const search = rateShape(ctx.clock, peek(ctx.token.token, 'search', null));
        return { status: 200, body: { resources: { core, search }, rate: core } };
      },
    },
  ];
}
