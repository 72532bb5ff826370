// Issue dependencies: "blocked by" add, list, remove, and the "blocking" list. Issues are named by
// `id` and may live in other repositories. Off (404) on an Enterprise Server before 3.19.
import { BodyReader } from '../body.js';
import { notFound, validationFailed } from '../errors.js';
import type { IssueRef } from '../links.js';
import { pagedReply } from '../pagination.js';
import { intParam, type RequestContext, type Reply, type Route } from '../router.js';
import { issueShape } from '../shapes.js';
import { issueOf, repoOf } from './common.js';

const DOCS = 'https://docs.github.com/rest/issues/issue-dependencies';

function urlIssue(ctx: RequestContext): IssueRef {
  if (!ctx.state.features.dependencies) throw notFound();
  return { repo: repoOf(ctx), issue: issueOf(ctx, intParam(ctx, 'issue_number')) };
}

function listed(ctx: RequestContext, ids: number[]): Reply {
  return pagedReply(
    ctx,
    ids.length,
    (s, e) => ids.slice(s, e).map((id) => ctx.state.issuesById.get(id)!),
    (ref) => issueShape(ctx.state, ctx.urls, ref.repo, ref.issue),
  );
}

function dependencyProblem(message: string): ReturnType<typeof validationFailed> {
  return validationFailed({ resource: 'IssueDependency', code: 'custom', field: 'issue_id', message });
}

function touchBoth(ctx: RequestContext, a: IssueRef, b: IssueRef): void {
  const now = ctx.clock.now();
  for (const ref of [a, b]) {
    ref.issue.updatedAt = now;
    ctx.state.touch(ref.repo);
  }
}

export const dependencyRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by',
    permission: 'issues',
    docs: `${DOCS}#list-dependencies-an-issue-is-blocked-by`,
    handle(ctx) {
      const issue = urlIssue(ctx);
      return listed(ctx, ctx.state.links.blockedBy.get(issue.issue.id) ?? []);
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocking',
    permission: 'issues',
    docs: `${DOCS}#list-dependencies-an-issue-is-blocking`,
    handle(ctx) {
      const issue = urlIssue(ctx);
      return listed(ctx, ctx.state.links.blocking.get(issue.issue.id) ?? []);
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#add-a-dependency-an-issue-is-blocked-by`,
    handle(ctx) {
      const blocked = urlIssue(ctx);
      const body = new BodyReader(ctx.body);
      body.requirePresent('issue_id');
      const blocker = ctx.state.issuesById.get(body.integer('issue_id')!);
      if (!blocker) throw notFound();
      const links = ctx.state.links;
      if (blocker.issue.id === blocked.issue.id) throw dependencyProblem('An issue cannot be blocked by itself');
      if ((links.blockedBy.get(blocked.issue.id) ?? []).includes(blocker.issue.id)) throw dependencyProblem('The issue is already blocked by this issue');
      links.block(blocked.issue.id, blocker.issue.id);
      touchBoth(ctx, blocked, blocker);
      const location = `${ctx.urls.api}/repos/${blocked.repo.fullName}/issues/${blocked.issue.number}/dependencies/blocked_by`;
      return { status: 201, body: issueShape(ctx.state, ctx.urls, blocked.repo, blocked.issue), headers: { location } };
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/dependencies/blocked_by/{issue_id}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#remove-dependency-an-issue-is-blocked-by`,
    handle(ctx) {
      const blocked = urlIssue(ctx);
      const blockerId = intParam(ctx, 'issue_id');
      const blocker = ctx.state.issuesById.get(blockerId);
      if (!blocker || !(ctx.state.links.blockedBy.get(blocked.issue.id) ?? []).includes(blockerId)) throw notFound();
      ctx.state.links.unblock(blocked.issue.id, blockerId);
      touchBoth(ctx, blocked, blocker);
      return { status: 200, body: issueShape(ctx.state, ctx.urls, blocked.repo, blocked.issue) };
    },
  },
];
