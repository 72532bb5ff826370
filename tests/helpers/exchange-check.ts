// Every check an emulator exchange goes through in tests: GitHub's REST description (openapi.ts),
// the headers GitHub sends (headers.ts), GitHub's error shape (error-body.ts) and what GitHub does
// beyond its description (strict.ts). `sampledChecker` is the cheap mode for runs of thousands of
// requests: the first few exchanges of each kind (method, route, status) are checked in full, the
// rest of that kind pass by, so no kind goes unchecked.
import type { Exchange } from '../../src/emulator/index.js';
import { checkErrorBody } from './error-body.js';
import { checkHeaders } from './headers.js';
import { checkExchange, type OpenApiViolation } from './openapi.js';
import { checkStrict } from './strict.js';

export function checkEverything(exchange: Exchange): OpenApiViolation[] {
  const base = { method: exchange.method, path: exchange.path, route: exchange.route, status: exchange.status };
  const violations: OpenApiViolation[] = [];
  try {
    violations.push(...checkExchange(exchange));
    for (const message of checkHeaders(exchange)) violations.push({ ...base, kind: 'header', message });
    for (const message of checkErrorBody(exchange)) violations.push({ ...base, kind: 'error', message });
    for (const message of checkStrict(exchange)) violations.push({ ...base, kind: 'strict', message });
  } catch (error) {
    // A checker that cannot check must fail loudly, not pass silently.
    violations.push({ ...base, kind: 'route', message: `the exchange check failed: ${String(error)}` });
  }
  return violations;
}

export function exchangeKind(exchange: Pick<Exchange, 'method' | 'route' | 'status' | 'dropped'>): string {
  return `${exchange.method} ${exchange.route ?? '(no route)'} → ${exchange.dropped ? 'dropped' : exchange.status}`;
}

/** Checks at most `perKind` exchanges of each kind; `seen` tells which kinds were checked how often. */
export function sampledChecker(perKind: number): { check: (exchange: Exchange) => OpenApiViolation[]; seen: Map<string, number> } {
  const seen = new Map<string, number>();
  return {
    seen,
    check(exchange) {
      const kind = exchangeKind(exchange);
      const count = seen.get(kind) ?? 0;
      seen.set(kind, count + 1);
      return count < perKind ? checkEverything(exchange) : [];
    },
  };
}

/**
 * The cheap mode where timing matters (benchmarks): keeps the first `perKind` exchanges of each
 * kind while the run goes, and checks them only when asked, so no validator is compiled mid-run.
 */
export function deferredSampler(perKind: number): { record: (exchange: Exchange) => void; check: () => { violations: OpenApiViolation[]; kinds: number } } {
  const kept: Exchange[] = [];
  const seen = new Map<string, number>();
  return {
    record(exchange) {
      const kind = exchangeKind(exchange);
      const count = seen.get(kind) ?? 0;
      seen.set(kind, count + 1);
      if (count < perKind) kept.push(exchange);
    },
    check: () => ({ violations: kept.flatMap(checkEverything), kinds: seen.size }),
  };
}
