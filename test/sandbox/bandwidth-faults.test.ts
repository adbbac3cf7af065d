import { parseXml } from '../../src/xml';
import { at, Harness, importOrderXml, Receiver, xmlBody } from './bandwidth-helpers';

describe('Bandwidth simulator: HTTP faults', () => {
  let h: Harness;
  let clock: number;
  beforeEach(async () => {
    clock = 1_700_000_000_000;
    h = await Harness.start({ now: () => clock });
  });
  afterEach(() => h.close());

  const list = () => h.call('GET', `${h.account}/importTnOrders`);

  it('answers a 5xx for N matching requests, then normally', async () => {
    const fault = h.sim.faults.add({
      method: 'GET',
      path: /importTnOrders$/i,
      times: 2,
      fault: { kind: 'status', status: 503 },
    });
    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(503);
    expect((await list()).status).toBe(200);
    expect(fault.hits).toBe(2);
    expect(h.sim.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('only matches the given method and path', async () => {
    h.sim.faults.add({ method: 'POST', path: /importTnChecker/i, fault: { kind: 'status', status: 500 } });
    expect((await list()).status).toBe(200);
  });

  it('keeps a rule until it is cleared', async () => {
    const fault = h.sim.faults.add({ fault: { kind: 'status', status: 502 } });
    expect((await list()).status).toBe(502);
    expect((await list()).status).toBe(502);
    fault.clear();
    expect((await list()).status).toBe(200);
  });

  it('answers 429 with an empty body, X-RateLimit-Reset in epoch seconds and/or Retry-After', async () => {
    h.sim.faults.add({ times: 1, fault: { kind: 'rateLimit', resetInSeconds: 30 } });
    const reset = await list();
    expect([reset.status, reset.text]).toEqual([429, '']);
    expect(reset.headers['x-ratelimit-reset']).toBe(String(1_700_000_000 + 30));
    expect(reset.headers['retry-after']).toBeUndefined();
    h.sim.faults.add({ times: 1, fault: { kind: 'rateLimit', retryAfterSeconds: 7 } });
    const retry = await list();
    expect([retry.status, retry.headers['retry-after'], retry.headers['x-ratelimit-reset']]).toEqual([
      429,
      '7',
      undefined,
    ]);
  });

  it('adds latency to matching requests and still answers', async () => {
    h.sim.faults.add({ times: 1, fault: { kind: 'latency', ms: 50 } });
    h.sim.faults.setLatency(10);
    expect((await list()).status).toBe(200);
  });

  it('hangs until the client gives up, without keeping the simulator from closing', async () => {
    h.sim.faults.add({ times: 1, fault: { kind: 'hang' } });
    await expect(h.call('GET', `${h.account}/importTnOrders`, { headersTimeout: 200 })).rejects.toThrow();
    expect(h.sim.requests[0]?.status).toBe('hang');
    const other = await Harness.start();
    other.sim.faults.add({ fault: { kind: 'hang' } });
    const pending = other.call('GET', `${other.account}/importTnOrders`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.sim.close();
    await expect(pending).rejects.toThrow();
    await other.close();
  });

  it('resets the connection', async () => {
    h.sim.faults.add({ times: 1, fault: { kind: 'reset' } });
    await expect(list()).rejects.toThrow();
    expect((await list()).status).toBe(200);
  });

  it('creates the order but loses the response', async () => {
    h.sim.faults.add({ method: 'POST', path: /importTnOrders$/i, times: 1, fault: { kind: 'lostResponse' } });
    await expect(
      h.call('POST', `${h.account}/importTnOrders`, {
        body: importOrderXml(['9195551234'], { customerOrderId: 'REQ-9' }),
      }),
    ).rejects.toThrow();
    expect(h.sim.importOrders()).toHaveLength(1);
    const found = await h.call('GET', `${h.account}/importTnOrders?customerOrderId=REQ-9`);
    expect(at(found.xml, 'ImportTnOrders', 'TotalCount')).toBe('1');
  });

  it('applies faults to the token endpoint too', async () => {
    h.sim.faults.add({ path: /oauth2\/token$/, times: 1, fault: { kind: 'status', status: 500 } });
    await expect(h.token()).rejects.toThrow();
    expect(h.sim.tokenRequestCount).toBe(0);
    expect(typeof (await h.token())).toBe('string');
  });

  it('survives garbage: bad percent-encoding, odd methods, huge headers', async () => {
    expect((await h.call('GET', '/api/accounts/%E0%A4%A/importTnOrders')).status).toBe(400);
    expect((await h.call('PATCH', `${h.account}/importTnOrders`)).status).toBe(405);
    expect(
      (await h.call('GET', `${h.account}/importTnOrders`, { headers: { 'x-big': 'y'.repeat(10_000) } }))
        .status,
    ).toBe(200);
  });
});

describe('Bandwidth simulator: notification faults', () => {
  let h: Harness;
  let hook: Receiver;
  beforeEach(async () => {
    h = await Harness.start();
    hook = await Receiver.start();
    const response = await h.call('POST', `${h.account}/subscriptions`, {
      body: xmlBody(
        `<Subscription><OrderType>importtnorders</OrderType><CallbackSubscription><URL>${hook.url}</URL></CallbackSubscription></Subscription>`,
      ),
    });
    expect(response.status).toBe(201);
  });
  afterEach(async () => {
    await h.close();
    await hook.close();
  });

  async function order(tn: string): Promise<string> {
    const response = await h.call('POST', `${h.account}/importTnOrders`, { body: importOrderXml([tn]) });
    return String(at(response.xml, 'ImportTnOrderResponse', 'ImportTnOrder', 'OrderId'));
  }
  const statuses = () => hook.received.map((r) => String(at(parseXml(r.body), 'Notification', 'Status')));

  it('drops a notification', async () => {
    h.sim.faults.addNotification({ status: 'PROCESSING', times: 1, fault: { kind: 'drop' } });
    await order('9195551234');
    await h.sim.advance();
    await h.sim.advance();
    expect(statuses()).toEqual(['COMPLETE']);
    expect(h.sim.notificationFaults.map((f) => f.action)).toEqual(['dropped']);
  });

  it('duplicates a notification', async () => {
    h.sim.faults.addNotification({ status: 'COMPLETE', fault: { kind: 'duplicate' } });
    await order('9195551234');
    await h.sim.advance();
    await h.sim.advance();
    expect(statuses()).toEqual(['PROCESSING', 'COMPLETE', 'COMPLETE']);
  });

  it('holds notifications and delivers them later in reverse order', async () => {
    const id = await order('9195551234');
    h.sim.faults.addNotification({ orderId: id, times: 2, fault: { kind: 'reorder' } });
    await h.sim.advance();
    expect(statuses()).toEqual([]);
    await h.sim.advance();
    expect(statuses()).toEqual(['COMPLETE', 'PROCESSING']);
  });

  it('releases held notifications on flushNotifications()', async () => {
    h.sim.faults.addNotification({ fault: { kind: 'reorder' } });
    await order('9195551234');
    await h.sim.advance();
    await h.sim.advance();
    expect(statuses()).toEqual([]);
    await h.sim.flushNotifications();
    expect(statuses()).toEqual(['COMPLETE', 'PROCESSING']);
  });
});

describe('Bandwidth simulator: schedule', () => {
  it('moves orders on timers when a schedule is given', async () => {
    const h = await Harness.start({ schedule: { toProcessingMs: 1, toFinalMs: 1 } });
    try {
      const response = await h.call('POST', `${h.account}/importTnOrders`, {
        body: importOrderXml(['9195551234']),
      });
      const id = String(at(response.xml, 'ImportTnOrderResponse', 'ImportTnOrder', 'OrderId'));
      for (let i = 0; i < 200 && h.sim.importOrder(id)?.status !== 'COMPLETE'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(h.sim.importOrder(id)?.status).toBe('COMPLETE');
    } finally {
      await h.close();
    }
  });
});
