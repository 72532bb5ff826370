// Reading a seed from a JSON or YAML data file, checked so a typo is reported with its place.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { SeedData } from './seed.js';

const access = z.enum(['none', 'read', 'write']);
const login = z.string().min(1);
const when = z.string().min(1);
const issueFields = {
  number: z.number().int().positive().optional(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  labels: z.array(z.string()).optional(),
  assignees: z.array(login).optional(),
  milestone: z.union([z.number().int().positive(), z.string()]).nullable().optional(),
  user: login.optional(),
  created_at: when.optional(),
  updated_at: when.optional(),
  closed_at: when.nullable().optional(),
  locked: z.boolean().optional(),
  comments: z.array(z.strictObject({ body: z.string(), user: login.optional(), created_at: when.optional() })).optional(),
};
const pullFile = z.strictObject({
  filename: z.string().min(1),
  status: z.enum(['added', 'removed', 'modified', 'renamed', 'copied', 'changed', 'unchanged']).optional(),
  additions: z.number().int().nonnegative().optional(),
  deletions: z.number().int().nonnegative().optional(),
  previous_filename: z.string().optional(),
  patch: z.string().optional(),
});

const seedSchema = z.strictObject({
  users: z.array(z.strictObject({ login, type: z.enum(['User', 'Bot', 'Organization']).optional(), name: z.string().nullable().optional(), email: z.string().nullable().optional() })).optional(),
  tokens: z
    .array(
      z.strictObject({
        token: z.string().min(1),
        login: login.optional(),
        kind: z.enum(['user', 'actions', 'app']).optional(),
        app: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected an App slug (lower-case letters, digits and dashes)').optional(),
        permissions: z
          .union([z.enum(['read', 'write']), z.strictObject({ issues: access.optional(), pull_requests: access.optional(), contents: access.optional(), metadata: access.optional() })])
          .optional(),
        repositories: z.array(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'expected owner/name')).optional(),
        rateLimit: z.number().int().positive().optional(),
      }),
    )
    .optional(),
  repos: z
    .array(
      z.strictObject({
        owner: login,
        name: z.string().min(1),
        private: z.boolean().optional(),
        description: z.string().nullable().optional(),
        default_branch: z.string().min(1).optional(),
        files: z.record(z.string(), z.string()).optional(),
        refs: z.record(z.string(), z.record(z.string(), z.string())).optional(),
        labels: z
          .array(z.strictObject({ name: z.string().min(1), color: z.string().regex(/^#?[0-9a-fA-F]{6}$/, 'expected six hex digits').optional(), description: z.string().nullable().optional(), default: z.boolean().optional() }))
          .optional(),
        milestones: z
          .array(
            z.strictObject({
              title: z.string().min(1),
              number: z.number().int().positive().optional(),
              state: z.enum(['open', 'closed']).optional(),
              description: z.string().nullable().optional(),
              due_on: when.nullable().optional(),
              creator: login.optional(),
              created_at: when.optional(),
              closed_at: when.nullable().optional(),
            }),
          )
          .optional(),
        issues: z
          .array(
            z.strictObject({
              ...issueFields,
              state_reason: z.enum(['completed', 'not_planned', 'reopened', 'duplicate']).nullable().optional(),
              parent: z.number().int().positive().optional(),
              blocked_by: z.array(z.number().int().positive()).optional(),
            }),
          )
          .optional(),
        pulls: z
          .array(
            z.strictObject({
              ...issueFields,
              head: z.strictObject({ ref: z.string().optional(), sha: z.string().optional(), repo: z.string().optional() }).optional(),
              base: z.strictObject({ ref: z.string().optional(), sha: z.string().optional() }).optional(),
              draft: z.boolean().optional(),
              merged: z.boolean().optional(),
              files: z.array(z.union([z.string(), pullFile])).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

export class SeedError extends Error {
  override name = 'SeedError';
}

/** Parses seed text (JSON is YAML too) and checks its shape. */
export function parseSeed(text: string, source: string): SeedData {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new SeedError(`${source}: not valid JSON or YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = seedSchema.safeParse(data ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new SeedError(problems.join('\n'));
  }
  return result.data as SeedData;
}

export async function readSeedFile(path: string): Promise<SeedData> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SeedError(`cannot read seed file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseSeed(text, path);
}
