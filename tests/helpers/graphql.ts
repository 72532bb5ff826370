// POST /graphql is outside GitHub's REST description; it is held to the shape GitHub documents for
// GraphQL calls (docs.github.com/graphql/guides/forming-calls-with-graphql) instead: a JSON body
// with a `query` string (and optionally `variables` and `operationName`), and a 200 answer that
// holds either `data` with exactly the fields asked for (here `viewer { login }`, `login` a
// non-empty String) or `errors`, each with a string `message`. Errors GitHub gives on any route
// (401, 403, rate limits, 5xx) carry a `message` too.
import type { Exchange } from '../../src/emulator/index.js';
import type { OpenApiViolation } from './openapi.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameKeys(value: Record<string, unknown>, keys: string[]): boolean {
  const have = Object.keys(value).sort();
  return have.length === keys.length && have.every((k, i) => k === [...keys].sort()[i]);
}

function errorProblems(errors: unknown): string[] {
  if (!Array.isArray(errors) || errors.length === 0) return ['`errors` must be a non-empty array'];
  const problems: string[] = [];
  errors.forEach((e, i) => {
    if (!isObject(e) || typeof e.message !== 'string') problems.push(`errors[${i}] needs a string \`message\``);
    else if (e.locations !== undefined && !(Array.isArray(e.locations) && e.locations.every((l) => isObject(l) && Number.isInteger(l.line) && Number.isInteger(l.column)))) {
      problems.push(`errors[${i}].locations must be [{ line, column }]`);
    }
  });
  return problems;
}

export function checkGraphqlExchange(exchange: Exchange): OpenApiViolation[] {
  const violations: OpenApiViolation[] = [];
  const report = (kind: OpenApiViolation['kind'], message: string): void => {
    violations.push({ method: exchange.method, path: exchange.path, route: exchange.route, status: exchange.status, kind, message });
  };
  if (exchange.method !== 'POST') report('route', `GraphQL is called with POST, not ${exchange.method}`);
  if (exchange.query.length > 0) report('parameter', 'GraphQL takes no query parameters');
  const request = exchange.requestBody;
  if (!isObject(request) || typeof request.query !== 'string') report('body', 'request body: a JSON object with a string `query` is required');
  else {
    for (const key of Object.keys(request)) if (!['query', 'variables', 'operationName'].includes(key)) report('body', `request body: unknown key "${key}"`);
    if (request.variables !== undefined && request.variables !== null && !isObject(request.variables)) report('body', 'request body: `variables` must be an object');
  }

  if (exchange.dropped) return violations;
  const body = exchange.responseBody;
  if (exchange.status !== 200) {
    if (exchange.status < 400) report('response', `status ${exchange.status} is not a GraphQL answer`);
    else if (!isObject(body) || typeof body.message !== 'string') report('response', `response ${exchange.status}: an error body needs a string \`message\``);
    return violations;
  }
  if (!isObject(body)) {
    report('response', 'response 200: a JSON object is required');
    return violations;
  }
  for (const key of Object.keys(body)) if (!['data', 'errors', 'extensions'].includes(key)) report('response', `response 200: unknown key "${key}"`);
  if (body.errors !== undefined) {
    for (const problem of errorProblems(body.errors)) report('response', `response 200: ${problem}`);
    if (body.data !== undefined && body.data !== null && !isObject(body.data)) report('response', 'response 200: `data` must be an object or null');
    return violations;
  }
  const data = body.data;
  const viewer = isObject(data) ? data.viewer : undefined;
  if (!isObject(data) || !sameKeys(data, ['viewer']) || !isObject(viewer) || !sameKeys(viewer, ['login']) || typeof viewer.login !== 'string' || viewer.login === '') {
    report('response', 'response 200: `data` must be exactly { viewer: { login: String! } } for the one query the emulator answers');
  }
  return violations;
}
