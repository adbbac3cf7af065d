import {
  approveOk,
  createOk,
  events,
  type Harness,
  PDF_BYTES,
  REQUESTER,
  SLACK_LOGIN_PAGE,
  startHarness,
  types,
} from './helpers';

const PNG_BYTES = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64),
]);

describe('workflow: LOA files', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('keeps an LOA shared before approval, then uploads it once when the order exists', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const file = h.files.add('F1', 'signed-loa.pdf', 'application/pdf', PDF_BYTES);
    const kept = await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER, 'Ev1');
    expect(kept).toEqual(expect.objectContaining({ outcome: 'kept', uploaded: 0 }));
    expect(events(await h.workflow.getRequest(created.id)).at(-1)).toEqual({
      type: 'loa_waiting',
      fileName: 'signed-loa.pdf',
    });

    const approved = await approveOk(h.workflow, created.id);
    const orderId = approved.orders[0]?.orderId ?? '';
    const uploaded = h.sim.loaFiles(orderId);
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]?.contentType).toBe('application/pdf');
    expect(uploaded[0]?.bytes.equals(PDF_BYTES)).toBe(true);
    const request = await h.workflow.getRequest(created.id);
    expect(request?.loaFiles[0]?.uploads).toEqual({ [orderId]: uploaded[0]?.fileId });
    expect(events(request).filter((e) => e.type === 'loa_uploaded')).toEqual([
      { type: 'loa_uploaded', fileName: 'signed-loa.pdf', orderId, bandwidthFileName: uploaded[0]?.fileId },
    ]);

    await h.workflow.reconcile();
    expect(h.sim.loaFiles(orderId)).toHaveLength(1);
  });

  it('uploads a kept LOA after a restart, downloading it from Slack again', async () => {
    h = await startHarness({ webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    const file = h.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER);
    const restarted = await h.replica();
    restarted.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    const approved = await approveOk(restarted.workflow, created.id);
    expect(h.sim.loaFiles(approved.orders[0]?.orderId ?? '')).toHaveLength(1);
    expect(restarted.files.downloads.get('F1')).toBe(1);
  });

  it('uploads once however many events announce the same file', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const approved = await approveOk(h.workflow, created.id);
    await h.workflow.attachCard(created.id, 'CAPPROVALS', '111.222');
    const file = h.files.add('F1', 'loa.png', 'image/png', PNG_BYTES);
    const thread = { channelId: 'CAPPROVALS', threadTs: '111.222' };
    const results = await Promise.all([
      h.workflow.addLoa(thread, file, REQUESTER, 'Ev1'),
      h.workflow.addLoa(thread, file, REQUESTER, 'Ev1'), // Slack's retry of the same event
      h.workflow.addLoa(thread, file, REQUESTER, 'Ev2'), // file_shared and message for one file
      h.workflow.addLoa({ requestId: created.id }, file, REQUESTER),
    ]);
    expect(results.filter((r) => r.outcome === 'kept')).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(3);
    const orderId = approved.orders[0]?.orderId ?? '';
    expect(h.sim.loaFiles(orderId)).toHaveLength(1);
    expect(h.sim.loaFiles(orderId)[0]?.contentType).toBe('image/png');
    expect(h.files.downloads.get('F1')).toBe(1);
  });

  it('uploads to every order of a split request', async () => {
    h = await startHarness({ config: { maxNumbersPerOrder: 1 } });
    const created = await createOk(h.workflow, ['9195550001', '9195550002']);
    const approved = await approveOk(h.workflow, created.id);
    const file = h.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    const result = await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER);
    expect(result).toEqual(expect.objectContaining({ outcome: 'kept', uploaded: 2 }));
    for (const order of approved.orders) expect(h.sim.loaFiles(order.orderId ?? '')).toHaveLength(1);
  });

  it("refuses Slack's login page as not the file, and says what to do", async () => {
    h = await startHarness({ webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    const file = h.files.add('F1', 'loa.pdf', 'application/pdf', SLACK_LOGIN_PAGE);
    const result = await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER, 'Ev1');
    expect(result.outcome).toBe('refused');
    const request = await h.workflow.getRequest(created.id);
    expect(request?.loaFiles).toEqual([]);
    expect(events(request).at(-1)).toEqual(
      expect.objectContaining({ type: 'loa_refused', fileName: 'loa.pdf', by: REQUESTER }),
    );
  });

  it('refuses a Word file without downloading it', async () => {
    h = await startHarness({ webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    const file = h.files.add('F1', 'loa.docx', 'application/msword', Buffer.from('x'));
    const result = await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER);
    expect(result).toEqual(expect.objectContaining({ outcome: 'refused' }));
    expect(h.files.downloads.get('F1')).toBeUndefined();
  });

  it('lets the file be shared again when Slack could not give it', async () => {
    h = await startHarness({ webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    const file = h.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    h.files.failing = true;
    expect((await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER, 'Ev1')).outcome).toBe(
      'download_failed',
    );
    h.files.failing = false;
    expect((await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER, 'Ev1')).outcome).toBe('kept');
  });

  it('retries an upload Bandwidth failed, from the poller, also after the request finished', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const approved = await approveOk(h.workflow, created.id);
    const orderId = approved.orders[0]?.orderId ?? '';
    const down = h.sim.faults.add({ path: /\/loas$/i, fault: { kind: 'status', status: 503 } });
    const file = h.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    const result = await h.workflow.addLoa({ requestId: created.id }, file, REQUESTER);
    expect(result).toEqual(expect.objectContaining({ outcome: 'kept', uploaded: 0 }));
    expect(events(await h.workflow.getRequest(created.id)).at(-1)).toEqual(
      expect.objectContaining({ type: 'loa_upload_failed', orderId }),
    );
    await h.sim.advance();
    await h.sim.advance();
    expect((await h.workflow.getRequest(created.id))?.state).toBe('complete');

    down.clear();
    await h.workflow.reconcile();
    expect(h.sim.loaFiles(orderId)).toHaveLength(1);
    await h.workflow.reconcile();
    expect(h.sim.loaFiles(orderId)).toHaveLength(1);
    expect(types(await h.workflow.getRequest(created.id))).toContain('loa_uploaded');
  });

  it('finds no request for a file shared in an unrelated thread', async () => {
    h = await startHarness({ webhook: false });
    const file = h.files.add('F1', 'loa.pdf', 'application/pdf', PDF_BYTES);
    expect(await h.workflow.addLoa({ channelId: 'C1', threadTs: '1.2' }, file, REQUESTER)).toEqual({
      outcome: 'no_request',
    });
  });
});
