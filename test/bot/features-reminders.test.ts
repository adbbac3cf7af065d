import {
  APPROVER,
  APPROVER_GROUP,
  approveAndWaitForOrders,
  eventually,
  type Harness,
  REQUESTER,
  replies,
  requestImport,
  settle,
  shareFiles,
  slackRefusals,
  startHarness,
} from '../helpers/bot-harness';

const H = 3_600_000;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('reminders, end to end', () => {
  let h: Harness;
  let clock: number;

  beforeEach(async () => {
    clock = Date.now();
    h = await startHarness({
      now: () => clock,
      env: { APPROVAL_REMINDER_HOURS: '4', LOA_REMINDER_HOURS: '24' },
    });
  });
  afterEach(async () => {
    await settle(h);
    expect(slackRefusals(h.fake)).toEqual([]);
    await h.close();
  });

  /** One poller pass at `at`, then every Slack post it caused. */
  async function pollAt(at: number): Promise<void> {
    clock = at;
    expect(await h.bot.poller.runOnce()).toBe(true);
    await settle(h);
  }

  it('mentions the approvers in the thread while the request waits, then asks the requester for the LOA until it is shared', async () => {
    const start = clock;
    const { card, requestId } = await requestImport(h, '919-555-7301');
    const bells = () => replies(h, card).filter((m) => (m.text ?? '').startsWith(':bell:'));

    await pollAt(start + 4 * H - 60_000);
    expect(bells()).toEqual([]);
    await pollAt(start + 4 * H);
    await pollAt(start + 5 * H);
    expect(bells().map((m) => m.text)).toEqual([
      expect.stringContaining(
        `:bell: <@${APPROVER}> <!subteam^${APPROVER_GROUP}>, request ${requestId} (1 number for Acme Dental) has waited for approval since`,
      ),
    ]);
    expect(bells()[0]?.reply_broadcast).toBeFalsy();

    const approvedAt = start + 5 * H;
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    await h.sim.advance();
    await h.sim.advance();
    await eventually(
      async () => (await h.bot.workflow.getRequest(requestId))?.state === 'complete',
      'complete',
    );
    await settle(h);

    await pollAt(approvedAt + 24 * H);
    await pollAt(approvedAt + 30 * H);
    const loaBells = () => bells().filter((m) => (m.text ?? '').includes('no signed LOA'));
    expect(loaBells().map((m) => m.text)).toEqual([
      expect.stringContaining(
        `:bell: <@${REQUESTER}>, the import order of request ${requestId} has had no signed LOA`,
      ),
    ]);

    const file = h.fake.addFile(PDF, { name: 'signed-loa.pdf', user: REQUESTER });
    const shared = await shareFiles(h, [file], card.ts);
    expect(shared.status).toBe(200);
    await eventually(() => h.sim.loaFiles(order!.orderId)[0], 'the LOA upload');
    await settle(h);

    await pollAt(approvedAt + 48 * H);
    await pollAt(approvedAt + 96 * H);
    expect(loaBells()).toHaveLength(1);
    expect(bells()).toHaveLength(2);
  });
});
