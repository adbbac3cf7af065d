import { request } from 'undici';
import {
  approveAndWaitForOrders,
  type Harness,
  replies,
  requestImport,
  settle,
  slackRefusals,
  startHarness,
  WEBHOOK,
} from '../helpers/bot-harness';

const RIGHT = `Basic ${Buffer.from(`${WEBHOOK.username}:${WEBHOOK.password}`).toString('base64')}`;
const WRONG = `Basic ${Buffer.from(`${WEBHOOK.username}:not-the-password`).toString('base64')}`;

function notification(orderId: string, status: string, customerOrderId = 'HM-UNKNOWN'): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<Notification><SubscriptionId>sub-1</SubscriptionId><OrderType>importtnorders</OrderType>` +
    `<OrderId>${orderId}</OrderId><CustomerOrderId>${customerOrderId}</CustomerOrderId>` +
    `<Status>${status}</Status><Message>Import TN order processing has started.</Message></Notification>`
  );
}

describe('the Bandwidth webhook', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await settle(h);
    expect(slackRefusals(h.fake)).toEqual([]);
    await h.close();
  });

  async function post(body: string | Buffer, headers: Record<string, string> = {}, method = 'POST') {
    const answer = await request(`${h.url}${h.config.webhook.path}`, {
      method: method as 'POST',
      headers: { 'content-type': 'application/xml', ...headers },
      body: method === 'GET' ? undefined : body,
    });
    return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
  }

  async function metric(name: string, labels: string): Promise<number> {
    const text = await (await fetch(`${h.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  /** Numbers already asked for: a number stays with the first open request that holds it. */
  let ordered = 0;

  /** A request with an order in PROCESSING, and what its thread holds. */
  async function processingOrder() {
    ordered += 1;
    const { card, requestId } = await requestImport(h, `919-555-${6000 + ordered}`);
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    await h.sim.advance();
    await settle(h);
    return { card, requestId, orderId: order!.orderId };
  }

  it('challenges a POST without credentials: 401 with WWW-Authenticate: Basic', async () => {
    const answer = await post(notification('00000000-0000-4000-8000-000000000001', 'COMPLETE'));
    expect(answer.status).toBe(401);
    expect(String(answer.headers['www-authenticate'])).toMatch(/^Basic /);
  });

  it('refuses wrong credentials with 401 and counts them', async () => {
    const before = await metric('hosted_bot_bandwidth_notifications_total', 'outcome="unauthorized"');
    const answer = await post(notification('00000000-0000-4000-8000-000000000001', 'COMPLETE'), {
      authorization: WRONG,
    });
    expect(answer.status).toBe(401);
    expect(String(answer.headers['www-authenticate'])).toMatch(/^Basic /);
    expect(await metric('hosted_bot_bandwidth_notifications_total', 'outcome="unauthorized"')).toBe(
      before + 1,
    );
  });

  it('accepts the right credentials with 200', async () => {
    const { card, orderId } = await processingOrder();
    const told = replies(h, card).length;
    const answer = await post(notification(orderId, 'COMPLETE'), { authorization: RIGHT });
    expect(answer.status).toBe(200);
    await settle(h);
    expect(replies(h, card).length).toBeGreaterThan(told);
  });

  it.each([
    ['malformed XML', '<Notification><OrderId>x</Notification', 400],
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE n [<!ENTITY x "y">]><Notification/>', 400],
    ['XML that is not a notification', '<Other><Thing>1</Thing></Other>', 400],
    ['an unknown status', notification('00000000-0000-4000-8000-000000000002', 'DANCING'), 400],
  ])('refuses %s with %i, and changes nothing', async (_what, body, status) => {
    const { card, requestId } = await processingOrder();
    const told = replies(h, card).length;
    const before = await h.bot.workflow.getRequest(requestId);
    const answer = await post(body, { authorization: RIGHT });
    expect(answer.status).toBe(status);
    await settle(h);
    expect(replies(h, card)).toHaveLength(told);
    expect(await h.bot.workflow.getRequest(requestId)).toEqual(before);
  });

  it('refuses a body over the size limit with 413, and changes nothing', async () => {
    const { card, orderId } = await processingOrder();
    const told = replies(h, card).length;
    const padding = `<Message>${'x'.repeat(1024 * 1024 + 10)}</Message>`;
    const answer = await post(notification(orderId, 'COMPLETE').replace('<Message>', `${padding}<Message>`), {
      authorization: RIGHT,
    });
    expect(answer.status).toBe(413);
    await settle(h);
    expect(replies(h, card)).toHaveLength(told);
  });

  it('answers 200 to a notification for an order it does not know, and posts nothing', async () => {
    const calls = h.fake.calls.length;
    const answer = await post(
      notification('00000000-0000-4000-8000-00000000dead', 'COMPLETE', 'HM-NOTOURS'),
      {
        authorization: RIGHT,
      },
    );
    expect(answer.status).toBe(200);
    await settle(h);
    expect(h.fake.calls.length).toBe(calls);
  });

  it('answers GET with 405', async () => {
    const answer = await post('', { authorization: RIGHT }, 'GET');
    expect(answer.status).toBe(405);
    expect(String(answer.headers.allow)).toBe('POST');
  });

  it('shows its counters in /metrics', async () => {
    const answer = await fetch(`${h.url}/metrics`);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    for (const outcome of [
      'challenged',
      'unauthorized',
      'accepted',
      'malformed',
      'too_large',
      'unknown_order',
    ]) {
      expect(text).toMatch(
        new RegExp(`hosted_bot_bandwidth_notifications_total\\{[^}]*outcome="${outcome}"`),
      );
    }
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
