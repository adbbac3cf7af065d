import { canAdvanceOrderStatus, isFinalOrderStatus, type OrderStatus } from './order-status';
import {
  type ImportRequest,
  kindOf,
  type RejectedNumbers,
  type RequestEvent,
  type RequestOrder,
} from './request';
import {
  actorOf,
  copyRejected,
  iso,
  ok,
  refuse,
  replaceAt,
  type StatusSource,
  step,
  type Transition,
  withoutFailure,
  wrongState,
} from './request-step';

/**
 * Transitions of a request's Bandwidth orders: created, refused, status applied (forward only),
 * and how the request settles once every order is final.
 */

/**
 * Records the order Bandwidth created (or that was found by CustomerOrderId) for one planned
 * order. Once every planned order exists, the request is `submitted`.
 */
export function recordOrderCreated(
  request: ImportRequest,
  customerOrderId: string,
  created: { orderId: string; status?: OrderStatus },
  now: number,
): Transition {
  if (request.state !== 'submitting' && request.state !== 'submitted')
    return wrongState(request, 'record an order');
  const index = request.orders.findIndex((o) => o.customerOrderId === customerOrderId);
  const order = request.orders[index];
  if (!order) return refuse('unknown_order', `No order ${customerOrderId} is planned for ${request.id}.`);
  if (order.orderId === created.orderId) return ok(request);
  if (order.orderId !== undefined || order.status !== undefined) {
    return refuse(
      'order_conflict',
      `${customerOrderId} is already recorded as ${order.orderId ?? order.status}.`,
    );
  }
  const updated: RequestOrder = {
    ...order,
    orderId: created.orderId,
    ...(created.status === undefined ? {} : { status: created.status }),
    updatedAt: iso(now),
  };
  const next = step(
    withoutFailure(request),
    now,
    'bot',
    'order_created',
    `${customerOrderId} → ${created.orderId}`,
    [],
    {
      orders: replaceAt(request.orders, index, updated),
    },
  );
  return ok(settle(next, now, 'bot'));
}

/**
 * Records that Bandwidth refused to create a planned order (a validation error, not a lost
 * answer): its numbers count as not imported, and the request finishes if nothing else is open.
 */
export function recordOrderRefused(
  request: ImportRequest,
  customerOrderId: string,
  refusal: { message: string; errors: readonly RejectedNumbers[] },
  now: number,
): Transition {
  if (request.state !== 'submitting') return wrongState(request, 'record a refused order');
  const index = request.orders.findIndex((o) => o.customerOrderId === customerOrderId);
  const order = request.orders[index];
  if (!order) return refuse('unknown_order', `No order ${customerOrderId} is planned for ${request.id}.`);
  if (order.orderId !== undefined || order.status !== undefined) {
    return refuse(
      'order_conflict',
      `${customerOrderId} is already recorded as ${order.orderId ?? order.status}.`,
    );
  }
  const errors = refusal.errors.length > 0 ? refusal.errors.map(copyRejected) : [];
  const updated: RequestOrder = { ...order, status: 'FAILED', errors, updatedAt: iso(now) };
  const events: RequestEvent[] = [{ type: 'submit_failed', message: refusal.message, willRetry: false }];
  const next = step(
    request,
    now,
    'bandwidth',
    'order_refused',
    `${customerOrderId}: ${refusal.message}`,
    events,
    {
      orders: replaceAt(request.orders, index, updated),
    },
  );
  return ok(settle(next, now, 'bandwidth'));
}

/**
 * Applies an order status, forward only: a late or duplicated status never moves an order back
 * and never replaces a final one. When every order is final the request finishes:
 *
 * - `complete` when every order is COMPLETE;
 * - `failed` when no number was imported (every order FAILED, or PARTIAL with every number in error);
 * - `partial` otherwise. An EXCEPTION order (Bandwidth names the status but never defines it) is
 *   counted as "needs a human": it never makes a request complete or failed, since we cannot say
 *   which of its numbers were imported, so the request is `partial` and the `finished` event names
 *   the order under `needsAttention`.
 */
export function applyOrderStatus(
  request: ImportRequest,
  orderId: string,
  status: OrderStatus,
  errors: readonly RejectedNumbers[],
  source: StatusSource,
  now: number,
): { request: ImportRequest; changed: boolean } {
  const index = request.orders.findIndex((o) => o.orderId === orderId);
  const order = request.orders[index];
  if (!order) return { request, changed: false };
  const actor = actorOf(source);
  if (order.status === status) {
    // A repeat of the final status may carry the per-number errors an earlier apply could not fetch.
    if (order.errors.length > 0 || errors.length === 0 || !isFinalOrderStatus(status)) {
      return { request, changed: false };
    }
    const updated = { ...order, errors: errors.map(copyRejected), updatedAt: iso(now) };
    const next = step(request, now, actor, 'order_errors', orderId, [], {
      orders: replaceAt(request.orders, index, updated),
    });
    return { request: next, changed: true };
  }
  if (order.status !== undefined && !canAdvanceOrderStatus(order.status, status))
    return { request, changed: false };
  const updated: RequestOrder = {
    ...order,
    status,
    errors: isFinalOrderStatus(status) ? errors.map(copyRejected) : order.errors,
    updatedAt: iso(now),
  };
  const events: RequestEvent[] = [{ type: 'order_status', orderId, status }];
  const next = step(request, now, actor, 'order_status', `${orderId} ${status}`, events, {
    orders: replaceAt(request.orders, index, updated),
  });
  return { request: settle(next, now, actor), changed: true };
}

/** Planned orders Bandwidth has not created yet (and not refused). */
export function ordersToCreate(request: ImportRequest): RequestOrder[] {
  return request.orders.filter((o) => o.orderId === undefined && o.status === undefined);
}

/** Created orders Bandwidth is still working on: the ones the poller asks about. */
export function openOrders(request: ImportRequest): (RequestOrder & { orderId: string })[] {
  return request.orders.filter(
    (o): o is RequestOrder & { orderId: string } =>
      o.orderId !== undefined && (o.status === undefined || !isFinalOrderStatus(o.status)),
  );
}

/** Moves a submitting request to submitted once every order exists, and finishes it once all are final. */
export function settle(request: ImportRequest, now: number, actor: string): ImportRequest {
  if (request.state !== 'submitting' && request.state !== 'submitted') return request;
  const final = request.orders.every((o) => o.status !== undefined && isFinalOrderStatus(o.status));
  if (final) return finish(request, now, actor);
  if (request.state === 'submitting' && ordersToCreate(request).length === 0) {
    const orderIds = request.orders.flatMap((o) => (o.orderId === undefined ? [] : [o.orderId]));
    const events: RequestEvent[] = [{ type: 'orders_created', orderIds }];
    return step(request, now, actor, 'submitted', orderIds.join(', '), events, { state: 'submitted' });
  }
  return request;
}

function finish(request: ImportRequest, now: number, actor: string): ImportRequest {
  const needsAttention = request.orders.flatMap((o) =>
    o.status === 'EXCEPTION' ? [o.orderId ?? o.customerOrderId] : [],
  );
  const imported = request.orders.reduce((sum, o) => sum + importedCount(o), 0);
  const outcome =
    needsAttention.length > 0
      ? 'partial'
      : request.orders.every((o) => o.status === 'COMPLETE')
        ? 'complete'
        : imported === 0
          ? 'failed'
          : 'partial';
  const events: RequestEvent[] = [];
  // The order ids were never announced when the last orders went straight to a final status.
  if (request.state === 'submitting') {
    const orderIds = request.orders.flatMap((o) => (o.orderId === undefined ? [] : [o.orderId]));
    if (orderIds.length > 0) events.push({ type: 'orders_created', orderIds });
  }
  events.push(
    needsAttention.length > 0 ? { type: 'finished', outcome, needsAttention } : { type: 'finished', outcome },
  );
  return step(
    request,
    now,
    actor,
    outcome,
    `${imported} numbers ${kindOf(request) === 'remove' ? 'removed' : 'imported'}`,
    events,
    { state: outcome },
  );
}

/** Numbers an order imported, as far as its status and errors tell. */
function importedCount(order: RequestOrder): number {
  if (order.status === 'COMPLETE') return order.numbers.length;
  if (order.status !== 'PARTIAL') return 0;
  const failed = new Set(order.errors.flatMap((e) => e.numbers));
  // PARTIAL without per-number errors still means some numbers were imported.
  return failed.size === 0 ? order.numbers.length : order.numbers.filter((n) => !failed.has(n)).length;
}
