import { createBandwidthClient } from '../../src/api';
import { type BandwidthSimulator, startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { type FakeSlack, startFakeSlack } from '../../src/sandbox/slack';
import type { BotUsage, BotWorkerArgs } from '../workers/bot';
import { startWorker, type Worker } from './child';

export const SIGNING_SECRET = 'bench-signing-secret';
export const WEBHOOK = { username: 'bandwidth-hooks', password: 'bench-webhook-password' };
export const COMMAND = '/hosted';
export const CHANNEL = 'C0BENCH';
export const REQUESTER = 'U0REQUESTER';
export const APPROVER = 'U0APPROVER';

/** The simulated Bandwidth and the fake Slack, in the parent process, on 127.0.0.1. */
export interface Sandbox {
  sim: BandwidthSimulator;
  fake: FakeSlack;
  /** Resident memory of every bot process when it was stopped, for the footprint row. */
  botRssAtStop: number[];
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const sim = await startBandwidthSimulator();
  const fake = await startFakeSlack({
    users: [REQUESTER, APPROVER].map((id) => ({ id, name: id.toLowerCase() })),
    // Trigger ids are minted ahead of a load run, so they must outlive Slack's 3 s.
    triggerTtlMs: 10 * 60_000,
  });
  return {
    sim,
    fake,
    botRssAtStop: [],
    async close() {
      await fake.close();
      await sim.close();
    },
  };
}

/** The environment the bot is configured from, pointing at the sandbox. */
export function botEnv(sandbox: Sandbox, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: sandbox.fake.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: sandbox.fake.apiUrl,
    SLACK_COMMAND: COMMAND,
    BANDWIDTH_ACCOUNT_ID: sandbox.sim.accountId,
    BANDWIDTH_CLIENT_ID: sandbox.sim.credentials.clientId,
    BANDWIDTH_CLIENT_SECRET: sandbox.sim.credentials.clientSecret,
    BANDWIDTH_API_URL: sandbox.sim.apiUrl,
    BANDWIDTH_TOKEN_URL: sandbox.sim.tokenUrl,
    BANDWIDTH_SITE_ID: '4001',
    WEBHOOK_USERNAME: WEBHOOK.username,
    WEBHOOK_PASSWORD: WEBHOOK.password,
    APPROVERS: APPROVER,
    STORE_URL: 'memory://',
    PORT: '0',
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

/** The bot in its own process. */
export interface BotProcess {
  worker: Worker;
  url: string;
  usage(): Promise<BotUsage>;
  stop(): Promise<void>;
}

export async function startBotProcess(
  sandbox: Sandbox,
  overrides: Record<string, string> = {},
  options: { subscribe?: boolean; execArgv?: string[] } = {},
): Promise<BotProcess> {
  const worker = await startWorker('bot', { env: botEnv(sandbox, overrides) } satisfies BotWorkerArgs, {
    execArgv: options.execArgv,
  });
  const url = `http://127.0.0.1:${worker.ready.port as number}`;
  if (options.subscribe) {
    const client = createBandwidthClient({
      accountId: sandbox.sim.accountId,
      apiUrl: sandbox.sim.apiUrl,
      tokenUrl: sandbox.sim.tokenUrl,
      clientId: sandbox.sim.credentials.clientId,
      clientSecret: sandbox.sim.credentials.clientSecret,
    });
    await client.createSubscription(
      { orderType: 'importtnorders' },
      { url: `${url}/bandwidth/webhooks`, expirySeconds: 3600, ...WEBHOOK },
    );
    await client.close();
  }
  return {
    worker,
    url,
    usage: () => worker.call<BotUsage>('usage'),
    async stop() {
      const usage = await worker.call<BotUsage>('usage').catch(() => undefined);
      if (usage) {
        sandbox.botRssAtStop.push(usage.rssBytes);
        process.stderr.write(
          `  bot ${overrides.STORE_URL?.split(':')[0] ?? 'memory'} stopped at ${mb(usage.rssBytes)} MB RSS (V8 heap ${mb(usage.heapUsedBytes)} used of ${mb(usage.heapTotalBytes)}, external ${mb(usage.externalBytes)})\n`,
        );
      }
      await worker.stop();
    },
  };
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

/** Polls `predicate` every `everyMs` until it is truthy; fails after `timeoutMs`. */
export async function until<T>(
  predicate: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
