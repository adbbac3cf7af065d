import type { BandwidthClient } from '../../src/api';
import type { BandwidthPort } from '../../src/workflow';
import {
  approveOk,
  createOk,
  createRemovalOk,
  events,
  type Harness,
  importToCompletion,
  startHarness,
  types,
} from './helpers';

const ORDERS_PATH = /\/importTnOrders$/i;

/** The real client, with `createImportOrder` dying after Bandwidth created the order (a crash before saving). */
function crashAfterCreate(client: BandwidthClient): BandwidthPort {
  return {
    checkImportability: (input) => client.checkImportability(input),
    getImportOrder: (id) => client.getImportOrder(id),
    listImportOrders: (query) => client.listImportOrders(query),
    uploadLoa: (id, file) => client.uploadLoa(id, file),
    isInService: (tn) => client.isInService(tn),
    createRemoveImportedOrder: (input) => client.createRemoveImportedOrder(input),
    getRemoveImportedOrder: (id) => client.getRemoveImportedOrder(id),
    listRemoveImportedOrders: (query) => client.listRemoveImportedOrders(query),
    createImportOrder: async (input) => {
      await client.createImportOrder(input);
      throw new Error('process died before saving the order id');
    },
  };
}

/** The real client, with `createRemoveImportedOrder` dying after Bandwidth created the order. */
function crashAfterRemovalCreate(client: BandwidthClient): BandwidthPort {
  return {
    ...crashAfterCreate(client),
    createImportOrder: (input) => client.createImportOrder(input),
    createRemoveImportedOrder: async (input) => {
      await client.createRemoveImportedOrder(input);
      throw new Error('process died before saving the removal order id');
    },
  };
}

describe('workflow: nothing lost, nothing doubled', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('completes through reconcile when every notification is lost', async () => {
    h = await startHarness();
    h.sim.faults.addNotification({ fault: { kind: 'drop' } });
    const created = await createOk(h.workflow, ['9195550001']);
    await approveOk(h.workflow, created.id);
    await h.sim.advance();
    await h.sim.advance();
    expect((await h.workflow.getRequest(created.id))?.state).toBe('submitted');

    const summary = await h.workflow.reconcile();
    expect(summary).toEqual(
      expect.objectContaining({ skipped: false, requests: 1, ordersPolled: 1, changed: 1 }),
    );
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('complete');
    expect(done?.audit.at(-1)).toEqual(expect.objectContaining({ actor: 'poller', action: 'complete' }));
    expect(await h.workflow.listOpenRequests()).toEqual([]);
  });

  it('applies each status once when notifications are duplicated', async () => {
    h = await startHarness();
    h.sim.faults.addNotification({ fault: { kind: 'duplicate' } });
    const created = await createOk(h.workflow, ['9195550001']);
    await approveOk(h.workflow, created.id);
    await h.sim.advance();
    await h.sim.advance();
    await h.sim.flushNotifications();
    const done = await h.workflow.getRequest(created.id);
    expect(h.sim.notificationFaults.filter((f) => f.action === 'duplicated').length).toBeGreaterThanOrEqual(
      2,
    );
    expect(done?.state).toBe('complete');
    expect(types(done)).toEqual([
      'checked',
      'approved',
      'orders_created',
      'order_status',
      'order_status',
      'finished',
    ]);
  });

  it('never moves a finished order back when notifications arrive in reverse', async () => {
    h = await startHarness();
    h.sim.faults.addNotification({ times: 2, fault: { kind: 'reorder' } });
    const created = await createOk(h.workflow, ['9195550001']);
    await approveOk(h.workflow, created.id);
    await h.sim.advance();
    await h.sim.advance();
    await h.sim.flushNotifications();
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('complete');
    expect(done?.orders[0]?.status).toBe('COMPLETE');
    // The late PROCESSING is dropped: only the COMPLETE is told.
    expect(types(done)).toEqual(['checked', 'approved', 'orders_created', 'order_status', 'finished']);
    await h.workflow.reconcile();
    expect((await h.workflow.getRequest(created.id))?.outbox).toEqual(done?.outbox);
  });

  it('keeps a request in checking while the checker is down, says so once, and checks it later', async () => {
    h = await startHarness();
    const down = h.sim.faults.add({ path: /importTnChecker/i, fault: { kind: 'status', status: 503 } });
    const created = await createOk(h.workflow, ['9195550001']);
    expect(created.state).toBe('checking');
    expect(events(created)).toEqual([
      { type: 'check_failed', message: 'Bandwidth answered HTTP 503', willRetry: true },
    ]);
    await h.workflow.reconcile();
    expect(types(await h.workflow.getRequest(created.id))).toEqual(['check_failed']);

    down.clear();
    await h.workflow.reconcile();
    const checked = await h.workflow.getRequest(created.id);
    expect(checked?.state).toBe('awaiting_approval');
    expect(checked?.lastFailure).toBeUndefined();
    expect(types(checked)).toEqual(['check_failed', 'checked']);
  });

  it('makes one order when the create answer is lost', async () => {
    h = await startHarness();
    h.sim.faults.add({ method: 'POST', path: ORDERS_PATH, times: 1, fault: { kind: 'lostResponse' } });
    const created = await createOk(h.workflow, ['9195550001']);
    const approved = await approveOk(h.workflow, created.id);
    expect(h.sim.importOrders()).toHaveLength(1);
    expect(approved.state).toBe('submitted');
    expect(approved.orders[0]?.orderId).toBe(h.sim.importOrders()[0]?.orderId);
  });

  it('waits in submitting while Bandwidth is down, then creates the order from reconcile', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    const down = h.sim.faults.add({ path: ORDERS_PATH, fault: { kind: 'status', status: 503 } });
    const approved = await approveOk(h.workflow, created.id);
    expect(approved.state).toBe('submitting');
    expect(events(approved).at(-1)).toEqual(
      expect.objectContaining({ type: 'submit_failed', willRetry: true }),
    );
    expect(h.sim.importOrders()).toHaveLength(0);

    down.clear();
    await h.workflow.reconcile();
    const resumed = await h.workflow.getRequest(created.id);
    expect(resumed?.state).toBe('submitted');
    expect(h.sim.importOrders()).toHaveLength(1);
  });

  it('fails the request when Bandwidth refuses the order itself', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001']);
    h.sim.faults.add({
      method: 'POST',
      path: ORDERS_PATH,
      fault: {
        kind: 'status',
        status: 400,
        contentType: 'application/xml',
        body:
          '<ImportTnOrderResponse><ProcessingStatus>FAILED</ProcessingStatus><Errors><Code>7309</Code>' +
          '<Description>The site id was not supplied or is invalid.</Description></Errors></ImportTnOrderResponse>',
      },
    });
    const approved = await approveOk(h.workflow, created.id);
    expect(approved.state).toBe('failed');
    expect(approved.orders[0]?.errors).toEqual([
      { code: '7309', description: 'The site id was not supplied or is invalid.', numbers: ['9195550001'] },
    ]);
    expect(events(approved).slice(-2)).toEqual([
      {
        type: 'submit_failed',
        message: '7309: The site id was not supplied or is invalid.',
        willRetry: false,
      },
      { type: 'finished', outcome: 'failed' },
    ]);
  });

  it('resumes a request whose process died between creating the order and saving it, without a second order', async () => {
    h = await startHarness({ wrapBandwidth: crashAfterCreate, webhook: false });
    const created = await createOk(h.workflow, ['9195550001']);
    await expect(h.workflow.approve(created.id, 'UAPPROVER')).rejects.toThrow('process died');
    const stranded = await h.workflow.getRequest(created.id);
    expect(stranded?.state).toBe('submitting');
    expect(stranded?.orders[0]?.orderId).toBeUndefined();
    expect(h.sim.importOrders()).toHaveLength(1);

    const restarted = await h.replica({ wrapBandwidth: (client) => client });
    await restarted.workflow.reconcile();
    const resumed = await restarted.workflow.getRequest(created.id);
    expect(h.sim.importOrders()).toHaveLength(1);
    expect(resumed?.state).toBe('submitted');
    expect(resumed?.orders[0]?.orderId).toBe(h.sim.importOrders()[0]?.orderId);
  });

  it('resumes a removal whose process died after creating its order: found by CustomerOrderId, never made twice', async () => {
    h = await startHarness({ wrapBandwidth: crashAfterRemovalCreate, webhook: false });
    await importToCompletion(h, ['9195550001']);
    const removal = await createRemovalOk(h.workflow, ['9195550001']);
    expect(removal.state).toBe('awaiting_approval');
    await expect(h.workflow.approve(removal.id, 'UAPPROVER')).rejects.toThrow('process died');
    expect(h.sim.removeOrders()).toHaveLength(1);

    const restarted = await h.replica({ wrapBandwidth: (client) => client });
    await restarted.workflow.reconcile();
    await h.sim.advance();
    await h.sim.advance();
    await restarted.workflow.reconcile();
    const done = await restarted.workflow.getRequest(removal.id);
    expect(h.sim.removeOrders()).toHaveLength(1);
    expect(done?.orders[0]?.orderId).toBe(h.sim.removeOrders()[0]?.orderId);
    expect(done?.state).toBe('complete');
    expect(h.sim.inServiceNumbers()).toEqual([]);
  });

  it('applies a PARTIAL removal from its notification, with the per-number errors of the removal order', async () => {
    h = await startHarness();
    await importToCompletion(h, ['9195550001', '9195550002']);
    const removal = await createRemovalOk(h.workflow, ['9195550001', '9195550002']);
    // Another carrier takes one number between the check and the order: Bandwidth refuses it (5158).
    await h.sim.emitMessagingLost(['9195550002']);
    await approveOk(h.workflow, removal.id);
    await h.sim.advance();
    await h.sim.advance();
    const done = await h.workflow.getRequest(removal.id);
    expect(done?.state).toBe('partial');
    expect(done?.orders[0]?.errors).toEqual([
      expect.objectContaining({ code: '5158', numbers: ['9195550002'] }),
    ]);
    expect(done?.audit.filter((a) => a.action === 'order_status').map((a) => a.actor)).toEqual([
      'bandwidth',
      'bandwidth',
    ]);
    expect(types(done)).not.toContain('messaging_lost');
  });

  it('finds the request by CustomerOrderId when a notification comes for an order id never saved', async () => {
    h = await startHarness({ wrapBandwidth: crashAfterCreate });
    const created = await createOk(h.workflow, ['9195550001']);
    await expect(h.workflow.approve(created.id, 'UAPPROVER')).rejects.toThrow('process died');
    await h.sim.advance();
    await h.sim.advance();
    const done = await h.workflow.getRequest(created.id);
    expect(done?.orders[0]?.orderId).toBe(h.sim.importOrders()[0]?.orderId);
    expect(done?.state).toBe('complete');
    expect((await h.workflow.findRequest(h.sim.importOrders()[0]?.orderId ?? ''))?.id).toBe(created.id);
  });

  it('answers unknown_order for an order that is not ours, and duplicate for a repeat', async () => {
    h = await startHarness({ webhook: false });
    const unknown = { orderId: '0f1c2b3a-0000-4000-8000-000000000000', status: 'COMPLETE' as const };
    expect(await h.workflow.applyOrderNotification(unknown)).toBe('unknown_order');
    const created = await createOk(h.workflow, ['9195550001']);
    const approved = await approveOk(h.workflow, created.id);
    const ours = {
      orderId: approved.orders[0]?.orderId ?? '',
      status: 'PROCESSING' as const,
      lastModifiedDate: 'x',
    };
    expect(await h.workflow.applyOrderNotification(ours)).toBe('accepted');
    expect(await h.workflow.applyOrderNotification(ours)).toBe('duplicate');
    expect(await h.workflow.applyOrderNotification({ ...ours, orderType: 'removeImportedTnOrders' })).toBe(
      'unknown_order',
    );
  });

  it('leaves a PARTIAL notification to the poller when the order cannot be fetched for its errors', async () => {
    h = await startHarness();
    const created = await createOk(h.workflow, ['9195550001', '9195557518']);
    await approveOk(h.workflow, created.id);
    await h.sim.advance();
    const down = h.sim.faults.add({
      method: 'GET',
      path: /\/importTnOrders\/[^/]+$/i,
      fault: { kind: 'status', status: 503 },
    });
    await h.sim.advance();
    expect((await h.workflow.getRequest(created.id))?.state).toBe('submitted');

    down.clear();
    await h.workflow.reconcile();
    const done = await h.workflow.getRequest(created.id);
    expect(done?.state).toBe('partial');
    expect(done?.orders[0]?.errors).toEqual([
      { code: '7518', description: 'Telephone Number Not Active', numbers: ['9195557518'] },
    ]);
  });

  it('runs one sweep at a time across replicas', async () => {
    h = await startHarness({ webhook: false });
    const other = await h.replica();
    await createOk(h.workflow, ['9195550001']);
    const sweeps = await Promise.all([h.workflow.reconcile(), other.workflow.reconcile()]);
    expect(sweeps.filter((s) => s.skipped)).toHaveLength(1);
  });
});
