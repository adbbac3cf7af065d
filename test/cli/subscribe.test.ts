import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBandwidthClient } from '../../src/api';
import { runSubscribe, webhookUrl } from '../../src/cli/subscribe';
import { ensureSubscriptions } from '../../src/cli/subscriptions';
import { type Config, ConfigError, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type BandwidthSimulator, startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { standInBotEnv } from '../../src/sandbox/bot-env';
import { type FakeMessage, type FakeSlack, startFakeSlack } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import {
  APPROVER,
  APPROVER_GROUP,
  CHANNEL,
  importFormValues,
  REQUESTER,
  startHarness,
  WEBHOOK,
} from '../helpers/bot-harness';

const PUBLIC_URL = 'https://hosted-bot.example.com';
const silent = createLogger('silent');

function configFor(sim: BandwidthSimulator, fake: FakeSlack, env: Record<string, string> = {}): Config {
  return loadConfig({
    ...standInBotEnv({ sim: sim, fake: fake }, { signingSecret: 'cli-test-secret', webhook: WEBHOOK }),
    APPROVERS: APPROVER,
    STORE_URL: 'memory://',
    PUBLIC_URL,
    ...env,
  });
}

describe('npm run subscribe', () => {
  let sim: BandwidthSimulator;
  let fake: FakeSlack;
  let lines: string[];
  const write = (line: string) => lines.push(line);

  beforeEach(async () => {
    sim = await startBandwidthSimulator();
    fake = await startFakeSlack({
      users: [REQUESTER, APPROVER].map((id) => ({ id })),
      usergroups: { [APPROVER_GROUP]: [] },
    });
    lines = [];
  });
  afterEach(async () => {
    await fake.close();
    await sim.close();
  });

  const kinds = () =>
    sim
      .subscriptions()
      .map((s) => s.orderType ?? s.eventType)
      .sort();

  it('creates one subscription of each kind pointing at PUBLIC_URL + WEBHOOK_PATH, credentials inside', async () => {
    const result = await runSubscribe(configFor(sim, fake), { write, logger: silent });
    expect(result.url).toBe(`${PUBLIC_URL}/bandwidth/webhooks`);
    expect(result.outcomes.map((o) => [o.target, o.action])).toEqual([
      ['importtnorders', 'created'],
      ['removeImportedTnOrders', 'created'],
      ['MESSAGING_LOST', 'created'],
    ]);
    expect(kinds()).toEqual(['MESSAGING_LOST', 'importtnorders', 'removeImportedTnOrders']);
    for (const s of sim.subscriptions()) {
      expect(s.callback).toMatchObject({
        url: `${PUBLIC_URL}/bandwidth/webhooks`,
        username: WEBHOOK.username,
        password: WEBHOOK.password,
      });
    }
    expect(lines[0]).toMatch(/^created importtnorders subscription /);
  });

  it('is idempotent: a second run updates the same subscriptions instead of adding more', async () => {
    const first = await runSubscribe(configFor(sim, fake), { write, logger: silent });
    const second = await runSubscribe(
      configFor(sim, fake, { WEBHOOK_PASSWORD: 'rotated-webhook-password' }),
      { write, logger: silent },
    );
    expect(second.outcomes.map((o) => o.action)).toEqual(['updated', 'updated', 'updated']);
    expect(second.outcomes.map((o) => o.subscriptionId)).toEqual(first.outcomes.map((o) => o.subscriptionId));
    expect(kinds()).toEqual(['MESSAGING_LOST', 'importtnorders', 'removeImportedTnOrders']);
    expect(sim.subscriptions().map((s) => s.callback?.password)).toEqual([
      'rotated-webhook-password',
      'rotated-webhook-password',
      'rotated-webhook-password',
    ]);
  });

  it('leaves subscriptions of other deployments alone and says they exist', async () => {
    const client = createBandwidthClient({ ...configFor(sim, fake).bandwidth });
    const other = await client.createSubscription(
      { orderType: 'importtnorders' },
      { url: 'https://old-bot.example.com/bandwidth/webhooks', expirySeconds: 3600 },
    );
    const outcomes = await ensureSubscriptions({ client, url: `${PUBLIC_URL}/hooks`, ...WEBHOOK });
    await client.close();
    expect(outcomes[0]).toMatchObject({
      action: 'created',
      elsewhere: [{ subscriptionId: other, url: 'https://old-bot.example.com/bandwidth/webhooks' }],
    });
    expect(sim.subscriptions()).toHaveLength(4);
  });

  it('refuses to guess a URL when PUBLIC_URL is missing', () => {
    const config = configFor(sim, fake);
    expect(() => webhookUrl({ ...config, publicUrl: undefined })).toThrow(ConfigError);
    expect(() => webhookUrl({ ...config, publicUrl: undefined })).toThrow(/PUBLIC_URL/);
  });

  it('then reconciles open orders once, catching up on what happened before the subscription existed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subscribe-'));
    const store = { STORE_URL: `sqlite://${join(dir, 'bot.sqlite')}` };
    try {
      // A bot without subscriptions: Bandwidth finishes the order and nobody is told.
      const h = await startHarness({ sim, fake, subscribe: false, env: store });
      const card = await requestAndApprove(h, '919-555-1234');
      await h.close();
      await sim.advance();
      await sim.advance();
      expect(sim.importOrders()[0]?.status).toBe('COMPLETE');

      const result = await runSubscribe(configFor(sim, fake, store), { write, logger: silent });
      expect(result.reconciled).toMatchObject({ skipped: false, requests: 1, changed: 1, failed: 0 });
      expect(lines.at(-1)).toMatch(/^reconcile: 1 open request/);
      const updated = fake.messages.find((m) => m.ts === card.ts);
      expect(JSON.stringify(updated?.blocks)).toContain('Complete');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function requestAndApprove(
  h: Awaited<ReturnType<typeof startHarness>>,
  numbers: string,
): Promise<FakeMessage> {
  await h.slack.sendSlashCommand({ command: '/hosted', text: `import ${numbers}` });
  await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
  await h.slack.sendViewSubmission({ values: importFormValues(numbers) });
  const card = await h.fake.waitFor(
    () =>
      h.fake.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks ?? []).includes(ids.card.approve)),
    5000,
  );
  const requestId = /HM-[A-Z0-9]+/.exec(JSON.stringify(card.blocks))?.[0];
  await h.slack.sendBlockAction({
    actionId: ids.card.approve,
    blockId: ids.card.actionsBlock,
    value: requestId,
    userId: APPROVER,
    messageTs: card.ts,
    channelId: CHANNEL,
  });
  await h.fake.waitFor(() => h.sim.importOrders()[0], 5000);
  return card;
}
