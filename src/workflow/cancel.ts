import type { ImportRequest } from '../domain/request';
import { cancel as cancelTransition } from '../domain/request-transitions';
import { notFound, type UseCaseResult, type WorkflowContext } from './context';

/** Withdraws a request before it is approved. The requester or an approver may do it. */
export async function cancel(
  ctx: WorkflowContext,
  requestId: string,
  userId: string,
): Promise<UseCaseResult<{ request: ImportRequest }>> {
  const current = await ctx.repo.load(requestId);
  if (!current) return notFound(requestId);
  if (current.requesterId !== userId && !(await ctx.isApprover(userId))) {
    return {
      ok: false,
      refusal: { code: 'not_allowed', message: 'Only the requester or an approver can cancel this request.' },
    };
  }
  const now = ctx.now();
  const saved = await ctx.repo.mutate(requestId, (r) => {
    const t = cancelTransition(r, userId, now);
    return { request: t.ok ? t.request : r, result: t };
  });
  if (!saved) return notFound(requestId);
  return saved.result.ok ? { ok: true, request: saved.request } : saved.result;
}
