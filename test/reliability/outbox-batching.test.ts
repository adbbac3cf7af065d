import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ImportRequest, PendingEvent } from '../../src/domain/request';
import { createNotifier } from '../../src/slack/notifier';
import { createStore } from '../../src/store';
import {
  APPROVER,
  approveAndWaitForOrders,
  currentCard,
  type Harness,
  replies,
  requestImport,
  settle,
  startHarness,
} from '../helpers/bot-harness';
import { createOk, startHarness as startWorkflowHarness } from '../workflow/helpers';

/**
 * When several events of one request wait in its outbox, one drain tells them all: each event's
 * message once, and the card only when what it shows changes. Measured in docs/BENCHMARKS.md
 * (row 2): the card had been rebuilt and sent to chat.update once per event.
 */
describe('telling several events in one drain', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** A notifier whose drain tells `batches`, in order, each as one drain would. */
  function notifierTelling(batches: { request: ImportRequest; events: PendingEvent[] }[]) {
    return createNotifier({
      client: h.bot.app.client,
      workflow: {
        ...h.bot.workflow,
        drainOutbox: async (_id, tell) => {
          const batch = batches.shift();
          for (const pending of batch?.events ?? []) await tell(batch!.request, pending);
          return { told: batch?.events.length ?? 0, busy: false };
        },
      },
      attempts: h.bot.store,
      metrics: h.bot.metrics,
      logger: h.bot.logger,
      command: '/hosted',
    });
  }

  async function toldRequest() {
    const { card, requestId } = await requestImport(h, '919-555-2121');
    await approveAndWaitForOrders(h, requestId, card);
    await settle(h);
    const request = (await h.bot.workflow.getRequest(requestId))!;
    const events = [1, 2, 3].map(
      (i): PendingEvent => ({
        seq: request.nextSeq + i,
        at: request.updatedAt,
        event: { type: 'approved', by: APPROVER },
      }),
    );
    return { card, request, events };
  }

  it('posts every message and updates the card once when it stays the same', async () => {
    const { card, request, events } = await toldRequest();
    const updates = h.fake.callsTo('chat.update').length;
    const before = replies(h, card).length;

    await notifierTelling([{ request, events }]).drain(request.id);

    expect(replies(h, card)).toHaveLength(before + 3);
    expect(h.fake.callsTo('chat.update')).toHaveLength(updates + 1);
  });

  it('updates the card again when the request it shows changed, and in every new drain', async () => {
    const { card, request, events } = await toldRequest();
    const changed = { ...request, details: { ...request.details!, reference: 'PO-4471' } };
    const updates = h.fake.callsTo('chat.update').length;
    const notifier = notifierTelling([
      { request, events: events.slice(0, 2) },
      { request: changed, events: [events[2]!] },
    ]);

    // First drain: two events, one card. Second drain: the changed card, shown.
    await notifier.drain(request.id);
    expect(h.fake.callsTo('chat.update')).toHaveLength(updates + 1);
    await notifier.drain(request.id);
    expect(h.fake.callsTo('chat.update')).toHaveLength(updates + 2);
    expect(JSON.stringify(currentCard(h, card).blocks)).toContain('PO-4471');
  });
});

describe('drains asked for while one runs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** A notifier over the bot's workflow whose drains wait for `gate` and are counted. */
  function gatedNotifier(gate: Promise<void>, options: { failFirst?: boolean } = {}) {
    const calls: number[] = [];
    const notifier = createNotifier({
      client: h.bot.app.client,
      workflow: {
        ...h.bot.workflow,
        drainOutbox: async (id, tell) => {
          calls.push(Date.now());
          if (calls.length === 1) {
            await gate;
            if (options.failFirst) throw new Error('slack is down');
          }
          return h.bot.workflow.drainOutbox(id, tell);
        },
      },
      attempts: h.bot.store,
      metrics: h.bot.metrics,
      logger: h.bot.logger,
      command: '/hosted',
    });
    return { notifier, calls };
  }

  it('are folded into it: it drains once more, and what came meanwhile is told once', async () => {
    const { card, requestId } = await requestImport(h, '919-555-2131');
    await settle(h);
    let open!: () => void;
    const { notifier, calls } = gatedNotifier(new Promise((resolve) => (open = resolve)));

    const first = notifier.drain(requestId);
    // The approval's events arrive while the first drain is busy, each asking for a drain.
    await approveAndWaitForOrders(h, requestId, card);
    await Promise.all(Array.from({ length: 5 }, () => notifier.drain(requestId)));
    open();
    await first;
    await settle(h);

    expect(calls).toHaveLength(2);
    expect((await h.bot.workflow.getRequest(requestId))?.outbox).toEqual([]);
    const texts = replies(h, card).map((m) => m.text ?? '');
    expect(texts.filter((t) => t.includes('approved'))).toHaveLength(1);
  });

  it('do not run again at once after a failure; the events wait for the next change', async () => {
    const { requestId } = await requestImport(h, '919-555-2132');
    await settle(h);
    let open!: () => void;
    const { notifier, calls } = gatedNotifier(new Promise((resolve) => (open = resolve)), {
      failFirst: true,
    });

    const first = notifier.drain(requestId);
    await notifier.drain(requestId);
    open();
    await first;
    expect(calls).toHaveLength(1);

    // Nothing is running now: the next call drains.
    await notifier.drain(requestId);
    expect(calls).toHaveLength(2);
  });
});

describe('drainOutbox on a real SQLite store', () => {
  it('tells, in the same drain, an event added while it was telling another', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-batching-'));
    const w = await startWorkflowHarness({ webhook: false, storeUrl: `sqlite://${dir}/bot.sqlite` });
    try {
      const created = await createOk(w.workflow, ['9195550171']);
      const told: string[] = [];
      const outcome = await w.workflow.drainOutbox(created.id, async (_request, pending) => {
        told.push(pending.event.type);
        // Approval lands while the first event is being told: its events go to the same outbox.
        if (pending.event.type === 'checked') await w.workflow.approve(created.id, 'UAPPROVER');
      });
      expect(told).toEqual(['checked', 'approved', 'orders_created']);
      expect(outcome).toEqual({ told: 3, busy: false });
      expect((await w.workflow.getRequest(created.id))?.outbox).toEqual([]);
      expect(await w.workflow.listRequestsWithPendingEvents()).toEqual([]);
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes no lease when nothing waits, and takes a request left listed off the list', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-batching-'));
    const store = await createStore({ url: `sqlite://${dir}/bot.sqlite`, namespace: 'wf-test' });
    const leases: string[] = [];
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'acquireLease')
          return (lease: string, owner: string, ttlMs: number) => {
            leases.push(lease);
            return target.acquireLease(lease, owner, ttlMs);
          };
        const value = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const w = await startWorkflowHarness({ webhook: false, store: counted });
    try {
      const created = await createOk(w.workflow, ['9195550172']);
      await w.workflow.drainOutbox(created.id, async () => undefined);
      const afterTelling = leases.length;
      expect(afterTelling).toBeGreaterThan(0);

      // As after a crash between the last acknowledgement and taking the id off the list.
      await store.addToSet('requests:outbox', created.id);
      expect(await w.workflow.listRequestsWithPendingEvents()).toEqual([created.id]);
      const outcome = await w.workflow.drainOutbox(created.id, async () => {
        throw new Error('nothing should be told');
      });

      expect(outcome).toEqual({ told: 0, busy: false });
      expect(leases.filter((l) => l.includes('outbox'))).toHaveLength(
        leases.slice(0, afterTelling).filter((l) => l.includes('outbox')).length,
      );
      expect(await w.workflow.listRequestsWithPendingEvents()).toEqual([]);
    } finally {
      await w.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
