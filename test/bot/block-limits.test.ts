import {
  approveAndWaitForOrders,
  blocksText,
  currentCard,
  type Harness,
  replies,
  requestImport,
  settle,
  slackRefusals,
  startHarness,
} from '../helpers/bot-harness';

/**
 * Numbers that exercise every long list the bot can post: each of the checker's refusal codes,
 * the order's per-number failures, and plenty that go through.
 */
function manyNumbers(count: number): string[] {
  const endings = ['1901', '1902', '1903', '1904', '1905', '1906', '1907', '1908', '1909', '1910', '1912'];
  const orderFailures = ['7518', '5163'];
  const numbers: string[] = [];
  for (let i = 0; numbers.length < count; i += 1) {
    const exchange = 200 + (i % 700);
    const area = ['919', '984', '252', '336'][Math.floor(i / 700) % 4];
    const last =
      i % 5 === 0
        ? endings[i % endings.length]
        : i % 5 === 1
          ? orderFailures[i % 2]
          : String(2000 + (i % 7000)).padStart(4, '0');
    // N11 exchanges (211, 311, ...) are not assignable numbers.
    if (exchange % 100 !== 11) numbers.push(`${area}${exchange}${last}`);
  }
  return [...new Set(numbers)];
}

describe('Block Kit limits on large requests', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ env: { MAX_NUMBERS_PER_ORDER: '100' } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('keeps every card, thread message and check answer within Slack limits for 600 numbers', async () => {
    const numbers = manyNumbers(600);
    const check = await h.slack.sendSlashCommand({
      command: '/hosted',
      text: `check ${numbers.slice(0, 400).join(' ')} ${Array.from({ length: 40 }, (_, i) => `bad${i}`).join(' ')}`,
    });
    expect(check.status).toBe(200);
    await h.fake.waitFor(() => h.fake.responseUrlPosts[0], 10_000);

    const { card, requestId } = await requestImport(h, numbers.join('\n'));
    expect(blocksText(card)).toContain(requestId);
    const orders = await approveAndWaitForOrders(h, requestId, card, 5);
    expect(orders.length).toBeGreaterThanOrEqual(5);
    await h.sim.advance();
    await h.sim.advance();
    await settle(h);
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.state).toBe('partial');
    expect(replies(h, card).some((m) => m.reply_broadcast)).toBe(true);
    expect(currentCard(h, card).updates.length).toBeGreaterThan(0);

    const home = await h.slack.sendEvent({
      event: { type: 'app_home_opened', user: 'U0APPROVER', channel: 'D0HOME', tab: 'home', event_ts: '1.0' },
    });
    expect(home.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('views.publish')[0]);
    await settle(h);
    expect(slackRefusals(h.fake)).toEqual([]);
  }, 60_000);
});
