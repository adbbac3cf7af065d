import {
  BandwidthApiError,
  type BandwidthClient,
  BandwidthError,
  BandwidthHttpError,
  BandwidthRateLimitError,
  BandwidthResponseError,
  BandwidthTransportError,
  createBandwidthClient,
} from '../../src/api';
import { startRawServer } from './helpers';

/** Error bodies in each documented shape, served by a plain HTTP server. */
describe('error bodies', () => {
  let server: Awaited<ReturnType<typeof startRawServer>>;
  let client: BandwidthClient;
  let reply: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: '' };

  beforeAll(async () => {
    server = await startRawServer((_req, res) => {
      res.writeHead(reply.status, { 'content-type': 'application/xml', ...reply.headers });
      res.end(reply.body);
    });
    client = createBandwidthClient({
      accountId: '42',
      apiUrl: `${server.url}/api`,
      username: 'u',
      password: 'p',
      retry: { maxAttempts: 1 },
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  async function failure(): Promise<unknown> {
    return client.listImportOrders({ customerOrderId: 'secret-looking' }).catch((e: unknown) => e);
  }

  it('reads ResponseStatus{ErrorCode, Description}', async () => {
    reply = {
      status: 400,
      body: '<RemoveImportedTnOrdersReportResponse><ResponseStatus><ErrorCode>1008</ErrorCode><Description>x is not a valid UUID</Description></ResponseStatus></RemoveImportedTnOrdersReportResponse>',
    };
    const error = await failure();
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      status: 400,
      code: '1008',
      errors: [{ code: '1008', description: 'x is not a valid UUID' }],
    });
  });

  it('reads flat repeated Errors{Code, Description}', async () => {
    reply = {
      status: 400,
      body: '<ImportTnOrderResponse><ProcessingStatus>FAILED</ProcessingStatus><Errors><Code>7309</Code><Description>The site id was not supplied or is invalid.</Description></Errors><Errors><Code>7312</Code><Description>The sippeer id is invalid.</Description></Errors></ImportTnOrderResponse>',
    };
    const error = (await failure()) as BandwidthApiError;
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(error.errors.map((e) => e.code)).toEqual(['7309', '7312']);
  });

  it('reads nested Errors/Error with their numbers', async () => {
    reply = {
      status: 409,
      body: '<ImportTnOrder><Errors><Error><Code>7518</Code><Description>Telephone Number Not Active.</Description><TelephoneNumbers><TelephoneNumber>9195557518</TelephoneNumber></TelephoneNumbers></Error><Error><Code>5163</Code><Description>Not owned.</Description></Error></Errors></ImportTnOrder>',
    };
    const error = (await failure()) as BandwidthApiError;
    expect(error.errors).toEqual([
      { code: '7518', description: 'Telephone Number Not Active.', numbers: ['9195557518'] },
      { code: '5163', description: 'Not owned.' },
    ]);
    expect(error.status).toBe(409);
  });

  it('makes a BandwidthHttpError of a status without a readable body', async () => {
    for (const body of [
      '',
      '<html><body>Bad gateway</body>',
      '<ErrorResponse><Other>x</Other></ErrorResponse>',
    ]) {
      reply = { status: 502, body };
      const error = await failure();
      expect(error).toBeInstanceOf(BandwidthHttpError);
      expect(error).toMatchObject({ status: 502 });
    }
  });

  it('makes a BandwidthRateLimitError of a 429 with an empty body', async () => {
    reply = { status: 429, body: '', headers: { 'retry-after': '12' } };
    const error = await failure();
    expect(error).toBeInstanceOf(BandwidthRateLimitError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 12_000 });
  });

  it('names method and path in every message, without the query string', async () => {
    reply = { status: 500, body: '' };
    const error = (await failure()) as BandwidthHttpError;
    expect(error.message).toBe('GET /accounts/42/importTnOrders: HTTP 500');
    expect(error.path).toBe('/accounts/42/importTnOrders');
    expect(error.name).toBe('BandwidthHttpError');
    expect(error.message).not.toContain('secret-looking');
  });

  it('keeps BandwidthResponseError outside the BandwidthError family', async () => {
    reply = { status: 200, body: '<ImportTnOrders><Unexpected/></ImportTnOrders>' };
    const error = await client.getImportOrder('abc').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthResponseError);
    expect(error).not.toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({ reason: 'schema', status: 200 });
  });

  it('makes a BandwidthTransportError of a refused connection', async () => {
    const closed = await startRawServer(() => {});
    await closed.close();
    const offline = createBandwidthClient({
      accountId: '42',
      apiUrl: `${closed.url}/api`,
      username: 'u',
      password: 'p',
      retry: { maxAttempts: 1 },
    });
    try {
      const error = await offline.listImportOrders().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BandwidthTransportError);
      expect(error).toMatchObject({ timedOut: false, status: undefined });
      expect((error as Error).message).toContain('ECONNREFUSED');
    } finally {
      await offline.close();
    }
  });
});
