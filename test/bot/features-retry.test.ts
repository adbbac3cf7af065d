import type { FakeMessage } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import {
  APPROVER,
  advance,
  approveAndWaitForOrders,
  blocksText,
  CHANNEL,
  clickCard,
  currentCard,
  eventually,
  type Harness,
  OUTSIDER,
  REQUESTER,
  replies,
  requestImport,
  settle,
  useHarness,
} from '../helpers/bot-harness';

/** Cards in the channel (top-level bot messages holding a request id). */
function cards(h: Harness): FakeMessage[] {
  return h.fake
    .channelMessages(CHANNEL)
    .filter((m) => (!m.thread_ts || m.thread_ts === m.ts) && blocksText(m).includes('Import request'));
}

describe('retry failed numbers', () => {
  let h: Harness;
  useHarness({}, (started) => {
    h = started;
  });

  /** A request whose order ends PARTIAL: 7518 fails in the order, 5401 is imported. */
  async function partialImport() {
    const { card, requestId } = await requestImport(h, '919-555-5401, 919-555-7518');
    await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('partial');
    return { card, requestId };
  }

  it('offers the button on a partial card and in the final message, and opens one linked request with only the failed numbers', async () => {
    const { card, requestId } = await partialImport();
    expect(blocksText(currentCard(h, card))).toContain(ids.card.retryFailed);
    const final = replies(h, card).find((m) => m.reply_broadcast);
    expect(blocksText(final)).toContain(ids.card.retryFailed);

    // Clicked twice (a double click, or the card and the final message): one new request.
    await Promise.all([
      clickCard(h, ids.card.retryFailed, requestId, card, REQUESTER),
      clickCard(h, ids.card.retryFailed, requestId, card, APPROVER),
    ]);
    await settle(h);
    const first = await h.bot.workflow.getRequest(requestId);
    const retryId = first?.retriedAs;
    expect(retryId).toMatch(/^HM-/);
    const retry = await h.bot.workflow.getRequest(retryId!);
    expect(retry?.retryOf).toBe(requestId);
    expect(retry?.numbers).toEqual(['9195557518']);
    expect(retry?.state).toBe('awaiting_approval');
    expect(retry?.details).toEqual(first?.details);
    expect(cards(h)).toHaveLength(2);

    const newCard = await eventually(
      () => cards(h).find((m) => blocksText(m).includes(`Import request ${retryId}`)),
      'new card',
    );
    expect(blocksText(currentCard(h, newCard))).toContain(`Retries the failed numbers of \`${requestId}\``);
    expect(blocksText(currentCard(h, newCard))).toContain(ids.card.approve);
    const firstCard = blocksText(currentCard(h, card));
    expect(firstCard).toContain(`Failed numbers retried in \`${retryId}\``);
    expect(firstCard).not.toContain(ids.card.retryFailed);
    expect(replies(h, card).filter((m) => (m.text ?? '').includes(retryId!))).toHaveLength(1);
    expect(
      replies(h, newCard).some((m) => (m.text ?? '').includes(`failed numbers of \`${requestId}\``)),
    ).toBe(true);
    const refused = h.fake.ephemerals.filter((e) => (e.text ?? '').includes('already being retried'));
    expect(refused).toHaveLength(1);

    // The new request goes through the same approval.
    await approveAndWaitForOrders(h, retryId!, newCard);
    expect(h.sim.importOrders().find((o) => o.customerOrderId === retryId)).toBeDefined();
  });

  it('refuses someone who is neither the requester nor an approver', async () => {
    const { card, requestId } = await partialImport();
    await clickCard(h, ids.card.retryFailed, requestId, card, OUTSIDER);
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.retriedAs).toBeUndefined();
    const told = h.fake.ephemerals.find((e) => e.user === OUTSIDER);
    expect(told?.text).toMatch(/Only the requester or an approver/);
    expect(cards(h)).toHaveLength(1);
  });

  it('offers no retry on a request that completed', async () => {
    const { card, requestId } = await requestImport(h, '919-555-5402');
    await approveAndWaitForOrders(h, requestId, card);
    await advance(h);
    await advance(h);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('complete');
    expect(blocksText(currentCard(h, card))).not.toContain(ids.card.retryFailed);
    await clickCard(h, ids.card.retryFailed, requestId, card, REQUESTER);
    await settle(h);
    expect(h.fake.ephemerals.find((e) => e.user === REQUESTER)?.text).toMatch(/no failed numbers/);
  });
});
