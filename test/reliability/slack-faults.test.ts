import type { FailureSpec } from '../../src/sandbox/slack';
import { type Harness, startHarness } from '../helpers/bot-harness';
import { clickApprove, countReplies, eventually, replies, requestImport, sleep } from './helpers/flow';
import { expectNoSecrets } from './helpers/secrets';

/**
 * Slack failing while the bot posts the card, updates it, and replies in its thread: 429 with
 * Retry-After and 5xx. Every event is told exactly once in the end, the card is posted once, and
 * nothing is lost when Slack stays down longer than the client's own retries.
 */
const FAILURES: Array<[string, FailureSpec, number]> = [
  ['429 with Retry-After: 1', { status: 429, retryAfter: 1 }, 1],
  ['500', { status: 500 }, 1],
  ['503 three times in a row', { status: 503 }, 3],
];

describe('Slack faults', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    expectNoSecrets(h);
    await h.close();
  });

  async function settle(): Promise<void> {
    await h.bot.jobs.idle();
    await sleep(50);
    await h.bot.jobs.idle();
  }

  const cards = () => h.fake.channelMessages('C0IMPORTS').filter((m) => !m.thread_ts || m.thread_ts === m.ts);

  /** Every thread reply's text appears once: no event told twice. */
  function expectNoDuplicateReplies(cardTs: string): void {
    const texts = replies(h.fake, cardTs).map((m) => m.text ?? '');
    expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
  }

  it.each(FAILURES)(
    '%s on chat.postMessage: the card and every reply are posted once',
    async (_l, failure, times) => {
      h.fake.failNext('chat.postMessage', failure, times);
      const { card, requestId } = await requestImport(h, '919-555-7001', {}, 20_000);
      await h.fake.waitFor(() => countReplies(h.fake, card.ts, /Checked with Bandwidth/) === 1, 20_000);
      expect(cards()).toHaveLength(1);
      h.fake.failNext('chat.postMessage', failure, times);
      await clickApprove(h, card, requestId);
      await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1, 20_000);
      await settle();
      expect(cards()).toHaveLength(1);
      expectNoDuplicateReplies(card.ts);
    },
  );

  it.each(FAILURES)(
    '%s on chat.update: the card ends current and replies are not doubled',
    async (_l, failure, times) => {
      const { card, requestId } = await requestImport(h, '919-555-7002');
      await settle();
      h.fake.failNext('chat.update', failure, times);
      await clickApprove(h, card, requestId);
      await h.fake.waitFor(() => countReplies(h.fake, card.ts, /accepted 1 import order/) === 1, 20_000);
      await settle();
      const current = h.fake.messages.find((m) => m.ts === card.ts);
      expect(JSON.stringify(current?.blocks)).toMatch(/[Ss]ubmitted|[Oo]rder/);
      expectNoDuplicateReplies(card.ts);
    },
  );

  it('Slack down longer than the client retries: events wait in the outbox and are told once, in order, by the sweep', async () => {
    const { card, requestId } = await requestImport(h, '919-555-7003');
    await settle();
    h.fake.failNext('chat.update', { status: 500 }, 8);
    await clickApprove(h, card, requestId);
    await eventually(() => h.sim.importOrders().length === 1, 10_000, 'order');
    await settle();
    expect(countReplies(h.fake, card.ts, /approved/)).toBe(0);
    expect((await h.bot.workflow.listRequestsWithPendingEvents()).includes(requestId)).toBe(true);
    // Sweeps while Slack still fails change nothing and lose nothing; the one after it is back tells all.
    for (
      let sweep = 0;
      sweep < 6 && (await h.bot.workflow.listRequestsWithPendingEvents()).length > 0;
      sweep++
    ) {
      await h.bot.poller.runOnce();
      await settle();
    }
    const texts = replies(h.fake, card.ts).map((m) => m.text ?? '');
    const approvedAt = texts.findIndex((t) => /approved/.test(t));
    const acceptedAt = texts.findIndex((t) => /accepted 1 import order/.test(t));
    expect(approvedAt).toBeGreaterThanOrEqual(0);
    expect(acceptedAt).toBeGreaterThan(approvedAt);
    expectNoDuplicateReplies(card.ts);
    expect(await h.bot.workflow.listRequestsWithPendingEvents()).not.toContain(requestId);
  });

  it('an error answer (ok:false) on the first card post does not post a second card later', async () => {
    h.fake.failNext('chat.postMessage', { error: 'internal_error' }, 1);
    const { card } = await requestImport(h, '919-555-7004', {}, 2_000).catch(async () => {
      // The first card post failed: the sweep posts it.
      await h.bot.poller.runOnce();
      await settle();
      const posted = cards()[0];
      if (!posted) throw new Error('no card after the sweep');
      return { card: posted, requestId: '' };
    });
    await settle();
    await h.bot.poller.runOnce();
    await settle();
    expect(cards()).toHaveLength(1);
    expectNoDuplicateReplies(card.ts);
  });
});
