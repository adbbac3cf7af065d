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
  // Nothing to tell, as for most drains: every change asks for one, and by the time it runs an
  // earlier drain has usually told that change along with the others waiting (docs/BENCHMARKS.md,
  // row 2). Any event added after this look asks for a drain of its own, so none is missed; the
  // lease and the reads under it are only for a request that has something to tell. A request
  // still listed in the outbox set (a crash between the last acknowledgement and the removal, say)
  // is taken off it, then looked at once more, as after a drain below: an event added meanwhile
  // puts it back.
  const pending = await ctx.repo.load(requestId);
  if (!pending || pending.outbox.length === 0) {
    await ctx.store.removeFromSet(SETS.outbox, requestId);
    const again = await ctx.repo.load(requestId);
    if (!again || again.outbox.length === 0) return { told: 0, busy: false };
    await ctx.store.addToSet(SETS.outbox, requestId);
  }
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
        // Loaded once: the acknowledgement's write gives back the request as stored, which is what a
        // load right after it would read (events added meanwhile included), so it is not read again.
        let request = await ctx.repo.load(requestId);
        for (;;) {
          const next = request?.outbox[0];
          if (!request || !next) break;
          await tell(request, next);
          const acknowledged = await ctx.repo.mutate(requestId, (r) => ({
            request: acknowledgeEvents(r, next.seq),
            result: null,
          }));
          request = acknowledged?.request;
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
