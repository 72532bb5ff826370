// Issue (and pull request) comments: list, create, get, update, delete.
import { BodyReader, LIMITS, tooLong } from '../body.js';
import { notFound, validationFailed } from '../errors.js';
import { pagedReply } from '../pagination.js';
import { intParam, type RequestContext, type Route } from '../router.js';
import { commentShape } from '../shapes.js';
import type { CommentRecord } from '../state.js';
import { issueOf, repoOf, timeQuery } from './common.js';

const DOCS = 'https://docs.github.com/rest/issues/comments';

function commentOf(ctx: RequestContext): CommentRecord {
  const comment = ctx.state.findComment(repoOf(ctx), intParam(ctx, 'comment_id'));
  if (!comment) throw notFound();
  return comment;
}

function readBody(ctx: RequestContext, required: boolean): string | undefined {
  const body = new BodyReader(ctx.body);
  if (required) body.requirePresent('body');
  const text = body.string('body');
  if (text === undefined) return undefined;
  if (text.trim() === '') throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
  const long = tooLong('IssueComment', 'body', text, LIMITS.body, true);
  if (long) throw validationFailed(long);
  return text;
}

export const commentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    permission: 'issues',
    docs: `${DOCS}#list-issue-comments`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, intParam(ctx, 'issue_number'));
      const since = timeQuery(ctx, 'since');
      const comments = (repo.commentsByIssue.get(issue.number) ?? [])
        .map((id) => repo.comments.get(id)!)
        .filter((c) => since === null || c.updatedAt >= since);
      return pagedReply(ctx, comments.length, (s, e) => comments.slice(s, e), (c) => commentShape(ctx.state, ctx.urls, repo, c));
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#create-an-issue-comment`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, intParam(ctx, 'issue_number'));
      const text = readBody(ctx, true)!;
      const now = ctx.clock.now();
      const comment = ctx.state.addComment(repo, issue.number, { body: text, user: ctx.token.login, created_at: new Date(now).toISOString() });
      issue.updatedAt = now;
      const location = `${ctx.urls.api}/repos/${repo.fullName}/issues/comments/${comment.id}`;
      return { status: 201, body: commentShape(ctx.state, ctx.urls, repo, comment), headers: { location } };
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    permission: 'issues',
    docs: `${DOCS}#get-an-issue-comment`,
    handle(ctx) {
      return { status: 200, body: commentShape(ctx.state, ctx.urls, repoOf(ctx), commentOf(ctx)) };
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#update-an-issue-comment`,
    handle(ctx) {
      const repo = repoOf(ctx);
      const comment = commentOf(ctx);
      const text = readBody(ctx, true)!;
      comment.body = text;
      comment.updatedAt = ctx.clock.now();
      ctx.state.touch(repo);
      return { status: 200, body: commentShape(ctx.state, ctx.urls, repo, comment) };
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/issues/comments/{comment_id}',
    permission: 'issues',
    createsContent: true,
    docs: `${DOCS}#delete-an-issue-comment`,
    handle(ctx) {
      ctx.state.deleteComment(repoOf(ctx), commentOf(ctx));
      return { status: 204 };
    },
  },
];
