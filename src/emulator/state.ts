// The emulator's in-memory store. Routes read and change it; tests seed it directly, which is how
// fifty thousand issues get in without fifty thousand requests.
import { createHash } from 'node:crypto';
import type { Clock } from './clock.js';
import { ALL_FEATURES, IssueLinks, type EmulatorFeatures, type IssueRef } from './links.js';
import { dueOnToPacificDate } from './pacific.js';
import type {
  PermissionSet,
  SeedComment,
  SeedData,
  SeedIssue,
  SeedLabel,
  SeedMilestone,
  SeedPull,
  SeedPullFile,
  SeedRepo,
  SeedToken,
  SeedUser,
} from './seed.js';

export interface UserRecord {
  id: number;
  login: string;
  type: 'User' | 'Bot' | 'Organization';
  name: string | null;
  email: string | null;
  createdAt: number;
}

export interface TokenRecord {
  token: string;
  login: string;
  kind: 'user' | 'actions' | 'app';
  permissions: PermissionSet;
  repositories: Set<string> | null;
  rateLimit: number | null;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface MilestoneRecord {
  id: number;
  number: number;
  title: string;
  description: string | null;
  state: 'open' | 'closed';
  /** Calendar date in US Pacific time, YYYY-MM-DD. */
  dueOn: string | null;
  creator: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
}

export interface PullFileRecord {
  filename: string;
  status: NonNullable<SeedPullFile['status']>;
  additions: number;
  deletions: number;
  previousFilename: string | null;
  patch: string | null;
  sha: string;
}

export interface PullRecord {
  id: number;
  head: { ref: string; sha: string; repo: string };
  base: { ref: string; sha: string };
  draft: boolean;
  merged: boolean;
  mergedAt: number | null;
  files: PullFileRecord[];
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  /** Label ids in the order they were applied. */
  labels: number[];
  assignees: string[];
  milestone: number | null;
  user: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  locked: boolean;
  /** off-topic, too heated, resolved or spam; null when unlocked or locked without a reason. */
  lockReason?: string | null;
  comments: number;
  /** When the search index first sees this issue (emulated epoch ms). */
  indexedAt: number;
  pull: PullRecord | null;
}

export interface CommitRecord {
  sha: string;
  parents: string[];
  message: string;
  /** The login that wrote it (the token's); `null` for the seeded root commit. */
  author: string | null;
  at: number;
  /** path → text at this commit. */
  tree: Map<string, string>;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: number;
  updatedAt: number;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: number;
  labels: Map<number, LabelRecord>;
  labelIdsByName: Map<string, number>;
  milestones: Map<number, MilestoneRecord>;
  nextMilestoneNumber: number;
  issues: Map<number, IssueRecord>;
  nextNumber: number;
  comments: Map<number, CommentRecord>;
  commentsByIssue: Map<number, number[]>;
  /** label id → numbers of the issues and pull requests that carry it. */
  issuesByLabel: Map<number, Set<number>>;
  /** ref (branch or sha) → path → text. */
  trees: Map<string, Map<string, string>>;
  /** branch → sha of its head commit; a branch held only in `trees` gets a root commit when first asked. */
  heads: Map<string, string>;
  /** sha → commit: the branches written through the git refs and contents APIs. */
  commits: Map<string, CommitRecord>;
  /** Bumped on every change; list caches key on it. */
  version: number;
}

export const ACTIONS_BOT = 'github-actions[bot]';
/** The App slug of an installation token seeded without one. */
export const DEFAULT_APP = 'octo-app';

/** Who a seeded token acts as: its `login`, else the login its kind writes as. */
export function tokenLogin(seed: Pick<SeedToken, 'login' | 'kind' | 'app'>): string {
  if (seed.login) return seed.login;
  if (seed.kind === 'actions') return ACTIONS_BOT;
  if (seed.kind === 'app') return `${seed.app ?? DEFAULT_APP}[bot]`;
  return 'octocat';
}
const ACTIONS_BOT_ID = 41898282;

const FULL_WRITE: PermissionSet = { issues: 'write', pull_requests: 'write', contents: 'write', metadata: 'read' };
const READ_ONLY: PermissionSet = { issues: 'read', pull_requests: 'read', contents: 'read', metadata: 'read' };

export function labelKey(name: string): string {
  return name.toLowerCase();
}

export function fakeSha(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

type RepoRef = RepoRecord | string;

export class EmulatorState {
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly repos = new Map<string, RepoRecord>();
  readonly reposById = new Map<number, RepoRecord>();
  /** Every issue and pull request by its id, across repositories (sub-issue and dependency routes name issues by id). */
  readonly issuesById = new Map<number, IssueRef>();
  readonly links = new IssueLinks();
  /** Live: which of the newer issue features the server has (an older Enterprise Server lacks them). */
  readonly features: EmulatorFeatures = { ...ALL_FEATURES };
  private nextId = 1000;
  private readonly counts = new WeakMap<RepoRecord, { version: number; map: Map<number, { open: number; closed: number }> }>();

  constructor(private readonly clock: Clock) {}

  newId(): number {
    return this.nextId++;
  }

  now(): number {
    return this.clock.now();
  }

  load(seed: SeedData): void {
    for (const user of seed.users ?? []) this.addUser(user);
    for (const token of seed.tokens ?? []) this.addToken(token);
    for (const repo of seed.repos ?? []) this.addRepo(repo);
  }

  addUser(seed: SeedUser): UserRecord {
    const key = seed.login.toLowerCase();
    const existing = this.users.get(key);
    if (existing) return existing;
    const bot = seed.login === ACTIONS_BOT;
    const user: UserRecord = {
      id: bot ? ACTIONS_BOT_ID : this.newId(),
      login: seed.login,
      type: seed.type ?? (bot || seed.login.endsWith('[bot]') ? 'Bot' : 'User'),
      name: seed.name ?? null,
      email: seed.email ?? null,
      createdAt: this.now(),
    };
    this.users.set(key, user);
    return user;
  }

  /** The user with this login, created on first mention so seeds stay short. */
  user(login: string): UserRecord {
    return this.users.get(login.toLowerCase()) ?? this.addUser({ login });
  }

  findUser(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  addToken(seed: SeedToken): TokenRecord {
    const kind = seed.kind ?? 'user';
    const login = tokenLogin({ ...seed, kind });
    this.user(login);
    let permissions: PermissionSet;
    if (seed.permissions === 'read') permissions = { ...READ_ONLY };
    else if (seed.permissions === undefined || seed.permissions === 'write') permissions = { ...FULL_WRITE };
    else permissions = { ...READ_ONLY, ...seed.permissions };
    const token: TokenRecord = {
      token: seed.token,
      login,
      kind,
      permissions,
      repositories: seed.repositories ? new Set(seed.repositories.map((r) => r.toLowerCase())) : null,
      rateLimit: seed.rateLimit ?? null,
    };
    this.tokens.set(seed.token, token);
    return token;
  }

  addRepo(seed: SeedRepo): RepoRecord {
    const fullName = `${seed.owner}/${seed.name}`;
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`repository ${fullName} already exists`);
    this.user(seed.owner);
    const repo: RepoRecord = {
      id: this.newId(),
      owner: this.user(seed.owner).login,
      name: seed.name,
      fullName,
      private: seed.private ?? false,
      description: seed.description ?? null,
      defaultBranch: seed.default_branch ?? 'main',
      createdAt: this.now(),
      labels: new Map(),
      labelIdsByName: new Map(),
      milestones: new Map(),
      nextMilestoneNumber: 1,
      issues: new Map(),
      nextNumber: 1,
      comments: new Map(),
      commentsByIssue: new Map(),
      issuesByLabel: new Map(),
      trees: new Map(),
      heads: new Map(),
      commits: new Map(),
      version: 0,
    };
    this.repos.set(fullName.toLowerCase(), repo);
    this.reposById.set(repo.id, repo);
    for (const [path, text] of Object.entries(seed.files ?? {})) this.setFile(repo, path, text);
    for (const [ref, files] of Object.entries(seed.refs ?? {})) {
      for (const [path, text] of Object.entries(files)) this.setFile(repo, path, text, ref);
    }
    for (const label of seed.labels ?? []) this.addLabel(repo, label);
    for (const milestone of seed.milestones ?? []) this.addMilestone(repo, milestone);
    for (const issue of seed.issues ?? []) this.addIssue(repo, issue);
    for (const pull of seed.pulls ?? []) this.addPull(repo, pull);
    return repo;
  }

  repo(ref: RepoRef): RepoRecord {
    if (typeof ref !== 'string') return ref;
    const repo = this.repos.get(ref.toLowerCase());
    if (!repo) throw new Error(`no repository ${ref} in the emulator`);
    return repo;
  }

  findRepo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  touch(repo: RepoRecord): void {
    repo.version++;
  }

  setFile(repoRef: RepoRef, path: string, text: string, ref?: string): void {
    const repo = this.repo(repoRef);
    const key = ref ?? repo.defaultBranch;
    let tree = repo.trees.get(key);
    if (!tree) {
      tree = new Map();
      repo.trees.set(key, tree);
    }
    tree.set(path.replace(/^\/+/, ''), text);
  }

  addLabel(repoRef: RepoRef, seed: SeedLabel): LabelRecord {
    const repo = this.repo(repoRef);
    const existing = this.findLabel(repo, seed.name);
    if (existing) return existing;
    const label: LabelRecord = {
      id: this.newId(),
      name: seed.name,
      color: (seed.color ?? 'ededed').replace(/^#/, ''),
      description: seed.description ?? null,
      default: seed.default ?? false,
    };
    repo.labels.set(label.id, label);
    repo.labelIdsByName.set(labelKey(label.name), label.id);
    this.touch(repo);
    return label;
  }

  findLabel(repo: RepoRecord, name: string): LabelRecord | undefined {
    const id = repo.labelIdsByName.get(labelKey(name));
    return id === undefined ? undefined : repo.labels.get(id);
  }

  renameLabel(repo: RepoRecord, label: LabelRecord, newName: string): void {
    repo.labelIdsByName.delete(labelKey(label.name));
    label.name = newName;
    repo.labelIdsByName.set(labelKey(newName), label.id);
    this.touch(repo);
  }

  deleteLabel(repo: RepoRecord, label: LabelRecord): void {
    for (const number of repo.issuesByLabel.get(label.id) ?? []) {
      const issue = repo.issues.get(number);
      if (issue) issue.labels = issue.labels.filter((id) => id !== label.id);
    }
    repo.issuesByLabel.delete(label.id);
    repo.labels.delete(label.id);
    repo.labelIdsByName.delete(labelKey(label.name));
    this.touch(repo);
  }

  addMilestone(repoRef: RepoRef, seed: SeedMilestone): MilestoneRecord {
    const repo = this.repo(repoRef);
    const number = seed.number ?? repo.nextMilestoneNumber;
    if (repo.milestones.has(number)) throw new Error(`milestone ${number} already exists in ${repo.fullName}`);
    repo.nextMilestoneNumber = Math.max(repo.nextMilestoneNumber, number + 1);
    const createdAt = parseTime(seed.created_at) ?? this.now();
    const state = seed.state ?? 'open';
    const milestone: MilestoneRecord = {
      id: this.newId(),
      number,
      title: seed.title,
      description: seed.description ?? null,
      state,
      dueOn: seed.due_on ? dueOnToPacificDate(seed.due_on) : null,
      creator: this.user(seed.creator ?? repo.owner).login,
      createdAt,
      updatedAt: createdAt,
      closedAt: state === 'closed' ? (parseTime(seed.closed_at) ?? createdAt) : null,
    };
    repo.milestones.set(number, milestone);
    this.touch(repo);
    return milestone;
  }

  findMilestoneByTitle(repo: RepoRecord, title: string): MilestoneRecord | undefined {
    for (const milestone of repo.milestones.values()) if (milestone.title === title) return milestone;
    return undefined;
  }

  /** Adds an issue as if it had existed all along: searchable at once, labels created as needed. */
  addIssue(repoRef: RepoRef, seed: SeedIssue): IssueRecord {
    return this.insertIssue(this.repo(repoRef), seed, null);
  }

  addPull(repoRef: RepoRef, seed: SeedPull): IssueRecord {
    const repo = this.repo(repoRef);
    const number = seed.number ?? repo.nextNumber;
    const headRef = seed.head?.ref ?? `feature-${number}`;
    const files = (seed.files ?? []).map((file) => pullFile(typeof file === 'string' ? { filename: file } : file));
    const pull: PullRecord = {
      id: this.newId(),
      head: { ref: headRef, sha: seed.head?.sha ?? fakeSha(repo.fullName, 'head', String(number)), repo: seed.head?.repo ?? repo.fullName },
      base: { ref: seed.base?.ref ?? repo.defaultBranch, sha: seed.base?.sha ?? fakeSha(repo.fullName, 'base', String(number)) },
      draft: seed.draft ?? false,
      merged: seed.merged ?? false,
      mergedAt: null,
      files,
    };
    const issue = this.insertIssue(repo, { ...seed, number }, pull);
    if (pull.merged) pull.mergedAt = issue.closedAt ?? issue.updatedAt;
    return issue;
  }

  /** A seeded issue's parent and blockers, named by number in its own repository. */
  private linkSeeded(repo: RepoRecord, issue: IssueRecord, seed: SeedIssue): void {
    const find = (number: number, what: string): IssueRecord => {
      const other = repo.issues.get(number);
      if (!other) throw new Error(`issue #${issue.number} names unknown ${what} #${number} in ${repo.fullName} (seed it first)`);
      return other;
    };
    if (seed.parent !== undefined) this.links.attach(find(seed.parent, 'parent').id, issue.id);
    for (const number of seed.blocked_by ?? []) this.links.block(issue.id, find(number, 'blocking issue').id);
  }

  private insertIssue(repo: RepoRecord, seed: SeedIssue, pull: PullRecord | null): IssueRecord {
    const number = seed.number ?? repo.nextNumber;
    if (repo.issues.has(number)) throw new Error(`issue or pull request #${number} already exists in ${repo.fullName}`);
    repo.nextNumber = Math.max(repo.nextNumber, number + 1);
    const createdAt = parseTime(seed.created_at) ?? this.now();
    const updatedAt = parseTime(seed.updated_at) ?? createdAt;
    const state = seed.state ?? 'open';
    let milestone: number | null = null;
    if (seed.milestone !== undefined && seed.milestone !== null) {
      const found =
        typeof seed.milestone === 'number' ? repo.milestones.get(seed.milestone) : this.findMilestoneByTitle(repo, seed.milestone);
      if (!found) throw new Error(`issue #${number} refers to unknown milestone ${String(seed.milestone)} in ${repo.fullName}`);
      milestone = found.number;
    }
    const issue: IssueRecord = {
      id: this.newId(),
      number,
      title: seed.title,
      body: seed.body ?? null,
      state,
      stateReason: 'state_reason' in seed ? (seed.state_reason ?? null) : state === 'closed' ? 'completed' : null,
      labels: [],
      assignees: (seed.assignees ?? []).map((login) => this.user(login).login),
      milestone,
      user: this.user(seed.user ?? repo.owner).login,
      createdAt,
      updatedAt,
      closedAt: state === 'closed' ? (parseTime(seed.closed_at) ?? updatedAt) : null,
      closedBy: null,
      locked: seed.locked ?? false,
      comments: 0,
      indexedAt: 0,
      pull,
    };
    repo.issues.set(number, issue);
    this.issuesById.set(issue.id, { repo, issue });
    this.setIssueLabels(repo, issue, (seed.labels ?? []).map((name) => this.addLabel(repo, { name }).id));
    for (const comment of seed.comments ?? []) this.addComment(repo, number, comment);
    this.linkSeeded(repo, issue, seed);
    this.touch(repo);
    return issue;
  }

  setIssueLabels(repo: RepoRecord, issue: IssueRecord, labelIds: number[]): void {
    for (const id of issue.labels) repo.issuesByLabel.get(id)?.delete(issue.number);
    issue.labels = [...new Set(labelIds)];
    for (const id of issue.labels) {
      let set = repo.issuesByLabel.get(id);
      if (!set) {
        set = new Set();
        repo.issuesByLabel.set(id, set);
      }
      set.add(issue.number);
    }
    this.touch(repo);
  }

  addComment(repoRef: RepoRef, issueNumber: number, seed: SeedComment): CommentRecord {
    const repo = this.repo(repoRef);
    const issue = repo.issues.get(issueNumber);
    if (!issue) throw new Error(`no issue #${issueNumber} in ${repo.fullName}`);
    const createdAt = parseTime(seed.created_at) ?? this.now();
    const comment: CommentRecord = {
      id: this.newId(),
      issueNumber,
      body: seed.body,
      user: this.user(seed.user ?? repo.owner).login,
      createdAt,
      updatedAt: createdAt,
    };
    repo.comments.set(comment.id, comment);
    const list = repo.commentsByIssue.get(issueNumber) ?? [];
    list.push(comment.id);
    repo.commentsByIssue.set(issueNumber, list);
    issue.comments++;
    this.touch(repo);
    return comment;
  }

  deleteComment(repo: RepoRecord, comment: CommentRecord): void {
    repo.comments.delete(comment.id);
    const list = repo.commentsByIssue.get(comment.issueNumber);
    if (list) repo.commentsByIssue.set(comment.issueNumber, list.filter((id) => id !== comment.id));
    const issue = repo.issues.get(comment.issueNumber);
    if (issue) issue.comments = Math.max(0, issue.comments - 1);
    this.touch(repo);
  }

  findComment(repo: RepoRecord, id: number): CommentRecord | undefined {
    return repo.comments.get(id);
  }

  /** Open and closed issues per milestone, recounted at most once per change of the repository. */
  milestoneCounts(repo: RepoRecord, number: number): { open: number; closed: number } {
    let cached = this.counts.get(repo);
    if (!cached || cached.version !== repo.version) {
      const map = new Map<number, { open: number; closed: number }>();
      for (const issue of repo.issues.values()) {
        if (issue.milestone === null) continue;
        let entry = map.get(issue.milestone);
        if (!entry) {
          entry = { open: 0, closed: 0 };
          map.set(issue.milestone, entry);
        }
        if (issue.state === 'open') entry.open++;
        else entry.closed++;
      }
      cached = { version: repo.version, map };
      this.counts.set(repo, cached);
    }
    return cached.map.get(number) ?? { open: 0, closed: 0 };
  }
}

function pullFile(seed: SeedPullFile): PullFileRecord {
  const additions = seed.additions ?? 1;
  const deletions = seed.deletions ?? 0;
  return {
    filename: seed.filename,
    status: seed.status ?? 'modified',
    additions,
    deletions,
    previousFilename: seed.previous_filename ?? null,
    patch: seed.patch ?? null,
    sha: fakeSha('blob', seed.filename, String(additions), String(deletions)),
  };
}

function parseTime(text: string | null | undefined): number | null {
  if (text === undefined || text === null) return null;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) throw new Error(`unreadable timestamp in seed: ${text}`);
  return at;
}
