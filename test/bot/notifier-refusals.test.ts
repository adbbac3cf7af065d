import {
  approveAndWaitForOrders,
  type Harness,
  replies,
  requestImport,
  settle,
  slackRefusals,
  startHarness,
} from '../helpers/bot-harness';

describe('the notifier when Slack refuses a message for good', () => {
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
});
