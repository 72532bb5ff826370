// Locking an issue: PUT and DELETE /repos/{owner}/{repo}/issues/{issue_number}/lock, both 204.
// A lock shows as `locked` and `active_lock_reason` on the issue; writers still comment.
import { BodyReader } from '../body.js';
import { setLocked } from '../gone.js';
import { intParam, type Route } from '../router.js';
import { issueOf } from './common.js';

const DOCS = 'https://docs.github.com/rest/issues/issues';

export const lockRoutes: Route[] = [
  {
    method: 'PUT',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/lock',
    permission: 'issues',
    docs: `${DOCS}#lock-an-issue`,
    handle(ctx) {
      const issue = issueOf(ctx, intParam(ctx, 'issue_number'));
      const reason = new BodyReader(ctx.body).oneOf('lock_reason', ['off-topic', 'too heated', 'resolved', 'spam'] as const);
      setLocked(issue, true, reason ?? null);
      issue.updatedAt = ctx.clock.now();
      ctx.state.touch(ctx.repo!);
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/issues/{issue_number}/lock',
    permission: 'issues',
    docs: `${DOCS}#unlock-an-issue`,
    handle(ctx) {
      const issue = issueOf(ctx, intParam(ctx, 'issue_number'));
      setLocked(issue, false);
      issue.updatedAt = ctx.clock.now();
      ctx.state.touch(ctx.repo!);
      return { status: 204 };
    },
  },
];
