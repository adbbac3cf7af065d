import type { ImportRequest } from '../domain/request';
import { authorizeDecision, reject as rejectTransition } from '../domain/request-transitions';
import { notFound, type UseCaseResult, type WorkflowContext } from './context';

/** Rejects a request, atomically like `approve`: a reject racing an approve loses or wins whole. */
export async function reject(
  ctx: WorkflowContext,
  requestId: string,
  userId: string,
  reason: string,
): Promise<UseCaseResult<{ request: ImportRequest }>> {
  const isApprover = await ctx.isApprover(userId);
  const now = ctx.now();
  const why = reason.trim() || 'No reason given.';
  const decided = await ctx.repo.mutate(requestId, (r) => {
    const allowed = authorizeDecision(r, userId, {
      isApprover,
      allowSelfApproval: ctx.config.allowSelfApproval,
      action: 'reject',
    });
    if (!allowed.ok) return { request: r, result: allowed };
    const t = rejectTransition(r, userId, why, now);
    return { request: t.ok ? t.request : r, result: t };
  });
  if (!decided) return notFound(requestId);
  if (!decided.result.ok) return decided.result;
  ctx.logger.info({ requestId, userId }, 'request rejected');
  return { ok: true, request: decided.request };
}
