import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lifecycleJsonSchemaText } from '../../src/config/json-schema.js';

const schemaPath = fileURLToPath(new URL('../../schema/lifecycle.schema.json', import.meta.url));
const checkedIn = readFileSync(schemaPath, 'utf8');
const schema = JSON.parse(checkedIn) as Record<string, unknown>;

type JsonSchema = { [key: string]: unknown };

/** Every property of every object in the schema, with its dotted path. */
function properties(node: unknown, path = ''): [string, JsonSchema][] {
  if (typeof node !== 'object' || node === null) return [];
  const out: [string, JsonSchema][] = [];
  const schemaNode = node as JsonSchema;
  const props = schemaNode.properties as Record<string, JsonSchema> | undefined;
  for (const [key, child] of Object.entries(props ?? {})) {
    out.push([`${path}${key}`, child], ...properties(child, `${path}${key}.`));
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    if (typeof schemaNode[key] === 'object') out.push(...properties(schemaNode[key], `${path.replace(/\.$/, '')}[].`));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const option of (schemaNode[key] as unknown[] | undefined) ?? []) out.push(...properties(option, path));
  }
  return out;
}

describe('schema/lifecycle.schema.json', () => {
  it('is what `npm run schema:write` writes from the zod schema (run it after changing src/config/schema.ts)', () => {
    expect(checkedIn).toBe(lifecycleJsonSchemaText());
  });

  it('describes every field, so editors show help', () => {
    const all = properties(schema);
    expect(all.length).toBeGreaterThan(30);
    const undescribed = all.filter(([, node]) => typeof node.description !== 'string' || node.description.length < 10).map(([path]) => path);
    expect(undescribed).toEqual([]);
    expect(schema.description).toEqual(expect.any(String));
    expect(all.map(([path]) => path)).toEqual(expect.arrayContaining(['stages[].tasks[].when', 'stages[].estimate.duration', 'stages[].match.paths', 'project.start']));
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const validDir = fileURLToPath(new URL('../fixtures/valid/', import.meta.url));
  const validFiles = readdirSync(validDir).filter((name) => name.endsWith('.yml'));

  it.each(validFiles)('accepts the valid fixture %s', (name) => {
    const data: unknown = parse(readFileSync(`${validDir}${name}`, 'utf8').replace(/^\uFEFF/, ''), { merge: true });
    expect(validate(data) ? [] : validate.errors).toEqual([]);
  });

  const invalidDir = fileURLToPath(new URL('../fixtures/invalid/', import.meta.url));
  it.each([
    'unknown-stage-key.yml',
    'missing-version.yml',
    'unsupported-version.yml',
    'bad-calendar.yml',
    'stage-id-not-slug.yml',
    'bad-duration.yml',
    'duration-without-unit.yml',
    'label-too-long.yml',
    'assignee-with-at.yml',
    'empty-stage-list.yml',
    'when-wrong-type.yml',
  ])('rejects the invalid fixture %s as an editor would', (name) => {
    const data: unknown = parse(readFileSync(`${invalidDir}${name}`, 'utf8'));
    expect(validate(data)).toBe(false);
  });
});
