import type { FakeView } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import {
  APPROVER,
  approveAndWaitForOrders,
  blocksText,
  CHANNEL,
  eventually,
  type Harness,
  importFormValues,
  OUTSIDER,
  REQUESTER,
  requestImport,
  settle,
  useHarness,
} from '../helpers/bot-harness';

/** The Home tab section titled `title`, up to the next divider, as text. */
function homeSection(view: FakeView, title: string): string {
  const blocks = (view.view.blocks ?? []) as Array<Record<string, unknown>>;
  const start = blocks.findIndex((b) => JSON.stringify(b).includes(`*${title}*`));
  if (start < 0) return '';
  const end = blocks.findIndex((b, i) => i > start && b.type === 'divider');
  return JSON.stringify(blocks.slice(start, end < 0 ? undefined : end));
}

describe('the App Home tab', () => {
  let h: Harness;
  useHarness({}, (started) => {
    h = started;
  });

  async function openHome(userId: string): Promise<FakeView> {
    const publishes = h.fake.callsTo('views.publish').length;
    const sent = await h.slack.sendEvent({
      event: { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home', event_ts: '1.0' },
    });
    expect(sent.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo('views.publish')[publishes]);
    await settle(h);
    const view = h.fake.homeViews.get(userId);
    if (!view) throw new Error(`no home view for ${userId}`);
    return view;
  }

  /** Three requests: one waiting, one with an open order, one finished. */
  async function threeRequests() {
    const waiting = await requestImport(h, '919-555-8001');
    const ordered = await requestImport(h, '919-555-8002');
    await approveAndWaitForOrders(h, ordered.requestId, ordered.card);
    const done = await requestImport(h, '919-555-8003');
    await approveAndWaitForOrders(h, done.requestId, done.card);
    const [order] = h.sim.importOrders().filter((o) => o.customerOrderId === done.requestId);
    await h.sim.setOrderStatus(order!.orderId, 'COMPLETE');
    await settle(h);
    await eventually(
      async () => (await h.bot.workflow.getRequest(done.requestId))?.state === 'complete',
      'the finished request',
    );
    return { waiting, ordered, done };
  }

  it('shows an approver what awaits them, with Approve and Reject, and the open orders', async () => {
    const { waiting, ordered, done } = await threeRequests();
    const view = await openHome(APPROVER);
    const awaiting = homeSection(view, 'Waiting for your approval');
    expect(awaiting).toContain(waiting.requestId);
    expect(awaiting).toContain(ids.card.approve);
    expect(awaiting).not.toContain(ordered.requestId);
    const open = homeSection(view, 'Orders in progress at Bandwidth');
    expect(open).toContain(ordered.requestId);
    expect(open).not.toContain(done.requestId);
  });

  it('shows a requester their requests and recent outcomes, and no approval list', async () => {
    const { waiting, ordered, done } = await threeRequests();
    const view = await openHome(REQUESTER);
    expect(blocksText({ blocks: view.view.blocks })).not.toContain('Waiting for your approval');
    const mine = homeSection(view, 'Your requests');
    expect(mine).toContain(waiting.requestId);
    expect(mine).toContain(ordered.requestId);
    expect(mine).not.toContain(done.requestId);
    expect(homeSection(view, 'Recently finished')).toContain(done.requestId);
  });

  it('shows someone with no requests empty lists', async () => {
    await threeRequests();
    const view = await openHome(OUTSIDER);
    expect(homeSection(view, 'Your requests')).toContain('You have no open requests.');
    expect(homeSection(view, 'Recently finished')).toContain('Nothing finished lately.');
  });

  it('lets an approver approve from the Home tab', async () => {
    const { card, requestId } = await requestImport(h, '919-555-8101');
    const view = await openHome(APPROVER);
    await h.slack.sendBlockAction({
      actionId: ids.card.approve,
      blockId: 'home-approve',
      value: requestId,
      userId: APPROVER,
      viewId: view.id,
    });
    await eventually(() => h.sim.importOrders().find((o) => o.customerOrderId === requestId), 'the order');
    await settle(h);
    expect(blocksText(h.fake.messages.find((m) => m.ts === card.ts))).toContain(`Approved by <@${APPROVER}>`);
  });

  it('lets an approver reject from the Home tab, with a reason', async () => {
    const { requestId } = await requestImport(h, '919-555-8102');
    const view = await openHome(APPROVER);
    const opens = h.fake.callsTo('views.open').length;
    await h.slack.sendBlockAction({
      actionId: ids.card.reject,
      blockId: 'home-reject',
      value: requestId,
      userId: APPROVER,
      viewId: view.id,
    });
    const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open')[opens]);
    const R = ids.rejectModal;
    const sent = await h.slack.sendViewSubmission({
      viewId: (opened.response.view as { id: string }).id,
      userId: APPROVER,
      values: {
        [R.blocks.reason]: {
          [R.actions.reason]: { type: 'plain_text_input', value: 'Duplicate of another request' },
        },
      },
    });
    expect(sent.json?.response_action).toBeUndefined();
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('rejected');
  });

  it('opens the import form from the Home tab, asking where the card goes', async () => {
    const view = await openHome(REQUESTER);
    const opens = h.fake.callsTo('views.open').length;
    await h.slack.sendBlockAction({
      actionId: ids.home.newImport,
      blockId: ids.home.toolbar,
      userId: REQUESTER,
      viewId: view.id,
    });
    const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open')[opens]);
    expect(opened.response.ok).toBe(true);
    const form = opened.response.view as { id: string; blocks: Array<{ block_id?: string }> };
    expect(form.blocks.map((b) => b.block_id)).toContain(ids.importModal.blocks.channel);

    const values = importFormValues('919-555-8201');
    const unpicked = await h.slack.sendViewSubmission({ viewId: form.id, userId: REQUESTER, values });
    expect(unpicked.json?.response_action).toBe('errors');
    expect(Object.keys(unpicked.json?.errors as object)).toEqual([ids.importModal.blocks.channel]);

    const C = ids.importModal;
    const picked = await h.slack.sendViewSubmission({
      viewId: form.id,
      userId: REQUESTER,
      values: {
        ...values,
        [C.blocks.channel]: {
          [C.actions.channel]: { type: 'conversations_select', selected_conversation: CHANNEL },
        },
      },
    });
    expect(picked.json?.response_action).toBeUndefined();
    const card = await h.fake.waitFor(() =>
      h.fake.channelMessages(CHANNEL).find((m) => !m.thread_ts && blocksText(m).includes('Import request')),
    );
    expect(blocksText(card)).toContain('(919) 555-8201');
  });
});
