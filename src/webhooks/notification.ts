import { z } from 'zod';
import { type OrderStatus, parseOrderStatus } from '../domain/order-status';
import { parseXml } from '../xml';

/**
 * The body Bandwidth POSTs to our webhook when an order it tracks changes state, or when an
 * event such as MESSAGING_LOST happens (BANDWIDTH.md §1.11). Bandwidth's own doc example has
 * a typo (OrderType "OrderId", no OrderId); this follows the older guide's shape.
 */

/** A status change of an import (or remove-imported) order. */
export interface OrderNotification {
  kind: 'order';
  subscriptionId?: string;
  /** "importtnorders" or "removeImportedTnOrders", as Bandwidth spells it (compared case-insensitively). */
  orderType: string;
  orderId: string;
  customerOrderId?: string;
  status: OrderStatus;
  message?: string;
  /** Numbers as Bandwidth wrote them (10 digits, or E.164 for an E164 subscription). */
  completedNumbers: string[];
  lastModifiedDate?: string;
}

/** An account event, such as MESSAGING_LOST when another carrier's port-in takes a hosted number. */
export interface EventNotification {
  kind: 'event';
  subscriptionId?: string;
  eventType: string;
  numbers: string[];
}

export type Notification = OrderNotification | EventNotification;

/** Thrown when a body is XML but not a notification we understand. */
export class NotificationFormatError extends Error {
  override readonly name = 'NotificationFormatError';
}

const text = z.string().trim();
/**
 * Bandwidth's ids are UUIDs and CustomerOrderIds at most 40 characters; anything far longer is not
 * Bandwidth, and must not become a store key or a log line (a 200 KB OrderId would be both).
 */
const id = text.max(100);
const word = text.max(100);
const numberList = z
  .union([z.object({ TelephoneNumber: z.array(text).optional() }), z.literal('')])
  .optional()
  .transform((list) => (list && typeof list === 'object' ? (list.TelephoneNumber ?? []) : []));

const notificationSchema = z.object({
  Notification: z.object({
    SubscriptionId: id.optional(),
    OrderType: word.optional(),
    OrderId: id.optional(),
    CustomerOrderId: id.optional(),
    Status: word.optional(),
    Message: text.max(2_000).optional(),
    EventType: word.optional(),
    CompletedTelephoneNumbers: numberList,
    ImpactedTelephoneNumbers: numberList,
    LastModifiedDate: word.optional(),
  }),
});

/**
 * Reads a notification body.
 *
 * @throws XmlParseError when the body is not acceptable XML (too large, DOCTYPE, malformed).
 * @throws NotificationFormatError when it is XML but lacks what a notification must carry.
 */
export function parseNotification(body: Buffer, maxBytes: number): Notification {
  const parsed = notificationSchema.safeParse(parseXml(body, maxBytes));
  if (!parsed.success) {
    throw new NotificationFormatError('body is not a Bandwidth <Notification>');
  }
  const n = parsed.data.Notification;
  if (n.EventType) {
    return {
      kind: 'event',
      subscriptionId: n.SubscriptionId,
      eventType: n.EventType,
      numbers: n.ImpactedTelephoneNumbers,
    };
  }
  if (!n.OrderId || !n.OrderType || !n.Status) {
    throw new NotificationFormatError(
      'notification has neither an EventType nor OrderType, OrderId and Status',
    );
  }
  const status = parseOrderStatus(n.Status);
  if (!status) throw new NotificationFormatError(`unknown order status "${n.Status.slice(0, 40)}"`);
  return {
    kind: 'order',
    subscriptionId: n.SubscriptionId,
    orderType: n.OrderType,
    orderId: n.OrderId,
    customerOrderId: n.CustomerOrderId,
    status,
    message: n.Message,
    completedNumbers: n.CompletedTelephoneNumbers,
    lastModifiedDate: n.LastModifiedDate,
  };
}
