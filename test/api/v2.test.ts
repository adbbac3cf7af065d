import { fromWireTn, toWireTn } from '../../src/api/numbers-format';
import { importOrderInput, requestsTo, useSimulator } from './helpers';

describe('E.164 conversion', () => {
  it('writes +1 only for v2 and reads both forms back as 10 digits', () => {
    expect(toWireTn('9195551234', 'v2')).toBe('+19195551234');
    expect(toWireTn('9195551234', 'v1')).toBe('9195551234');
    expect(fromWireTn('+19195551234')).toBe('9195551234');
    expect(fromWireTn('9195551234')).toBe('9195551234');
    expect(fromWireTn('61746052083')).toBe('61746052083');
  });
});

describe('API v2', () => {
  const { sim, client } = useSimulator({}, { apiVersion: 'v2' });
  const account = () => `/api/v2/accounts/${sim().accountId}`;

  it('checks numbers at /v2/.../importTnChecker in E.164 and answers in 10 digits', async () => {
    const result = await client().checkImportability({ numbers: ['9195550100', '9195551901'] });
    expect(result.importable).toEqual(['9195550100']);
    expect(result.rejected).toEqual([expect.objectContaining({ code: '19001', numbers: ['9195551901'] })]);
    expect(requestsTo(sim(), 'POST', /importTnChecker$/).map((r) => r.path)).toEqual([
      `${account()}/importTnChecker`,
    ]);
  });

  it('creates, gets, lists and uploads LOAs under /importTnOrders/messaging', async () => {
    const order = await client().createImportOrder(importOrderInput('v2-order', ['9195550100']));
    expect(order.numbers).toEqual(['9195550100']);
    expect(sim().importOrder(order.orderId)?.telephoneNumbers).toEqual(['9195550100']);
    await expect(client().getImportOrder(order.orderId)).resolves.toMatchObject({ numbers: ['9195550100'] });
    const byTn = await client().listImportOrders({ tn: '9195550100' });
    expect(byTn.orders.map((o) => o.orderId)).toEqual([order.orderId]);
    const upload = await client().uploadLoa(order.orderId, {
      body: Buffer.from('loa'),
      contentType: 'text/plain',
    });
    expect(upload.fileName).toContain(order.orderId);

    const paths = sim()
      .requests.filter((r) => r.path.includes('importTnOrders'))
      .map((r) => r.path);
    expect(paths).toEqual([
      `${account()}/importTnOrders/messaging`,
      `${account()}/importTnOrders/messaging/${order.orderId}`,
      `${account()}/importTnOrders/messaging`,
      `${account()}/importTnOrders/messaging/${order.orderId}/loas`,
    ]);
  });

  it('removes under /removeImportedTnOrders/messaging and checks service with an E.164 path', async () => {
    const order = await client().createImportOrder(importOrderInput('v2-imp', ['9195550100']));
    await sim().advance();
    await sim().advance();
    expect((await client().getImportOrder(order.orderId)).status).toBe('COMPLETE');
    expect(await client().isInService('9195550100')).toBe(true);
    expect(sim().requests.at(-1)?.path).toBe(`${account()}/inserviceNumbers/+19195550100`);

    const removal = await client().createRemoveImportedOrder({
      customerOrderId: 'v2-rm',
      numbers: ['9195550100'],
    });
    expect(removal.numbers).toEqual(['9195550100']);
    expect(requestsTo(sim(), 'POST', /removeImportedTnOrders/).map((r) => r.path)).toEqual([
      `${account()}/removeImportedTnOrders/messaging`,
    ]);
  });
});
