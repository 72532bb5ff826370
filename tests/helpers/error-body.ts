// Holds every error answer to GitHub's error shape, whether or not the operation documents the
// status: `message` and `documentation_url` (and `status` as a string, as GitHub now writes it);
// on a 422 "Validation Failed", `errors[]` naming `resource`, `field` and `code` for each problem.
import type { Exchange } from '../../src/emulator/index.js';

const TOP = new Set(['message', 'documentation_url', 'status', 'errors']);
const ITEM = new Set(['resource', 'field', 'code', 'message', 'value']);
const CODES = new Set(['missing', 'missing_field', 'invalid', 'already_exists', 'unprocessable', 'custom']);

export function checkErrorBody(exchange: Exchange): string[] {
  if (exchange.dropped || exchange.status < 300 || exchange.status === 304) return [];
  const body = exchange.responseBody;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [`a ${exchange.status} without GitHub's error object: ${JSON.stringify(body)}`];
  const error = body as Record<string, unknown>;
  const problems: string[] = [];
  const allowed = exchange.status === 301 ? new Set([...TOP, 'url']) : TOP;
  const extra = Object.keys(error).filter((key) => !allowed.has(key));
  if (extra.length > 0) problems.push(`error keys GitHub does not send: ${extra.join(', ')}`);
  if (typeof error.message !== 'string' || error.message === '') problems.push('an error without a message');
  if (typeof error.documentation_url !== 'string' || !/^https:\/\/docs\.github\.com\//.test(error.documentation_url)) {
    problems.push(`documentation_url ${JSON.stringify(error.documentation_url)} is not a docs.github.com page`);
  }
  if (error.status !== undefined && error.status !== String(exchange.status)) problems.push(`status ${JSON.stringify(error.status)} in a ${exchange.status} answer`);
  if (exchange.status === 301 && (error.message !== 'Moved Permanently' || typeof error.url !== 'string')) problems.push('a 301 without "Moved Permanently" and the url it moved to');
  if (exchange.status === 401 && !['Requires authentication', 'Bad credentials'].includes(String(error.message))) problems.push(`a 401 saying ${JSON.stringify(error.message)}`);
  if (error.message === 'Validation Failed') {
    if (exchange.status !== 422) problems.push(`"Validation Failed" with status ${exchange.status}`);
    if (!Array.isArray(error.errors) || error.errors.length === 0) problems.push('"Validation Failed" without errors[]');
    else {
      error.errors.forEach((item: unknown, index) => {
        if (typeof item !== 'object' || item === null) {
          problems.push(`errors[${index}] is not an object`);
          return;
        }
        const e = item as Record<string, unknown>;
        for (const key of ['resource', 'field', 'code']) if (typeof e[key] !== 'string') problems.push(`errors[${index}] without ${key}`);
        if (typeof e.code === 'string' && !CODES.has(e.code)) problems.push(`errors[${index}].code ${e.code} is not one of GitHub's`);
        if (e.code === 'custom' && typeof e.message !== 'string') problems.push(`errors[${index}] is custom without a message`);
        const unknown = Object.keys(e).filter((key) => !ITEM.has(key));
        if (unknown.length > 0) problems.push(`errors[${index}] has keys GitHub does not send: ${unknown.join(', ')}`);
      });
    }
  } else if (exchange.status === 422 && Array.isArray(error.errors)) {
    // GitHub's simple validation shape (`validation-error-simple`), documented by newer routes.
    if (error.errors.length === 0 || !error.errors.every((item) => typeof item === 'string')) problems.push('a simple 422 whose errors[] are not reasons as strings');
  } else if (exchange.status === 422 && typeof error.message === 'string' && !error.message.startsWith('Invalid request.') && error.errors === undefined) {
    problems.push(`a 422 that is neither "Validation Failed" with errors[], GitHub's simple shape, nor "Invalid request.": ${JSON.stringify(error.message)}`);
  } else if (error.errors !== undefined && exchange.status !== 422) problems.push(`errors[] on a ${exchange.status}`);
  return problems;
}
