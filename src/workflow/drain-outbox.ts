import { randomUUID } from 'node:crypto';
import type { ImportRequest, PendingEvent } from '../domain/request';
import { acknowledgeEvents } from '../domain/request-transitions';
import { withLease } from '../store/lease';
import type { WorkflowContext } from './context';
import { SETS } from './repository';

/** Posts one event in Slack. Throwing stops the drain; the event stays and is told next time. */
export type TellEvent = (request: ImportRequest, pending: PendingEvent) => Promise<void>;

export interface DrainOutcome {
  /** Events told and acknowledged by this call. */
  told: number;
  /** Another caller holds the request's outbox; it tells what is pending. */
  busy: boolean;
}

/**
 * Tells a request's pending events in order, removing each once told. One drainer per request at
 * a time (a lease, so across replicas too): concurrent calls return `busy` and the holder drains
 * what they would have. An event told but not yet acknowledged when the process dies is told
 * again by the next drain: at least once, never lost.
 */
export async function drainOutbox(
  ctx: WorkflowContext,
  requestId: string,
  tell: TellEvent,
): Promise<DrainOutcome> {
  const lease = `workflow:outbox:${requestId}`;
  const owner = `${ctx.instanceId}:${randomUUID()}`;
  let told = 0;
  for (;;) {
    const outcome = await withLease(
      ctx.store,
      lease,
      owner,
      async (held) => {
        let count = 0;
        for (;;) {
          const request = await ctx.repo.load(requestId);
          const next = request?.outbox[0];
          if (!request || !next) break;
          await tell(request, next);
          await ctx.repo.mutate(requestId, (r) => ({
            request: acknowledgeEvents(r, next.seq),
            result: null,
          }));
          count += 1;
          // Another drainer may have taken over after a stall longer than the lease: leave it the rest.
          if (!held.held) return { count, lost: true };
        }
        await ctx.store.removeFromSet(SETS.outbox, requestId);
        return { count, lost: false };
      },
      { ttlMs: ctx.config.leaseMs },
    );
    if (outcome.busy) return { told, busy: true };
    told += outcome.value.count;
    if (outcome.value.lost) return { told, busy: true };
    // An event added while we held the lease may have had its own drain refused as busy; and it may
    // have been added to the outbox set just before we removed the id. Look once more.
    const after = await ctx.repo.load(requestId);
    if (!after || after.outbox.length === 0) return { told, busy: false };
    await ctx.store.addToSet(SETS.outbox, requestId);
  }
}
