import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import type { ImportRequest } from '../../src/domain/request';
import { createLogger } from '../../src/logger';
import { createMetrics } from '../../src/metrics';
import { createPoller } from '../../src/poller';
import { type BandwidthSimulator, startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { createSlackSender, type FakeSlack, startFakeSlack } from '../../src/sandbox/slack';
import { createStore } from '../../src/store';
import {
  APPROVER,
  APPROVER_GROUP,
  CHANNEL,
  GROUP_APPROVER,
  type Harness,
  OUTSIDER,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
} from '../helpers/bot-harness';
import { botEnv, buildBot, type ChildBot, freePort, killChildren, startChildBot } from './helpers/child-bot';
import { clickApprove, countReplies, eventually, requestImport, type SlackSide, sleep } from './helpers/flow';
import { describeWithRedis, freshRedisUrl, redisKeys } from './helpers/redis';
import { findSecrets, secretsOf } from './helpers/secrets';

jest.setTimeout(60_000);

let main: string;
let sim: BandwidthSimulator;
let fake: FakeSlack;
beforeAll(async () => {
  main = buildBot();
});
beforeEach(async () => {
  sim = await startBandwidthSimulator();
  fake = await startFakeSlack({
    users: [REQUESTER, APPROVER, GROUP_APPROVER, OUTSIDER].map((id) => ({ id, name: id.toLowerCase() })),
    usergroups: { [APPROVER_GROUP]: [GROUP_APPROVER] },
  });
});
afterEach(async () => {
  await killChildren();
  await fake.close();
  await sim.close();
});

function sideOf(bot: ChildBot): SlackSide {
  return {
    fake,
    slack: createSlackSender({
      url: `${bot.url}/slack/events`,
      signingSecret: SIGNING_SECRET,
      fake,
      userId: REQUESTER,
      channelId: CHANNEL,
    }),
  };
}

const POLLER_LEASE = 'hosted-bot:lease:poller';

describeWithRedis('the poller across two replicas', () => {
  it('runs on one replica at a time, and another takes over when that one is killed', async () => {
    const storeUrl = await freshRedisUrl(12);
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await startChildBot(main, botEnv({ sim, fake, port: portA, storeUrl, pollSeconds: 1 }));
    const holderA = await eventually(
      async () => (await redisKeys(storeUrl, POLLER_LEASE))[POLLER_LEASE],
      5_000,
      'A leads',
    );
    const b = await startChildBot(main, botEnv({ sim, fake, port: portB, storeUrl, pollSeconds: 1 }));
    // Both poll every second; only A's passes run (B's find the lease taken).
    await sleep(3_000);
    expect((await redisKeys(storeUrl, POLLER_LEASE))[POLLER_LEASE]).toBe(holderA);
    const passes = (bot: ChildBot) => bot.lines.filter((l) => l.includes('reconciled open requests')).length;
    expect(passes(a)).toBeGreaterThanOrEqual(2);
    expect(passes(b)).toBe(0);

    await a.crash();
    const holderB = await eventually(
      async () => {
        const holder = (await redisKeys(storeUrl, POLLER_LEASE))[POLLER_LEASE];
        return holder && holder !== holderA ? holder : undefined;
      },
      10_000,
      'B takes over',
    );
    expect(holderB).toBeTruthy();
    await eventually(() => passes(b) >= 1, 5_000, 'B polls');

    // And B does the work: an approval whose create A never finished is completed by B's poller.
    const side = sideOf(b);
    const { card, requestId } = await requestImport(side, '919-555-8001');
    await clickApprove(side, card, requestId);
    await eventually(() => sim.importOrders().length === 1, 10_000, 'order by B');
    expect((await b.terminate()).code).toBe(0);
    // B gave the lease up on its way out.
    expect((await redisKeys(storeUrl, POLLER_LEASE))[POLLER_LEASE]).toBeUndefined();
    expect(findSecrets([...a.lines, ...b.lines].join('\n'), secretsOf({ fake, sim }))).toEqual([]);
  });
});

describe('the poller lease on one SQLite store', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hosted-bot-lease-'));
    h = await startHarness({ env: { STORE_URL: `sqlite://${dir}/bot.sqlite` }, sim, fake });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets one poller run while another on the same store waits, then hands over on stop', async () => {
    const other = createPoller({
      store: h.bot.store,
      workflow: h.bot.workflow,
      notifier: { sweep: async () => undefined },
      metrics: createMetrics(),
      logger: createLogger('silent'),
      instanceId: 'other-replica',
      intervalMs: 1_000,
    });
    expect(await h.bot.poller.runOnce()).toBe(true);
    expect(await other.runOnce()).toBe(false);
    expect(await h.bot.poller.runOnce()).toBe(true);
    await h.bot.poller.stop();
    expect(await other.runOnce()).toBe(true);
    expect(await h.bot.poller.runOnce()).toBe(false);
    await other.stop();
  });
});

describe('graceful shutdown on SIGTERM', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hosted-bot-term-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops taking requests, finishes the order in flight, closes the store, exits 0', async () => {
    const storeUrl = `sqlite://${dir}/bot.sqlite`;
    const port = await freePort();
    const bot = await startChildBot(main, botEnv({ sim, fake, port, storeUrl, pollSeconds: 300 }));
    const side = sideOf(bot);
    const { card, requestId } = await requestImport(side, '919-555-8101');
    // Bandwidth is slow: the create is in flight when SIGTERM comes.
    sim.faults.add({
      method: 'POST',
      path: /\/importTnOrders$/,
      times: 1,
      fault: { kind: 'latency', ms: 2_000 },
    });
    await clickApprove(side, card, requestId);
    await eventually(
      () => sim.requests.some((r) => r.method === 'POST' && /\/importTnOrders$/.test(r.path)),
      5_000,
      'create in flight',
    );
    bot.process.kill('SIGTERM');
    await sleep(300);
    // No new work is taken while the old finishes.
    const refused = await request(`${bot.url}/healthz`).then(
      async (r) => {
        await r.body.dump();
        return r.statusCode;
      },
      (error: { code?: string }) => error.code ?? 'error',
    );
    expect(refused).toBe('ECONNREFUSED');
    const { code } = await bot.exited;
    expect(code).toBe(0);
    // The order in flight was created and recorded, and its thread told, before the exit.
    expect(sim.importOrders().filter((o) => o.customerOrderId === requestId)).toHaveLength(1);
    expect(countReplies(fake, card.ts, /accepted 1 import order/)).toBe(1);
    expect(bot.lines.some((l) => l.includes('hosted-messaging bot stopped'))).toBe(true);
    // The store was closed cleanly: another process opens it and finds the request as it was left.
    const store = await createStore({ url: storeUrl });
    try {
      const stored = await store.get<ImportRequest>('requests', requestId);
      expect(stored?.state).toBe('submitted');
      expect(stored?.outbox).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
