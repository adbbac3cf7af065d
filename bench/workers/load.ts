import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { signSlackRequest } from '../../src/sandbox/slack';
import { serveWorker } from '../lib/child';

/**
 * The load generator, in its own process so that its work does not steal the CPU of the process
 * it measures. It only ever sends to 127.0.0.1, a bounded list of requests, and stops by itself.
 */

/** One prepared request. Slack requests are signed at send time, as Slack signs them. */
export interface LoadItem {
  body: string;
  contentType: string;
  headers?: Record<string, string>;
}

export type LoadMode =
  /** Open loop: one request every 1000/rate ms, whatever the answers do. */
  | { kind: 'rate'; perSecond: number }
  /** Every request at the same instant. */
  | { kind: 'burst' }
  /** Closed loop: `inFlight` requests outstanding at all times until the list is done. */
  | { kind: 'concurrency'; inFlight: number };

export interface LoadPlan {
  url: string;
  /** When set, every request carries X-Slack-Signature and X-Slack-Request-Timestamp. */
  signingSecret?: string;
  items: LoadItem[];
  mode: LoadMode;
}

export interface LoadResult {
  /** Milliseconds from sending to the last byte of the answer, in send order. */
  durations: number[];
  statuses: Record<string, number>;
  /** Wall time from the first send to the last answer. */
  wallMs: number;
}

const agent = new Agent({ connections: 512, keepAliveTimeout: 30_000 });

async function send(plan: LoadPlan, item: LoadItem): Promise<{ ms: number; status: number }> {
  const headers: Record<string, string> = { 'content-type': item.contentType, ...item.headers };
  if (plan.signingSecret !== undefined) {
    const timestamp = Math.floor(Date.now() / 1000);
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = signSlackRequest(plan.signingSecret, timestamp, item.body);
  }
  const started = performance.now();
  try {
    const response = await request(plan.url, { method: 'POST', headers, body: item.body, dispatcher: agent });
    await response.body.text();
    return { ms: performance.now() - started, status: response.statusCode };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(plan.url)) throw new Error('load is only sent to 127.0.0.1');
  const results: Array<{ ms: number; status: number }> = new Array(plan.items.length);
  const started = performance.now();
  const { mode } = plan;
  if (mode.kind === 'burst') {
    await Promise.all(
      plan.items.map(async (item, i) => {
        results[i] = await send(plan, item);
      }),
    );
  } else if (mode.kind === 'rate') {
    const interval = 1000 / mode.perSecond;
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < plan.items.length; i++) {
      // Schedule against the start, not the previous send, so a slow answer does not lower the rate.
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const index = i;
      inFlight.push(
        send(plan, plan.items[index]!).then((r) => {
          results[index] = r;
        }),
      );
    }
    await Promise.all(inFlight);
  } else {
    let next = 0;
    const lane = async () => {
      while (next < plan.items.length) {
        const index = next++;
        results[index] = await send(plan, plan.items[index]!);
      }
    };
    await Promise.all(Array.from({ length: mode.inFlight }, lane));
  }
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { durations: results.map((r) => r.ms), statuses, wallMs: performance.now() - started };
}

if (require.main === module) {
  serveWorker({ ready: true }, { run: (args) => run(args as LoadPlan) });
}
