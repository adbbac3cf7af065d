import type { FakeMessage } from '../../src/sandbox/slack';
import { fileShareMessageEvent } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import {
  APPROVER,
  CHANNEL,
  type Harness,
  importFormValues,
  OUTSIDER,
  REQUESTER,
  startHarness,
} from '../helpers/bot-harness';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function blocksText(message: FakeMessage | undefined): string {
  return JSON.stringify(message?.blocks ?? []) + (message?.text ?? '');
}

describe('an import from slash command to finished order', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** Opens the modal with the command, submits it, and returns the posted card. */
  async function requestImport(numbers: string): Promise<{ card: FakeMessage; requestId: string }> {
    const command = await h.slack.sendSlashCommand({ command: '/hosted', text: `import ${numbers}` });
    expect(command.status).toBe(200);
    const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
    expect(opened.response.ok).toBe(true);
    const submitted = await h.slack.sendViewSubmission({ values: importFormValues(numbers) });
    expect(submitted.status).toBe(200);
    expect(submitted.json?.response_action).toBeUndefined();
    const card = await h.fake.waitFor(() =>
      h.fake.channelMessages(CHANNEL).find((m) => !m.thread_ts && blocksText(m).includes('Import request')),
    );
    const requestId = /HM-[A-Z0-9]+/.exec(blocksText(card))?.[0];
    if (!requestId) throw new Error(`no request id on the card: ${blocksText(card)}`);
    return { card, requestId };
  }

  it('checks, approves, orders, uploads the LOA and announces a partial import', async () => {
    const { card, requestId } = await requestImport('919-555-1234, (919) 555-7518, +1 919 555 1905');
    // 1905 is refused by the checker (19005); 1234 and 7518 are importable.
    expect(blocksText(card)).toContain(ids.card.approve);
    await h.fake.waitFor(() =>
      h.fake
        .thread(CHANNEL, card.ts)
        .some((m) => (m.text ?? '').includes('19005') || blocksText(m).includes('19005')),
    );

    const click = await h.slack.sendBlockAction({
      actionId: ids.card.approve,
      blockId: ids.card.actionsBlock,
      value: requestId,
      userId: APPROVER,
      messageTs: card.ts,
      channelId: CHANNEL,
    });
    expect(click.status).toBe(200);
    const order = await h.fake.waitFor(() =>
      h.sim.importOrders().find((o) => o.customerOrderId === requestId),
    );
    expect([...order.telephoneNumbers].sort()).toEqual(['9195551234', '9195557518']);

    const file = h.fake.addFile(PDF, {
      name: 'signed-loa.pdf',
      mimetype: 'application/pdf',
      filetype: 'pdf',
    });
    const share = await h.slack.sendEvent({
      event: fileShareMessageEvent({
        channelId: CHANNEL,
        userId: REQUESTER,
        ts: '1790000000.000100',
        threadTs: card.ts,
        files: [file],
      }),
    });
    expect(share.status).toBe(200);
    await h.fake.waitFor(() => h.sim.loaFiles(order.orderId).length === 1);
    await h.fake.waitFor(() =>
      h.fake.thread(CHANNEL, card.ts).some((m) => (m.text ?? '').includes('Attached')),
    );

    await h.sim.advance();
    await h.sim.advance();
    const announcement = await h.fake.waitFor(() =>
      h.fake.thread(CHANNEL, card.ts).find((m) => m.reply_broadcast && blocksText(m).includes('7518')),
    );
    expect(blocksText(announcement)).toContain(`<@${REQUESTER}>`);
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.state).toBe('partial');
    expect(request?.loaFiles).toHaveLength(1);
  });

  it('refuses an approval from someone who is not an approver, and changes nothing', async () => {
    const { card, requestId } = await requestImport('919-555-2001');
    await h.slack.sendBlockAction({
      actionId: ids.card.approve,
      blockId: ids.card.actionsBlock,
      value: requestId,
      userId: OUTSIDER,
      messageTs: card.ts,
      channelId: CHANNEL,
    });
    const refusal = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === OUTSIDER));
    expect(refusal.text).toMatch(/approv/i);
    expect(h.sim.importOrders()).toHaveLength(0);
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('awaiting_approval');
  });

  it('puts invalid form input back on the field at fault', async () => {
    await h.slack.sendSlashCommand({ command: '/hosted', text: 'import' });
    await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
    const submitted = await h.slack.sendViewSubmission({
      values: importFormValues('919-555-12', { zip: 'ABC' }),
    });
    expect(submitted.json?.response_action).toBe('errors');
    const errors = submitted.json?.errors as Record<string, string>;
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining([ids.importModal.blocks.numbers, ids.importModal.blocks.zip]),
    );
    expect(h.fake.channelMessages(CHANNEL)).toHaveLength(0);
  });
});
