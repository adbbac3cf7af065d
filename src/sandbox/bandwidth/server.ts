import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { TokenIssuer } from './auth';
import { Faults } from './faults';
import { BodyTooLargeError, readBody, responseStatus, type SimResponse } from './http-util';
import { Notifier } from './notifier';
import { parseTnLenient } from './numbers';
import { type RouteContext, route } from './routes';
import { type SimConfig, SimState } from './state';
import type { BandwidthSimulator, BandwidthSimulatorOptions, SimRequestLogEntry } from './types';

function resolveConfig(options: BandwidthSimulatorOptions): SimConfig {
  return {
    port: options.port ?? 0,
    accountId: options.accountId ?? '9900000',
    clientId: options.clientId ?? 'sim-client-id',
    clientSecret: options.clientSecret ?? 'sim-client-secret',
    username: options.username ?? 'sim-user',
    password: options.password ?? 'sim-password',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    createResponseRoot: options.createResponseRoot ?? 'ImportTnOrderResponse',
    initialStatus: options.initialStatus ?? 'RECEIVED',
    historyStatusCase: options.historyStatusCase ?? 'lower',
    schedule: options.schedule,
    latencyMs: options.latencyMs ?? 0,
    maxBodyBytes: options.maxBodyBytes ?? 10 * 1024 * 1024,
    sites: options.sites,
    userName: options.userName ?? 'sim-api-user',
    notifyStatuses: options.notifyStatuses ?? 'all',
    notificationTimeoutMs: options.notificationTimeoutMs ?? 5000,
    now: options.now ?? Date.now,
    newId: options.newId ?? randomUUID,
  };
}

interface Target {
  kind: 'token' | 'api';
  version: 'v1' | 'v2';
  /** The path up to and including `/accounts/{id}`, as the client spelled it. */
  accountPath?: string;
  accountId?: string;
  segments: string[];
}

/**
 * Where a path goes. v1 is served at `/api`, `/api/v1` and `/v1.0`; v2 at `/api/v2`
 * (BANDWIDTH.md §0). Returns undefined for paths outside the API.
 */
function resolveTarget(pathname: string): Target | undefined {
  const raw = pathname.split('/').filter((s) => s !== '');
  const segments = raw.map((s) => decodeURIComponent(s));
  const lower = segments.map((s) => s.toLowerCase());
  if (lower.join('/') === 'api/v1/oauth2/token') return { kind: 'token', version: 'v1', segments: [] };
  let version: 'v1' | 'v2' = 'v1';
  let skip: number;
  if (lower[0] === 'api' && lower[1] === 'v2') {
    version = 'v2';
    skip = 2;
  } else if (lower[0] === 'api' && lower[1] === 'v1') skip = 2;
  else if (lower[0] === 'api') skip = 1;
  else if (lower[0] === 'v1.0') skip = 1;
  else return undefined;
  if (lower[skip] !== 'accounts' || segments[skip + 1] === undefined) return undefined;
  return {
    kind: 'api',
    version,
    accountPath: `/${raw.slice(0, skip + 2).join('/')}`,
    accountId: segments[skip + 1],
    segments: segments.slice(skip + 2),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Starts the simulator on 127.0.0.1.
 *
 * @example
 * const bw = await startBandwidthSimulator();
 * // BANDWIDTH_API_URL=bw.apiUrl, BANDWIDTH_TOKEN_URL=bw.tokenUrl, BANDWIDTH_ACCOUNT_ID=bw.accountId
 * await bw.close();
 */
export async function startBandwidthSimulator(
  options: BandwidthSimulatorOptions = {},
): Promise<BandwidthSimulator> {
  const config = resolveConfig(options);
  const faults = new Faults(config.latencyMs);
  const notifier = new Notifier(faults, config.now, config.notificationTimeoutMs);
  const state = new SimState(config, notifier);
  const tokens = new TokenIssuer(config);
  const requests: SimRequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const pathname = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : rawUrl.slice(queryAt + 1));
    const log: SimRequestLogEntry = { at: config.now(), method, path: pathname, status: 0, auth: 'none' };
    requests.push(log);

    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const fault = faults.takeHttp(method, pathname);
    if (fault?.kind === 'latency') await sleep(fault.ms);
    if (fault?.kind === 'hang') {
      log.status = 'hang';
      return; // the socket stays open until the client gives up or close() destroys it
    }
    if (fault?.kind === 'reset') {
      log.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      return send(res, log, {
        status: fault.status,
        headers: fault.body !== undefined ? { 'content-type': fault.contentType ?? 'text/plain' } : undefined,
        body: fault.body,
      });
    }
    if (fault?.kind === 'rateLimit') {
      // 429 with an empty body and X-RateLimit-Reset in epoch seconds (BANDWIDTH.md §3).
      const headers: Record<string, string> = {};
      const nowSeconds = Math.ceil(config.now() / 1000);
      if (fault.resetInSeconds !== undefined || fault.retryAfterSeconds === undefined) {
        headers['x-ratelimit-reset'] = String(nowSeconds + (fault.resetInSeconds ?? 1));
      }
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      return send(res, log, { status: 429, headers });
    }

    let target: Target | undefined;
    try {
      target = resolveTarget(pathname);
    } catch {
      return send(res, log, { status: 400 });
    }
    let body: Buffer;
    try {
      body = await readBody(req, config.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return send(res, log, { status: 413, headers: { connection: 'close' } }, () => req.destroy());
      }
      log.status = 'reset';
      return;
    }
    if (!target) return send(res, log, { status: 404 });

    let response: SimResponse;
    if (target.kind === 'token') {
      response =
        method === 'POST' ? tokens.issue(req.headers, body) : { status: 405, headers: { allow: 'POST' } };
    } else {
      log.auth = tokens.check(req.headers.authorization);
      if (log.auth === 'none' || log.auth === 'invalid') {
        response = { status: 401, headers: { 'www-authenticate': 'Basic realm="Bandwidth API"' } };
      } else if (target.accountId !== config.accountId) {
        // Credentials are valid but not for this account: 403 with 1001 "Access Denied" (ERR).
        response = responseStatus(403, 'ErrorResponse', 1001, 'Access Denied');
      } else {
        const ctx: RouteContext = {
          method,
          version: target.version,
          segments: target.segments,
          query,
          headers: req.headers,
          body,
          accountUrl: `${baseUrl}${target.accountPath}`,
          state,
        };
        response = route(ctx);
      }
    }
    if (fault?.kind === 'lostResponse') {
      // The work is done (an order IS created) but the client never hears about it.
      log.status = 'lost';
      req.socket.destroy();
      return;
    }
    send(res, log, response);
  }

  function send(
    res: ServerResponse,
    log: SimRequestLogEntry,
    response: SimResponse,
    after?: () => void,
  ): void {
    log.status = response.status;
    if (res.headersSent || res.destroyed) return;
    const body = response.body ?? '';
    res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(body) });
    res.end(body, after);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Never crash on input: whatever went wrong becomes a 500.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-length': 0 });
        res.end();
      }
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;

  const simulator: BandwidthSimulator = {
    url: baseUrl,
    apiUrl: `${baseUrl}/api`,
    tokenUrl: `${baseUrl}/api/v1/oauth2/token`,
    accountId: config.accountId,
    credentials: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      username: config.username,
      password: config.password,
    },
    faults,
    get tokenRequestCount() {
      return tokens.requestCount;
    },
    requests,
    deliveries: notifier.deliveries,
    notificationFaults: notifier.faultRecords,
    importOrders: () => [...state.importOrders.values()],
    importOrder: (id) => state.importOrders.get(id.toLowerCase()),
    removeOrders: () => [...state.removeOrders.values()],
    removeOrder: (id) => state.removeOrders.get(id.toLowerCase()),
    loaFiles: (id) => [...(state.loas.get(id.toLowerCase()) ?? [])],
    subscriptions: () => [...state.subscriptions.values()],
    inServiceNumbers: () => [...state.inService].sort(),
    advance: () => state.advance(),
    async setOrderStatus(orderId, status, errors) {
      const order =
        state.importOrders.get(orderId.toLowerCase()) ?? state.removeOrders.get(orderId.toLowerCase());
      if (!order) throw new Error(`no order ${orderId}`);
      await state.forceStatus(order, status, errors);
    },
    setNumberOutcome(pattern, outcome) {
      state.overrides.push({ pattern, outcome });
    },
    async emitMessagingLost(telephoneNumbers) {
      const tns = telephoneNumbers.map((tn) => {
        const canonical = parseTnLenient(tn);
        if (!canonical) throw new Error(`not a NANP number: ${tn}`);
        return canonical;
      });
      await state.messagingLost(tns);
    },
    expireTokens: () => tokens.expireAll(),
    flushNotifications: () => notifier.flush(),
    close() {
      closing ??= (async () => {
        state.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        await Promise.all([closed, notifier.close()]);
      })();
      return closing;
    },
  };
  return simulator;
}
