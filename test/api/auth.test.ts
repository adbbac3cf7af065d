import { BandwidthHttpError, createBandwidthClient } from '../../src/api';
import { startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { clientOptions, requestsTo, useSimulator } from './helpers';

const ORDERS = /\/importTnOrders$/;

/** A logger that keeps every line as JSON text, to search for secrets. */
function capturingLogger() {
  const lines: string[] = [];
  const log = (object: object, message?: string): void => {
    lines.push(JSON.stringify({ ...object, message }));
  };
  return { lines, logger: { debug: log, warn: log } };
}

describe('OAuth2 client credentials', () => {
  const clock = { now: Date.now() };
  const { sim, client, track } = useSimulator(
    { now: () => clock.now, tokenTtlSeconds: 3600 },
    { now: () => clock.now },
  );

  it('shares one token request among 10 concurrent calls', async () => {
    await Promise.all(Array.from({ length: 10 }, () => client().listImportOrders()));
    expect(sim().tokenRequestCount).toBe(1);
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(10);
    expect(requestsTo(sim(), 'GET', ORDERS).every((r) => r.auth === 'bearer')).toBe(true);
  });

  it('reuses the token until shortly before expiry, then refreshes before Bandwidth refuses it', async () => {
    await client().listImportOrders();
    clock.now += 3_000 * 1000; // well inside the token's hour
    await client().listImportOrders();
    expect(sim().tokenRequestCount).toBe(1);
    clock.now += 570 * 1000; // 30 s before expiry: inside the refresh margin
    await client().listImportOrders();
    expect(sim().tokenRequestCount).toBe(2);
    expect(sim().requests.some((r) => r.status === 401)).toBe(false);
  });

  it('after a 401 fetches one fresh token and repeats the call once', async () => {
    await client().listImportOrders();
    sim().expireTokens();
    await expect(client().listImportOrders()).resolves.toMatchObject({ totalCount: 0 });
    expect(sim().tokenRequestCount).toBe(2);
    expect(requestsTo(sim(), 'GET', ORDERS).map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it('gives up after the fresh token is refused too', async () => {
    sim().faults.add({ path: ORDERS, fault: { kind: 'status', status: 401 } });
    const error = await client()
      .listImportOrders()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthHttpError);
    expect(error).toMatchObject({ status: 401 });
    expect(requestsTo(sim(), 'GET', ORDERS)).toHaveLength(2);
    expect(sim().tokenRequestCount).toBe(2);
  });

  it('reports a refused client secret without quoting any credential', async () => {
    const { lines, logger } = capturingLogger();
    const bad = track(
      createBandwidthClient(clientOptions(sim(), { clientSecret: 'wrong-secret-123', logger })),
    );
    const error = await bad.listImportOrders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthHttpError);
    expect(error).toMatchObject({ status: 401, method: 'POST', path: '/api/v1/oauth2/token' });
    const basic = Buffer.from(`${sim().credentials.clientId}:wrong-secret-123`).toString('base64');
    const everything = [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...lines].join(
      '\n',
    );
    for (const secret of ['wrong-secret-123', basic, sim().credentials.clientId]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('never writes the bearer token or the Authorization header to logs', async () => {
    const { lines, logger } = capturingLogger();
    const logged = track(createBandwidthClient(clientOptions(sim(), { logger })));
    sim().faults.add({ path: ORDERS, times: 1, fault: { kind: 'status', status: 503 } });
    await logged.listImportOrders();
    sim().expireTokens();
    await logged.listImportOrders();
    expect(lines.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    expect(text).not.toMatch(/bearer|authorization|basic /i);
    expect(text).not.toContain(sim().credentials.clientSecret);
  });
});

describe('HTTP Basic fallback', () => {
  it('uses Basic when no clientId is configured, and never asks for a token', async () => {
    const sim = await startBandwidthSimulator();
    const { username, password } = sim.credentials;
    const client = createBandwidthClient({
      ...clientOptions(sim),
      clientId: undefined,
      clientSecret: undefined,
      username,
      password,
    });
    const wrong = createBandwidthClient({
      ...clientOptions(sim),
      clientId: undefined,
      username,
      password: 'nope',
    });
    try {
      await client.listImportOrders();
      expect(sim.tokenRequestCount).toBe(0);
      expect(sim.requests.at(-1)?.auth).toBe('basic');
      const error = await wrong.listImportOrders().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BandwidthHttpError);
      expect(error).toMatchObject({ status: 401 });
      // Basic credentials cannot be refreshed: no second attempt.
      expect(requestsTo(sim, 'GET', ORDERS)).toHaveLength(2);
      expect(JSON.stringify(error) + String(error)).not.toContain('nope');
    } finally {
      await Promise.all([client.close(), wrong.close()]);
      await sim.close();
    }
  });

  it('refuses to start without any credentials', () => {
    expect(() => createBandwidthClient({ accountId: '1' })).toThrow(/credentials missing/);
    expect(() => createBandwidthClient({ accountId: '1', clientId: 'id' })).toThrow(/clientSecret/);
  });
});
