import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BandwidthApiError,
  BandwidthHttpError,
  BandwidthRateLimitError,
  BandwidthResponseError,
  BandwidthTransportError,
  createBandwidthClient,
} from '../../src/api';
import { backoffDelay, DEFAULT_RETRY } from '../../src/api/retry';
import { clientOptions, importOrderInput, recordingSleep, requestsTo, useSimulator } from './helpers';

const ORDERS = /\/importTnOrders$/;

describe('backoffDelay', () => {
  it('doubles from the base, caps at maxDelayMs, and jitters within the upper half of each step', () => {
    const options = { maxAttempts: 10, baseDelayMs: 250, maxDelayMs: 8_000 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, options, () => 0))).toEqual([
      125, 250, 500, 1000, 2000, 4000, 4000,
    ]);
    expect(backoffDelay(7, options, () => 0.999999)).toBe(8_000);
    expect(backoffDelay(1, DEFAULT_RETRY, () => 0.5)).toBe(188);
  });
});

describe('retries of safe calls', () => {
  const clock = { now: 1_800_000_000_000 };
  const recorder = recordingSleep();
  const { sim, client, track } = useSimulator(
    { now: () => clock.now },
    { sleep: recorder.sleep, now: () => clock.now, random: () => 0.5 },
  );
  beforeEach(() => {
    recorder.delays.length = 0;
  });

  it('retries 5xx with capped, jittered exponential backoff and succeeds', async () => {
    sim().faults.add({ path: ORDERS, times: 3, fault: { kind: 'status', status: 503 } });
    await expect(client().listImportOrders()).resolves.toMatchObject({ totalCount: 0 });
    expect(recorder.delays).toEqual([188, 375, 750]);
    expect(requestsTo(sim(), 'GET', ORDERS).map((r) => r.status)).toEqual([503, 503, 503, 200]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    sim().faults.add({ path: ORDERS, fault: { kind: 'status', status: 500 } });
    const error = await client()
      .listImportOrders()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthHttpError);
    expect(error).toMatchObject({
      status: 500,
      method: 'GET',
      path: `/accounts/${sim().accountId}/importTnOrders`,
    });
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(4);
    expect(recorder.delays).toHaveLength(3);
  });

  it('waits until X-RateLimit-Reset after a 429', async () => {
    sim().faults.add({ path: ORDERS, times: 1, fault: { kind: 'rateLimit', resetInSeconds: 7 } });
    await client().listImportOrders();
    expect(recorder.delays).toEqual([7_000]);
  });

  it('reads Retry-After when there is no reset header', async () => {
    sim().faults.add({ path: ORDERS, times: 1, fault: { kind: 'rateLimit', retryAfterSeconds: 3 } });
    await client().listImportOrders();
    expect(recorder.delays).toEqual([3_000]);
  });

  it('throws BandwidthRateLimitError with retryAfterMs at once when the reset is beyond the cap', async () => {
    sim().faults.add({ path: ORDERS, times: 1, fault: { kind: 'rateLimit', resetInSeconds: 3_600 } });
    const error = await client()
      .listImportOrders()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthRateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 3_600_000 });
    expect(recorder.delays).toEqual([]);
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(1);
  });

  it('retries a reset connection', async () => {
    sim().faults.add({ path: ORDERS, times: 2, fault: { kind: 'reset' } });
    await expect(client().listImportOrders()).resolves.toMatchObject({ totalCount: 0 });
    expect(recorder.delays).toEqual([188, 375]);
  });

  it('does not retry a definite 4xx', async () => {
    sim().faults.add({
      path: ORDERS,
      fault: {
        kind: 'status',
        status: 403,
        body: '<ErrorResponse><ResponseStatus><ErrorCode>1001</ErrorCode><Description>Access Denied</Description></ResponseStatus></ErrorResponse>',
      },
    });
    const error = await client()
      .listImportOrders()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(error).toMatchObject({ status: 403, code: '1001' });
    expect(recorder.delays).toEqual([]);
  });

  it('ends a hanging call with BandwidthTransportError timedOut, on every attempt', async () => {
    const fast = track(
      createBandwidthClient(
        clientOptions(sim(), { timeoutMs: 150, retry: { maxAttempts: 2 }, sleep: recorder.sleep }),
      ),
    );
    await fast.listImportOrders(); // token fetched before the hang starts
    sim().faults.add({ path: ORDERS, fault: { kind: 'hang' } });
    const error = await fast.listImportOrders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthTransportError);
    expect(error).toMatchObject({ timedOut: true, method: 'GET' });
    expect((error as Error).message).toContain('/importTnOrders');
    expect(requestsTo(sim(), 'GET', ORDERS).map((r) => r.status)).toEqual([200, 'hang', 'hang']);
  });
});

describe('creating an order is never blindly retried', () => {
  const recorder = recordingSleep();
  const { sim, client } = useSimulator({}, { sleep: recorder.sleep });

  it('after a lost response finds the order instead of creating a second one', async () => {
    sim().faults.add({ method: 'POST', path: ORDERS, times: 1, fault: { kind: 'lostResponse' } });
    const order = await client().createImportOrder(importOrderInput('req-lost', ['9195550100']));
    expect(sim().importOrders()).toHaveLength(1);
    expect(order.orderId).toBe(sim().importOrders()[0]!.orderId);
    expect(requestsTo(sim(), 'POST', ORDERS)).toHaveLength(1);
  });

  it('after a timeout looks up, and leaves the create to a later attempt instead of sending it again', async () => {
    const impatient = createBandwidthClient(clientOptions(sim(), { timeoutMs: 200, sleep: recorder.sleep }));
    try {
      await impatient.listImportOrders(); // token fetched before the hang
      sim().faults.add({ method: 'POST', path: ORDERS, times: 1, fault: { kind: 'hang' } });
      const error = await impatient
        .createImportOrder(importOrderInput('req-slow', ['9195550100']))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BandwidthTransportError);
      expect(error).toMatchObject({ timedOut: true });
      expect(requestsTo(sim(), 'POST', ORDERS).map((r) => r.status)).toEqual(['hang']);
      expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(2);
      // The later attempt (the workflow's poller) looks up first and creates once.
      const order = await impatient.createImportOrder(importOrderInput('req-slow', ['9195550100']));
      expect(
        sim()
          .importOrders()
          .map((o) => o.orderId),
      ).toEqual([order.orderId]);
    } finally {
      await impatient.close();
    }
  });

  it('never doubles a create that lands at Bandwidth after the client stopped waiting', async () => {
    // A server that takes every create it received in full, acting on it 300 ms later whether or
    // not the client is still there, as a slow Bandwidth does. The simulator cannot: its latency
    // fault reads the body after the wait, and a client gone by then leaves nothing to create.
    const created: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST') {
          const id = /<CustomerOrderId>([^<]+)</.exec(Buffer.concat(chunks).toString())?.[1] ?? '?';
          setTimeout(() => created.push(id), 300);
          return; // never answers: the client times out
        }
        const rows = created
          .map(
            (id, i) =>
              `<ImportTnOrderSummary><CustomerOrderId>${id}</CustomerOrderId><OrderId>o-${i}</OrderId><OrderStatus>RECEIVED</OrderStatus></ImportTnOrderSummary>`,
          )
          .join('');
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<ImportTnOrders><TotalCount>${created.length}</TotalCount>${rows}</ImportTnOrders>`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const slow = createBandwidthClient({
      accountId: '9900000',
      apiUrl: `http://127.0.0.1:${port}/api`,
      username: 'u',
      password: 'p',
      timeoutMs: 100,
      sleep: recorder.sleep,
    });
    try {
      await expect(
        slow.createImportOrder(importOrderInput('req-late', ['9195550100'])),
      ).rejects.toBeInstanceOf(BandwidthTransportError);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(created).toEqual(['req-late']);
    } finally {
      await slow.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('creates again when a 5xx left nothing behind, and ends with one order', async () => {
    sim().faults.add({ method: 'POST', path: ORDERS, times: 1, fault: { kind: 'status', status: 502 } });
    const order = await client().createImportOrder(importOrderInput('req-502', ['9195550100']));
    expect(
      sim()
        .importOrders()
        .map((o) => o.orderId),
    ).toEqual([order.orderId]);
    expect(requestsTo(sim(), 'POST', ORDERS)).toHaveLength(2);
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(1);
    expect(recorder.delays.length).toBeGreaterThan(0);
  });

  it('creates again after a reset connection that never reached the handler', async () => {
    sim().faults.add({ method: 'POST', path: ORDERS, times: 2, fault: { kind: 'reset' } });
    await client().createImportOrder(importOrderInput('req-reset', ['9195550100']));
    expect(sim().importOrders()).toHaveLength(1);
    expect(requestsTo(sim(), 'POST', ORDERS)).toHaveLength(3);
  });

  it('repeats a 429 (refused before any work) without a lookup', async () => {
    sim().faults.add({
      method: 'POST',
      path: ORDERS,
      times: 1,
      fault: { kind: 'rateLimit', retryAfterSeconds: 2 },
    });
    await client().createImportOrder(importOrderInput('req-429', ['9195550100']));
    expect(sim().importOrders()).toHaveLength(1);
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(0);
  });

  it('does not retry or look up after a definite 4xx', async () => {
    const error = await client()
      .createImportOrder({ ...importOrderInput('req-400', ['9195550100']), siteId: 'none' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(requestsTo(sim(), 'POST', ORDERS)).toHaveLength(1);
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(0);
  });

  it('gives up with the original error when the lookup fails too, creating nothing twice', async () => {
    sim().faults.add({ method: 'POST', path: ORDERS, times: 1, fault: { kind: 'lostResponse' } });
    sim().faults.add({ method: 'GET', path: ORDERS, fault: { kind: 'status', status: 503 } });
    const error = await client()
      .createImportOrder(importOrderInput('req-blind', ['9195550100']))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthTransportError);
    expect(error).toMatchObject({ timedOut: false, method: 'POST' });
    expect(sim().importOrders()).toHaveLength(1);
    expect(requestsTo(sim(), 'POST', ORDERS)).toHaveLength(1);
  });

  it('never creates again after a 201 whose body is unreadable', async () => {
    sim().faults.add({
      method: 'POST',
      path: ORDERS,
      times: 1,
      fault: { kind: 'status', status: 201, body: '<ImportTnOrderResponse><Broken>' },
    });
    const error = await client()
      .createImportOrder(importOrderInput('req-201', ['9195550100']))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthResponseError);
    expect(error).toMatchObject({ status: 201, reason: 'malformed' });
    // It looked for the order, found none (the fault replaced the handler), and did not POST again.
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(1);
    expect(requestsTo(sim(), 'POST', ORDERS)).toHaveLength(1);
  });

  it('reconciles remove-imported orders the same way', async () => {
    const removeOrders = /\/removeImportedTnOrders$/;
    sim().faults.add({ method: 'POST', path: removeOrders, times: 1, fault: { kind: 'lostResponse' } });
    await client().createImportOrder(importOrderInput('req-imp', ['9195550100']));
    await sim().advance();
    await sim().advance();
    const removal = await client().createRemoveImportedOrder({
      customerOrderId: 'rm-lost',
      numbers: ['9195550100'],
    });
    expect(
      sim()
        .removeOrders()
        .map((o) => o.orderId),
    ).toEqual([removal.orderId]);
  });
});
