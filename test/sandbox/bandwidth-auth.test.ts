import { request } from 'undici';
import { at, basicHeader, Harness } from './bandwidth-helpers';

describe('Bandwidth simulator: authentication', () => {
  let h: Harness;
  let clock: number;

  beforeEach(async () => {
    clock = Date.UTC(2025, 0, 15, 12);
    h = await Harness.start({ now: () => clock, tokenTtlSeconds: 60 });
  });
  afterEach(() => h.close());

  const list = (auth: Parameters<Harness['call']>[2]) => h.call('GET', `${h.account}/importTnOrders`, auth);

  it('issues a bearer token for client credentials and accepts it', async () => {
    const response = await request(h.sim.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: basicHeader(h.sim.credentials.clientId, h.sim.credentials.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
      dispatcher: h.agent,
    });
    expect(response.statusCode).toBe(200);
    const json = (await response.body.json()) as Record<string, unknown>;
    expect(json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 60 });
    expect(h.sim.tokenRequestCount).toBe(1);
    const claims = JSON.parse(Buffer.from(String(json.access_token).split('.')[1]!, 'base64url').toString());
    expect(claims.accounts).toEqual([h.sim.accountId]);
    expect((await list({ auth: { bearer: String(json.access_token) } })).status).toBe(200);
    expect(h.sim.requests.at(-1)).toMatchObject({ method: 'GET', status: 200, auth: 'bearer' });
  });

  it('refuses wrong client credentials with 401 and a bad grant type with 400', async () => {
    const wrong = await request(h.sim.tokenUrl, {
      method: 'POST',
      headers: { authorization: basicHeader('x', 'y'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
      dispatcher: h.agent,
    });
    expect(wrong.statusCode).toBe(401);
    expect(await wrong.body.json()).toEqual({ error: 'invalid_client' });
    const grant = await request(h.sim.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: basicHeader(h.sim.credentials.clientId, h.sim.credentials.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=password',
      dispatcher: h.agent,
    });
    expect(grant.statusCode).toBe(400);
    expect(await grant.body.json()).toEqual({ error: 'unsupported_grant_type' });
    expect(h.sim.tokenRequestCount).toBe(2);
  });

  it('accepts legacy Basic credentials', async () => {
    expect((await list({ auth: 'basic' })).status).toBe(200);
  });

  it('answers 401 without credentials, with wrong Basic credentials and with an unknown token', async () => {
    expect((await list({ auth: 'none' })).status).toBe(401);
    expect((await list({ auth: { header: basicHeader('sim-user', 'nope') } })).status).toBe(401);
    expect((await list({ auth: { bearer: 'not-a-token' } })).status).toBe(401);
  });

  it('answers 401 once a token has expired by the clock', async () => {
    const token = await h.token();
    expect((await list({ auth: { bearer: token } })).status).toBe(200);
    clock += 61_000;
    expect((await list({ auth: { bearer: token } })).status).toBe(401);
  });

  it('answers 401 for tokens expired on purpose', async () => {
    const token = await h.token();
    h.sim.expireTokens();
    expect((await list({ auth: { bearer: token } })).status).toBe(401);
  });

  it('answers 403 Access Denied (1001) for another account', async () => {
    const response = await h.call('GET', '/api/accounts/1234567/importTnOrders');
    expect(response.status).toBe(403);
    expect(at(response.xml, 'ErrorResponse', 'ResponseStatus', 'ErrorCode')).toBe('1001');
  });

  it('matches path segments case-insensitively and serves /api, /api/v1 and /v1.0', async () => {
    for (const path of [
      `${h.account}/importtnorders`,
      `${h.account}/IMPORTTNORDERS`,
      `/api/v1/accounts/${h.sim.accountId}/importTnOrders`,
      `/v1.0/accounts/${h.sim.accountId}/importTnOrders`,
      `/API/Accounts/${h.sim.accountId}/ImportTnOrders`,
    ]) {
      const response = await h.call('GET', path);
      expect([path, response.status]).toEqual([path, 200]);
      expect(at(response.xml, 'ImportTnOrders', 'TotalCount')).toBe('0');
    }
  });

  it('answers 404 for paths outside the API', async () => {
    expect((await h.call('GET', '/nothing')).status).toBe(404);
    expect((await h.call('GET', `${h.account}/nothing`)).status).toBe(404);
  });
});
