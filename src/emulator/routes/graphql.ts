// POST /graphql, for one query only: `query { viewer { login } }`, the one question every kind of
// token can ask about itself. A personal token gets its user's login, an Actions token
// `github-actions[bot]`, an App installation token `<app-slug>[bot]`: the login its writes carry.
//
// The answer has GitHub's documented GraphQL shape (docs.github.com/graphql/guides/
// forming-calls-with-graphql): 200 with `data` holding exactly the fields asked for, or 200 with
// `errors`, each with a `message`. Any other query is answered with such an error: the emulator
// does not pretend to answer what it does not model.
import type { Route } from '../router.js';

const DOCS = 'https://docs.github.com/graphql/guides/forming-calls-with-graphql';

/** GraphQL's lexical noise (comments, commas, white space) removed; braces as tokens of their own. */
function tokens(query: string): string[] {
  return query
    .replace(/#[^\n\r]*/g, ' ')
    .replace(/,/g, ' ')
    .replace(/([{}])/g, ' $1 ')
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '');
}

/** `{ viewer { login } }`, optionally as `query` or `query Name`. */
export function isViewerLoginQuery(query: string): boolean {
  const t = tokens(query);
  let at = 0;
  if (t[at] === 'query') {
    at++;
    if (t[at] !== undefined && /^[_A-Za-z][_0-9A-Za-z]*$/.test(t[at]!)) at++;
  }
  const rest = t.slice(at).join(' ');
  return rest === '{ viewer { login } }';
}

function error(message: string): { status: number; body: { errors: { message: string }[] } } {
  return { status: 200, body: { errors: [{ message }] } };
}

export const graphqlRoutes: Route[] = [
  {
    method: 'POST',
    template: '/graphql',
    permission: 'metadata',
    reads: true,
    resource: 'graphql',
    docs: DOCS,
    handle(ctx) {
      const body = ctx.body;
      const query = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).query : undefined;
      if (typeof query !== 'string') return error('A query attribute must be specified and must be a string.');
      if (!isViewerLoginQuery(query)) return error('The emulator answers one GraphQL query: query { viewer { login } }.');
      return { status: 200, body: { data: { viewer: { login: ctx.state.user(ctx.token.login).login } } } };
    },
  },
];
