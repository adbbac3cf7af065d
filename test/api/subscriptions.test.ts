import { BandwidthApiError } from '../../src/api';
import { requestsTo, useSimulator } from './helpers';

describe('subscriptions', () => {
  const { sim, client } = useSimulator();
  const callback = {
    url: 'https://bot.example.com/bandwidth/webhooks',
    expirySeconds: 3_122_064_000,
    username: 'hook-user',
    password: 'hook-secret',
  };

  it('creates an order-type subscription with credentials INSIDE CallbackSubscription', async () => {
    const id = await client().createSubscription({ orderType: 'importtnorders' }, callback);
    const [stored] = sim().subscriptions();
    expect(stored?.subscriptionId).toBe(id);
    expect(stored).toMatchObject({ orderType: 'importtnorders' });
    // The simulator, like Bandwidth, only keeps credentials placed inside CallbackSubscription.
    expect(stored?.callback).toMatchObject({
      url: callback.url,
      username: 'hook-user',
      password: 'hook-secret',
    });
  });

  it('creates an event subscription and lists, gets, updates and deletes', async () => {
    const orders = await client().createSubscription({ orderType: 'removeImportedTnOrders' }, callback);
    const events = await client().createSubscription(
      { eventType: 'MESSAGING_LOST' },
      { url: 'https://bot.example.com/events', expirySeconds: 86_400 },
    );
    const list = await client().listSubscriptions();
    expect(list.map((s) => s.subscriptionId).sort()).toEqual([orders, events].sort());
    const event = list.find((s) => s.subscriptionId === events);
    expect(event).toMatchObject({
      eventType: 'MESSAGING_LOST',
      callback: { url: 'https://bot.example.com/events' },
    });
    expect(list.find((s) => s.subscriptionId === orders)?.callback?.username).toBe('hook-user');

    await client().updateSubscription(
      orders,
      { orderType: 'removeImportedTnOrders' },
      { url: 'https://bot.example.com/v2/hooks', expirySeconds: 600 },
    );
    const updated = await client().getSubscription(orders);
    expect(updated.callback?.url).toBe('https://bot.example.com/v2/hooks');
    // PUT replaces the whole subscription: credentials left out are gone.
    expect(updated.callback?.username).toBeUndefined();
    expect(
      sim()
        .subscriptions()
        .find((s) => s.subscriptionId === orders)?.callback?.password,
    ).toBeUndefined();

    await expect(client().deleteSubscription(events)).resolves.toBe(true);
    await expect(client().deleteSubscription(events)).resolves.toBe(false);
    expect(sim().subscriptions()).toHaveLength(1);
  });

  it('throws BandwidthApiError from the ResponseStatus shape for a duplicate and an unknown id', async () => {
    await client().createSubscription({ orderType: 'importtnorders' }, callback);
    const duplicate = await client()
      .createSubscription({ orderType: 'importtnorders' }, callback)
      .catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(BandwidthApiError);
    expect(duplicate).toMatchObject({ status: 409, code: '16002' });
    // A definite refusal is not retried and does not trigger a lookup.
    expect(requestsTo(sim(), 'POST', /\/subscriptions$/)).toHaveLength(2);
    expect(requestsTo(sim(), 'GET', /\/subscriptions$/)).toHaveLength(0);

    await expect(client().getSubscription('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      constructor: BandwidthApiError,
      status: 404,
    });
  });

  it('finds the subscription a lost create made instead of creating another', async () => {
    sim().faults.add({ method: 'POST', path: /\/subscriptions$/, times: 1, fault: { kind: 'lostResponse' } });
    const id = await client().createSubscription({ orderType: 'importtnorders' }, callback);
    expect(
      sim()
        .subscriptions()
        .map((s) => s.subscriptionId),
    ).toEqual([id]);
    expect(requestsTo(sim(), 'POST', /\/subscriptions$/)).toHaveLength(1);
  });
});
