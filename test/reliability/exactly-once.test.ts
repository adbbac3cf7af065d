import { startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { APPROVER, GROUP_APPROVER, type Harness, startHarness } from '../helpers/bot-harness';
import {
  clickApprove,
  countReplies,
  eventually,
  replies,
  requestImport,
  type SlackSide,
  shareLoa,
  sleep,
} from './helpers/flow';
import { describeWithRedis, freshRedisUrl } from './helpers/redis';
import { expectNoSecrets } from './helpers/secrets';

/**
 * Exactly once where it matters: one order however many clicks, replicas and retries race for
 * it; one LOA upload however often Slack delivers the event; one message per order status
 * however Bandwidth's notifications arrive.
 */
describeWithRedis('two replicas sharing Redis', () => {
  let a: Harness;
  let b: Harness;
  beforeEach(async () => {
    const storeUrl = await freshRedisUrl(11);
    a = await startHarness({ env: { STORE_URL: storeUrl } });
    // The second replica: same simulator, same fake Slack, same Redis; its own process state.
    b = await startHarness({ env: { STORE_URL: storeUrl }, sim: a.sim, fake: a.fake, subscribe: false });
  });
  afterEach(async () => {
    expectNoSecrets(a);
    expectNoSecrets(b);
    await b.close();
    await a.close();
  });

  it('create one order from 20 concurrent Approve clicks spread over both', async () => {
    const { card, requestId } = await requestImport(a, '919-555-5001, 919-555-5002');
    const approvers = [APPROVER, GROUP_APPROVER];
    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        clickApprove(i % 2 === 0 ? a : b, card, requestId, approvers[i % approvers.length]),
      ),
    );
    expect(clicks.map((c) => c.status)).toEqual(Array(20).fill(200));
    await eventually(() => a.sim.importOrders().length >= 1, 10_000, 'an order');
    await Promise.all([a.bot.jobs.idle(), b.bot.jobs.idle()]);
    await sleep(300);
    await Promise.all([a.bot.jobs.idle(), b.bot.jobs.idle()]);

    expect(a.sim.importOrders().filter((o) => o.customerOrderId === requestId)).toHaveLength(1);
    expect(
      a.sim.requests.filter((r) => r.method === 'POST' && /\/importTnOrders$/.test(r.path)),
    ).toHaveLength(1);
    expect(countReplies(a.fake, card.ts, /approved\. Creating/)).toBe(1);
    expect(countReplies(a.fake, card.ts, /accepted 1 import order/)).toBe(1);
    // The 19 losers are each told who approved, and only them.
    expect(a.fake.ephemerals.filter((e) => /approved/i.test(e.text ?? ''))).toHaveLength(19);
    const request = await b.bot.workflow.getRequest(requestId);
    expect(request?.audit.filter((e) => e.action === 'approved')).toHaveLength(1);
  });

  it('upload an LOA once when Slack retries the event on both replicas', async () => {
    const { card, requestId } = await requestImport(a, '919-555-5003');
    await clickApprove(a, card, requestId);
    const order = await eventually(
      () => a.sim.importOrders().find((o) => o.customerOrderId === requestId),
      5_000,
      'order',
    );
    await a.fake.waitFor(() => countReplies(a.fake, card.ts, /accepted/) === 1);
    const first = await shareLoa(a, card.ts, { eventId: 'Ev0LOA0RETRY' });
    // Slack's retries: same event id, X-Slack-Retry-Num 1..3, to whichever replica the balancer picks.
    const retries = await Promise.all(
      [1, 2, 3, 1, 2, 3].map((retryNum, i) =>
        shareLoa(i % 2 === 0 ? b : a, card.ts, { eventId: 'Ev0LOA0RETRY', retryNum, fileId: first.fileId }),
      ),
    );
    // The same file announced again under a new event id (file_shared and message both arrive).
    await shareLoa(b, card.ts, { eventId: 'Ev0LOA0OTHER', fileId: first.fileId });
    expect([first, ...retries].every((r) => r.status === 200)).toBe(true);
    await eventually(() => a.sim.loaFiles(order.orderId).length >= 1, 5_000, 'upload');
    await Promise.all([a.bot.jobs.idle(), b.bot.jobs.idle()]);
    await sleep(300);
    await Promise.all([a.bot.jobs.idle(), b.bot.jobs.idle()]);
    expect(a.sim.loaFiles(order.orderId)).toHaveLength(1);
    expect(countReplies(a.fake, card.ts, /Attached signed-loa\.pdf/)).toBe(1);
    expect((await a.bot.workflow.getRequest(requestId))?.loaFiles).toHaveLength(1);
  });
});

describe('order notifications that arrive twice, out of order, or never', () => {
  let h: Harness;
  let side: SlackSide;
  beforeEach(async () => {
    h = await startHarness({ sim: await startBandwidthSimulator() });
    side = h;
  });
  afterEach(async () => {
    expectNoSecrets(h);
    await h.close();
    await h.sim.close();
  });

  async function orderedRequest(numbers: string) {
    const { card, requestId } = await requestImport(side, numbers);
    await clickApprove(side, card, requestId);
    const order = await eventually(
      () => h.sim.importOrders().find((o) => o.customerOrderId === requestId),
      5_000,
      'order',
    );
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted/) === 1);
    await h.bot.jobs.idle();
    return { card, requestId, orderId: order.orderId };
  }

  /** Thread messages about the order's status, in posting order. */
  function statusMessages(cardTs: string, orderId: string): string[] {
    return replies(h.fake, cardTs)
      .map((m) => m.text ?? '')
      .filter((t) => t.includes(orderId) || /import request .* (is complete|partly|failed)/.test(t));
  }

  async function quiet(): Promise<void> {
    await h.sim.flushNotifications();
    await h.bot.jobs.idle();
    await sleep(100);
    await h.bot.jobs.idle();
  }

  it('tell each status once when every notification is delivered twice', async () => {
    const { card, requestId, orderId } = await orderedRequest('919-555-5101');
    h.sim.faults.addNotification({ orderId, fault: { kind: 'duplicate' } });
    await h.sim.advance();
    await h.sim.advance();
    await quiet();
    expect(h.sim.notificationFaults.filter((f) => f.action === 'duplicated')).toHaveLength(2);
    const told = statusMessages(card.ts, orderId);
    expect(told.filter((t) => /processing/i.test(t))).toHaveLength(1);
    expect(told.filter((t) => /is complete/.test(t))).toHaveLength(1);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('complete');
  });

  it('never move a finished order back when PROCESSING arrives after COMPLETE', async () => {
    const { card, requestId, orderId } = await orderedRequest('919-555-5102');
    h.sim.faults.addNotification({ orderId, times: 2, fault: { kind: 'reorder' } });
    await h.sim.advance(); // PROCESSING, held
    await h.sim.advance(); // COMPLETE, held; then both sent, COMPLETE first
    await quiet();
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.state).toBe('complete');
    expect(request?.orders[0]?.status).toBe('COMPLETE');
    const told = statusMessages(card.ts, orderId);
    expect(told.filter((t) => /is complete/.test(t))).toHaveLength(1);
    // Nothing after the completion says "processing".
    const completeAt = told.findIndex((t) => /is complete/.test(t));
    expect(told.slice(completeAt + 1).some((t) => /processing/i.test(t))).toBe(false);
    // The poller agrees afterwards and adds nothing.
    const before = replies(h.fake, card.ts).length;
    await h.bot.poller.runOnce();
    await quiet();
    expect(replies(h.fake, card.ts).length).toBe(before);
  });

  it('learn a dropped COMPLETE from the poller, once', async () => {
    const { card, requestId, orderId } = await orderedRequest('919-555-5103');
    h.sim.faults.addNotification({ orderId, fault: { kind: 'drop' } });
    await h.sim.advance();
    await h.sim.advance();
    await quiet();
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('submitted');
    await h.bot.poller.runOnce();
    await h.bot.poller.runOnce();
    await quiet();
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('complete');
    expect(statusMessages(card.ts, orderId).filter((t) => /is complete/.test(t))).toHaveLength(1);
  });

  it('tell a PARTIAL once, with its failed numbers, when it arrives duplicated and the poller also sees it', async () => {
    const { card, requestId, orderId } = await orderedRequest('919-555-5104, 919-555-7518');
    h.sim.faults.addNotification({ orderId, status: 'PARTIAL', fault: { kind: 'duplicate' } });
    await h.sim.advance();
    await h.sim.advance();
    await quiet();
    await h.bot.poller.runOnce();
    await quiet();
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.state).toBe('partial');
    const partial = replies(h.fake, card.ts).filter((m) => /partly completed/.test(m.text ?? ''));
    expect(partial).toHaveLength(1);
    expect(JSON.stringify(partial[0]?.blocks)).toContain('7518');
  });
});
