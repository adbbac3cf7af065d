import { createNotifier } from '../../src/slack/notifier';
import {
  APPROVER,
  approveAndWaitForOrders,
  type Harness,
  replies,
  requestImport,
  settle,
  slackRefusals,
  startHarness,
} from '../helpers/bot-harness';

describe('the notifier', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('drops the refused message, counts it, and still tells the events behind it', async () => {
    const { card, requestId } = await requestImport(h, '919-555-2101');
    // The "approved" thread reply is refused as if the bot had been removed from the channel.
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await approveAndWaitForOrders(h, requestId, card);
    await settle(h);

    const texts = replies(h, card).map((m) => m.text ?? '');
    expect(texts.some((t) => t.includes('approved'))).toBe(false);
    expect(texts.some((t) => t.includes('Bandwidth accepted'))).toBe(true);
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.outbox).toEqual([]);
    expect(await h.bot.metrics.registry.getSingleMetricAsString('hosted_bot_slack_posts_total')).toMatch(
      /outcome="dropped"} 1/,
    );
    expect(slackRefusals(h.fake, ['not_in_channel'])).toEqual([]);
  });

  it('keeps a message that failed for a passing reason and tells it on the next drain', async () => {
    const { card, requestId } = await requestImport(h, '919-555-2102');
    // One drain's worth: the first try and the Web API client's three retries.
    h.fake.failNext('chat.postMessage', { status: 500 }, 4);
    await approveAndWaitForOrders(h, requestId, card);
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.outbox.length).toBeGreaterThan(0);

    await h.bot.poller.runOnce();
    await settle(h);
    const texts = replies(h, card).map((m) => m.text ?? '');
    expect(texts.filter((t) => t.includes('approved'))).toHaveLength(1);
    expect((await h.bot.workflow.getRequest(requestId))?.outbox).toEqual([]);
  });

  it('does not post a message twice when an attempt was interrupted after Slack took it', async () => {
    const { card, requestId } = await requestImport(h, '919-555-2103');
    await approveAndWaitForOrders(h, requestId, card);
    await settle(h);
    const before = replies(h, card).length;
    // A process that dies between posting and acknowledging tells the same event again on restart.
    // Replay that: put a told event back in the outbox and tell it through a second notifier.
    const request = (await h.bot.workflow.getRequest(requestId))!;
    const again = {
      ...request,
      outbox: [
        {
          seq: request.nextSeq - 1,
          at: request.updatedAt,
          event: { type: 'approved' as const, by: APPROVER },
        },
      ],
    };
    const replayed = createNotifier({
      client: h.bot.app.client,
      workflow: {
        ...h.bot.workflow,
        drainOutbox: async (_id, tell) => {
          await tell(again, again.outbox[0]!);
          return { told: 1, busy: false };
        },
      },
      attempts: h.bot.store,
      metrics: h.bot.metrics,
      logger: h.bot.logger,
      command: '/hosted',
    });
    await replayed.drain(requestId);
    expect(replies(h, card)).toHaveLength(before);
    expect(await h.bot.metrics.registry.getSingleMetricAsString('hosted_bot_slack_posts_total')).toMatch(
      /outcome="already_posted"} 1/,
    );
  });
});
