import type { OrderStatus } from '../domain/order-status';
import { type ImportRequest, kindOf, type RejectedNumbers, type RequestKind } from '../domain/request';
import { applyOrderStatus, recordOrderCreated, type StatusSource } from '../domain/request-transitions';
import { toRejected, type WorkflowContext } from './context';
import { gatewayFor, orderGateway } from './order-kinds';
import { NS } from './repository';

/** How long a notification is remembered for de-duplication; Bandwidth never redelivers one later. */
const NOTIFICATION_DEDUPE_MS = 7 * 24 * 3600_000;

/** The OrderTypes of notifications that can belong to a request, lower-cased, and the kind of request each serves. */
const ORDER_TYPES = new Map<string, RequestKind>([
  ['importtnorders', 'import'],
  ['removeimportedtnorders', 'remove'],
]);

/** An order notification as the webhook reads it (src/webhooks/notification.ts). */
export interface OrderNotificationInput {
  orderId: string;
  customerOrderId?: string;
  status: OrderStatus;
  /** "importtnorders" or "removeImportedTnOrders"; it must match the request the order belongs to. */
  orderType?: string;
  lastModifiedDate?: string;
}

export type NotificationOutcome = 'accepted' | 'duplicate' | 'unknown_order';

/**
 * The one path by which an order status reaches a request, whoever learned it: the webhook, the
 * poller, or our own create call. Forward only; returns whether anything changed.
 */
export async function applyStatus(
  ctx: WorkflowContext,
  requestId: string,
  order: {
    orderId: string;
    customerOrderId?: string;
    status: OrderStatus;
    errors: readonly RejectedNumbers[];
    /** The kind of order Bandwidth said this is; a status for another kind's order is not applied. */
    kind?: RequestKind;
  },
  source: StatusSource,
): Promise<{ request: ImportRequest; changed: boolean; otherKind?: true } | undefined> {
  const now = ctx.now();
  const saved = await ctx.repo.mutate<boolean | 'other_kind'>(requestId, (r) => {
    if (order.kind !== undefined && kindOf(r) !== order.kind) return { request: r, result: 'other_kind' };
    let current = r;
    // The notification may come before we saved the order id (a crash between create and save).
    const planned = r.orders.find(
      (o) => o.customerOrderId === order.customerOrderId && o.orderId === undefined,
    );
    if (planned && !r.orders.some((o) => o.orderId === order.orderId)) {
      const t = recordOrderCreated(r, planned.customerOrderId, { orderId: order.orderId }, now);
      if (t.ok) current = t.request;
    }
    const applied = applyOrderStatus(current, order.orderId, order.status, order.errors, source, now);
    return { request: applied.request, result: applied.changed || current !== r };
  });
  if (!saved) return undefined;
  if (saved.result === 'other_kind') return { request: saved.request, changed: false, otherKind: true };
  if (saved.result) {
    ctx.logger.info(
      { requestId, orderId: order.orderId, status: order.status, source },
      'order status applied',
    );
  }
  return { request: saved.request, changed: saved.result };
}

/**
 * Applies a notification Bandwidth posted. Duplicates are dropped; the request is found by the
 * order id, or by CustomerOrderId when the id was not saved yet. PARTIAL and FAILED notifications
 * carry no per-number errors, so the order is fetched for them; if that fetch fails, nothing is
 * applied and the poller, which fetches the order anyway, applies it with its errors.
 */
export async function applyOrderNotification(
  ctx: WorkflowContext,
  notification: OrderNotificationInput,
): Promise<NotificationOutcome> {
  const orderType = notification.orderType?.toLowerCase();
  const kind = orderType === undefined ? undefined : ORDER_TYPES.get(orderType);
  if (orderType !== undefined && kind === undefined) return 'unknown_order';
  const { orderId, status } = notification;
  const dedupeKey = `notification:${orderType ?? ''}:${orderId}:${status}:${notification.lastModifiedDate ?? ''}`;
  if (!(await ctx.store.setIfAbsent(NS.dedupe, dedupeKey, true, NOTIFICATION_DEDUPE_MS))) return 'duplicate';
  try {
    const requestId = await findRequestIdForOrder(ctx, orderId, notification.customerOrderId);
    if (requestId === undefined) {
      await ctx.store.delete(NS.dedupe, dedupeKey);
      ctx.logger.warn(
        { orderId, customerOrderId: notification.customerOrderId },
        'notification for an unknown order',
      );
      return 'unknown_order';
    }
    let errors: RejectedNumbers[] = [];
    if (status === 'PARTIAL' || status === 'FAILED') {
      try {
        const orders =
          kind === undefined
            ? gatewayFor(ctx.bandwidth, (await ctx.repo.load(requestId)) ?? {})
            : orderGateway(ctx.bandwidth, kind);
        errors = toRejected((await orders.get(orderId)).errors);
      } catch (error) {
        await ctx.store.delete(NS.dedupe, dedupeKey);
        ctx.logger.warn(
          { requestId, orderId, status, err: error },
          'order errors unavailable; the poller will apply',
        );
        return 'accepted';
      }
    }
    const order = {
      orderId,
      status,
      errors,
      ...customerOrderIdOf(notification),
      ...(kind === undefined ? {} : { kind }),
    };
    const applied = await applyStatus(ctx, requestId, order, 'notification');
    if (applied?.otherKind) {
      await ctx.store.delete(NS.dedupe, dedupeKey);
      ctx.logger.warn({ requestId, orderId, orderType }, 'notification of another order type for this order');
      return 'unknown_order';
    }
    return applied?.changed ? 'accepted' : 'duplicate';
  } catch (error) {
    await ctx.store.delete(NS.dedupe, dedupeKey);
    throw error;
  }
}

/** The request an order belongs to: by the order index, else by its CustomerOrderId (our id, maybe suffixed). */
export async function findRequestIdForOrder(
  ctx: WorkflowContext,
  orderId: string,
  customerOrderId?: string,
): Promise<string | undefined> {
  const indexed = await ctx.repo.requestIdForOrder(orderId);
  if (indexed !== undefined || customerOrderId === undefined) return indexed;
  const candidates = [customerOrderId, customerOrderId.replace(/-\d+$/, '')];
  for (const candidate of candidates) {
    const request = await ctx.repo.load(candidate);
    if (request?.orders.some((o) => o.customerOrderId === customerOrderId)) return request.id;
  }
  return undefined;
}

function customerOrderIdOf(n: OrderNotificationInput): { customerOrderId?: string } {
  return n.customerOrderId === undefined ? {} : { customerOrderId: n.customerOrderId };
}
