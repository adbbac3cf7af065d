import {
  APPROVER,
  approveOk,
  createOk,
  events,
  type Harness,
  REQUESTER,
  startHarness,
  types,
} from './helpers';

describe('workflow: request to finished import, against the simulator', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('checks, approves, creates the order, and completes from notifications', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001', '9195550002', '9195551906']);
    expect(created.state).toBe('awaiting_approval');
    expect(created.check?.importable).toEqual(['9195550001', '9195550002']);
    expect(created.check?.rejected).toEqual([
      expect.objectContaining({ code: '19006', numbers: ['9195551906'] }),
    ]);

    const approved = await approveOk(h.workflow, created.id);
    expect(approved.state).toBe('submitted');
    const [simOrder] = h.sim.importOrders();
    expect(h.sim.importOrders()).toHaveLength(1);
    expect(simOrder?.customerOrderId).toBe(created.id);
    expect(simOrder?.telephoneNumbers).toEqual(['9195550001', '9195550002']);
    expect(approved.orders[0]?.orderId).toBe(simOrder?.orderId);

    await h.sim.advance(); // PROCESSING
    await h.sim.advance(); // COMPLETE
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('complete');
    expect(events(done)).toEqual([
      { type: 'checked' },
      { type: 'approved', by: APPROVER },
      { type: 'orders_created', orderIds: [simOrder?.orderId] },
      { type: 'order_status', orderId: simOrder?.orderId, status: 'PROCESSING' },
      { type: 'order_status', orderId: simOrder?.orderId, status: 'COMPLETE' },
      { type: 'finished', outcome: 'complete' },
    ]);
    expect(done?.audit.map((a) => a.action)).toEqual([
      'created',
      'checked',
      'approved',
      'order_created',
      'submitted',
      'order_status',
      'order_status',
      'complete',
    ]);
    expect(await h.workflow.listOpenRequests()).toEqual([]);
  });

  it('ends partial with the per-number errors fetched from the order', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001', '9195557518']);
    await approveOk(h.workflow, created.id);
    await h.sim.advance();
    await h.sim.advance();
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('partial');
    expect(done?.orders[0]?.status).toBe('PARTIAL');
    expect(done?.orders[0]?.errors).toEqual([
      { code: '7518', description: 'Telephone Number Not Active', numbers: ['9195557518'] },
    ]);
    expect(events(done).at(-1)).toEqual({ type: 'finished', outcome: 'partial' });
  });

  it('ends failed when no number was imported', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195557518', '9195555163']);
    await approveOk(h.workflow, created.id);
    await h.sim.advance();
    await h.sim.advance();
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('failed');
    expect(done?.orders[0]?.errors.map((e) => e.code).sort()).toEqual(['5163', '7518']);
    expect(events(done).at(-1)).toEqual({ type: 'finished', outcome: 'failed' });
  });

  it('ends partial and names the order when Bandwidth says EXCEPTION', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001', '9195550911']);
    const approved = await approveOk(h.workflow, created.id);
    await h.sim.advance();
    await h.sim.advance();
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('partial');
    expect(events(done).at(-1)).toEqual({
      type: 'finished',
      outcome: 'partial',
      needsAttention: [approved.orders[0]?.orderId],
    });
  });

  it('splits a large request into orders under suffixed CustomerOrderIds', async () => {
    h = await startHarness({ config: { maxNumbersPerOrder: 2 } });
    const numbers = ['9195550001', '9195550002', '9195550003', '9195550004', '9195550005'];
    const created = await createOk(h.workflow, numbers);
    const approved = await approveOk(h.workflow, created.id);
    expect(approved.state).toBe('submitted');
    const ids = h.sim
      .importOrders()
      .map((o) => o.customerOrderId)
      .sort();
    expect(ids).toEqual([created.id, `${created.id}-2`, `${created.id}-3`]);
    await h.sim.advance();
    await h.sim.advance();
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('complete');
    expect(types(done).filter((t) => t === 'finished')).toHaveLength(1);
  });

  it('refuses a request with no valid number, storing nothing', async () => {
    h = await startHarness();
    const result = await h.workflow.createRequest({
      requesterId: REQUESTER,
      channelId: 'C1',
      details: {
        subscriberName: 'x',
        serviceAddress: { houseNumber: '1', streetName: 's', city: 'c', stateCode: 'NC', zip: '1' },
        loaAuthorizingPerson: 'y',
      },
      numbers: 'call me maybe, 911',
    });
    expect(result).toEqual(
      expect.objectContaining({ ok: false, refusal: expect.objectContaining({ code: 'no_numbers' }) }),
    );
    expect(result.parsed.invalid.map((i) => i.input)).toEqual(['call me maybe', '911']);
    expect(await h.workflow.listRequestsFor(REQUESTER)).toEqual([]);
  });

  it('marks a request not importable when the checker accepts none of its numbers', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195551906', '9195551901']);
    expect(created.state).toBe('not_importable');
    expect(await h.workflow.listOpenRequests()).toEqual([]);
    const approval = await h.workflow.approve(created.id, APPROVER);
    expect(approval).toEqual(
      expect.objectContaining({ ok: false, refusal: expect.objectContaining({ code: 'wrong_state' }) }),
    );
  });

  it('finds a request by id, order id and number, and lists it for its requester', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const approved = await approveOk(h.workflow, created.id);
    const orderId = approved.orders[0]?.orderId ?? 'missing';
    expect((await h.workflow.findRequest(created.id.toLowerCase()))?.id).toBe(created.id);
    expect((await h.workflow.findRequest(orderId))?.id).toBe(created.id);
    expect((await h.workflow.findRequest('(919) 555-0001'))?.id).toBe(created.id);
    expect(await h.workflow.findRequest('HM-NOPE99')).toBeUndefined();
    expect((await h.workflow.listRequestsFor(REQUESTER)).map((r) => r.id)).toEqual([created.id]);
    expect((await h.workflow.listOpenRequests()).map((r) => r.id)).toEqual([created.id]);
  });

  it('tells the requests holding numbers whose messaging another carrier took', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001', '9195550002']);
    await approveOk(h.workflow, created.id);
    await h.sim.advance();
    await h.sim.advance();
    await h.sim.emitMessagingLost(['9195550002']);
    const after = await h.workflow.getRequest(created.id);
    expect(events(after).at(-1)).toEqual({ type: 'messaging_lost', numbers: ['9195550002'] });
  });

  it('maps attached cards to their request for thread lookups', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const attached = await h.workflow.attachCard(created.id, 'CAPPROVALS', '1700000000.000100');
    expect(attached).toEqual(expect.objectContaining({ ok: true }));
    expect(await h.workflow.requestIdForThread('CAPPROVALS', '1700000000.000100')).toBe(created.id);
    expect((await h.workflow.getRequest(created.id))?.cardTs).toBe('1700000000.000100');
    expect(await h.workflow.attachCard('HM-NOPE99', 'C', '1')).toEqual(
      expect.objectContaining({ ok: false, refusal: expect.objectContaining({ code: 'not_found' }) }),
    );
  });
});
