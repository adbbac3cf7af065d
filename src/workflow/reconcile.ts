import { randomUUID } from 'node:crypto';
import { FINAL_REQUEST_STATES } from '../domain/request';
import { expire, openOrders, pendingLoaUploads } from '../domain/request-transitions';
import { withLease } from '../store/lease';
import { applyStatus } from './apply-order-status';
import { mapLimit, toRejected, type WorkflowContext } from './context';
import { gatewayFor } from './order-kinds';
import { SETS } from './repository';
import { runCheck } from './run-check';
import { sendReminders } from './send-reminders';
import { submitOrders } from './submit-orders';
import { uploadPendingLoas } from './upload-loas';

/** Requests worked on at once: Bandwidth's limits for these endpoints are not published. */
const CONCURRENCY = 4;

export interface ReconcileSummary {
  /** Another replica is sweeping. */
  skipped: boolean;
  requests: number;
  ordersPolled: number;
  /** Requests whose state or orders changed. */
  changed: number;
  /** Requests whose sweep failed (logged; tried again next time). */
  failed: number;
}

/**
 * The poller's sweep, the safety net under everything that can be lost: Bandwidth never
 * redelivers a missed notification, a create's answer can vanish, the process can die between two
 * steps. It resumes requests left in `checking` (checks again) and `submitting` (creates the
 * missing orders, finding any made already), asks Bandwidth about every open order and applies the
 * answer through the same path as the webhook, uploads owed LOAs, expires stale requests, and
 * repairs the indexes.
 */
export async function reconcile(ctx: WorkflowContext): Promise<ReconcileSummary> {
  // One sweep at a time across replicas; renewed while it runs, so a dead sweeper frees it soon.
  const lease = 'workflow:reconcile';
  const owner = `${ctx.instanceId}:${randomUUID()}`;
  const summary: ReconcileSummary = { skipped: false, requests: 0, ordersPolled: 0, changed: 0, failed: 0 };
  const outcome = await withLease(ctx.store, lease, owner, () => sweep(ctx, summary), {
    ttlMs: ctx.config.leaseMs,
    onLost: (error) => ctx.logger.warn({ err: error }, 'reconcile lease lost during a sweep'),
  });
  if (outcome.busy) return { ...summary, skipped: true };
  ctx.logger.info(summary, 'reconciled');
  return summary;
}

async function sweep(ctx: WorkflowContext, summary: ReconcileSummary): Promise<void> {
  const ids = [
    ...new Set([
      ...(await ctx.store.setMembers(SETS.open)),
      ...(await ctx.store.setMembers(SETS.loaPending)),
    ]),
  ];
  summary.requests = ids.length;
  await mapLimit(ids, CONCURRENCY, async (id) => {
    try {
      const outcome = await reconcileOne(ctx, id);
      summary.ordersPolled += outcome.polled;
      if (outcome.changed) summary.changed += 1;
    } catch (error) {
      summary.failed += 1;
      ctx.logger.error({ requestId: id, err: error }, 'reconciling request failed');
    }
  });
  // After the requests caught up with Bandwidth, so nobody is reminded of what just happened.
  await sendReminders(ctx);
}

async function reconcileOne(ctx: WorkflowContext, id: string): Promise<{ polled: number; changed: boolean }> {
  const before = await ctx.repo.load(id);
  if (!before) {
    await ctx.store.removeFromSet(SETS.open, id);
    await ctx.store.removeFromSet(SETS.loaPending, id);
    return { polled: 0, changed: false };
  }
  await ctx.repo.syncIndexes(before);
  let polled = 0;
  if (!FINAL_REQUEST_STATES.has(before.state)) {
    if (before.state === 'checking') await runCheck(ctx, id);
    if (before.state === 'awaiting_approval') await expireIfStale(ctx, id);
    if (before.state === 'submitting') await submitOrders(ctx, id);
    const current = await ctx.repo.load(id);
    const orders = gatewayFor(ctx.bandwidth, current ?? before);
    for (const order of current ? openOrders(current) : []) {
      try {
        const found = await orders.get(order.orderId);
        polled += 1;
        await applyStatus(
          ctx,
          id,
          { orderId: order.orderId, status: found.status, errors: toRejected(found.errors) },
          'poller',
        );
      } catch (error) {
        ctx.logger.warn({ requestId: id, orderId: order.orderId, err: error }, 'polling the order failed');
      }
    }
  }
  const latest = await ctx.repo.load(id);
  if (latest && pendingLoaUploads(latest).length > 0) await uploadPendingLoas(ctx, id);
  const after = await ctx.repo.load(id);
  if (after) await ctx.repo.syncIndexes(after);
  return { polled, changed: after !== undefined && after.audit.length !== before.audit.length };
}

async function expireIfStale(ctx: WorkflowContext, id: string): Promise<void> {
  const maxAge = ctx.config.approvalExpiryMs;
  if (maxAge === undefined) return;
  const now = ctx.now();
  await ctx.repo.mutate(id, (r) => {
    if (now - Date.parse(r.createdAt) < maxAge) return { request: r, result: null };
    const t = expire(r, now);
    return { request: t.ok ? t.request : r, result: null };
  });
}
