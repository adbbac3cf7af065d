import { fileShareMessageEvent } from '../../src/sandbox/slack';
import { ids } from '../../src/views/ids';
import { pageTexts } from '../documents/pdf-content';
import {
  approveAndWaitForOrders,
  blocksText,
  CHANNEL,
  clickCard,
  eventually,
  type Harness,
  REQUESTER,
  replies,
  requestImport,
  settle,
  useHarness,
} from '../helpers/bot-harness';

let tsCounter = 0;
function nextTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000) + 2000}.${String(tsCounter).padStart(6, '0')}`;
}

describe('the pre-filled LOA', () => {
  let h: Harness;
  useHarness({}, (started) => {
    h = started;
  });

  it('posts a PDF filled in from the request into the thread; the bot’s own upload is not taken as the LOA, the signed copy is', async () => {
    const { card, requestId } = await requestImport(h, '919-555-6101, 919-555-6102');
    expect(blocksText(card)).toContain(ids.card.loaPdf);
    const [order] = await approveAndWaitForOrders(h, requestId, card);

    expect((await clickCard(h, ids.card.loaPdf, requestId, card, REQUESTER)).status).toBe(200);
    const upload = await eventually(
      () => h.fake.uploadedFiles.find((u) => u.file.name === `${requestId}-loa.pdf`),
      'the LOA upload',
    );
    expect(upload.channelId).toBe(CHANNEL);
    expect(upload.threadTs).toBe(card.ts);
    expect(upload.file.mimetype).toBe('application/pdf');
    expect(upload.initialComment).toMatch(/Pat Jones/);
    const text = (await pageTexts(upload.bytes)).flat().join('\n');
    expect(text).toContain('Acme Dental');
    expect(text).toContain('Pat Jones');
    expect(text).toContain(requestId);
    expect(text).toMatch(/555.6101/);
    expect(replies(h, card).some((m) => (m.files ?? []).some((f) => f.id === upload.file.id))).toBe(true);

    // Slack tells the bot about its own upload in the thread: that is not a signed LOA.
    await h.slack.sendEvent({
      event: {
        ...fileShareMessageEvent({
          channelId: CHANNEL,
          userId: h.fake.botUserId,
          ts: nextTs(),
          threadTs: card.ts,
          files: [upload.file],
        }),
        bot_id: h.fake.botId,
      },
    });
    await settle(h);
    expect((await h.bot.workflow.getRequest(requestId))?.loaFiles).toEqual([]);
    expect(h.sim.loaFiles(order!.orderId)).toHaveLength(0);

    // The signed copy shared back by a person is uploaded as usual.
    const signed = h.fake.addFile(Buffer.concat([Buffer.from(upload.bytes), Buffer.from('\n% signed\n')]), {
      name: 'signed-loa.pdf',
      user: REQUESTER,
    });
    await h.slack.sendEvent({
      event: fileShareMessageEvent({
        channelId: CHANNEL,
        userId: REQUESTER,
        ts: nextTs(),
        threadTs: card.ts,
        files: [signed],
      }),
    });
    const uploaded = await eventually(() => h.sim.loaFiles(order!.orderId)[0], 'the signed LOA at Bandwidth');
    expect(uploaded.contentType).toBe('application/pdf');
    expect((await h.bot.workflow.getRequest(requestId))?.loaFiles.map((f) => f.name)).toEqual([
      'signed-loa.pdf',
    ]);
  });

  it('offers no pre-filled LOA once the request was rejected', async () => {
    const { card, requestId } = await requestImport(h, '919-555-6103');
    await h.bot.workflow.reject(requestId, 'U0APPROVER', 'Not ours');
    await settle(h);
    const updated = h.fake.messages.find((m) => m.ts === card.ts);
    expect(blocksText(updated)).not.toContain(ids.card.loaPdf);
  });
});
