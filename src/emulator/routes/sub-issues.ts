// Sub-issues: add, list, remove, reprioritize, and an issue's parent. GitHub's rules: one parent per
// issue (unless `replace_parent`), 100 sub-issues per parent, 8 levels of nesting, parent and child
// of the same owner, no cycles. Issues are named by `id`. Off (404) on an older Enterprise Server.
import { BodyReader } from '../body.js';
import { HttpError, notFound, validationFailed, validationFailedSimple } from '../errors.js';
import { SUB_ISSUE_LIMITS, type IssueRef } from '../links.js';
import { pagedReply } from '../pagination.js';
import { intParam, type RequestContext, type Route } from '../router.js';
import { issueShape } from '../shapes.js';
import { issueOf, repoOf } from './common.js';

const DOCS = 'https://docs.github.com/rest/issues/sub-issues';

function subIssuesOn(ctx: RequestContext): void {
  if (!ctx.state.features.subIssues) throw notFound();
}

function urlIssue(ctx: RequestContext): IssueRef {
  subIssuesOn(ctx);
  return { repo: repoOf(ctx), issue: issueOf(ctx, intParam(ctx, 'issue_number')) };
}

/** The issue a body's id field names; an unknown id is not found, as GitHub answers. */
function issueById(ctx: RequestContext, id: number): IssueRef {
  const ref = ctx.state.issuesById.get(id);
  if (!ref) throw notFound();
  return ref;
}

function subIssueProblem(message: string): HttpError {
  return validationFailed({ resource: 'Issue', code: 'custom', field: 'sub_issue_id', message });
}

/** Why `child` may not become a sub-issue of `parent`, or null when it may. */
function refuseAttach(ctx: RequestContext, parent: IssueRef, child: IssueRef, replace: boolean): string | null {
  const links = ctx.state.links;
  if (parent.repo.owner.toLowerCase() !== child.repo.owner.toLowerCase()) return 'Sub issue must belong to the same repository owner as the parent issue';
  if (child.issue.pull) return 'Sub issue must be an issue, not a pull request';
  if (links.isAncestor(child.issue.id, parent.issue.id)) return 'Sub issue cannot be the parent issue or one of its ancestors';
  const current = links.parentOf.get(child.issue.id);
  if (current === parent.issue.id) return 'Issue may not contain duplicate sub-issues';
  if (current !== undefined && !replace) return 'Sub issue may only have one parent';
  if (links.children(parent.issue.id).length >= SUB_ISSUE_LIMITS.perParent) {
    return `Parent issue cannot have more than ${SUB_ISSUE_LIMITS.perParent} sub-issues`;
  }
  if (links.depth(parent.issue.id) + 1 + links.height(child.issue.id) > SUB_ISSUE_LIMITS.depth) {
    return `Sub issues cannot be nested more than ${SUB_ISSUE_LIMITS.depth} levels deep`;
  }
  return null;
}

function touchBoth(ctx: RequestContext, a: IssueRef, b: IssueRef): void {
  const now = ctx.clock.now();
  for (const ref of [a, b]) {
    ref.issue.updatedAt = now;
    ctx.state.touch(ref.repo);
  }
}

export const subIssueRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues',
    permission: 'issues',
    docs: `${DOCS}#list-sub-issues`,
    handle(ctx) {
      const parent = urlIssue(ctx);
      const children = ctx.state.links.children(parent.issue.id);
      return pagedReply(
        ctx,
        children.length,
        (s, e) => children.slice(s, e).map((id) => ctx.state.issuesById.get(id)!),
        (ref) => issueShape(ctx.state, ctx.urls, ref.repo, ref.issue),
      );
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#add-sub-issue`,
    handle(ctx) {
      const parent = urlIssue(ctx);
      const body = new BodyReader(ctx.body);
      body.requirePresent('sub_issue_id');
      const child = issueById(ctx, body.integer('sub_issue_id')!);
      const replace = body.boolean('replace_parent') ?? false;
      const refusal = refuseAttach(ctx, parent, child, replace);
      if (refusal) throw subIssueProblem(refusal);
      const previous = ctx.state.links.parentOf.get(child.issue.id);
      ctx.state.links.attach(parent.issue.id, child.issue.id);
      if (previous !== undefined) touchBoth(ctx, ctx.state.issuesById.get(previous)!, child);
      touchBoth(ctx, parent, child);
      const location = `${ctx.urls.api}/repos/${parent.repo.fullName}/issues/${parent.issue.number}/sub_issues`;
      return { status: 201, body: issueShape(ctx.state, ctx.urls, parent.repo, parent.issue), headers: { location } };
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/sub_issue',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#remove-sub-issue`,
    handle(ctx) {
      const parent = urlIssue(ctx);
      const body = new BodyReader(ctx.body);
      body.requirePresent('sub_issue_id');
      const child = issueById(ctx, body.integer('sub_issue_id')!);
      if (ctx.state.links.parentOf.get(child.issue.id) !== parent.issue.id) throw notFound();
      ctx.state.links.detach(child.issue.id);
      touchBoth(ctx, parent, child);
      return { status: 200, body: issueShape(ctx.state, ctx.urls, parent.repo, parent.issue) };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/sub_issues/priority',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#reprioritize-sub-issue`,
    handle(ctx) {
      const parent = urlIssue(ctx);
      const body = new BodyReader(ctx.body);
      body.requirePresent('sub_issue_id');
      const child = body.integer('sub_issue_id')!;
      const after = body.integer('after_id');
      const before = body.integer('before_id');
      const children = ctx.state.links.children(parent.issue.id);
      // This route documents GitHub's simple validation error: reasons as strings, no field list.
      if ((after === undefined) === (before === undefined)) throw validationFailedSimple('Either after_id or before_id must be specified, not both');
      if (!children.includes(child)) throw validationFailedSimple('The sub-issue is not a sub-issue of this issue');
      const anchor = after ?? before!;
      if (anchor === child || !children.includes(anchor)) throw validationFailedSimple('The positional sub-issue is not a sub-issue of this issue');
      ctx.state.links.move(parent.issue.id, child, after !== undefined ? { after } : { before: before! });
      parent.issue.updatedAt = ctx.clock.now();
      ctx.state.touch(parent.repo);
      return { status: 200, body: issueShape(ctx.state, ctx.urls, parent.repo, parent.issue) };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/parent',
    permission: 'issues',
    docs: `${DOCS}#get-parent-issue`,
    handle(ctx) {
      const child = urlIssue(ctx);
      const parent = ctx.state.links.parentOf.get(child.issue.id);
      if (parent === undefined) throw notFound();
      const ref = ctx.state.issuesById.get(parent)!;
      return { status: 200, body: issueShape(ctx.state, ctx.urls, ref.repo, ref.issue) };
    },
  },
];
