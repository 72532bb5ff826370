// GitHub's error bodies. Every error carries `message`, `documentation_url` and, as GitHub now
// writes it, `status` as a string.
import type { Json } from './shapes.js';

export const DOCS = 'https://docs.github.com/rest';

export interface ValidationItem {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  field: string;
  message?: string;
  value?: string | number | string[] | null;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { errors?: ValidationItem[]; documentationUrl?: string; headers?: Record<string, string>; fields?: { [key: string]: Json } } = {},
  ) {
    super(message);
  }

  body(fallbackDocs: string): Json {
    const body: { [key: string]: Json } = { message: this.message, ...this.extra.fields };
    if (this.extra.errors) body.errors = this.extra.errors.map((e) => ({ ...e }) as { [key: string]: Json });
    body.documentation_url = this.extra.documentationUrl ?? fallbackDocs;
    body.status = String(this.status);
    return body;
  }
}

export const notFound = (): HttpError => new HttpError(404, 'Not Found');

export function validationFailed(...errors: ValidationItem[]): HttpError {
  return new HttpError(422, 'Validation Failed', { errors });
}

/** GitHub's answer to a body of the wrong type: 422 with the failing property named. */
export function invalidRequest(detail: string): HttpError {
  return new HttpError(422, `Invalid request.\n\n${detail}`);
}

/**
 * GitHub's "simple" validation error, which some newer routes document instead (the
 * `validation-error-simple` schema): a message and the reasons as plain strings.
 */
export function validationFailedSimple(reason: string): HttpError {
  return new HttpError(422, reason, { fields: { errors: [reason] } });
}

export const forbiddenIntegration = (): HttpError => new HttpError(403, 'Resource not accessible by integration');
