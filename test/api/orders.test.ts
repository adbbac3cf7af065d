import { BandwidthApiError, createBandwidthClient } from '../../src/api';
import { startBandwidthSimulator } from '../../src/sandbox/bandwidth';
import { clientOptions, importOrderInput, useSimulator } from './helpers';

describe('import orders', () => {
  const { sim, client } = useSimulator();

  it('creates an order and reads it back with status, numbers, subscriber and dates', async () => {
    const order = await client().createImportOrder({
      ...importOrderInput('req-100', ['9195550100', '9195550101']),
      sipPeerId: 5001,
      loaType: 'CARRIER',
    });
    expect(order).toMatchObject({
      customerOrderId: 'req-100',
      status: 'RECEIVED',
      numbers: ['9195550100', '9195550101'],
      errors: [],
      siteId: '1001',
      sipPeerId: '5001',
      loaType: 'CARRIER',
      loaAuthorizingPerson: 'Jane Doe',
      subscriber: { name: 'Acme Dental', serviceAddress: { city: 'Raleigh', stateCode: 'NC', zip: '27606' } },
    });
    expect(order.orderCreateDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    const stored = sim().importOrder(order.orderId);
    expect(stored?.subscriber.serviceAddress).toMatchObject({
      HouseNumber: '900',
      StreetName: 'Main Campus Dr',
    });
    expect(stored?.sipPeerId).toBe('5001');

    await expect(client().getImportOrder(order.orderId)).resolves.toMatchObject({
      orderId: order.orderId,
      status: 'RECEIVED',
    });
  });

  it('reads a PARTIAL order with its per-number errors (nested Errors/Error shape)', async () => {
    const order = await client().createImportOrder(importOrderInput('req-101', ['9195550100', '9195557518']));
    await sim().advance();
    await sim().advance();
    const done = await client().getImportOrder(order.orderId);
    expect(done.status).toBe('PARTIAL');
    expect(done.errors).toEqual([
      { code: '7518', description: 'Telephone Number Not Active', numbers: ['9195557518'] },
    ]);
  });

  it('lists orders with filters and reads history with lower-case statuses', async () => {
    const first = await client().createImportOrder(importOrderInput('req-102', ['9195550100']));
    await client().createImportOrder(importOrderInput('req-103', ['9195550200']));
    await sim().advance();
    await sim().advance();

    const all = await client().listImportOrders();
    expect(all.totalCount).toBe(2);
    const byId = await client().listImportOrders({ customerOrderId: 'req-102' });
    expect(byId.orders).toEqual([
      expect.objectContaining({
        orderId: first.orderId,
        customerOrderId: 'req-102',
        status: 'COMPLETE',
        countOfTns: 1,
      }),
    ]);
    const byTn = await client().listImportOrders({ tn: '9195550200' });
    expect(byTn.orders.map((o) => o.customerOrderId)).toEqual(['req-103']);
    const processing = await client().listImportOrders({ status: ['PROCESSING', 'RECEIVED'] });
    expect(processing.orders).toEqual([]);

    const history = await client().getImportOrderHistory(first.orderId);
    expect(history.map((h) => h.status)).toEqual(['RECEIVED', 'PROCESSING', 'COMPLETE']);
    expect(history[0]!.note).toEqual(expect.any(String));
  });

  it('finds an order by CustomerOrderId, or undefined', async () => {
    const order = await client().createImportOrder(importOrderInput('req-104', ['9195550100']));
    await expect(client().findImportOrderByCustomerOrderId('req-104')).resolves.toMatchObject({
      orderId: order.orderId,
    });
    await expect(client().findImportOrderByCustomerOrderId('nope')).resolves.toBeUndefined();
  });

  it('still types a 400 whose body the shared parser refuses', async () => {
    // Until src/xml.ts is fixed (see below), the 1008 answer degrades to a typed HTTP error.
    await expect(client().getImportOrder('not-a-uuid')).rejects.toMatchObject({ status: 400 });
  });

  it('throws BandwidthApiError with every flat error of a refused create, and creates nothing', async () => {
    const error = await client()
      .createImportOrder({ ...importOrderInput('bad id!', ['9195550100']), siteId: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthApiError);
    const codes = (error as BandwidthApiError).errors.map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['7318', '7309']));
    expect((error as BandwidthApiError).status).toBe(400);
    expect(sim().importOrders()).toHaveLength(0);
  });

  it('throws BandwidthApiError 1008 for a malformed order id (ResponseStatus shape)', async () => {
    const error = await client()
      .getImportOrder('not-a-uuid')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(error).toMatchObject({ status: 400, code: '1008' });
  });

  it.each(['ImportTnOrderResponse', 'ImportTnOrdersResponse'] as const)(
    'accepts the %s create root and upper-case history',
    async (root) => {
      const other = await startBandwidthSimulator({
        createResponseRoot: root,
        initialStatus: 'PROCESSING',
        historyStatusCase: 'upper',
      });
      const c = createBandwidthClient(clientOptions(other));
      try {
        const order = await c.createImportOrder(importOrderInput('req-root', ['9195550100']));
        expect(order.status).toBe('PROCESSING');
        const history = await c.getImportOrderHistory(order.orderId);
        expect(history[0]!.status).toBe('PROCESSING');
      } finally {
        await c.close();
        await other.close();
      }
    },
  );
});

describe('remove-imported orders', () => {
  const { sim, client } = useSimulator();

  it('creates, gets, lists and reads history of a remove order', async () => {
    const imported = await client().createImportOrder(importOrderInput('req-200', ['9195550100']));
    await sim().advance();
    await sim().advance();
    expect((await client().getImportOrder(imported.orderId)).status).toBe('COMPLETE');

    const removal = await client().createRemoveImportedOrder({
      customerOrderId: 'rm-200',
      numbers: ['9195550100'],
    });
    expect(removal).toMatchObject({ customerOrderId: 'rm-200', numbers: ['9195550100'] });
    expect(sim().removeOrders()).toHaveLength(1);

    await sim().advance();
    await sim().advance();
    await expect(client().getRemoveImportedOrder(removal.orderId)).resolves.toMatchObject({
      status: 'COMPLETE',
    });
    const list = await client().listRemoveImportedOrders({ customerOrderId: 'rm-200' });
    expect(list.orders).toEqual([expect.objectContaining({ orderId: removal.orderId, status: 'COMPLETE' })]);
    const history = await client().getRemoveImportedOrderHistory(removal.orderId);
    expect(history.at(-1)?.status).toBe('COMPLETE');
  });

  it('throws BandwidthApiError 1008 for a malformed remove order id', async () => {
    const error = await client()
      .getRemoveImportedOrder('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BandwidthApiError);
    expect(error).toMatchObject({ status: 400, code: '1008' });
  });
});
