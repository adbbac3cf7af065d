/**
 * The processing status of a Bandwidth import (or remove-imported) order.
 *
 * RECEIVED and PROCESSING are open; COMPLETE, PARTIAL and FAILED are final. EXCEPTION appears
 * only in Bandwidth's notification table for import orders and is defined nowhere else: it is
 * treated as final and as needing a human.
 */
export const ORDER_STATUSES = [
  'RECEIVED',
  'PROCESSING',
  'COMPLETE',
  'PARTIAL',
  'FAILED',
  'EXCEPTION',
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

const FINAL: ReadonlySet<OrderStatus> = new Set(['COMPLETE', 'PARTIAL', 'FAILED', 'EXCEPTION']);

/**
 * Reads a status as Bandwidth writes it anywhere (order bodies use upper case, history entries
 * seen in the wild use lower case). Returns undefined for anything unknown.
 */
export function parseOrderStatus(value: string): OrderStatus | undefined {
  const upper = value.trim().toUpperCase();
  return (ORDER_STATUSES as readonly string[]).includes(upper) ? (upper as OrderStatus) : undefined;
}

/** True for a status after which Bandwidth does no more work on the order. */
export function isFinalOrderStatus(status: OrderStatus): boolean {
  return FINAL.has(status);
}

/**
 * Whether an order may move from `current` to `next`. Statuses only move forward: a late or
 * duplicated notification never takes a finished order back to PROCESSING, and a final status
 * is never replaced by another.
 */
export function canAdvanceOrderStatus(current: OrderStatus, next: OrderStatus): boolean {
  if (isFinalOrderStatus(current)) return false;
  if (isFinalOrderStatus(next)) return true;
  return current === 'RECEIVED' && next === 'PROCESSING';
}
