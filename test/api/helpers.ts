import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BandwidthClient, type BandwidthClientOptions, createBandwidthClient } from '../../src/api';
import {
  type BandwidthSimulator,
  type BandwidthSimulatorOptions,
  startBandwidthSimulator,
} from '../../src/sandbox/bandwidth';

/** A sleep that records the delays asked for and returns at once, so backoff is asserted, not waited. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

/** Options for a client talking to `sim` with OAuth, fast retries and a fixed jitter. */
export function clientOptions(
  sim: BandwidthSimulator,
  overrides: Partial<BandwidthClientOptions> = {},
): BandwidthClientOptions {
  return {
    accountId: sim.accountId,
    apiUrl: sim.apiUrl,
    tokenUrl: sim.tokenUrl,
    clientId: sim.credentials.clientId,
    clientSecret: sim.credentials.clientSecret,
    timeoutMs: 5_000,
    sleep: async () => {},
    random: () => 0.5,
    ...overrides,
  };
}

/** Starts a simulator and a client for each test, and closes both after it. */
export function useSimulator(
  simOptions: BandwidthSimulatorOptions = {},
  overrides: Partial<BandwidthClientOptions> = {},
): {
  sim: () => BandwidthSimulator;
  client: () => BandwidthClient;
  track: (c: BandwidthClient) => BandwidthClient;
} {
  let sim: BandwidthSimulator | undefined;
  let client: BandwidthClient | undefined;
  const extra: BandwidthClient[] = [];
  beforeEach(async () => {
    sim = await startBandwidthSimulator(simOptions);
    client = createBandwidthClient(clientOptions(sim, overrides));
  });
  afterEach(async () => {
    await Promise.all([client, ...extra.splice(0)].map((c) => c?.close()));
    await sim?.close();
  });
  return {
    sim: () => sim!,
    client: () => client!,
    track: (c) => {
      extra.push(c);
      return c;
    },
  };
}

/** The requests the simulator saw for a path (regex on the path without query) and method. */
export function requestsTo(sim: BandwidthSimulator, method: string, path: RegExp) {
  return sim.requests.filter((r) => r.method === method && path.test(r.path));
}

/** A throwaway HTTP server on loopback for bodies the simulator cannot produce. */
export async function startRawServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; close: () => Promise<void>; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    hits: () => hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A valid import-order input for 10-digit `numbers`. */
export function importOrderInput(customerOrderId: string, numbers: string[]) {
  return {
    customerOrderId,
    siteId: 1001,
    subscriber: {
      name: 'Acme Dental',
      serviceAddress: {
        houseNumber: '900',
        streetName: 'Main Campus Dr',
        city: 'Raleigh',
        stateCode: 'NC',
        zip: '27606',
      },
    },
    loaAuthorizingPerson: 'Jane Doe',
    numbers,
  };
}
