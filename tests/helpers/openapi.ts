// Holds emulator traffic to GitHub's own REST description (@octokit/openapi, api.github.com):
// undocumented routes, parameters or bodies that break the schema, and responses that do not match
// the documented schema for their status are reported as violations. POST /graphql, which the REST
// description leaves out, is held to GitHub's documented GraphQL shape (graphql.ts).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { emulatorRoutes, type Exchange } from '../../src/emulator/index.js';
import { checkGraphqlExchange } from './graphql.js';

export interface OpenApiViolation {
  /** The last three come from exchange-check.ts: headers, error bodies, and the strict layer. */
  kind: 'route' | 'parameter' | 'body' | 'response' | 'header' | 'error' | 'strict';
  method: string;
  path: string;
  route: string | null;
  status: number;
  message: string;
}

type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  $ref?: string;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }>; $ref?: string };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    parameters: Record<string, Parameter>;
    responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
    requestBodies?: Record<string, unknown>;
  };
}

const SPEC_ID = 'https://api.github.com/openapi';
let spec: Spec | null = null;
let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();

/**
 * The part of the description the emulator's routes need: their operations and every component
 * they reach, with `nullable` already rewritten and prose left out. Extracted from the 13 MB file
 * once and cached on disk (keyed by the package version and the route list), so each test file
 * reads a few hundred kilobytes instead.
 */
export function loadOpenApi(): Spec {
  if (spec) return spec;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@octokit/openapi/package.json'));
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const routes = emulatorRoutes();
  const key = createHash('sha1').update(`${EXTRACT_FORMAT}\n${version}\n${routes.join('\n')}`).digest('hex').slice(0, 12);
  const cacheDir = join(dirname(require.resolve('@octokit/openapi/package.json')), '..', '..', '.cache', 'lifecycle-openapi');
  const cacheFile = join(cacheDir, `api.github.com-${version}-${key}.json`);
  try {
    spec = JSON.parse(readFileSync(cacheFile, 'utf8')) as Spec;
    return spec;
  } catch {
    // Not extracted yet.
  }
  const full = JSON.parse(readFileSync(join(root, 'generated', 'api.github.com.json'), 'utf8')) as Spec;
  spec = extract(full, routes);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(spec));
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only tree only costs the next file the extraction again.
  }
  return spec;
}

const EXTRACT_FORMAT = 1;

function extract(full: Spec, routes: string[]): Spec {
  const out: Spec = { paths: {}, components: { schemas: {}, parameters: {}, responses: {} } };
  const pending: string[] = [];
  const seen = new Set<string>();
  const visitRefs = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visitRefs);
    else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string' && !seen.has(v)) {
          seen.add(v);
          pending.push(v);
        } else visitRefs(v);
      }
    }
  };
  for (const route of routes) {
    const [method, template] = route.split(' ', 2) as [string, string];
    const operation = full.paths[template]?.[method.toLowerCase()];
    if (!operation) continue;
    const slim = strip(operation) as Operation;
    (out.paths[template] ??= {})[method.toLowerCase()] = slim;
    visitRefs(slim);
  }
  while (pending.length > 0) {
    const ref = pending.pop()!;
    const [, , group, name] = ref.split('/') as [string, string, string, string];
    const source = (full.components as unknown as Record<string, Record<string, unknown> | undefined>)[group]?.[name];
    if (source === undefined || group === 'examples' || group === 'headers') continue;
    const slim = strip(source);
    ((out.components as unknown as Record<string, Record<string, unknown>>)[group] ??= {})[name] = group === 'schemas' ? toJsonSchema(slim) : slim;
    visitRefs(slim);
  }
  return out;
}

/** Drops prose and examples: a string `description` or `summary`, and `example(s)` outside `properties`. */
function strip(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => strip(v));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const isProperty = parentKey === 'properties';
    if (!isProperty && (key === 'description' || key === 'summary') && typeof child === 'string') continue;
    if (!isProperty && (key === 'example' || key === 'examples' || key === 'x-github' || key === 'externalDocs')) continue;
    out[key] = strip(child, key);
  }
  return out;
}

function validatorFor(key: string, schema: Schema): ValidateFunction {
  let validate = validators.get(key);
  if (validate) return validate;
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, inlineRefs: false });
    const addFormats = addFormatsModule as unknown as (instance: Ajv) => Ajv;
    addFormats(ajv);
    ajv.addSchema({ $id: SPEC_ID, components: { schemas: loadOpenApi().components.schemas } });
  }
  validate = ajv.compile(toJsonSchema(rebase(schema)) as Schema);
  validators.set(key, validate);
  return validate;
}

/** Points local `#/components/...` references of an operation's schema at the registered description. */
function rebase(value: unknown): Schema {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) => (key === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${SPEC_ID}${v}` : v)) as Schema;
}

/**
 * OpenAPI 3.0's `nullable: true` in JSON Schema terms: null joins the types (and the enum), or the
 * schema becomes "this or null" when it has no type of its own (a oneOf, a $ref).
 */
function toJsonSchema(value: unknown, parentKey = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => toJsonSchema(v));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // Enum and default values are data, not schemas (unless they name a property).
    out[key] = parentKey !== 'properties' && (key === 'enum' || key === 'default') ? child : toJsonSchema(child, key);
  }
  if (parentKey === 'properties' || out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function resolveParameter(p: Parameter): Parameter {
  if (!p.$ref) return p;
  const name = p.$ref.replace('#/components/parameters/', '');
  const found = loadOpenApi().components.parameters[name];
  if (!found) throw new Error(`unresolved parameter ${p.$ref}`);
  return found;
}

function resolveResponse(response: Operation['responses'][string]): { content?: Record<string, { schema?: Schema }> } {
  if (!response.$ref) return response;
  return loadOpenApi().components.responses[response.$ref.replace('#/components/responses/', '')] ?? {};
}

export function documentedOperation(method: string, template: string): Operation | undefined {
  return loadOpenApi().paths[template]?.[method.toLowerCase()];
}

/** Query strings carry text; turn it into the type the parameter's schema documents before checking. */
function coerce(value: string, schema: Schema | undefined): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    .join('; ');
}

export function checkExchange(exchange: Exchange): OpenApiViolation[] {
  const violations: OpenApiViolation[] = [];
  const base = { method: exchange.method, path: exchange.path, route: exchange.route, status: exchange.status };
  const report = (kind: OpenApiViolation['kind'], message: string): void => {
    violations.push({ ...base, kind, message });
  };
  if (exchange.route === null) {
    report('route', `${exchange.method} ${exchange.path} is not a route the emulator knows`);
    return violations;
  }
  if (exchange.route === '/graphql') return checkGraphqlExchange(exchange);
  const operation = documentedOperation(exchange.method, exchange.route);
  if (!operation) {
    report('route', `${exchange.method} ${exchange.route} is not in GitHub's REST description`);
    return violations;
  }
  const id = operation.operationId;

  // Parameters: documented, required ones present, values fit their schemas.
  const params = (operation.parameters ?? []).map(resolveParameter);
  const queryNames = new Set<string>();
  for (const [name, value] of exchange.query) {
    queryNames.add(name);
    const param = params.find((p) => p.in === 'query' && p.name === name);
    if (!param) {
      report('parameter', `query parameter "${name}" is not documented for ${id}`);
      continue;
    }
    if (param.schema) {
      const validate = validatorFor(`${id} query ${name}`, param.schema);
      if (!validate(coerce(value, param.schema))) report('parameter', `query parameter "${name}"=${JSON.stringify(value)}: ${describeErrors(validate)}`);
    }
  }
  for (const param of params) {
    if (param.in === 'query' && param.required && !queryNames.has(param.name)) report('parameter', `required query parameter "${param.name}" is missing`);
    if (param.in === 'path' && param.schema) {
      const value = exchange.params[param.name];
      if (value === undefined) continue;
      const validate = validatorFor(`${id} path ${param.name}`, param.schema);
      if (!validate(coerce(value, param.schema))) report('parameter', `path parameter "${param.name}"=${JSON.stringify(value)}: ${describeErrors(validate)}`);
    }
  }

  // Request body.
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
  if (exchange.requestBody === undefined) {
    if (operation.requestBody?.required) report('body', `${id} requires a JSON body`);
  } else if (!bodySchema) {
    if (!['GET', 'DELETE'].includes(exchange.method)) report('body', `${id} documents no request body`);
  } else {
    const validate = validatorFor(`${id} body`, bodySchema);
    if (!validate(exchange.requestBody)) report('body', `request body: ${describeErrors(validate)}`);
  }

  // Response: a documented status, and a body that fits its schema.
  if (exchange.dropped) return violations;
  const documented = operation.responses[String(exchange.status)];
  if (!documented) {
    // GitHub answers 401, 403, 5xx and rate limits on any route, documented or not.
    if (exchange.status >= 200 && exchange.status < 300) report('response', `status ${exchange.status} is not documented for ${id}`);
    return violations;
  }
  const content = resolveResponse(documented).content;
  const schema = content?.['application/json']?.schema;
  if (!schema) {
    if (exchange.responseBody !== undefined && exchange.status < 300) report('response', `${id} documents no body for ${exchange.status}`);
    return violations;
  }
  const validate = validatorFor(`${id} response ${exchange.status}`, schema);
  if (!validate(exchange.responseBody)) report('response', `response ${exchange.status}: ${describeErrors(validate)}`);
  return violations;
}

export function formatViolations(violations: OpenApiViolation[]): string {
  return violations.map((v) => `- [${v.kind}] ${v.method} ${v.path} → ${v.status}: ${v.message}`).join('\n');
}
