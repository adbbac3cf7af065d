import type { FakeMessage } from '../../src/sandbox/slack';
import {
  advance,
  approveAndWaitForOrders,
  blocksText,
  CHANNEL,
  currentCard,
  type Harness,
  REQUESTER,
  replies,
  requestImport,
  settle,
  useHarness,
  WEBHOOK,
} from '../helpers/bot-harness';

/** Thread messages about one order's status ("Order `id` (n numbers): …"). */
function statusMessages(h: Harness, card: FakeMessage, orderId: string): FakeMessage[] {
  return replies(h, card).filter((m) => (m.text ?? '').startsWith(`Order \`${orderId}\``));
}

/** The end-of-import messages the whole channel sees. */
function broadcasts(h: Harness, card: FakeMessage): FakeMessage[] {
  return replies(h, card).filter((m) => m.reply_broadcast);
}

describe('orders and their status', () => {
  let h: Harness;
  useHarness({}, (started) => {
    h = started;
  });

  it('moves the card and the thread with each notification, and announces completion to the channel', async () => {
    const { card, requestId } = await requestImport(h, '919-555-5001, 919-555-5002');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    const orderId = order!.orderId;
    const created = replies(h, card).find((m) => (m.text ?? '').includes('accepted'));
    expect(created?.text).toContain(orderId);

    await advance(h);
    expect(statusMessages(h, card, orderId)).toHaveLength(1);
    expect(statusMessages(h, card, orderId)[0]?.text).toMatch(/processing/i);
    expect((await h.bot.workflow.getRequest(requestId))?.orders[0]?.status).toBe('PROCESSING');

    await advance(h);
    expect(statusMessages(h, card, orderId)).toHaveLength(2);
    const [done] = broadcasts(h, card);
    expect(broadcasts(h, card)).toHaveLength(1);
    expect(blocksText(done)).toContain(`<@${REQUESTER}>`);
    expect(blocksText(done)).toMatch(/complete/);
    expect(blocksText(currentCard(h, card))).toMatch(/Done\./);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('complete');
    // Every notification was answered 200 after the Basic challenge.
    const answered = h.sim.deliveries.filter((d) => d.orderId === orderId && d.attempt === 2);
    expect(answered.map((d) => d.responseStatus)).toEqual([200, 200]);
  });

  it('tells each status change once when Bandwidth sends every notification twice', async () => {
    h.sim.faults.addNotification({ fault: { kind: 'duplicate' } });
    const { card, requestId } = await requestImport(h, '919-555-5101');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    expect(h.sim.notificationFaults.filter((f) => f.action === 'duplicated').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(statusMessages(h, card, order!.orderId)).toHaveLength(2);
    expect(broadcasts(h, card)).toHaveLength(1);
    const cardUpdates = currentCard(h, card).updates.length;
    await h.bot.poller.runOnce();
    await settle(h);
    expect(currentCard(h, card).updates).toHaveLength(cardUpdates);
  });

  it('catches up on dropped notifications with the poller, once', async () => {
    h.sim.faults.addNotification({ fault: { kind: 'drop' } });
    const { card, requestId } = await requestImport(h, '919-555-5201');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    expect(h.sim.importOrder(order!.orderId)?.status).toBe('COMPLETE');
    expect(statusMessages(h, card, order!.orderId)).toHaveLength(0);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('submitted');

    expect(await h.bot.poller.runOnce()).toBe(true);
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('complete');
    expect(statusMessages(h, card, order!.orderId)).toHaveLength(1);
    expect(broadcasts(h, card)).toHaveLength(1);

    await h.bot.poller.runOnce();
    await settle(h);
    expect(statusMessages(h, card, order!.orderId)).toHaveLength(1);
    expect(broadcasts(h, card)).toHaveLength(1);
  });

  it('never moves a finished order back, whatever arrives late', async () => {
    const { card, requestId } = await requestImport(h, '919-555-5301');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    const told = replies(h, card).length;
    const cardUpdates = currentCard(h, card).updates.length;

    // A late PROCESSING, straight to the webhook with the right credentials.
    const late = await fetch(`${h.url}${h.config.webhook.path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/xml',
        authorization: `Basic ${Buffer.from(`${WEBHOOK.username}:${WEBHOOK.password}`).toString('base64')}`,
      },
      body: `<?xml version="1.0"?><Notification><OrderType>importtnorders</OrderType><OrderId>${order!.orderId}</OrderId><CustomerOrderId>${requestId}</CustomerOrderId><Status>PROCESSING</Status><Message>late</Message></Notification>`,
    });
    expect(late.status).toBe(200);
    // And Bandwidth ops setting it back.
    await h.sim.setOrderStatus(order!.orderId, 'PROCESSING');
    await settle(h);
    expect(replies(h, card)).toHaveLength(told);
    expect(currentCard(h, card).updates).toHaveLength(cardUpdates);
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.state).toBe('complete');
    expect(request?.orders[0]?.status).toBe('COMPLETE');
  });

  it('ends a partial import with a broadcast listing each failed number, its code and reason', async () => {
    const { card, requestId } = await requestImport(h, '919-555-5401, 919-555-7518, 919-555-5163');
    await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    const [end] = broadcasts(h, card);
    expect(broadcasts(h, card)).toHaveLength(1);
    const text = blocksText(end);
    expect(text).toContain(`<@${REQUESTER}>`);
    expect(text).toMatch(/partly completed/);
    expect(text).toMatch(/919\D*555\D*7518/);
    expect(text).toContain('7518');
    expect(text).toMatch(/Not Active/i);
    expect(text).toMatch(/919\D*555\D*5163/);
    expect(text).toContain('5163');
    expect(text).not.toMatch(/919\D*555\D*5401/);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('partial');
  });

  it('ends a failed import with a broadcast listing the failed numbers with code and reason', async () => {
    const { card, requestId } = await requestImport(h, '919-555-7518, 919-555-5163');
    await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    const [end] = broadcasts(h, card);
    expect(broadcasts(h, card)).toHaveLength(1);
    const text = blocksText(end);
    expect(text).toContain(`<@${REQUESTER}>`);
    expect(text).toMatch(/failed: no number was imported/);
    expect(text).toContain('7518');
    expect(text).toContain('5163');
    expect(text).toMatch(/919\D*555\D*5163/);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('failed');
  });

  it('ends an EXCEPTION order with a broadcast telling the requester to ask Bandwidth', async () => {
    const { card, requestId } = await requestImport(h, '919-555-0911');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    expect(h.sim.importOrder(order!.orderId)?.status).toBe('EXCEPTION');
    const [end] = broadcasts(h, card);
    expect(broadcasts(h, card)).toHaveLength(1);
    expect(blocksText(end)).toContain(`<@${REQUESTER}>`);
    expect(blocksText(end)).toContain(order!.orderId);
    expect(blocksText(end)).toMatch(/Bandwidth support/);
  });

  it("tells the request's thread when messaging is lost on one of its numbers", async () => {
    const { card, requestId } = await requestImport(h, '919-555-5501, 919-555-5502');
    await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    const before = broadcasts(h, card).length;
    await h.sim.emitMessagingLost(['9195555502']);
    await settle(h);
    const lost = broadcasts(h, card).slice(before);
    expect(lost).toHaveLength(1);
    expect(blocksText(lost[0])).toContain(`<@${REQUESTER}>`);
    expect(blocksText(lost[0])).toMatch(/919\D*555\D*5502/);
    expect(blocksText(lost[0])).not.toMatch(/919\D*555\D*5501/);
    expect(h.fake.channelMessages(CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts)).toHaveLength(
      1,
    );
  });
});

describe('a request larger than one order', () => {
  let h: Harness;
  useHarness({ env: { MAX_NUMBERS_PER_ORDER: '2' } }, (started) => {
    h = started;
  });

  it('is split over several orders, each followed, with one announcement at the end', async () => {
    const { card, requestId } = await requestImport(
      h,
      '919-555-5601, 919-555-5602, 919-555-5603, 919-555-5604, 919-555-5605',
    );
    const orders = await approveAndWaitForOrders(h, requestId, card, 3);
    expect(orders.map((o) => o.customerOrderId).sort()).toEqual(
      [requestId, `${requestId}-2`, `${requestId}-3`].sort(),
    );
    expect(orders.flatMap((o) => o.telephoneNumbers).sort()).toEqual([
      '9195555601',
      '9195555602',
      '9195555603',
      '9195555604',
      '9195555605',
    ]);
    const told = replies(h, card)
      .map((m) => m.text ?? '')
      .join('\n');
    for (const o of orders) expect(told).toContain(o.orderId);
    await advance(h);
    await advance(h);
    for (const o of orders) expect(statusMessages(h, card, o.orderId)).toHaveLength(2);
    expect(broadcasts(h, card)).toHaveLength(1);
    expect(blocksText(broadcasts(h, card)[0])).toMatch(/5 numbers/);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('complete');
    const cardText = blocksText(currentCard(h, card));
    for (const o of orders) expect(cardText).toContain(o.orderId);
  });
});
