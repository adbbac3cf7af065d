import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileShareMessageEvent } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import {
  APPROVER,
  blocksText,
  CHANNEL,
  clickCard,
  currentCard,
  eventually,
  type Harness,
  type HarnessOptions,
  REQUESTER,
  replies,
  requestImport,
  settle,
  slackRefusals,
  startHarness,
} from '../helpers/bot-harness';
import { deleteRedisKeys, REDIS_URL, uniqueRedisNamespace } from '../store/backends';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * One request across three bot processes sharing one store: the first posts the card, the second
 * takes the approval (and the LOA) on that card, the third starts after Bandwidth finished the
 * order while no bot was running, and its first poll catches up.
 */
async function flowAcrossRestarts(options: HarnessOptions): Promise<void> {
  const first = await startHarness(options);
  const shared = { ...options, sim: first.sim, fake: first.fake };
  let current: Harness = first;
  try {
    const { card, requestId } = await requestImport(first, '919-555-9001, 919-555-9002');
    await first.bot.stop();

    const second = await startHarness(shared);
    current = second;
    expect((await second.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');
    await clickCard(second, ids.card.approve, requestId, card, APPROVER);
    const order = await eventually(
      () => second.sim.importOrders().find((o) => o.customerOrderId === requestId),
      'the order',
    );
    const loa = second.fake.addFile(PDF, { name: 'loa.pdf', user: REQUESTER });
    await second.slack.sendEvent({
      event: fileShareMessageEvent({
        channelId: CHANNEL,
        userId: REQUESTER,
        ts: `${Math.floor(Date.now() / 1000) + 500}.000001`,
        threadTs: card.ts,
        files: [loa],
      }),
    });
    await eventually(() => second.sim.loaFiles(order.orderId).length === 1, 'the LOA upload');
    await settle(second);
    await second.bot.stop();

    // Bandwidth finishes while no bot runs: its notifications are lost for good.
    await first.sim.advance();
    await first.sim.advance();
    expect(first.sim.importOrder(order.orderId)?.status).toBe('COMPLETE');

    const third = await startHarness(shared);
    current = third;
    expect(await third.bot.poller.runOnce()).toBe(true);
    await settle(third);
    expect((await third.bot.workflow.getRequest(requestId))?.state).toBe('complete');
    // Still one card, updated in place; the end told once, in its thread.
    expect(
      third.fake.channelMessages(CHANNEL).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts),
    ).toHaveLength(1);
    expect(blocksText(currentCard(third, card))).toMatch(/Done\./);
    const ends = replies(third, card).filter((m) => m.reply_broadcast);
    expect(ends).toHaveLength(1);
    expect(blocksText(ends[0])).toContain(`<@${REQUESTER}>`);
    expect(replies(third, card).filter((m) => /approved\./.test(m.text ?? ''))).toHaveLength(1);
    expect(third.sim.loaFiles(order.orderId)).toHaveLength(1);
    expect(slackRefusals(third.fake)).toEqual([]);
  } finally {
    await current.bot.stop().catch(() => undefined);
    await first.fake.close();
    await first.sim.close();
  }
}

describe('state across restarts', () => {
  it('finishes a flow begun by another bot process on the same SQLite file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hosted-bot-restart-'));
    try {
      await flowAcrossRestarts({ env: { STORE_URL: `sqlite://${dir}/bot.sqlite` } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  (REDIS_URL ? it : it.skip)(
    'finishes a flow begun by another bot process on the same Redis',
    async () => {
      const namespace = uniqueRedisNamespace();
      try {
        await flowAcrossRestarts({ env: { STORE_URL: REDIS_URL! }, storeNamespace: namespace });
      } finally {
        await deleteRedisKeys(`${namespace}:*`);
      }
    },
    30_000,
  );
});
