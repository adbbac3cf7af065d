import { ids } from '../../src/views/ids';
import {
  APPROVER,
  approveAndWaitForOrders,
  blocksText,
  CHANNEL,
  clickCard,
  eventually,
  type Harness,
  importFormValues,
  REQUESTER,
  replies,
  requestImport,
  settle,
  useHarness,
} from '../helpers/bot-harness';

const B = ids.importModal.blocks;
const A = ids.importModal.actions;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** view.state.values of a file_input holding these Slack files. */
function fileInput(block: string, action: string, files: Array<Record<string, unknown>>) {
  return {
    [block]: {
      [action]: {
        type: 'file_input',
        files: files.map((f) => ({ id: f.id, name: f.name, filetype: f.filetype, size: f.size })),
      },
    },
  };
}

describe('the import modal', () => {
  let h: Harness;
  /** Slack errors a test provokes on purpose. */
  const provoked = useHarness({}, (started) => {
    h = started;
  });

  it('opens with the numbers typed after the command already filled in', async () => {
    await h.slack.sendSlashCommand({ command: '/hosted', text: 'import 919-555-3001 919-555-3002' });
    const opened = await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
    expect(opened.response.ok).toBe(true);
    const view = opened.args.view as {
      blocks: Array<{ block_id?: string; element?: { initial_value?: string } }>;
      callback_id: string;
    };
    expect(view.callback_id).toBe(ids.importModal.callbackId);
    const numbers = view.blocks.find((b) => b.block_id === B.numbers);
    expect(numbers?.element?.initial_value).toContain('919-555-3001 919-555-3002');
  });

  it('puts every invalid field back on its own block, and creates nothing', async () => {
    await h.slack.sendSlashCommand({ command: '/hosted', text: 'import' });
    await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
    const submitted = await h.slack.sendViewSubmission({
      values: importFormValues('919-555-3101, 555', {
        subscriberName: 'X'.repeat(46),
        houseNumber: '',
        loaAuthorizingPerson: 'Pat',
        zip: '2760',
      }),
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json?.response_action).toBe('errors');
    const errors = submitted.json?.errors as Record<string, string>;
    expect(Object.keys(errors).sort()).toEqual(
      [B.numbers, B.subscriberName, B.houseNumber, B.loaAuthorizingPerson, B.zip].sort(),
    );
    expect(errors[B.numbers]).toContain('555');
    expect(errors[B.subscriberName]).toMatch(/45/);
    expect(errors[B.loaAuthorizingPerson]).toMatch(/first and last name/i);
    await settle(h);
    expect(h.fake.channelMessages(CHANNEL)).toHaveLength(0);
    expect(await h.bot.workflow.listOpenRequests()).toHaveLength(0);
  });

  it('posts a card without Approve, saying why, when no number can be imported', async () => {
    const { card, requestId } = await requestImport(h, '919-555-1901, 919-555-1906');
    const text = blocksText(card);
    expect(text).not.toContain(ids.card.approve);
    expect(text).toMatch(/None of the 2 numbers can be imported/);
    expect(text).toContain('19001');
    expect(text).toContain('19006');
    expect((await h.bot.workflow.getRequest(requestId))?.state).toBe('not_importable');
    // A stale Approve click (from an old copy of the card) still creates nothing.
    await clickCard(h, ids.card.approve, requestId, card, APPROVER);
    await settle(h);
    expect(h.sim.importOrders()).toHaveLength(0);
  });

  it('reads the numbers from a file attached in the modal', async () => {
    const list = h.fake.addFile('number\n919-555-3201\n(919) 555-3202\n', {
      name: 'numbers.csv',
      user: REQUESTER,
    });
    const { card, requestId } = await requestImport(h, '', {
      extraValues: fileInput(B.numbersFile, A.numbersFile, [list]),
    });
    expect(h.fake.fileDownloads.filter((d) => d.fileId === list.id && d.authorized)).toHaveLength(1);
    const request = await h.bot.workflow.getRequest(requestId);
    expect(request?.numbers).toEqual(['9195553201', '9195553202']);
    expect(blocksText(card)).toContain(ids.card.approve);
  });

  it('keeps an LOA attached in the modal and uploads it once the order exists', async () => {
    const loa = h.fake.addFile(PDF, { name: 'signed.pdf', user: REQUESTER });
    const { card, requestId } = await requestImport(h, '919-555-3301', {
      extraValues: fileInput(B.loaFile, A.loaFile, [loa]),
    });
    const kept = await h.bot.workflow.getRequest(requestId);
    expect(kept?.loaFiles.map((f) => f.name)).toEqual(['signed.pdf']);
    const [order] = await approveAndWaitForOrders(h, requestId, card);
    const uploaded = await eventually(() => h.sim.loaFiles(order!.orderId)[0], 'the LOA upload');
    expect(uploaded.contentType).toBe('application/pdf');
    expect(uploaded.bytes.equals(PDF)).toBe(true);
    await h.fake.waitFor(() =>
      replies(h, card).find((m) => (m.text ?? '').includes(`Bandwidth file \`${uploaded.fileId}\``)),
    );
  });

  it('tells the requester when the numbers file cannot be read, instead of failing silently', async () => {
    const missing = { id: 'F0GONE', name: 'numbers.csv', filetype: 'csv', size: 10 };
    await h.slack.sendSlashCommand({ command: '/hosted', text: 'import' });
    await h.fake.waitFor(() => h.fake.callsTo('views.open')[0]);
    const submitted = await h.slack.sendViewSubmission({
      values: { ...importFormValues(''), ...fileInput(B.numbersFile, A.numbersFile, [missing]) },
    });
    expect(submitted.status).toBe(200);
    const told = await h.fake.waitFor(() => h.fake.ephemerals.find((e) => e.user === REQUESTER), 5000);
    expect(told.text).toMatch(/numbers\.csv/);
    provoked.push('file_not_found');
    await settle(h);
    expect(h.fake.channelMessages(CHANNEL)).toHaveLength(0);
  });
});
