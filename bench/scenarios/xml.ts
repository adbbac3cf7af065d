import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { checkerResponseSchema } from '../../src/api/schemas/checker';
import { orderListSchema } from '../../src/api/schemas/orders';
import type { SimOrder } from '../../src/sandbox/bandwidth';
import { orderSummary } from '../../src/sandbox/bandwidth/shapes';
import { buildXml, parseXml } from '../../src/xml';
import type { Row } from '../lib/report';
import type { Sandbox } from '../lib/sandbox';
import { fmt, median } from '../lib/stats';
import type { Scenario } from './types';

export interface XmlSize {
  checkerNumbers: number;
  orders: number;
  /** Timed batches per parser (alternating), and operations per batch. */
  batches: number;
  opsPerBatch: number;
}

type SdkClient = { checkResponse(res: unknown, callback: (error: unknown, result: unknown) => void): void };

/** The SDK's own path for a response body: xml2js as its Client configures it, its transform and error search. */
function sdkParser(): (xml: string) => Promise<unknown> {
  const { Client } = require('@bandwidth/numbers') as { Client: new (...args: unknown[]) => SdkClient };
  const client = new Client('1', 'u', 'p', undefined, undefined, { apiEndPoint: 'http://127.0.0.1:9' });
  return (xml) =>
    new Promise((resolve, reject) =>
      client.checkResponse({ ok: true, status: 200, text: xml }, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
}

/** A real 5,000-number checker answer, as the simulator sends it. */
async function checkerBody(sandbox: Sandbox, count: number): Promise<string> {
  const numbers = Array.from({ length: count }, (_, i) => String(9_195_000_000 + i));
  const { username, password } = sandbox.sim.credentials;
  const response = await request(`${sandbox.sim.apiUrl}/accounts/${sandbox.sim.accountId}/importTnChecker`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
      'content-type': 'application/xml',
    },
    body: buildXml({ ImportTnCheckerPayload: { TelephoneNumbers: { TelephoneNumber: numbers } } }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`checker answered ${response.statusCode}`);
  return text;
}

/** A 1,000-order list in the simulator's (and Bandwidth's) shape. */
function orderListBody(count: number): string {
  const at = Date.UTC(2026, 0, 1);
  const rows = Array.from({ length: count }, (_, i) =>
    orderSummary({
      kind: 'import',
      accountId: '9900000',
      orderId: `a1b2c3d4-0000-4000-8000-${String(i).padStart(12, '0')}`,
      customerOrderId: `HM-${String(i).padStart(6, '0')}`,
      createdByUser: 'sim-api-user',
      telephoneNumbers: ['9195550001', '9195550002'],
      status: i % 3 === 0 ? 'COMPLETE' : 'PROCESSING',
      createdAt: at + i * 1000,
      lastModifiedAt: at + i * 2000,
    } as SimOrder),
  );
  return buildXml({ ImportTnOrders: { TotalCount: count, ImportTnOrderSummary: rows } });
}

async function perOp(op: () => unknown, ops: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < ops; i++) await op();
  return (performance.now() - t0) / ops;
}

export const xmlScenario: Scenario<XmlSize> = {
  name: 'xml',
  sizes: {
    full: { checkerNumbers: 5_000, orders: 1_000, batches: 5, opsPerBatch: 10 },
    smoke: { checkerNumbers: 50, orders: 10, batches: 1, opsPerBatch: 2 },
  },
  async run(sandbox, size, command): Promise<Row[]> {
    const sdk = sdkParser();
    const listSchema = orderListSchema('ImportTnOrders', 'ImportTnOrderSummary');
    const cases = [
      {
        what: `checker answer, ${size.checkerNumbers.toLocaleString('en-US')} numbers`,
        body: await checkerBody(sandbox, size.checkerNumbers),
        ours: (xml: string) => checkerResponseSchema.parse(parseXml(xml)).importable.length,
        expected: size.checkerNumbers,
      },
      {
        what: `order list, ${size.orders.toLocaleString('en-US')} orders`,
        body: orderListBody(size.orders),
        ours: (xml: string) => listSchema.parse(parseXml(xml)).orders.length,
        expected: size.orders,
      },
    ];
    const rows: Row[] = [];
    for (const c of cases) {
      const ourCount = c.ours(c.body);
      // Warm both paths before timing.
      await perOp(() => c.ours(c.body), 3);
      await perOp(() => sdk(c.body), 3);
      const oursTimes: number[] = [];
      const sdkTimes: number[] = [];
      for (let b = 0; b < size.batches; b++) {
        oursTimes.push(await perOp(() => c.ours(c.body), size.opsPerBatch));
        sdkTimes.push(await perOp(() => sdk(c.body), size.opsPerBatch));
      }
      const ours = median(oursTimes);
      const theirs = median(sdkTimes);
      rows.push({
        id: 4,
        measurement: `XML parse + validate, ${c.what} (${Math.round(c.body.length / 1024)} KB; median of ${size.batches} batches)${ourCount >= c.expected * 0.99 ? '' : ' (wrong count!)'}`,
        ours: fmt(ours, 'ms/op'),
        reference: `${fmt(theirs, 'ms/op')} (SDK: xml2js + its transform, no schema)`,
        ratio: { value: theirs / ours, label: 'faster' },
        target: '≥ 3× faster',
        met: theirs / ours >= 3,
        command,
      });
    }
    return rows;
  },
};
