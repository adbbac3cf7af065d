import { encodeMenuValue, ids, menuCommands } from '../../src/views/ids';
import {
  APPROVER,
  blocksText,
  CHANNEL,
  clickCard,
  currentCard,
  eventually,
  GROUP_APPROVER,
  type Harness,
  OUTSIDER,
  REQUESTER,
  replies,
  requestImport,
  settle,
  slackRefusals,
  startHarness,
} from '../helpers/bot-harness';

describe('approving a request', () => {
  let h: Harness;

  afterEach(async () => {
    await settle(h);
    expect(slackRefusals(h.fake)).toEqual([]);
    await h.close();
  });

  describe('with the default settings', () => {
    beforeEach(async () => {
      h = await startHarness();
    });

    it('lets an approver named by user id approve, and updates the card: who, buttons gone', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4001');
      expect(blocksText(card)).toContain(ids.card.approve);
      const click = await clickCard(h, ids.card.approve, requestId, card, APPROVER);
      expect(click.status).toBe(200);
      await eventually(() => h.sim.importOrders().length === 1, 'the order');
      await settle(h);
      const updated = currentCard(h, card);
      expect(blocksText(updated)).toContain(`Approved by <@${APPROVER}>`);
      expect(blocksText(updated)).not.toContain(ids.card.approve);
      expect(blocksText(updated)).not.toContain(ids.card.reject);
      const approved = replies(h, card).filter((m) => (m.text ?? '').includes('approved'));
      expect(approved).toHaveLength(1);
      expect(approved[0]?.text).toContain(`<@${APPROVER}>`);
    });

    it('has Approve ask for confirmation before it creates orders', async () => {
      const { card } = await requestImport(h, '919-555-4002');
      const elements = (card.blocks as Array<{ elements?: Array<Record<string, unknown>> }>).flatMap(
        (b) => b.elements ?? [],
      );
      const approve = elements.find((e) => e.action_id === ids.card.approve);
      expect(approve?.confirm).toEqual(expect.objectContaining({ confirm: expect.anything() }));
    });

    it('lets a member of an approver user group approve (usergroups.users.list)', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4003');
      await clickCard(h, ids.card.approve, requestId, card, GROUP_APPROVER);
      await eventually(() => h.sim.importOrders().length === 1, 'the order');
      const lookups = h.fake.callsTo('usergroups.users.list');
      expect(lookups.map((c) => c.args.usergroup)).toContain('S0APPROVERS');
      await settle(h);
      expect(blocksText(currentCard(h, card))).toContain(`Approved by <@${GROUP_APPROVER}>`);
    });

    it('refuses the requester approving their own request, with an ephemeral explanation', async () => {
      // The requester is an approver too: still refused, because self-approval is off.
      const { card, requestId } = await requestImport(h, '919-555-4004', { userId: APPROVER });
      await clickCard(h, ids.card.approve, requestId, card, APPROVER);
      const refusal = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === APPROVER));
      expect(refusal.text).toMatch(/someone else has to approve/i);
      await settle(h);
      expect(h.sim.importOrders()).toHaveLength(0);
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');
      expect(blocksText(currentCard(h, card))).toContain(ids.card.approve);
    });

    it('explains to a non-approver, alone, why they cannot approve or reject', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4005');
      await clickCard(h, ids.card.approve, requestId, card, OUTSIDER);
      const refusal = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === OUTSIDER));
      expect(refusal.channel).toBe(CHANNEL);
      expect(refusal.text).toMatch(/approver/i);
      await settle(h);
      expect(h.sim.importOrders()).toHaveLength(0);
      expect(replies(h, card).some((m) => (m.text ?? '').includes('approved'))).toBe(false);
    });

    it('makes exactly one order and one "approved" message out of 20 concurrent clicks', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4006, 919-555-4007');
      const clicks = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          clickCard(h, ids.card.approve, requestId, card, i % 2 === 0 ? APPROVER : GROUP_APPROVER),
        ),
      );
      for (const click of clicks) expect(click.status).toBe(200);
      await eventually(() => h.sim.importOrders().length === 1, 'the order');
      await settle(h);
      expect(h.sim.importOrders()).toHaveLength(1);
      const creates = h.sim.requests.filter((r) => r.method === 'POST' && /importTnOrders$/.test(r.path));
      expect(creates).toHaveLength(1);
      const approved = replies(h, card).filter((m) => /approved\./.test(m.text ?? ''));
      expect(approved).toHaveLength(1);
      const request = await h.bot.workflow.getRequest(requestId);
      expect(request?.audit.filter((a) => a.action === 'approved')).toHaveLength(1);
    });

    it('asks for a reason on Reject, requires it, and records it on the card and in the thread', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4008');
      const opensBefore = h.fake.callsTo('views.open').length;
      await clickCard(h, ids.card.reject, requestId, card, APPROVER);
      const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open')[opensBefore]);
      expect(opened.response.ok).toBe(true);
      const view = opened.response.view as { id: string; callback_id: string };
      expect(view.callback_id).toBe(ids.rejectModal.callbackId);
      const R = ids.rejectModal;
      const empty = await h.slack.sendViewSubmission({
        viewId: view.id,
        userId: APPROVER,
        values: { [R.blocks.reason]: { [R.actions.reason]: { type: 'plain_text_input', value: '  ' } } },
      });
      expect(empty.json?.response_action).toBe('errors');
      expect(Object.keys(empty.json?.errors as object)).toEqual([R.blocks.reason]);
      await settle(h);
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');

      const reason = 'Subscriber has not signed the LOA yet';
      const sent = await h.slack.sendViewSubmission({
        viewId: view.id,
        userId: APPROVER,
        values: { [R.blocks.reason]: { [R.actions.reason]: { type: 'plain_text_input', value: reason } } },
      });
      expect(sent.status).toBe(200);
      expect(sent.json?.response_action).toBeUndefined();
      const told = await h.fake.waitFor(() =>
        replies(h, card).find((m) => (m.text ?? '').includes('rejected')),
      );
      expect(told.text).toContain(reason);
      expect(told.text).toContain(`<@${REQUESTER}>`);
      await settle(h);
      const updated = blocksText(currentCard(h, card));
      expect(updated).toContain(`Rejected by <@${APPROVER}>`);
      expect(updated).toContain(reason);
      expect(updated).not.toContain(ids.card.approve);
      expect(h.sim.importOrders()).toHaveLength(0);
    });

    it('refuses a rejection from a non-approver who still had the reason modal', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4009');
      await clickCard(h, ids.card.reject, requestId, card, OUTSIDER);
      const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open')[1]);
      const R = ids.rejectModal;
      await h.slack.sendViewSubmission({
        viewId: (opened.response.view as { id: string }).id,
        userId: OUTSIDER,
        values: {
          [R.blocks.reason]: { [R.actions.reason]: { type: 'plain_text_input', value: 'Not our customer' } },
        },
      });
      const refusal = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === OUTSIDER));
      expect(refusal.text).toMatch(/approver/i);
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');
    });

    it('lets the requester cancel through the card menu, and nothing is ordered', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4010');
      const value = encodeMenuValue(menuCommands.cancel, requestId);
      expect(JSON.stringify(card.blocks)).toContain(value);
      const click = await h.slack.sendBlockAction({
        actionId: ids.card.overflow,
        blockId: ids.card.stateBlock,
        userId: REQUESTER,
        messageTs: card.ts,
        channelId: CHANNEL,
        action: {
          type: 'overflow',
          selected_option: { text: { type: 'plain_text', text: 'Cancel' }, value },
        },
      });
      expect(click.status).toBe(200);
      await h.fake.waitFor(() => replies(h, card).find((m) => (m.text ?? '').includes('cancelled')));
      await settle(h);
      expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('cancelled');
      expect(blocksText(currentCard(h, card))).not.toContain(ids.card.approve);
      // Approving afterwards changes nothing.
      await clickCard(h, ids.card.approve, requestId, card, APPROVER);
      await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === APPROVER));
      expect(h.sim.importOrders()).toHaveLength(0);
    });

    it('shows status and history from the card menu to the clicker alone', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4011');
      const value = encodeMenuValue(menuCommands.status, requestId);
      await h.slack.sendBlockAction({
        actionId: ids.card.overflow,
        blockId: ids.card.stateBlock,
        userId: OUTSIDER,
        messageTs: card.ts,
        channelId: CHANNEL,
        action: {
          type: 'overflow',
          selected_option: { text: { type: 'plain_text', text: 'Status' }, value },
        },
      });
      const shown = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === OUTSIDER));
      expect(blocksText(shown)).toContain(requestId);
    });
  });

  describe('with ALLOW_SELF_APPROVAL=true', () => {
    beforeEach(async () => {
      h = await startHarness({ env: { ALLOW_SELF_APPROVAL: 'true' } });
    });

    it('lets an approver approve their own request', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4101', { userId: APPROVER });
      await clickCard(h, ids.card.approve, requestId, card, APPROVER);
      await eventually(() => h.sim.importOrders().length === 1, 'the order');
      await settle(h);
      expect(h.fake.ephemerals.filter((e) => e.user === APPROVER)).toHaveLength(0);
    });

    it('still refuses a requester who is not an approver', async () => {
      const { card, requestId } = await requestImport(h, '919-555-4102', { userId: OUTSIDER });
      await clickCard(h, ids.card.approve, requestId, card, OUTSIDER);
      await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === OUTSIDER));
      await settle(h);
      expect(h.sim.importOrders()).toHaveLength(0);
    });
  });
});
