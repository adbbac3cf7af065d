import { request } from 'undici';
import type { ForgeryKind } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import { APPROVER, CHANNEL, type Harness, startHarness, WEBHOOK } from '../helpers/bot-harness';
import { countReplies, requestImport, sleep } from './helpers/flow';
import { expectNoSecrets } from './helpers/secrets';

/**
 * Not 'future-timestamp': Bolt's verifier only refuses timestamps more than five minutes old, and
 * a future one can only be signed by someone holding the secret (see the reliability notes).
 */
const FORGERIES: ForgeryKind[] = [
  'bad-signature',
  'stale-timestamp',
  'missing-signature',
  'missing-timestamp',
  'tampered-body',
];

/** A notification body as Bandwidth posts it. */
function notification(orderId: string, status: string, customerOrderId?: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Notification>' +
    `<Status>${status}</Status><SubscriptionId>sub-1</SubscriptionId><Message>Import TN order</Message>` +
    `<OrderId>${orderId}</OrderId><OrderType>importtnorders</OrderType>` +
    (customerOrderId ? `<CustomerOrderId>${customerOrderId}</CustomerOrderId>` : '') +
    '</Notification>'
  );
}

describe('forged traffic', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expectNoSecrets(h);
    await h.close();
  });

  /** The bot did nothing: no Slack call, no Bandwidth call, no request stored. */
  async function expectUntouched(slackCallsBefore: number, bandwidthCallsBefore: number): Promise<void> {
    await sleep(100);
    await h.bot.jobs.idle();
    expect(h.fake.calls.length).toBe(slackCallsBefore);
    expect(h.sim.requests.length).toBe(bandwidthCallsBefore);
  }

  describe('Slack requests', () => {
    it.each(FORGERIES)('refuses a slash command with %s with 401 and does nothing', async (kind) => {
      const calls = h.fake.calls.length;
      const bandwidth = h.sim.requests.length;
      const forged = await h.slack.sendForged(
        kind,
        new URLSearchParams({
          command: '/hosted',
          text: 'import 919-555-1234',
          user_id: APPROVER,
          channel_id: CHANNEL,
          trigger_id: h.fake.mintTriggerId(APPROVER),
          response_url: h.fake.mintResponseUrl(),
          team_id: 'T0SANDBOX',
        }).toString(),
      );
      expect(forged.status).toBe(401);
      await expectUntouched(calls, bandwidth);
      expect(await h.bot.workflow.listOpenRequests()).toEqual([]);
    });

    it.each(FORGERIES)(
      'refuses an Approve click with %s: no order, the request still waits',
      async (kind) => {
        const { card, requestId } = await requestImport(h, '919-555-3001');
        await h.bot.jobs.idle();
        const calls = h.fake.calls.length;
        const bandwidth = h.sim.requests.length;
        // The click a real approver would make, signed wrongly.
        const genuine = await h.slack.sendBlockAction({
          actionId: ids.card.approve,
          blockId: ids.card.actionsBlock,
          value: requestId,
          userId: APPROVER,
          messageTs: card.ts,
          channelId: CHANNEL,
        });
        expect(genuine.status).toBe(200);
        // Undo what the genuine click did is impossible, so forge on a second, fresh request instead.
        const second = await requestImport(h, '919-555-3002');
        await h.bot.jobs.idle();
        const before = { calls: h.fake.calls.length, bandwidth: h.sim.requests.length };
        const forged = await h.slack.sendForged(
          kind,
          genuine.request.body.replace(requestId, second.requestId),
        );
        expect(forged.status).toBe(401);
        await expectUntouched(before.calls, before.bandwidth);
        expect((await h.bot.workflow.getRequest(second.requestId))?.state).toBe('awaiting_approval');
        expect(h.sim.importOrders().filter((o) => o.customerOrderId === second.requestId)).toHaveLength(0);
        expect(calls).toBeGreaterThan(0);
        expect(bandwidth).toBeGreaterThan(0);
      },
    );

    it('refuses a replayed click whose signature was valid six minutes ago', async () => {
      const { card, requestId } = await requestImport(h, '919-555-3003');
      await h.bot.jobs.idle();
      const before = { calls: h.fake.calls.length, bandwidth: h.sim.requests.length };
      const body = new URLSearchParams({
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: APPROVER },
          team: { id: 'T0SANDBOX' },
          channel: { id: CHANNEL },
          container: { type: 'message', message_ts: card.ts, channel_id: CHANNEL },
          message: { ts: card.ts },
          trigger_id: h.fake.mintTriggerId(APPROVER),
          actions: [
            {
              type: 'button',
              action_id: ids.card.approve,
              block_id: ids.card.actionsBlock,
              value: requestId,
            },
          ],
        }),
      }).toString();
      const replayed = await h.slack.sendForged('stale-timestamp', body);
      expect(replayed.status).toBe(401);
      await expectUntouched(before.calls, before.bandwidth);
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');
    });
  });

  describe('Bandwidth notifications', () => {
    const url = () => `${h.url}${h.config.webhook.path}`;
    const post = (body: string, authorization?: string) =>
      request(url(), {
        method: 'POST',
        headers: {
          'content-type': 'application/xml',
          ...(authorization === undefined ? {} : { authorization }),
        },
        body,
      }).then(async (r) => ({ status: r.statusCode, headers: r.headers, text: await r.body.text() }));
    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

    /** A request with an order, so forged notifications have something real to aim at. */
    async function orderedRequest(number: string) {
      const { card, requestId } = await requestImport(h, number);
      await h.slack.sendBlockAction({
        actionId: ids.card.approve,
        blockId: ids.card.actionsBlock,
        value: requestId,
        userId: APPROVER,
        messageTs: card.ts,
        channelId: CHANNEL,
      });
      await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1, 5_000);
      await h.bot.jobs.idle();
      const order = h.sim.importOrders().find((o) => o.customerOrderId === requestId);
      if (!order) throw new Error('no order');
      return { card, requestId, orderId: order.orderId };
    }

    it.each([
      ['no credentials', undefined],
      ['a wrong password', basic(WEBHOOK.username, 'not-the-password')],
      ['a wrong user', basic('someone-else', WEBHOOK.password)],
      ['the password alone', basic('', WEBHOOK.password)],
      ['Bearer instead of Basic', `Bearer ${WEBHOOK.password}`],
      ['a garbled Basic value', 'Basic !!!not-base64!!!'],
      ['credentials one byte longer', basic(WEBHOOK.username, `${WEBHOOK.password}x`)],
    ])('answers 401 to a COMPLETE notification with %s, and nothing moves', async (_label, authorization) => {
      const { card, requestId, orderId } = await orderedRequest('919-555-3101');
      const before = { messages: h.fake.messages.length, updates: h.fake.callsTo('chat.update').length };
      const response = await post(notification(orderId, 'COMPLETE', requestId), authorization);
      expect(response.status).toBe(401);
      expect(String(response.headers['www-authenticate'])).toMatch(/^Basic /);
      await sleep(100);
      await h.bot.jobs.idle();
      const request = await h.bot.workflow.getRequest(requestId);
      expect(request?.state).toBe('submitted');
      expect(request?.orders[0]?.status).not.toBe('COMPLETE');
      expect(h.fake.messages.length).toBe(before.messages);
      expect(h.fake.callsTo('chat.update').length).toBe(before.updates);
      expect(countReplies(h.fake, card.ts, /complete/i)).toBe(0);
    });

    it('ignores a correctly authenticated notification for an order it does not know, posting nothing', async () => {
      await orderedRequest('919-555-3102');
      const before = { messages: h.fake.messages.length, calls: h.fake.calls.length };
      const auth = basic(WEBHOOK.username, WEBHOOK.password);
      const unknown = await post(notification('00000000-0000-0000-0000-000000000000', 'COMPLETE'), auth);
      const unknownCustomer = await post(
        notification('11111111-1111-1111-1111-111111111111', 'FAILED', 'HM-NOSUCH'),
        auth,
      );
      expect([unknown.status, unknownCustomer.status]).toEqual([200, 200]);
      await sleep(100);
      await h.bot.jobs.idle();
      expect(h.fake.messages.length).toBe(before.messages);
      expect(h.fake.calls.length).toBe(before.calls);
      expect(await h.bot.workflow.listOpenRequests()).toHaveLength(1);
    });

    it('does not let a notification naming one request move the order of another', async () => {
      const a = await orderedRequest('919-555-3103');
      const b = await orderedRequest('919-555-3104');
      const auth = basic(WEBHOOK.username, WEBHOOK.password);
      // A's order id with B's CustomerOrderId: the order index wins, B is untouched.
      const response = await post(notification(a.orderId, 'FAILED', b.requestId), auth);
      expect(response.status).toBe(200);
      await h.bot.jobs.idle();
      expect((await h.bot.workflow.getRequest(b.requestId))?.orders[0]?.status).not.toBe('FAILED');
    });

    it('answers the method and path it does not serve without touching anything', async () => {
      const get = await request(url(), { method: 'GET' });
      await get.body.dump();
      expect(get.statusCode).toBe(405);
    });
  });
});
