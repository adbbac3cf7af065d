import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { buildXml } from '../../src/xml';
import { startWorker } from '../lib/child';
import type { Row } from '../lib/report';
import { APPROVER, CHANNEL, REQUESTER, type Sandbox, startBotProcess, until, WEBHOOK } from '../lib/sandbox';
import { fmt, latencies } from '../lib/stats';
import type { LoadItem, LoadResult } from '../workers/load';
import type { Scenario } from './types';

export interface IngestSize {
  /** Requests seeded, each with `ordersPer` orders; every order gets PROCESSING then COMPLETE. */
  requests: number;
  ordersPer: number;
  inFlight: number;
}

/** Where Redis is, for the Redis row; db 13 keeps the benchmark's keys away from other users. */
const REDIS_URL = 'redis://127.0.0.1:6379/13';

function notification(orderId: string, customerOrderId: string, status: string, at: number): LoadItem {
  const body = buildXml({
    Notification: {
      SubscriptionId: 'bench-subscription',
      OrderType: 'importtnorders',
      OrderId: orderId,
      CustomerOrderId: customerOrderId,
      Status: status,
      Message: status === 'COMPLETE' ? 'Import successful.' : 'Import TN order processing has started.',
      LastModifiedDate: new Date(at).toISOString(),
    },
  });
  // Bandwidth sends the credentials only after a 401 challenge; here the challenged (second) POST is
  // what is measured, since that is the one that carries the work.
  const authorization = `Basic ${Buffer.from(`${WEBHOOK.username}:${WEBHOOK.password}`).toString('base64')}`;
  return { body, contentType: 'application/xml', headers: { authorization } };
}

async function redisAvailable(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function clearRedis(namespace: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  const keys: string[] = [];
  for await (const batch of client.scanIterator({ MATCH: `${namespace}:*`, COUNT: 1000 }))
    keys.push(...batch);
  for (let i = 0; i < keys.length; i += 500) await client.del(keys.slice(i, i + 500));
  await client.close();
}

/** Thread messages "Order `id` …" per order id, across every card's thread. */
function statusMessagesPerOrder(sandbox: Sandbox, orderIds: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of sandbox.fake.messages) {
    if (!m.thread_ts || !m.text?.startsWith('Order ')) continue;
    const id = /Order `?([0-9a-f-]{36})/.exec(m.text)?.[1];
    if (id && orderIds.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function ingestOnce(
  sandbox: Sandbox,
  size: IngestSize,
  store: 'sqlite' | 'redis',
  command: string,
  firstNumber: number,
): Promise<Row> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hm-bench-'));
  const storeUrl = store === 'sqlite' ? `sqlite://${path.join(dir, 'bot.sqlite')}` : REDIS_URL;
  const bot = await startBotProcess(sandbox, { STORE_URL: storeUrl, MAX_NUMBERS_PER_ORDER: '2' });
  const load = await startWorker('load', {});
  try {
    const seeded = await bot.worker.call<{ requestIds: string[]; orderIds: string[] }>('seed', {
      count: size.requests,
      numbersPer: size.ordersPer * 2,
      firstNumber,
      requesterId: REQUESTER,
      channelId: CHANNEL,
      check: true,
      approveAs: APPROVER,
    });
    const orders = sandbox.sim.importOrders().filter((o) => seeded.orderIds.includes(o.orderId));
    const orderIds = new Set(orders.map((o) => o.orderId));
    const before = statusMessagesPerOrder(sandbox, orderIds);
    const cardUpdatesBefore = sandbox.fake.callsTo('chat.update').length;
    const t0 = Date.now();
    const processing = orders.map((o, i) =>
      notification(o.orderId, o.customerOrderId ?? '', 'PROCESSING', t0 + i),
    );
    const complete = orders.map((o, i) =>
      notification(o.orderId, o.customerOrderId ?? '', 'COMPLETE', t0 + 10_000 + i),
    );
    // One in ten deliveries is a duplicate, as when Bandwidth (or a proxy) sends one twice.
    const first: LoadItem[] = [];
    processing.forEach((item, i) => {
      first.push(item);
      if (i % 10 === 5) first.push(processing[i - 5]!);
    });
    const items = [...first, ...complete];
    const cpuBefore = (await bot.usage()).cpuMs;
    // The COMPLETE deliveries go once every PROCESSING one is answered. In one stream an order's
    // COMPLETE could overtake its PROCESSING (at smoke size they are a few deliveries apart), and
    // the bot, which applies statuses forward only, rightly tells no PROCESSING after COMPLETE: one
    // message for that order, not the two counted on. The wall times add up, so the rate still
    // counts every delivery over all the time the deliveries took.
    const result: LoadResult = { durations: [], statuses: {}, wallMs: 0 };
    for (const phase of [first, complete]) {
      const part = await load.call<LoadResult>('run', {
        url: `${bot.url}/bandwidth/webhooks`,
        items: phase,
        mode: { kind: 'concurrency', inFlight: size.inFlight },
      });
      result.durations.push(...part.durations);
      result.wallMs += part.wallMs;
      for (const [status, n] of Object.entries(part.statuses))
        result.statuses[status] = (result.statuses[status] ?? 0) + n;
    }
    const cpu = (await bot.usage()).cpuMs - cpuBefore;
    // Every status change must reach its thread exactly once, however the deliveries interleaved.
    const expected = orders.length * 2;
    let after = new Map<string, number>();
    await until(
      () => {
        after = statusMessagesPerOrder(sandbox, orderIds);
        let told = 0;
        for (const id of orderIds) told += (after.get(id) ?? 0) - (before.get(id) ?? 0);
        return told >= expected;
      },
      120_000,
      'every status change told in its thread',
      200,
    ).catch(() => undefined);
    await bot.worker.call('idle');
    // Telling goes on after the last delivery is answered; this counts the bot's CPU for all of it.
    const cpuAll = (await bot.usage()).cpuMs - cpuBefore;
    await new Promise((resolve) => setTimeout(resolve, 300));
    after = statusMessagesPerOrder(sandbox, orderIds);
    // The card is updated at most once per change; less when one drain tells several (see notifier.ts).
    const cardUpdates = sandbox.fake.callsTo('chat.update').length - cardUpdatesBefore;
    const exactlyOnce = [...orderIds].every((id) => (after.get(id) ?? 0) - (before.get(id) ?? 0) === 2);
    const wrong = [...orderIds].filter((id) => (after.get(id) ?? 0) - (before.get(id) ?? 0) !== 2).length;
    const lat = latencies(result.durations);
    const perSecond = (items.length / result.wallMs) * 1000;
    const ok = result.statuses['200'] ?? 0;
    return {
      id: 2,
      measurement: `notification ingest, ${store}, ${items.length} deliveries (${orders.length} orders × 2 statuses + 10% duplicates), ${size.inFlight} in flight: rate / p50 / p99${ok === items.length ? '' : ` (${items.length - ok} not 200)`}`,
      ours: `${fmt(perSecond, '/s')} / ${fmt(lat.p50, 'ms')} / ${fmt(lat.p99, 'ms')}`,
      reference: `${exactlyOnce ? 'one thread message per change' : `${wrong} orders without exactly one message per change`}; bot CPU ${fmt(cpu / items.length, 'ms')}/delivery (${fmt(cpuAll / items.length, 'ms')} until every change is told); ${fmt(cardUpdates / expected, '')} card updates per change`,
      target:
        store === 'sqlite' ? '≥ 1,000/s, p99 ≤ 100 ms, one message per change' : 'informative (same targets)',
      met:
        store === 'sqlite'
          ? exactlyOnce && ok === items.length && perSecond >= 1000 && lat.p99 <= 100
          : undefined,
      command,
    };
  } finally {
    await Promise.all([bot.stop(), load.stop()]);
    rmSync(dir, { recursive: true, force: true });
    if (store === 'redis') await clearRedis('hosted-bot');
  }
}

export const ingestScenario: Scenario<IngestSize> = {
  name: 'ingest',
  sizes: {
    full: { requests: 400, ordersPer: 5, inFlight: 50 },
    smoke: { requests: 2, ordersPer: 2, inFlight: 4 },
  },
  async run(sandbox, size, command) {
    const rows = [await ingestOnce(sandbox, size, 'sqlite', command, 9_194_000_000)];
    if (await redisAvailable()) {
      rows.push(await ingestOnce(sandbox, size, 'redis', command, 9_193_000_000));
    } else {
      rows.push({
        id: 2,
        measurement: 'notification ingest, redis',
        ours: 'not run',
        reference: `no Redis at ${REDIS_URL}`,
        target: 'informative',
        command,
      });
    }
    return rows;
  },
};
