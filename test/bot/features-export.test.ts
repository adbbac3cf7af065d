import { AUDIT_CSV_COLUMNS } from '../../src/documents/audit-csv';
import {
  APPROVER,
  approveAndWaitForOrders,
  CHANNEL,
  type Harness,
  OUTSIDER,
  requestImport,
  settle,
  useHarness,
} from '../helpers/bot-harness';

const CLOSED = 'C0NOTMEMBER';

describe('/hosted export', () => {
  let h: Harness;
  const provoked = useHarness(
    { slack: { channels: [{ id: CLOSED, name: 'closed', isMember: false }] } },
    (started) => {
      h = started;
    },
  );

  async function exportAs(userId: string, text: string, channelId = CHANNEL) {
    const sent = await h.slack.sendSlashCommand({
      command: '/hosted',
      text: `export ${text}`,
      userId,
      channelId,
    });
    expect(sent.status).toBe(200);
    await settle(h);
    const id = sent.responseUrl.split('/').pop();
    return h.fake.responseUrlPosts.filter((p) => p.id === id).map((p) => String(p.body.text ?? ''));
  }

  it('gives an approver the audit CSV as a file in the conversation, one row per request and number', async () => {
    const { card, requestId } = await requestImport(h, '919-555-8101, 919-555-1901');
    await approveAndWaitForOrders(h, requestId, card);
    const year = new Date().toISOString().slice(0, 4);

    await exportAs(APPROVER, `${year}-01-01`);
    const upload = h.fake.uploadedFiles.find((u) => u.file.name?.toString().endsWith('.csv'));
    expect(upload?.channelId).toBe(CHANNEL);
    expect(upload?.threadTs).toBeUndefined();
    const rows = upload!.bytes.toString('utf8').trim().split('\r\n');
    expect(rows[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.includes('9195558101'))).toMatch(
      new RegExp(`^${requestId},.*approved,${APPROVER}`),
    );
    expect(rows.find((r) => r.includes('9195551901'))).toMatch(/refused,19001/);
    expect(upload?.initialComment).toMatch(/2 rows/);
  });

  it('explains to someone who is not an approver why they get nothing', async () => {
    const answers = await exportAs(OUTSIDER, '');
    expect(answers.join('\n')).toMatch(/Only approvers can export/);
    expect(h.fake.uploadedFiles).toHaveLength(0);
  });

  it('answers a date it cannot read in plain words', async () => {
    const answers = await exportAs(APPROVER, 'last-week');
    expect(answers.join('\n')).toMatch(/"last-week" is not a date I can read/);
    const backwards = await exportAs(APPROVER, '2026-11-30 2026-11-01');
    expect(backwards.join('\n')).toMatch(/would end before it starts/);
    expect(h.fake.uploadedFiles).toHaveLength(0);
  });

  it('tells the approver when the bot cannot post in that conversation', async () => {
    provoked.push('not_in_channel');
    const answers = await exportAs(APPROVER, '', CLOSED);
    expect(answers.join('\n')).toMatch(/can't post files in this conversation/);
    expect(h.fake.uploadedFiles).toHaveLength(0);
  });
});
