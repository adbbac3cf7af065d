import { randomUUID } from 'node:crypto';
import { isFinalOrderStatus } from '../domain/order-status';
import { type ImportRequest, kindOf, type RequestOrder } from '../domain/request';
import {
  applyOrderStatus,
  ordersToCreate,
  recordOrderCreated,
  recordOrderRefused,
  recordRetryableFailure,
  type Transition,
} from '../domain/request-transitions';
import { withLease } from '../store/lease';
import {
  describeFailure,
  isDefinitiveRefusal,
  isRetryable,
  toRejected,
  type WorkflowContext,
} from './context';
import { gatewayFor, type OrderGateway } from './order-kinds';
import type { PortOrder } from './ports';
import { uploadPendingLoas } from './upload-loas';

export interface SubmitOutcome {
  /** Another caller is creating this request's orders right now. */
  busy: boolean;
  /** Orders created (or found by CustomerOrderId) and recorded by this call. */
  created: number;
  request?: ImportRequest;
}

/**
 * Creates every planned order of a `submitting` request that does not exist yet. Before each
 * create it looks for an order already carrying the CustomerOrderId, so a create whose answer was
 * lost, or a crash between the create and saving its id, never makes a second order. Bandwidth
 * being unreachable leaves the request in `submitting` for the poller; a definite refusal marks
 * that order FAILED.
 */
export async function submitOrders(ctx: WorkflowContext, requestId: string): Promise<SubmitOutcome> {
  // While a replica holds it, no other one creates orders for the same request; a holder that
  // died frees it within the lease's time, and the poller then resumes the request.
  const lease = `workflow:submit:${requestId}`;
  const owner = `${ctx.instanceId}:${randomUUID()}`;
  const outcome = await withLease(ctx.store, lease, owner, () => createMissing(ctx, requestId), {
    ttlMs: ctx.config.leaseMs,
    onLost: (error) => ctx.logger.warn({ requestId, err: error }, 'submit lease lost while creating orders'),
  });
  if (outcome.busy) return { busy: true, created: 0 };
  const created = outcome.value;
  await uploadPendingLoas(ctx, requestId);
  return { busy: false, created, request: await ctx.repo.load(requestId) };
}

/** Creates the planned orders one by one; returns how many were created (or found) and recorded. */
async function createMissing(ctx: WorkflowContext, requestId: string): Promise<number> {
  let created = 0;
  let request = await ctx.repo.load(requestId);
  while (request?.state === 'submitting') {
    const planned = ordersToCreate(request)[0];
    if (!planned) break;
    const next = await createOne(ctx, request, planned);
    if (next === 'stop') break;
    // Defensive: an order nothing could be recorded for would otherwise be tried forever here.
    if (ordersToCreate(next).some((o) => o.customerOrderId === planned.customerOrderId)) break;
    if (next.orders.some((o) => o.customerOrderId === planned.customerOrderId && o.orderId !== undefined)) {
      created += 1;
    }
    request = next;
  }
  return created;
}

async function createOne(
  ctx: WorkflowContext,
  request: ImportRequest,
  planned: RequestOrder,
): Promise<ImportRequest | 'stop'> {
  const { customerOrderId } = planned;
  let order: FoundOrder;
  try {
    const orders = gatewayFor(ctx.bandwidth, request);
    order = (await findExisting(ctx, orders, customerOrderId)) ?? (await orders.create(request, planned));
  } catch (error) {
    const now = ctx.now();
    const message = describeFailure(error);
    if (isDefinitiveRefusal(error)) {
      ctx.logger.warn({ requestId: request.id, customerOrderId, err: error }, 'Bandwidth refused the order');
      const errors = toRejected(error.errors, planned.numbers);
      const saved = await ctx.repo.mutate(request.id, (r) => {
        const t = recordOrderRefused(r, customerOrderId, { message, errors }, now);
        return { request: t.ok ? t.request : r, result: null };
      });
      return saved?.request ?? 'stop';
    }
    if (!isRetryable(error)) throw error;
    ctx.logger.warn(
      { requestId: request.id, customerOrderId, err: error },
      'creating the order failed; will retry',
    );
    await ctx.repo.mutate(request.id, (r) => ({
      request: recordRetryableFailure(
        r,
        { stage: 'submit', message, event: { type: 'submit_failed', message, willRetry: true } },
        now,
      ),
      result: null,
    }));
    return 'stop';
  }
  const now = ctx.now();
  const saved = await ctx.repo.mutate<Transition>(request.id, (r) => {
    const initial = isFinalOrderStatus(order.status) ? undefined : order.status;
    const t = recordOrderCreated(
      r,
      customerOrderId,
      initial === undefined ? { orderId: order.orderId } : { orderId: order.orderId, status: initial },
      now,
    );
    if (!t.ok) return { request: r, result: t };
    if (initial !== undefined) return { request: t.request, result: t };
    // Already finished when we first saw it (found after a crash): record its verdict too.
    const applied = applyOrderStatus(
      t.request,
      order.orderId,
      order.status,
      toRejected(order.errors),
      'bot',
      now,
    );
    return { request: applied.request, result: t };
  });
  if (!saved) return 'stop';
  if (!saved.result.ok) {
    ctx.logger.error(
      { requestId: request.id, customerOrderId, refusal: saved.result.refusal },
      'order not recorded',
    );
    return 'stop';
  }
  ctx.logger.info(
    { requestId: request.id, kind: kindOf(request), customerOrderId, orderId: order.orderId },
    'order created',
  );
  return saved.request;
}

type FoundOrder = Pick<PortOrder, 'orderId' | 'status' | 'errors'>;

/** The order already carrying this CustomerOrderId, if a previous attempt made one. */
async function findExisting(
  ctx: WorkflowContext,
  gateway: OrderGateway,
  customerOrderId: string,
): Promise<FoundOrder | undefined> {
  const { orders } = await gateway.listByCustomerOrderId(customerOrderId);
  // Bandwidth's filter may match more than the exact id (HM-X also finds HM-X-2): compare exactly.
  const match = orders
    .filter((o) => o.customerOrderId === customerOrderId)
    .sort((a, b) => (a.orderDate ?? '').localeCompare(b.orderDate ?? ''))[0];
  if (!match) return undefined;
  ctx.logger.info(
    { customerOrderId, orderId: match.orderId },
    'found an existing order instead of creating one',
  );
  if (!isFinalOrderStatus(match.status)) return { orderId: match.orderId, status: match.status, errors: [] };
  return gateway.get(match.orderId);
}
