import type { OrderStatus } from '../domain/order-status';
import type { ImportRequest, RejectedNumbers } from '../domain/request';
import { applyOrderStatus, recordOrderCreated, type StatusSource } from '../domain/request-transitions';
import { toRejected, type WorkflowContext } from './context';
import { NS } from './repository';

/** How long a notification is remembered for de-duplication; Bandwidth never redelivers one later. */
const NOTIFICATION_DEDUPE_MS = 7 * 24 * 3600_000;

/** An order notification as the webhook reads it (src/webhooks/notification.ts). */
export interface OrderNotificationInput {
  orderId: string;
  customerOrderId?: string;
  status: OrderStatus;
  /** "importtnorders" for ours; other order types are not ours to apply. */
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
  },
  source: StatusSource,
): Promise<{ request: ImportRequest; changed: boolean } | undefined> {
  const now = ctx.now();
  const saved = await ctx.repo.mutate(requestId, (r) => {
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
  if (notification.orderType !== undefined && notification.orderType.toLowerCase() !== 'importtnorders') {
    return 'unknown_order';
  }
  const { orderId, status } = notification;
  const dedupeKey = `notification:${orderId}:${status}:${notification.lastModifiedDate ?? ''}`;
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
        errors = toRejected((await ctx.bandwidth.getImportOrder(orderId)).errors);
      } catch (error) {
        await ctx.store.delete(NS.dedupe, dedupeKey);
        ctx.logger.warn(
          { requestId, orderId, status, err: error },
          'order errors unavailable; the poller will apply',
        );
        return 'accepted';
      }
    }
    const order = { orderId, status, errors, ...customerOrderIdOf(notification) };
    const applied = await applyStatus(ctx, requestId, order, 'notification');
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
