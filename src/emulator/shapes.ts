// JSON shapes as GitHub's REST API writes them. Field sets follow the schemas in GitHub's OpenAPI
// description; the emulator's tests validate every response against it.
import { pacificMidnightIso } from './pacific.js';
import type {
  CommentRecord,
  EmulatorState,
  IssueRecord,
  LabelRecord,
  MilestoneRecord,
  PullFileRecord,
  RepoRecord,
  UserRecord,
} from './state.js';

export interface Urls {
  /** API base, no trailing slash. */
  api: string;
  /** Web base for html_url fields, no trailing slash. */
  web: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export function iso(at: number): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoOrNull(at: number | null): string | null {
  return at === null ? null : iso(at);
}

export function nodeId(kind: string, id: number): string {
  return Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64').replace(/=+$/, '');
}

export function userShape(urls: Urls, user: UserRecord): JsonObject {
  const api = `${urls.api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'Bot' : 'User', user.id),
    avatar_url: `${urls.web}/avatars/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${user.type === 'Bot' ? 'apps/' + user.login.replace(/\[bot\]$/, '') : user.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function privateUserShape(urls: Urls, user: UserRecord): JsonObject {
  return {
    ...userShape(urls, user),
    user_view_type: 'private',
    name: user.name,
    company: null,
    blog: '',
    location: null,
    email: user.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: iso(user.createdAt),
    updated_at: iso(user.createdAt),
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, collaborators: 0, private_repos: 10000 },
  };
}

function repoApi(urls: Urls, repo: RepoRecord): string {
  return `${urls.api}/repos/${repo.fullName}`;
}

export function labelShape(urls: Urls, repo: RepoRecord, label: LabelRecord): JsonObject {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApi(urls, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

export function milestoneShape(state: EmulatorState, urls: Urls, repo: RepoRecord, milestone: MilestoneRecord): JsonObject {
  const { open, closed } = state.milestoneCounts(repo, milestone.number);
  const api = `${repoApi(urls, repo)}/milestones/${milestone.number}`;
  return {
    url: api,
    html_url: `${urls.web}/${repo.fullName}/milestone/${milestone.number}`,
    labels_url: `${api}/labels`,
    id: milestone.id,
    node_id: nodeId('Milestone', milestone.id),
    number: milestone.number,
    title: milestone.title,
    description: milestone.description,
    creator: userShape(urls, state.user(milestone.creator)),
    open_issues: open,
    closed_issues: closed,
    state: milestone.state,
    created_at: iso(milestone.createdAt),
    updated_at: iso(milestone.updatedAt),
    due_on: milestone.dueOn === null ? null : pacificMidnightIso(milestone.dueOn),
    closed_at: isoOrNull(milestone.closedAt),
  };
}

const EMPTY_REACTIONS = { total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };

function authorAssociation(repo: RepoRecord, login: string): string {
  return login.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : login.endsWith('[bot]') ? 'NONE' : 'CONTRIBUTOR';
}

export function issueShape(state: EmulatorState, urls: Urls, repo: RepoRecord, issue: IssueRecord): JsonObject {
  const api = `${repoApi(urls, repo)}/issues/${issue.number}`;
  const assignees = issue.assignees.map((login) => userShape(urls, state.user(login)));
  const milestone = issue.milestone === null ? undefined : repo.milestones.get(issue.milestone);
  const labels: Json[] = [];
  for (const id of issue.labels) {
    const label = repo.labels.get(id);
    if (label) labels.push(labelShape(urls, repo, label));
  }
  const shape: JsonObject = {
    url: api,
    repository_url: repoApi(urls, repo),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${urls.web}/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: userShape(urls, state.user(issue.user)),
    labels,
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: milestone ? milestoneShape(state, urls, repo, milestone) : null,
    comments: issue.comments,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: isoOrNull(issue.closedAt),
    author_association: authorAssociation(repo, issue.user),
    active_lock_reason: issue.lockReason ?? null,
    body: issue.body,
    closed_by: issue.closedBy === null ? null : userShape(urls, state.user(issue.closedBy)),
    reactions: { url: `${api}/reactions`, ...EMPTY_REACTIONS },
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
    ...issueLinkFields(state, urls, issue),
  };
  if (issue.pull) {
    const pullApi = `${repoApi(urls, repo)}/pulls/${issue.number}`;
    shape.draft = issue.pull.draft;
    shape.pull_request = {
      url: pullApi,
      html_url: `${urls.web}/${repo.fullName}/pull/${issue.number}`,
      diff_url: `${urls.web}/${repo.fullName}/pull/${issue.number}.diff`,
      patch_url: `${urls.web}/${repo.fullName}/pull/${issue.number}.patch`,
      merged_at: isoOrNull(issue.pull.mergedAt),
    };
  }
  return shape;
}

/** `parent_issue_url`, `sub_issues_summary` and `issue_dependencies_summary`, for the features the server has. */
function issueLinkFields(state: EmulatorState, urls: Urls, issue: IssueRecord): JsonObject {
  const fields: JsonObject = {};
  const links = state.links;
  if (state.features.subIssues) {
    const parent = links.parentOf.get(issue.id);
    const ref = parent === undefined ? undefined : state.issuesById.get(parent);
    fields.parent_issue_url = ref ? `${repoApi(urls, ref.repo)}/issues/${ref.issue.number}` : null;
    const children = links.children(issue.id);
    const completed = children.filter((id) => state.issuesById.get(id)?.issue.state === 'closed').length;
    fields.sub_issues_summary = {
      total: children.length,
      completed,
      percent_completed: children.length === 0 ? 0 : Math.floor((completed * 100) / children.length),
    };
  }
  if (state.features.dependencies) {
    const blockedBy = links.blockedBy.get(issue.id) ?? [];
    const blocking = links.blocking.get(issue.id) ?? [];
    const open = (ids: number[]): number => ids.filter((id) => state.issuesById.get(id)?.issue.state === 'open').length;
    fields.issue_dependencies_summary = {
      blocked_by: open(blockedBy),
      blocking: open(blocking),
      total_blocked_by: blockedBy.length,
      total_blocking: blocking.length,
    };
  }
  return fields;
}

export function commentShape(state: EmulatorState, urls: Urls, repo: RepoRecord, comment: CommentRecord): JsonObject {
  const issue = repo.issues.get(comment.issueNumber);
  const kind = issue?.pull ? 'pull' : 'issues';
  return {
    url: `${repoApi(urls, repo)}/issues/comments/${comment.id}`,
    html_url: `${urls.web}/${repo.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApi(urls, repo)}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    user: userShape(urls, state.user(comment.user)),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    author_association: authorAssociation(repo, comment.user),
    body: comment.body,
    reactions: { url: `${repoApi(urls, repo)}/issues/comments/${comment.id}/reactions`, ...EMPTY_REACTIONS },
    performed_via_github_app: null,
  };
}

export function repoShape(state: EmulatorState, urls: Urls, repo: RepoRecord, canWrite: boolean): JsonObject {
  const api = repoApi(urls, repo);
  const owner = state.user(repo.owner);
  let openIssues = 0;
  for (const issue of repo.issues.values()) if (issue.state === 'open') openIssues++;
  const created = iso(repo.createdAt);
  const host = new URL(urls.web).host;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: userShape(urls, owner),
    html_url: `${urls.web}/${repo.fullName}`,
    description: repo.description,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: created,
    updated_at: created,
    pushed_at: created,
    git_url: `git://${host}/${repo.fullName}.git`,
    ssh_url: `git@${host}:${repo.fullName}.git`,
    clone_url: `${urls.web}/${repo.fullName}.git`,
    svn_url: `${urls.web}/${repo.fullName}`,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: repo.private ? 'private' : 'public',
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    permissions: { admin: false, maintain: false, push: canWrite, triage: canWrite, pull: true },
    network_count: 0,
    subscribers_count: 0,
  };
}

export function pullFileShape(urls: Urls, repo: RepoRecord, headSha: string, file: PullFileRecord): JsonObject {
  const path = file.filename.split('/').map(encodeURIComponent).join('/');
  const shape: JsonObject = {
    sha: file.sha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${urls.web}/${repo.fullName}/blob/${headSha}/${path}`,
    raw_url: `${urls.web}/${repo.fullName}/raw/${headSha}/${path}`,
    contents_url: `${urls.api}/repos/${repo.fullName}/contents/${path}?ref=${headSha}`,
  };
  if (file.patch !== null) shape.patch = file.patch;
  if (file.previousFilename !== null) shape.previous_filename = file.previousFilename;
  return shape;
}
