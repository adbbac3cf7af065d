import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BandwidthClient, createBandwidthClient } from '../../src/api';
import { BOT_SUBSCRIPTIONS } from '../../src/cli/subscriptions';
import type { ImportRequest, RequestEvent } from '../../src/domain/request';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import {
  type BandwidthSimulator,
  type BandwidthSimulatorOptions,
  startBandwidthSimulator,
} from '../../src/sandbox/bandwidth';
import { createStore, type Store } from '../../src/store';
import { createBandwidthWebhook } from '../../src/webhooks/bandwidth-webhook';
import { createWorkflow, type Workflow, type WorkflowConfig, type WorkflowDeps } from '../../src/workflow';

/**
 * A workflow wired to real parts: the Bandwidth client against the simulator over loopback HTTP,
 * a real store, and the real webhook handler on a loopback server subscribed at the simulator, so
 * `sim.advance()` drives notifications through the same path as production.
 */

export const DETAILS = {
  subscriberName: 'Acme Dental',
  serviceAddress: {
    houseNumber: '100',
    streetName: 'Main St',
    city: 'Raleigh',
    stateCode: 'NC',
    zip: '27601',
  },
  loaAuthorizingPerson: 'Jane Smith',
};

export const REQUESTER = 'UREQUESTER';
export const APPROVER = 'UAPPROVER';
export const APPROVER_2 = 'UAPPROVER2';

export const PDF_BYTES = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.alloc(200, 0x20),
  Buffer.from('%%EOF\n'),
]);
export const SLACK_LOGIN_PAGE = Buffer.from('<!DOCTYPE html><html><head><title>Slack</title></head></html>');

export const silentLogger = createLogger('silent');

/** Slack's files as the workflow downloads them, with a count of downloads per file. */
export class FakeSlackFiles {
  readonly files = new Map<string, { bytes: Buffer; mimetype: string; name: string }>();
  readonly downloads = new Map<string, number>();
  failing = false;

  add(id: string, name: string, mimetype: string, bytes: Buffer) {
    this.files.set(id, { bytes, mimetype, name });
    return { id, name, mimetype, size: bytes.length };
  }

  async download(fileId: string) {
    this.downloads.set(fileId, (this.downloads.get(fileId) ?? 0) + 1);
    const file = this.files.get(fileId);
    if (this.failing || !file) throw new Error(`slack: cannot download ${fileId}`);
    return { ...file, bytes: Buffer.from(file.bytes) };
  }
}

export interface HarnessOptions {
  storeUrl?: string;
  /** Share another harness's store (a second replica of the same bot). */
  store?: Store;
  /** Share another harness's simulator. */
  sim?: BandwidthSimulator;
  simOptions?: BandwidthSimulatorOptions;
  config?: Partial<WorkflowConfig>;
  approvers?: string[];
  /** Subscribe a webhook for order notifications (default true). */
  webhook?: boolean;
  /** Wraps the real client, e.g. to simulate a crash after a create. */
  wrapBandwidth?: (client: BandwidthClient) => WorkflowDeps['bandwidth'];
  storeNamespace?: string;
  now?: () => number;
  onOutbox?: (requestId: string) => void;
}

export interface Harness {
  sim: BandwidthSimulator;
  client: BandwidthClient;
  store: Store;
  workflow: Workflow;
  files: FakeSlackFiles;
  /** Starts another workflow (a replica, or the bot after a restart) over the same store and simulator. */
  replica(options?: Omit<HarnessOptions, 'store' | 'sim'>): Promise<Harness>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ownsSim = options.sim === undefined;
  const sim = options.sim ?? (await startBandwidthSimulator(options.simOptions));
  const ownsStore = options.store === undefined;
  const store =
    options.store ??
    (await createStore({
      url: options.storeUrl ?? 'memory://',
      namespace: options.storeNamespace ?? 'wf-test',
    }));
  const client = createBandwidthClient({
    accountId: sim.accountId,
    apiUrl: sim.apiUrl,
    tokenUrl: sim.tokenUrl,
    clientId: sim.credentials.clientId,
    clientSecret: sim.credentials.clientSecret,
    timeoutMs: 5_000,
    sleep: async () => {},
    random: () => 0.5,
  });
  const files = new FakeSlackFiles();
  const approvers = options.approvers ?? [APPROVER, APPROVER_2];
  const workflow = createWorkflow({
    store,
    bandwidth: options.wrapBandwidth ? options.wrapBandwidth(client) : client,
    slackFiles: files,
    config: { siteId: '123', approvers, allowSelfApproval: false, ...options.config },
    isApprover: async (userId) => approvers.includes(userId),
    logger: silentLogger,
    ...(options.now ? { now: options.now } : {}),
    ...(options.onOutbox ? { onOutbox: options.onOutbox } : {}),
  });

  let server: Server | undefined;
  if (options.webhook !== false) {
    const handler = createBandwidthWebhook({
      username: 'hook-user',
      password: 'hook-password',
      metrics: createMetrics(),
      logger: silentLogger,
      sink: {
        async receive(notification) {
          if (notification.kind === 'order') return workflow.applyOrderNotification(notification);
          if (notification.eventType === 'MESSAGING_LOST') await workflow.messagingLost(notification.numbers);
          return 'accepted';
        },
      },
    });
    server = createServer((req, res) => void handler(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bandwidth/webhooks`;
    const callback = { url, expirySeconds: 3600, username: 'hook-user', password: 'hook-password' };
    for (const target of BOT_SUBSCRIPTIONS) await client.createSubscription(target, callback);
  }

  const closers: (() => Promise<void>)[] = [];
  const harness: Harness = {
    sim,
    client,
    store,
    workflow,
    files,
    async replica(more = {}) {
      const other = await startHarness({ ...options, ...more, store, sim, webhook: false });
      closers.push(() => other.close());
      return other;
    },
    async close() {
      for (const close of closers.splice(0)) await close();
      if (ownsSim) await sim.close();
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server?.close(() => resolve()));
      }
      await client.close();
      if (ownsStore) await store.close();
    },
  };
  return harness;
}

/** The events of a request's outbox, without sequence numbers and times. */
export function events(request: ImportRequest | undefined): RequestEvent[] {
  return request?.outbox.map((p) => p.event) ?? [];
}

export function types(request: ImportRequest | undefined): string[] {
  return events(request).map((e) => e.type);
}

/** A request through createRequest, failing the test if it was refused. */
export async function createOk(
  workflow: Workflow,
  numbers: string[],
  requesterId = REQUESTER,
): Promise<ImportRequest> {
  const created = await workflow.createRequest({
    requesterId,
    channelId: 'CREQUESTS',
    details: DETAILS,
    numbers: numbers.join('\n'),
  });
  if (!created.ok) throw new Error(created.refusal.message);
  return created.request;
}

/** A removal request through createRequest, failing the test if it was refused. */
export async function createRemovalOk(workflow: Workflow, numbers: string[]): Promise<ImportRequest> {
  const created = await workflow.createRequest({
    kind: 'remove',
    requesterId: REQUESTER,
    channelId: 'CREQUESTS',
    numbers: numbers.join('\n'),
  });
  if (!created.ok) throw new Error(created.refusal.message);
  return created.request;
}

/** Imports the numbers to COMPLETE (through the webhook, or the poller without one). */
export async function importToCompletion(h: Harness, numbers: string[]): Promise<ImportRequest> {
  const created = await createOk(h.workflow, numbers);
  await approveOk(h.workflow, created.id);
  await h.sim.advance();
  await h.sim.advance();
  await h.workflow.reconcile();
  const done = await h.workflow.getRequest(created.id);
  if (done?.state !== 'complete') throw new Error(`import ${created.id} ended ${done?.state}`);
  return done;
}

export async function approveOk(
  workflow: Workflow,
  requestId: string,
  userId = APPROVER,
): Promise<ImportRequest> {
  const approved = await workflow.approve(requestId, userId);
  if (!approved.ok) throw new Error(approved.refusal.message);
  return approved.request;
}
