import type { HttpFault } from '../../src/sandbox/bandwidth';
import { type Harness, startHarness } from '../helpers/bot-harness';
import {
  clickApprove,
  countReplies,
  eventually,
  replies,
  requestImport,
  shareLoa,
  sleep,
} from './helpers/flow';
import { expectNoSecrets } from './helpers/secrets';

/**
 * Bandwidth failing at every call the bot makes: the checker, the order lookup and the create,
 * the order read (poller and PARTIAL notifications), the LOA upload, and the token endpoint.
 * Each time the person sees one clear message in the request's thread while the bot retries, and
 * once Bandwidth is back the work completes with exactly one order per CustomerOrderId.
 */
const CHECKER = /\/importTnChecker$/;
const ORDERS = /\/importTnOrders$/;
const ORDER = /\/importTnOrders\/[^/]+$/;
const LOAS = /\/loas$/;
const TOKEN = /\/oauth2\/token$/;

const FAULTS: Array<[string, HttpFault]> = [
  ['503', { kind: 'status', status: 503, body: '<html>upstream down</html>', contentType: 'text/html' }],
  ['a timeout', { kind: 'hang' }],
];

describe('Bandwidth faults', () => {
  let h: Harness;
  beforeEach(async () => {
    // A short client deadline so a hanging Bandwidth costs the test under a second per attempt.
    h = await startHarness({ env: { BANDWIDTH_TIMEOUT_MS: '400' } });
  });
  afterEach(async () => {
    expectNoSecrets(h);
    await h.close();
  });

  const ordersFor = (requestId: string) =>
    h.sim.importOrders().filter((o) => o.customerOrderId === requestId);
  const creates = () => h.sim.requests.filter((r) => r.method === 'POST' && ORDERS.test(r.path));

  async function settle(): Promise<void> {
    await h.bot.jobs.idle();
    await sleep(50);
    await h.bot.jobs.idle();
  }

  /** Approves and waits for the click's background work (create attempts, messages) to end. */
  async function approveAndSettle(card: Parameters<typeof clickApprove>[1], requestId: string) {
    await clickApprove(h, card, requestId);
    await sleep(50);
    await settle();
  }

  describe.each(FAULTS)('%s', (_label, fault) => {
    it('at the checker: the thread says it will retry, and the poller checks once Bandwidth is back', async () => {
      const rule = h.sim.faults.add({ method: 'POST', path: CHECKER, fault });
      const { card, requestId } = await requestImport(h, '919-555-6001', {}, 15_000);
      await h.fake.waitFor(
        () => countReplies(h.fake, card.ts, /Couldn't check the numbers.*tries again/) === 1,
        15_000,
      );
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('checking');
      await h.bot.poller.runOnce(); // still down: no second message
      await settle();
      expect(countReplies(h.fake, card.ts, /Couldn't check/)).toBe(1);
      rule.clear();
      await h.bot.poller.runOnce();
      await settle();
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');
      await h.fake.waitFor(() => countReplies(h.fake, card.ts, /Checked with Bandwidth/) === 1);
    });

    it('at the create: one clear message, nothing created twice, one order once Bandwidth is back', async () => {
      const { card, requestId } = await requestImport(h, '919-555-6002');
      const rule = h.sim.faults.add({ method: 'POST', path: ORDERS, fault });
      await approveAndSettle(card, requestId);
      await h.fake.waitFor(
        () => countReplies(h.fake, card.ts, /Creating the import order failed.*tries again/) === 1,
        15_000,
      );
      expect(ordersFor(requestId)).toHaveLength(0);
      rule.clear();
      await h.bot.poller.runOnce();
      await settle();
      expect(ordersFor(requestId)).toHaveLength(1);
      await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1);
      await h.bot.poller.runOnce();
      await settle();
      expect(ordersFor(requestId)).toHaveLength(1);
      expect(countReplies(h.fake, card.ts, /Creating the import order failed/)).toBe(1);
    });

    it('at the lookup before the create: nothing is created blind', async () => {
      const { card, requestId } = await requestImport(h, '919-555-6003');
      const rule = h.sim.faults.add({ method: 'GET', path: ORDERS, fault });
      await approveAndSettle(card, requestId);
      await h.fake.waitFor(
        () => countReplies(h.fake, card.ts, /Creating the import order failed/) === 1,
        15_000,
      );
      expect(creates()).toHaveLength(0);
      rule.clear();
      await h.bot.poller.runOnce();
      await settle();
      expect(ordersFor(requestId)).toHaveLength(1);
    });

    it('at the order read: a PARTIAL notification is applied by the poller once the read works', async () => {
      const { card, requestId } = await requestImport(h, '919-555-6004, 919-555-7518');
      await approveAndSettle(card, requestId);
      const [order] = ordersFor(requestId);
      const rule = h.sim.faults.add({ method: 'GET', path: ORDER, fault });
      await h.sim.advance();
      await h.sim.advance();
      await settle();
      await h.bot.poller.runOnce();
      await settle();
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('submitted');
      rule.clear();
      await h.bot.poller.runOnce();
      await settle();
      const request = await h.bot.workflow.getRequest(requestId);
      expect(request?.state).toBe('partial');
      expect(request?.orders[0]?.errors.flatMap((e) => e.numbers)).toEqual(['9195557518']);
      expect(replies(h.fake, card.ts).filter((m) => /partly completed/.test(m.text ?? ''))).toHaveLength(1);
      expect(order).toBeDefined();
    });

    it('at the LOA upload: one message, and the LOA is attached once when Bandwidth is back', async () => {
      const { card, requestId } = await requestImport(h, '919-555-6005');
      await approveAndSettle(card, requestId);
      const [order] = ordersFor(requestId);
      const rule = h.sim.faults.add({ method: 'POST', path: LOAS, fault });
      await shareLoa(h, card.ts);
      await h.fake.waitFor(
        () => countReplies(h.fake, card.ts, /Attaching signed-loa\.pdf.*failed.*tries again/) === 1,
        15_000,
      );
      rule.clear();
      await h.bot.poller.runOnce();
      await settle();
      await h.bot.poller.runOnce();
      await settle();
      expect(h.sim.loaFiles(order!.orderId)).toHaveLength(1);
      expect(countReplies(h.fake, card.ts, /Attached signed-loa\.pdf/)).toBe(1);
      expect(countReplies(h.fake, card.ts, /Attaching signed-loa\.pdf.*failed/)).toBe(1);
    });
  });

  it('connections reset at the create: one order in the end, no failure shown for a reset that passed', async () => {
    const { card, requestId } = await requestImport(h, '919-555-6100');
    h.sim.faults.add({ method: 'POST', path: ORDERS, times: 2, fault: { kind: 'reset' } });
    await approveAndSettle(card, requestId);
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1, 10_000);
    await h.bot.poller.runOnce();
    await settle();
    expect(ordersFor(requestId)).toHaveLength(1);
    expect(countReplies(h.fake, card.ts, /failed/)).toBe(0);
  });

  it('a create whose response was lost: the order is found by CustomerOrderId, not made again', async () => {
    const { card, requestId } = await requestImport(h, '919-555-6101');
    h.sim.faults.add({ method: 'POST', path: ORDERS, times: 1, fault: { kind: 'lostResponse' } });
    await approveAndSettle(card, requestId);
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1);
    expect(ordersFor(requestId)).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(countReplies(h.fake, card.ts, /failed/)).toBe(0);
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.orders[0]?.orderId).toBe(ordersFor(requestId)[0]?.orderId);
  });

  it('a create lost and its lookup failing: the next attempt finds the order instead of making a second', async () => {
    const { card, requestId } = await requestImport(h, '919-555-6102');
    h.sim.faults.add({ method: 'GET', path: ORDERS, times: 1, fault: { kind: 'latency', ms: 0 } });
    h.sim.faults.add({ method: 'POST', path: ORDERS, times: 1, fault: { kind: 'lostResponse' } });
    const lookup = h.sim.faults.add({ method: 'GET', path: ORDERS, fault: { kind: 'status', status: 503 } });
    await approveAndSettle(card, requestId);
    await h.fake.waitFor(
      () => countReplies(h.fake, card.ts, /Creating the import order failed.*tries again/) === 1,
      15_000,
    );
    expect(ordersFor(requestId)).toHaveLength(1);
    lookup.clear();
    await h.bot.poller.runOnce();
    await settle();
    expect(ordersFor(requestId)).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1);
  });

  it('a create that lands at Bandwidth after the bot gave up on it is not doubled by a second create', async () => {
    const { card, requestId } = await requestImport(h, '919-555-6103');
    // Bandwidth takes 1.5 s to act on the create; the bot waits 0.4 s for an answer.
    h.sim.faults.add({ method: 'POST', path: ORDERS, times: 1, fault: { kind: 'latency', ms: 1_500 } });
    await approveAndSettle(card, requestId);
    await sleep(1_600);
    await h.bot.poller.runOnce();
    await settle();
    await h.bot.poller.runOnce();
    await settle();
    expect(ordersFor(requestId)).toHaveLength(1);
    expect((await h.bot.workflow.getRequest(requestId))?.orders[0]?.orderId).toBe(
      ordersFor(requestId)[0]?.orderId,
    );
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1);
  });

  it('429 with a reset header at the checker and the create: waits it out, no error shown, one order', async () => {
    h.sim.faults.add({
      method: 'POST',
      path: CHECKER,
      times: 1,
      fault: { kind: 'rateLimit', resetInSeconds: 1 },
    });
    const { card, requestId } = await requestImport(h, '919-555-6104', {}, 10_000);
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /Checked with Bandwidth/) === 1, 10_000);
    h.sim.faults.add({
      method: 'POST',
      path: ORDERS,
      times: 2,
      fault: { kind: 'rateLimit', resetInSeconds: 1 },
    });
    await approveAndSettle(card, requestId);
    await eventually(() => ordersFor(requestId).length === 1, 10_000, 'order');
    await settle();
    expect(creates().map((r) => r.status)).toEqual([429, 429, 201]);
    expect(countReplies(h.fake, card.ts, /failed|Couldn't/)).toBe(0);
  });

  it('429 far in the future: the person is told, and the poller creates the order later', async () => {
    const { card, requestId } = await requestImport(h, '919-555-6105');
    const rule = h.sim.faults.add({
      method: 'POST',
      path: ORDERS,
      fault: { kind: 'rateLimit', resetInSeconds: 3600 },
    });
    await approveAndSettle(card, requestId);
    await h.fake.waitFor(
      () => countReplies(h.fake, card.ts, /slow down \(rate limited\).*tries again/) === 1,
      5_000,
    );
    rule.clear();
    await h.bot.poller.runOnce();
    await settle();
    expect(ordersFor(requestId)).toHaveLength(1);
  });

  it('the token endpoint down: the check waits, and completes when tokens are issued again', async () => {
    h.sim.expireTokens();
    const rule = h.sim.faults.add({ method: 'POST', path: TOKEN, fault: { kind: 'status', status: 503 } });
    const { card, requestId } = await requestImport(h, '919-555-6106', {}, 15_000);
    await h.fake.waitFor(() => countReplies(h.fake, card.ts, /Couldn't check.*tries again/) === 1, 15_000);
    rule.clear();
    await h.bot.poller.runOnce();
    await settle();
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');
  });
});
