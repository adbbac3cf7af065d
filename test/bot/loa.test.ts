import type { SlackObject } from '../../src/sandbox/slack';
import {
  approveAndWaitForOrders,
  eventually,
  type Harness,
  REQUESTER,
  replies,
  requestImport,
  settle,
  shareFiles,
  useHarness,
} from '../helpers/bot-harness';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const DOCX = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 1)]);
const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in</body></html>';

describe('the LOA', () => {
  let h: Harness;
  /** Slack errors a test provokes on purpose. */
  const provoked = useHarness({ env: { MAX_NUMBERS_PER_ORDER: '1' } }, (started) => {
    h = started;
  });

  function share(
    file: SlackObject,
    threadTs: string | undefined,
    extra: { eventId?: string; retryNum?: number } = {},
  ) {
    return shareFiles(h, [file], threadTs, extra);
  }

  it("shared in the thread is uploaded to every order with its MIME type and confirmed with Bandwidth's file name", async () => {
    const { card, requestId } = await requestImport(h, '919-555-7001, 919-555-7002');
    const orders = await approveAndWaitForOrders(h, requestId, card, 2);
    const file = h.fake.addFile(PNG, { name: 'loa-scan.png', user: REQUESTER });
    const sent = await share(file, card.ts);
    expect(sent.status).toBe(200);
    await settle(h);
    for (const order of orders) {
      const uploads = h.sim.loaFiles(order.orderId);
      expect(uploads).toHaveLength(1);
      expect(uploads[0]?.contentType).toBe('image/png');
      expect(uploads[0]?.bytes.equals(PNG)).toBe(true);
      const confirmed = replies(h, card).find(
        (m) => (m.text ?? '').includes(order.orderId) && (m.text ?? '').includes(uploads[0]!.fileId),
      );
      expect(confirmed?.text).toContain('loa-scan.png');
    }
    expect(h.fake.fileDownloads.every((d) => d.authorized)).toBe(true);
  });

  it('shared before approval is kept, then uploaded once the orders exist', async () => {
    const { card, requestId } = await requestImport(h, '919-555-7101');
    const file = h.fake.addFile(PDF, { name: 'signed-loa.pdf', user: REQUESTER });
    await share(file, card.ts);
    await h.fake.waitFor(() => replies(h, card).find((m) => (m.text ?? '').includes('Got signed-loa.pdf')));
    expect((await h.bot.workflow.getRequest(requestId))?.loaFiles).toHaveLength(1);
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    const uploaded = await eventually(() => h.sim.loaFiles(order!.orderId)[0], 'the upload');
    expect(uploaded.contentType).toBe('application/pdf');
    await settle(h);
    expect(h.sim.loaFiles(order!.orderId)).toHaveLength(1);
    expect(replies(h, card).some((m) => (m.text ?? '').includes(uploaded.fileId))).toBe(true);
  });

  it('is uploaded once when Slack retries the event, or announces the same file again', async () => {
    const { card, requestId } = await requestImport(h, '919-555-7201');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    const file = h.fake.addFile(PDF, { name: 'loa.pdf', user: REQUESTER });
    const first = await share(file, card.ts, { eventId: 'Ev0RETRY01' });
    const retries = await Promise.all(
      [1, 2, 3].map((retryNum) => share(file, card.ts, { eventId: 'Ev0RETRY01', retryNum })),
    );
    const again = await share(file, card.ts, { eventId: 'Ev0OTHER02' });
    for (const sent of [first, ...retries, again]) expect(sent.status).toBe(200);
    await settle(h);
    expect(h.sim.loaFiles(order!.orderId)).toHaveLength(1);
    const confirmations = replies(h, card).filter((m) =>
      (m.text ?? '').startsWith(':page_facing_up: Attached'),
    );
    expect(confirmations).toHaveLength(1);
  });

  it.each([
    [
      'a Word file',
      DOCX,
      {
        name: 'loa.docx',
        mimetype: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      },
      /not accepted/,
    ],
    ['a text file', 'I authorize the import', { name: 'loa.txt', mimetype: 'text/plain' }, /not accepted/],
    [
      'text renamed to .pdf',
      'I authorize the import',
      { name: 'loa.pdf', mimetype: 'application/pdf' },
      /not a PDF/,
    ],
    [
      'an HTML login page instead of the file',
      LOGIN_PAGE,
      { name: 'loa.pdf', mimetype: 'application/pdf' },
      /web page/,
    ],
  ])(
    'refuses %s with a reply saying why and what to send instead, and uploads nothing',
    async (_what, bytes, meta, why) => {
      const { card, requestId } = await requestImport(h, '919-555-7301');
      const [order] = await approveAndWaitForOrders(h, requestId, card);
      const file = h.fake.addFile(bytes, { ...meta, user: REQUESTER });
      await share(file, card.ts);
      const reply = await h.fake.waitFor(() =>
        replies(h, card).find((m) => (m.text ?? '').includes("can't be used as the LOA")),
      );
      expect(reply.text).toMatch(why);
      expect(reply.text).toMatch(/PDF/);
      expect(reply.text).toContain(`<@${REQUESTER}>`);
      await settle(h);
      expect(h.sim.loaFiles(order!.orderId)).toHaveLength(0);
      expect((await h.bot.workflow.getRequest(requestId))?.loaFiles).toHaveLength(0);
    },
  );

  it('ignores files shared outside a request thread', async () => {
    const { card, requestId } = await requestImport(h, '919-555-7401');
    await approveAndWaitForOrders(h, requestId, card);
    const told = replies(h, card).length;
    const calls = h.fake.calls.length;
    const topLevel = h.fake.addFile(PDF, { name: 'top.pdf', user: REQUESTER });
    await share(topLevel, undefined);
    // A thread under some other message of the channel.
    const other = h.fake.addFile(PDF, { name: 'other.pdf', user: REQUESTER });
    await share(other, '1700000000.000001');
    await settle(h);
    expect(h.fake.fileDownloads).toHaveLength(0);
    expect(h.fake.calls.length).toBe(calls);
    expect(replies(h, card)).toHaveLength(told);
  });

  it('says in the thread when a shared file cannot be downloaded, so it can be shared again', async () => {
    const { card, requestId } = await requestImport(h, '919-555-7501');
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    const file = h.fake.addFile(PDF, { name: 'flaky.pdf', user: REQUESTER });
    // The bot's Web API client tries a call 4 times (3 retries): all of them fail.
    h.fake.failNext('files.info', { status: 500 }, 4);
    provoked.push('internal server error');
    await share(file, card.ts);
    const reply = await h.fake.waitFor(
      () => replies(h, card).find((m) => (m.text ?? '').includes('flaky.pdf')),
      10_000,
    );
    expect(reply.text).toMatch(/again/i);
    expect(h.sim.loaFiles(order!.orderId)).toHaveLength(0);
    // Shared again once Slack answers: accepted.
    await settle(h);
    await share(file, card.ts);
    await eventually(() => h.sim.loaFiles(order!.orderId).length === 1, 'the upload after sharing again');
  }, 30_000);
});
