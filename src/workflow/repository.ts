import { FINAL_REQUEST_STATES, type ImportRequest } from '../domain/request';
import { awaitsReminders } from '../domain/request-reminders';
import { pendingLoaUploads } from '../domain/request-transitions';
import type { WorkflowLogger, WorkflowStore } from './ports';

/**
 * Where requests and their indexes live in the store. A request is one value, changed only by
 * `mutate` (the store's atomic read-modify-write), so its state, audit trail and outbox always
 * change together. The indexes (open requests, per requester, per number, order → request,
 * card → request) are derived from it and written after it; each write is idempotent and the
 * poller re-derives them, so an index lagging after a crash heals itself.
 */

export const NS = {
  requests: 'requests',
  orderIndex: 'order-request',
  cardIndex: 'card-request',
  dedupe: 'dedupe',
  claims: 'claims',
} as const;

export const SETS = {
  open: 'requests:open',
  /** Every request ever stored, for the audit export. */
  all: 'requests:all',
  /** Requests with events not yet told in Slack, for the notifier's sweep after a restart. */
  outbox: 'requests:outbox',
  /** Requests with an LOA still owed to an order, finished ones included (an LOA matters most on COMPLETE). */
  loaPending: 'requests:loa-pending',
  /** Requests that may owe a reminder, finished ones included (an LOA is still asked for on COMPLETE). */
  reminders: 'requests:reminders',
  user: (userId: string) => `requests:user:${userId}`,
  number: (tn: string) => `requests:tn:${tn}`,
};

/** How many index writes (or reads of requests) run at once when there are thousands. */
const INDEX_BATCH = 50;

export interface Mutation<R> {
  request: ImportRequest;
  result: R;
}

export interface Repository {
  load(id: string): Promise<ImportRequest | undefined>;
  loadMany(ids: Iterable<string>): Promise<ImportRequest[]>;
  /** Stores a new request under an id not yet used; false when the id is taken. */
  create(request: ImportRequest): Promise<boolean>;
  /**
   * Changes a request atomically. `change` may run more than once (the store may retry it), so it
   * must be pure. Returning the request it was given writes nothing new. Undefined when the
   * request does not exist.
   */
  mutate<R>(id: string, change: (request: ImportRequest) => Mutation<R>): Promise<Mutation<R> | undefined>;
  /** Re-derives the indexes that follow the request's state. */
  syncIndexes(request: ImportRequest): Promise<void>;
  requestIdForOrder(orderId: string): Promise<string | undefined>;
  requestIdForCard(channelId: string, ts: string): Promise<string | undefined>;
  indexCard(channelId: string, ts: string, requestId: string): Promise<void>;
}

export function createRepository(
  store: WorkflowStore,
  logger: WorkflowLogger,
  onOutbox?: (requestId: string) => void,
): Repository {
  async function load(id: string): Promise<ImportRequest | undefined> {
    return store.get<ImportRequest>(NS.requests, id);
  }

  async function afterChange(before: ImportRequest | undefined, after: ImportRequest): Promise<void> {
    const known = new Set(before?.orders.flatMap((o) => (o.orderId ? [o.orderId] : [])) ?? []);
    const created = after.orders.flatMap((o) => (o.orderId && !known.has(o.orderId) ? [o.orderId] : []));
    await Promise.all(created.map((orderId) => store.set(NS.orderIndex, orderId, after.id)));
    if (FINAL_REQUEST_STATES.has(after.state) && !FINAL_REQUEST_STATES.has(before?.state ?? 'checking')) {
      await store.removeFromSet(SETS.open, after.id);
    }
    // Only added here; the poller removes it after checking a fresh copy, so racing writers cannot drop it.
    if (pendingLoaUploads(after).length > 0) await store.addToSet(SETS.loaPending, after.id);
    // Only added here; the reminder sweep removes it once the request is finished and owes none.
    if (after.state !== before?.state && awaitsReminders(after))
      await store.addToSet(SETS.reminders, after.id);
    if (after.nextSeq > (before?.nextSeq ?? 1)) {
      await store.addToSet(SETS.outbox, after.id);
      if (onOutbox) {
        try {
          onOutbox(after.id);
        } catch (error) {
          logger.warn({ err: error, requestId: after.id }, 'outbox listener failed');
        }
      }
    }
  }

  return {
    load,

    async loadMany(ids) {
      // In batches: listing 10,000 open requests at once queued 10,000 SQLite reads, each with its
      // native buffers, and that peak stayed in the process's resident memory (BENCHMARKS.md, row 6).
      const all = [...ids];
      const found: ImportRequest[] = [];
      for (let i = 0; i < all.length; i += INDEX_BATCH) {
        const batch = await Promise.all(all.slice(i, i + INDEX_BATCH).map((id) => load(id)));
        for (const request of batch) if (request !== undefined) found.push(request);
      }
      return found;
    },

    async create(request) {
      // In the open set first: a crash right after the write still leaves the request where the poller looks.
      await store.addToSet(SETS.open, request.id);
      if (!(await store.setIfAbsent(NS.requests, request.id, request))) return false;
      await store.addToSet(SETS.user(request.requesterId), request.id);
      await store.addToSet(SETS.all, request.id);
      for (let i = 0; i < request.numbers.length; i += INDEX_BATCH) {
        const batch = request.numbers.slice(i, i + INDEX_BATCH);
        await Promise.all(batch.map((tn) => store.addToSet(SETS.number(tn), request.id)));
      }
      await afterChange(undefined, request);
      return true;
    },

    async mutate<R>(id: string, change: (request: ImportRequest) => Mutation<R>) {
      let outcome: Mutation<R> | undefined;
      let before: ImportRequest | undefined;
      await store.update<ImportRequest>(NS.requests, id, (current) => {
        outcome = undefined;
        before = current;
        if (current === undefined) return undefined;
        outcome = change(current);
        // Returning undefined leaves the record untouched: no write when nothing changed.
        return outcome.request === current ? undefined : outcome.request;
      });
      if (outcome === undefined) return undefined;
      if (outcome.request !== before) await afterChange(before, outcome.request);
      return outcome;
    },

    async syncIndexes(request) {
      await Promise.all(
        request.orders.flatMap((o) => (o.orderId ? [store.set(NS.orderIndex, o.orderId, request.id)] : [])),
      );
      if (FINAL_REQUEST_STATES.has(request.state)) await store.removeFromSet(SETS.open, request.id);
      else await store.addToSet(SETS.open, request.id);
      if (request.outbox.length > 0) await store.addToSet(SETS.outbox, request.id);
      await store.addToSet(SETS.all, request.id);
      if (pendingLoaUploads(request).length > 0) await store.addToSet(SETS.loaPending, request.id);
      else await store.removeFromSet(SETS.loaPending, request.id);
      if (awaitsReminders(request)) await store.addToSet(SETS.reminders, request.id);
      if (request.cardTs)
        await store.set(NS.cardIndex, cardKey(request.channelId, request.cardTs), request.id);
    },

    requestIdForOrder(orderId) {
      return store.get<string>(NS.orderIndex, orderId);
    },

    requestIdForCard(channelId, ts) {
      return store.get<string>(NS.cardIndex, cardKey(channelId, ts));
    },

    async indexCard(channelId, ts, requestId) {
      await store.set(NS.cardIndex, cardKey(channelId, ts), requestId);
    },
  };
}

function cardKey(channelId: string, ts: string): string {
  return `${channelId}:${ts}`;
}
