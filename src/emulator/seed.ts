// The plain data a caller (or a JSON/YAML file) gives the emulator to start from.

export type Access = 'none' | 'read' | 'write';

export interface PermissionSet {
  issues: Access;
  pull_requests: Access;
  contents: Access;
  metadata: Access;
}

export interface SeedUser {
  login: string;
  type?: 'User' | 'Bot' | 'Organization';
  name?: string | null;
  email?: string | null;
}

export interface SeedToken {
  token: string;
  /**
   * Who the token acts as. Defaults: `octocat` for a personal token, `github-actions[bot]` for an
   * Actions token, `<app>[bot]` for an installation token.
   */
  login?: string;
  /**
   * `user`: a personal token (GET /user works). `actions`: a workflow's GITHUB_TOKEN (GET /user
   * answers 403 and writes are authored by github-actions[bot]). `app`: a GitHub App installation
   * token (GET /user answers 403 and writes are authored by `<app>[bot]`, a Bot). Every kind can
   * ask the GraphQL `viewer` for its login.
   */
  kind?: 'user' | 'actions' | 'app';
  /** The App's slug, for `kind: app` (default `octo-app`): its writes are authored by `<slug>[bot]`. */
  app?: string;
  /** `write`, `read` (a fork's pull request), or per permission. Default `write`. */
  permissions?: 'read' | 'write' | Partial<PermissionSet>;
  /** Limits the token to these `owner/name` repositories; other repositories answer 404. */
  repositories?: string[];
  /** Primary rate limit per hour for this token (default: the emulator's `limits.primary`). */
  rateLimit?: number;
}

export interface SeedLabel {
  name: string;
  color?: string;
  description?: string | null;
  default?: boolean;
}

export interface SeedMilestone {
  title: string;
  number?: number;
  state?: 'open' | 'closed';
  description?: string | null;
  due_on?: string | null;
  creator?: string;
  created_at?: string;
  closed_at?: string | null;
}

export interface SeedIssue {
  number?: number;
  title: string;
  body?: string | null;
  state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels?: string[];
  assignees?: string[];
  /** A milestone number or title. */
  milestone?: number | string | null;
  user?: string;
  created_at?: string;
  updated_at?: string;
  closed_at?: string | null;
  locked?: boolean;
  comments?: SeedComment[];
  /** Number of the issue (same repository, seeded before this one) this is a sub-issue of; no rules checked. */
  parent?: number;
  /** Numbers of the issues (same repository, seeded before this one) that block it. */
  blocked_by?: number[];
}

export interface SeedComment {
  body: string;
  user?: string;
  created_at?: string;
}

export interface SeedPullFile {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions?: number;
  deletions?: number;
  previous_filename?: string;
  patch?: string;
}

export interface SeedPull extends Omit<SeedIssue, 'state_reason' | 'parent' | 'blocked_by'> {
  head?: { ref?: string; sha?: string; /** `owner/name` of a fork; default: the same repository. */ repo?: string };
  base?: { ref?: string; sha?: string };
  draft?: boolean;
  merged?: boolean;
  /** Changed files: names, or full entries. May exceed 3,000; the API stops listing there. */
  files?: (string | SeedPullFile)[];
}

export interface SeedRepo {
  owner: string;
  name: string;
  private?: boolean;
  description?: string | null;
  default_branch?: string;
  /** Files on the default branch: path → text. */
  files?: Record<string, string>;
  /** Files at other refs (branch names or commit shas): ref → path → text. */
  refs?: Record<string, Record<string, string>>;
  labels?: SeedLabel[];
  milestones?: SeedMilestone[];
  issues?: SeedIssue[];
  pulls?: SeedPull[];
}

export interface SeedData {
  users?: SeedUser[];
  tokens?: SeedToken[];
  repos?: SeedRepo[];
}
