/**
 * The XML shapes of orders, as plain objects for `buildXml`. Element order follows SPEC1 and the
 * examples in BANDWIDTH.md §1.2-1.7.
 */
import type { OrderStatus } from '../../domain/order-status';
import { isoDate } from './http-util';
import { type ApiVersion, formatTn } from './numbers';
import type { SimHistoryEntry, SimImportOrder, SimOrder, SimOrderError, SimRemoveOrder } from './types';

export function tnList(tns: readonly string[], version: ApiVersion | 'LEGACY' | 'E164') {
  return { TelephoneNumber: tns.map((tn) => formatTn(tn, version)) };
}

/** Nested `Errors/Error{Code, Description, TelephoneNumbers}` (error shape 3), or `<Errors/>`. */
export function nestedErrors(errors: readonly SimOrderError[], version: ApiVersion) {
  if (errors.length === 0) return '';
  return {
    Error: errors.map((e) => ({
      Code: e.code,
      Description: e.description,
      TelephoneNumbers: tnList(e.telephoneNumbers, version),
    })),
  };
}

export function importOrderBody(order: SimImportOrder, version: ApiVersion) {
  return {
    CustomerOrderId: order.customerOrderId,
    OrderCreateDate: isoDate(order.createdAt),
    AccountId: order.accountId,
    CreatedByUser: order.createdByUser,
    OrderId: order.orderId,
    LastModifiedDate: isoDate(order.lastModifiedAt),
    SiteId: order.siteId,
    SipPeerId: order.sipPeerId,
    Subscriber: {
      Name: order.subscriber.name,
      ServiceAddress: { ...order.subscriber.serviceAddress },
    },
    LoaAuthorizingPerson: order.loaAuthorizingPerson,
    LoaType: order.loaType,
    TelephoneNumbers: tnList(order.telephoneNumbers, version),
    ProcessingStatus: order.status,
    Errors: nestedErrors(order.errors, version),
  };
}

export function removeOrderBody(order: SimRemoveOrder, version: ApiVersion) {
  return {
    CustomerOrderId: order.customerOrderId,
    OrderCreateDate: isoDate(order.createdAt),
    AccountId: order.accountId,
    CreatedByUser: order.createdByUser,
    OrderId: order.orderId,
    LastModifiedDate: isoDate(order.lastModifiedAt),
    TelephoneNumbers: tnList(order.telephoneNumbers, version),
    ProcessingStatus: order.status,
    Errors: nestedErrors(order.errors, version),
  };
}

/**
 * One list entry. The odd casing (`accountId`, `userId`, `lastModifiedDate`) is what SPEC1 and the
 * captured Node fixture both show (BANDWIDTH.md §1.3).
 */
export function orderSummary(order: SimOrder) {
  return {
    accountId: order.accountId,
    CountOfTNs: order.telephoneNumbers.length,
    CustomerOrderId: order.customerOrderId,
    userId: order.createdByUser,
    lastModifiedDate: isoDate(order.lastModifiedAt),
    OrderDate: isoDate(order.createdAt),
    OrderType: order.kind === 'import' ? 'import_tn_orders' : 'remove_imported_tn_orders',
    OrderStatus: order.status,
    OrderId: order.orderId,
  };
}

export function historyBody(history: readonly SimHistoryEntry[], statusCase: 'lower' | 'upper') {
  return {
    OrderHistoryWrapper: {
      OrderHistory: history.map((h) => ({
        OrderDate: isoDate(h.at),
        Note: h.note,
        Author: h.author,
        Status: statusCase === 'lower' ? h.status.toLowerCase() : h.status,
      })),
    },
  };
}

const IMPORT_NOTES: Record<OrderStatus, string> = {
  RECEIVED: 'Import TN order has been received by the system.',
  PROCESSING: 'Import TN order is processing.',
  COMPLETE: 'Import TN order has completed.',
  PARTIAL: 'Import TN order has partially completed.',
  FAILED: 'Import TN order has failed.',
  EXCEPTION: 'Import TN order requires attention from Bandwidth support.',
};

const REMOVE_NOTES: Record<OrderStatus, string> = {
  RECEIVED: 'Remove imported TN order has been received by the system.',
  PROCESSING: 'Remove imported TN order is processing.',
  COMPLETE: 'Remove imported TN order has completed.',
  PARTIAL: 'Remove imported TN order has partially completed.',
  FAILED: 'Remove imported TN order has failed.',
  EXCEPTION: 'Remove imported TN order requires attention from Bandwidth support.',
};

/** History note of a status (captured-fixture wording where it exists, BANDWIDTH.md §1.5). */
export function historyNote(kind: SimOrder['kind'], status: OrderStatus): string {
  return (kind === 'import' ? IMPORT_NOTES : REMOVE_NOTES)[status];
}

const IMPORT_MESSAGES: Record<OrderStatus, string> = {
  RECEIVED: 'Import TN order has been received.',
  PROCESSING: 'Import TN order processing has started.',
  COMPLETE: 'Import successful.',
  PARTIAL: 'Import partially succeeded.',
  FAILED: 'Import failed.',
  EXCEPTION: 'Import TN order is in exception; contact Bandwidth support.',
};

const REMOVE_MESSAGES: Record<OrderStatus, string> = {
  RECEIVED: 'Remove imported TN order has been received.',
  PROCESSING: 'Remove imported TN order processing has started.',
  COMPLETE: 'Remove successful.',
  PARTIAL: 'Remove partially succeeded.',
  FAILED: 'Remove failed.',
  EXCEPTION: 'Remove imported TN order is in exception; contact Bandwidth support.',
};

/** The notification `Message` (ERR "Status Messages" wording where it exists). */
export function notificationMessage(kind: SimOrder['kind'], status: OrderStatus): string {
  return (kind === 'import' ? IMPORT_MESSAGES : REMOVE_MESSAGES)[status];
}
