import type { ImportRequest } from '../domain/request';
import { approve as approveTransition, authorizeDecision } from '../domain/request-transitions';
import { notFound, type UseCaseResult, type WorkflowContext } from './context';
import { submitOrders } from './submit-orders';

/**
 * Approves a request and creates its orders. The decision is taken inside one atomic update of
 * the request, so however many clicks, Slack retries or replicas race, exactly one of them moves
 * it to `submitting`; the others get a refusal naming who approved.
 */
export async function approve(
  ctx: WorkflowContext,
  requestId: string,
  userId: string,
): Promise<UseCaseResult<{ request: ImportRequest }>> {
  const isApprover = await ctx.isApprover(userId);
  const now = ctx.now();
  const decided = await ctx.repo.mutate(requestId, (r) => {
    const allowed = authorizeDecision(r, userId, {
      isApprover,
      allowSelfApproval: ctx.config.allowSelfApproval,
      action: 'approve',
    });
    if (!allowed.ok) return { request: r, result: allowed };
    const t = approveTransition(r, userId, now, { maxNumbersPerOrder: ctx.config.maxNumbersPerOrder });
    return { request: t.ok ? t.request : r, result: t };
  });
  if (!decided) return notFound(requestId);
  if (!decided.result.ok) return decided.result;
  ctx.logger.info({ requestId, userId, orders: decided.request.orders.length }, 'request approved');
  await submitOrders(ctx, requestId);
  return { ok: true, request: (await ctx.repo.load(requestId)) ?? decided.request };
}
