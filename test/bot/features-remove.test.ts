import type { FakeMessage, ResponseUrlPost } from '../../src/sandbox/slack';
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
  REQUESTER,
  replies,
  requestImport,
  settle,
  shareFiles,
  useHarness,
} from '../helpers/bot-harness';

/** Imports the numbers to the end, so the account holds them (the simulator's in-service list). */
async function importToCompletion(h: Harness, numbers: string): Promise<string> {
  const { card, requestId } = await requestImport(h, numbers);
  await approveAndWaitForOrders(h, requestId, card);
  await advance(h);
  await advance(h);
  expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('complete');
  return requestId;
}

/** Types `/hosted remove …` and returns the ephemeral answer and the removal card. */
async function requestRemoval(
  h: Harness,
  text: string,
): Promise<{ answer: ResponseUrlPost; card: FakeMessage; requestId: string }> {
  const before = new Set(h.fake.channelMessages(CHANNEL).map((m) => m.ts));
  const sent = await h.slack.sendSlashCommand({
    command: '/hosted',
    text: `remove ${text}`,
    userId: REQUESTER,
  });
  expect(sent.status).toBe(200);
  expect(sent.json?.response_type).toBe('ephemeral');
  const id = sent.responseUrl.split('/').pop();
  const answer = await h.fake.waitFor(() => h.fake.responseUrlPosts.find((p) => p.id === id), 5000);
  const card = await h.fake.waitFor(
    () =>
      h.fake
        .channelMessages(CHANNEL)
        .find((m) => !before.has(m.ts) && !m.thread_ts && blocksText(m).includes('Removal request')),
    5000,
  );
  const requestId = /HM-[A-Z0-9]+/.exec(blocksText(card))?.[0];
  if (!requestId) throw new Error(`no request id on the card: ${blocksText(card)}`);
  await settle(h);
  return { answer, card, requestId };
}

/** Approves as APPROVER and waits for the removal order in the simulator. */
async function approveRemoval(h: Harness, requestId: string, card: FakeMessage) {
  const click = await clickCard(h, ids.card.approve, requestId, card, APPROVER);
  expect(click.status).toBe(200);
  const order = await eventually(
    () => h.sim.removeOrders().find((o) => o.customerOrderId === requestId),
    'removal order',
  );
  await settle(h);
  return order;
}

describe('remove imported numbers', () => {
  let h: Harness;
  useHarness({}, (started) => {
    h = started;
  });

  it('checks the numbers against the account, waits for approval, and follows the removal order to the end', async () => {
    await importToCompletion(h, '919-555-5401, 919-555-5402');
    expect(h.sim.inServiceNumbers()).toEqual(['9195555401', '9195555402']);

    const { answer, card, requestId } = await requestRemoval(
      h,
      '919-555-5401 (919) 555-5402 919-555-0777 banana 919-555-5401',
    );
    const told = JSON.stringify(answer.body);
    expect(told).toContain(`Removal request \`${requestId}\` opened for 3 numbers`);
    expect(told).toContain('banana');
    expect(told).toContain('kept once');

    const request = await h.bot.workflow.getRequest(requestId);
    expect(request).toMatchObject({ kind: 'remove', state: 'awaiting_approval', requesterId: REQUESTER });
    expect(request?.details).toBeUndefined();
    expect(request?.check?.importable).toEqual(['9195555401', '9195555402']);
    expect(request?.check?.rejected).toEqual([
      expect.objectContaining({ code: 'not-in-service', numbers: ['9195550777'] }),
    ]);
    const shown = blocksText(currentCard(h, card));
    expect(shown).toContain(`Removal request ${requestId}`);
    expect(shown).toContain('2 numbers can be removed');
    expect(shown).toContain('Not in service on this account');
    expect(shown).not.toContain('Bandwidth said');
    expect(shown).toContain(ids.card.approve);
    expect(shown).toContain('Approve this removal?');
    expect(shown).not.toContain(ids.card.loaPdf);
    expect(shown).not.toContain('LOA');
    // Nothing was asked of Bandwidth's order API before the approval.
    expect(h.sim.removeOrders()).toHaveLength(0);

    // The requester cannot approve their own removal either.
    await clickCard(h, ids.card.approve, requestId, card, REQUESTER);
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');

    const order = await approveRemoval(h, requestId, card);
    expect([...order.telephoneNumbers].sort()).toEqual(['9195555401', '9195555402']);
    expect(h.sim.importOrders().filter((o) => o.customerOrderId === requestId)).toHaveLength(0);
    await advance(h);
    await advance(h);

    const done = await h.bot.workflow.getRequest(requestId);
    expect(done?.state).toBe('complete');
    expect(h.sim.inServiceNumbers()).toEqual([]);
    // The statuses came through the removeImportedTnOrders subscription, not the poller.
    expect(done?.audit.filter((a) => a.action === 'order_status').map((a) => a.actor)).toEqual([
      'bandwidth',
      'bandwidth',
    ]);
    const thread = replies(h, card);
    for (const status of ['processing', 'complete']) {
      const said = thread.filter(
        (m) => (m.text ?? '').includes(`Order \`${order.orderId}\``) && (m.text ?? '').includes(status),
      );
      expect(said).toHaveLength(1);
    }
    expect(thread.some((m) => (m.text ?? '').includes('removal order'))).toBe(true);
    const final = thread.find((m) => m.reply_broadcast);
    expect(final?.text).toContain(`removal request ${requestId} is complete`);
    expect(final?.text).toContain('no longer have hosted messaging');
    expect(final?.text).not.toContain('LOA');
    const finalCard = blocksText(currentCard(h, card));
    expect(finalCard).toContain('Done.');
    expect(finalCard).toContain('Bandwidth removal order');
    expect(finalCard).not.toContain('LOA');
    expect(finalCard).not.toContain(ids.card.retryFailed);
  });

  it('is finished by the poller when Bandwidth never sends the removal order notifications', async () => {
    await importToCompletion(h, '919-555-5404');
    const { card, requestId } = await requestRemoval(h, '919-555-5404');
    h.sim.faults.addNotification({ fault: { kind: 'drop' }, times: 10 });
    await approveRemoval(h, requestId, card);
    await advance(h);
    await advance(h);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('submitted');
    const summary = await h.bot.workflow.reconcile();
    expect(summary).toEqual(expect.objectContaining({ ordersPolled: 1, changed: 1 }));
    await settle(h);
    const done = await h.bot.workflow.getRequest(requestId);
    expect(done?.state).toBe('complete');
    expect(done?.audit.filter((a) => a.action === 'order_status').map((a) => a.actor)).toEqual(['poller']);
    expect(replies(h, card).find((m) => m.reply_broadcast)?.text).toContain('is complete');
  });

  it('opens no approval when none of the numbers is imported here', async () => {
    const { card, requestId } = await requestRemoval(h, '919-555-0778');
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.state).toBe('not_importable');
    const shown = blocksText(currentCard(h, card));
    expect(shown).toContain('None of the 1 number can be removed');
    expect(shown).toContain('Nothing can be removed');
    expect(shown).not.toContain(ids.card.approve);
    expect(h.sim.removeOrders()).toHaveLength(0);
  });

  it('answers a removal without numbers with what to type, and opens nothing', async () => {
    const empty = await h.slack.sendSlashCommand({ command: '/hosted', text: 'remove', userId: REQUESTER });
    expect(JSON.stringify(empty.json)).toContain('/hosted remove 919-555-1234');
    const sent = await h.slack.sendSlashCommand({
      command: '/hosted',
      text: 'remove banana 12345',
      userId: REQUESTER,
    });
    const id = sent.responseUrl.split('/').pop();
    const answer = await h.fake.waitFor(() => h.fake.responseUrlPosts.find((p) => p.id === id), 5000);
    const told = JSON.stringify(answer.body);
    expect(told).toContain('No removal request was opened');
    expect(told).toContain('banana');
    await settle(h);
    expect(h.fake.channelMessages(CHANNEL)).toHaveLength(0);
    expect(await h.bot.workflow.listOpenRequests()).toEqual([]);
  });

  it('takes no LOA in a removal thread: a shared file is left alone', async () => {
    await importToCompletion(h, '919-555-5403');
    const { card, requestId } = await requestRemoval(h, '919-555-5403');
    const before = replies(h, card).length;
    const file = h.fake.addFile(Buffer.from('%PDF-1.7\n%%EOF\n'), { name: 'loa.pdf', user: REQUESTER });
    const sent = await shareFiles(h, [file], card.ts);
    expect(sent.status).toBe(200);
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.loaFiles).toEqual([]);
    expect(h.fake.fileDownloads).toHaveLength(0);
    expect(replies(h, card)).toHaveLength(before);
  });
});
