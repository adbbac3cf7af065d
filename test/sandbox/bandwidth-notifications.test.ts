import { parseXml } from '../../src/xml';
import { all, at, basicHeader, Harness, importOrderXml, Receiver, xmlBody } from './bandwidth-helpers';

const subscriptionXml = (inner: string) => xmlBody(`<Subscription>${inner}</Subscription>`);
const callback = (url: string, extra = '') =>
  `<CallbackSubscription><URL>${url}</URL><Expiry>3122064000</Expiry>${extra}</CallbackSubscription>`;
const credentials = (user: string, password: string) =>
  `<CallbackCredentials><BasicAuthentication><Username>${user}</Username><Password>${password}</Password></BasicAuthentication></CallbackCredentials>`;

describe('Bandwidth simulator: subscriptions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(() => h.close());

  const subscribe = (body: string) => h.call('POST', `${h.account}/subscriptions`, { body });

  it('creates (201, no body, Location), gets, lists, replaces and deletes a subscription', async () => {
    const created = await subscribe(
      subscriptionXml(
        `<OrderType>importtnorders</OrderType>${callback('http://127.0.0.1:9/hooks', credentials('bw', 'pw'))}`,
      ),
    );
    expect([created.status, created.text]).toEqual([201, '']);
    const id = String(created.headers.location).split('/').pop()!;
    expect(created.headers.location).toBe(`${h.sim.url}${h.account}/subscriptions/${id}`);
    const one = await h.call('GET', `${h.account}/subscriptions/${id}`);
    const sub = at(one.xml, 'SubscriptionsResponse', 'Subscriptions', 'Subscription');
    expect(at(sub, 'OrderType')).toBe('importtnorders');
    expect(at(sub, 'CallbackSubscription', 'Status')).toBe('READY');
    expect(at(sub, 'CallbackSubscription', 'CallbackCredentials', 'BasicAuthentication')).toEqual({
      Username: 'bw',
    });
    expect(one.text).not.toContain('pw');
    const listed = await h.call('GET', `${h.account}/subscriptions`);
    expect(all(listed.xml, ['SubscriptionsResponse', 'Subscriptions'], 'Subscription')).toHaveLength(1);

    const put = await h.call('PUT', `${h.account}/subscriptions/${id}`, {
      body: subscriptionXml(
        `<OrderType>removeImportedTnOrders</OrderType>${callback('http://127.0.0.1:9/other')}`,
      ),
    });
    expect(put.status).toBe(200);
    expect(h.sim.subscriptions()[0]).toMatchObject({
      orderType: 'removeImportedTnOrders',
      callback: { url: 'http://127.0.0.1:9/other' },
    });
    expect(h.sim.subscriptions()[0]?.callback?.username).toBeUndefined();
    expect((await h.call('DELETE', `${h.account}/subscriptions/${id}`)).status).toBe(200);
    expect((await h.call('DELETE', `${h.account}/subscriptions/${id}`)).status).toBe(404);
    expect((await h.call('GET', `${h.account}/subscriptions/${id}`)).status).toBe(404);
  });

  it('silently ignores CallbackCredentials placed beside CallbackSubscription', async () => {
    const created = await subscribe(
      subscriptionXml(
        `<OrderType>importtnorders</OrderType>${callback('http://127.0.0.1:9/h')}${credentials('bw', 'pw')}`,
      ),
    );
    expect(created.status).toBe(201);
    expect(h.sim.subscriptions()[0]?.callback?.username).toBeUndefined();
  });

  it('answers the documented error codes in SubscriptionsResponse/ResponseStatus', async () => {
    const cases: Array<[string, number, string]> = [
      [subscriptionXml(`<OrderType>nonsense</OrderType>${callback('http://127.0.0.1:9/h')}`), 400, '14500'],
      [subscriptionXml(`<OrderType>importtnorders</OrderType>${callback('')}`), 404, '14503'],
      [
        subscriptionXml(
          `<OrderType>importtnorders</OrderType>${callback('http://127.0.0.1:9/h', '<CallbackCredentials><BasicAuthentication><Username>u</Username></BasicAuthentication></CallbackCredentials>')}`,
        ),
        404,
        '14505',
      ],
      [subscriptionXml(`<OrderType>importtnorders</OrderType>${callback('not a url')}`), 404, '14506'],
      [subscriptionXml(`<EventType>NOPE</EventType>${callback('http://127.0.0.1:9/h')}`), 400, '14507'],
      [subscriptionXml(callback('http://127.0.0.1:9/h')), 400, '14508'],
    ];
    for (const [body, status, code] of cases) {
      const response = await subscribe(body);
      expect([
        code,
        response.status,
        at(response.xml, 'SubscriptionsResponse', 'ResponseStatus', 'ErrorCode'),
      ]).toEqual([code, status, code]);
    }
    const body = subscriptionXml(`<OrderType>importtnorders</OrderType>${callback('http://127.0.0.1:9/h')}`);
    expect((await subscribe(body)).status).toBe(201);
    expect((await subscribe(body)).status).toBe(409);
  });
});

describe('Bandwidth simulator: notifications', () => {
  let h: Harness;
  const receivers: Receiver[] = [];
  beforeEach(async () => {
    h = await Harness.start();
  });
  afterEach(async () => {
    await h.close();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  async function receiver(options: Parameters<typeof Receiver.start>[0] = {}) {
    const r = await Receiver.start(options);
    receivers.push(r);
    return r;
  }

  async function subscribe(inner: string): Promise<string> {
    const response = await h.call('POST', `${h.account}/subscriptions`, { body: subscriptionXml(inner) });
    expect(response.status).toBe(201);
    return String(response.headers.location).split('/').pop()!;
  }

  async function createOrder(tns: string[], customerOrderId?: string): Promise<string> {
    const response = await h.call('POST', `${h.account}/importTnOrders`, {
      body: importOrderXml(tns, { customerOrderId }),
    });
    return String(at(response.xml, 'ImportTnOrderResponse', 'ImportTnOrder', 'OrderId'));
  }

  it('answers the Basic challenge: first without Authorization, then with the credentials', async () => {
    const hook = await receiver({ username: 'bw', password: 's3cret' });
    const subscriptionId = await subscribe(
      `<OrderType>importtnorders</OrderType>${callback(hook.url, credentials('bw', 's3cret'))}`,
    );
    const orderId = await createOrder(['9195551234', '9195557518'], 'REQ-7');
    await h.sim.advance();
    await h.sim.advance();

    // PROCESSING and PARTIAL, each as a challenged first attempt and an authorised second one.
    expect(hook.received).toHaveLength(4);
    expect(hook.received.map((r) => r.headers.authorization)).toEqual([
      undefined,
      basicHeader('bw', 's3cret'),
      undefined,
      basicHeader('bw', 's3cret'),
    ]);
    expect(hook.received[3]?.headers['content-type']).toBe('application/xml; charset=utf-8');
    const final = parseXml(hook.received[3]!.body);
    expect(at(final, 'Notification')).toEqual({
      SubscriptionId: subscriptionId,
      OrderType: 'importtnorders',
      OrderId: orderId,
      CustomerOrderId: 'REQ-7',
      Status: 'PARTIAL',
      Message: 'Import partially succeeded.',
      CompletedTelephoneNumbers: { TelephoneNumber: ['9195551234'] },
      LastModifiedDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(h.sim.deliveries.map((d) => [d.attempt, d.responseStatus])).toEqual([
      [1, 401],
      [2, 200],
      [1, 401],
      [2, 200],
    ]);
    expect(h.sim.subscriptions()[0]?.callback?.status).toBe('200 OK');
  });

  it('makes no second attempt when the 401 has no WWW-Authenticate header', async () => {
    const hook = await receiver({ username: 'bw', password: 's3cret', challenge: false });
    await subscribe(
      `<OrderType>importtnorders</OrderType>${callback(hook.url, credentials('bw', 's3cret'))}`,
    );
    await createOrder(['9195551234']);
    await h.sim.advance();
    expect(hook.received).toHaveLength(1);
    expect(hook.received[0]?.headers.authorization).toBeUndefined();
    expect(h.sim.deliveries).toHaveLength(1);
  });

  it('never retries a failed delivery', async () => {
    const hook = await receiver();
    const url = hook.url;
    await hook.close();
    receivers.splice(0);
    await subscribe(`<OrderType>importtnorders</OrderType>${callback(url, credentials('bw', 'x'))}`);
    await createOrder(['9195551234']);
    await h.sim.advance();
    expect(h.sim.deliveries).toHaveLength(1);
    expect(h.sim.deliveries[0]?.error).toBeDefined();
  });

  it('narrows by OrderId, uses E.164 when asked and notifies only documented statuses when configured', async () => {
    const documented = await Harness.start({ notifyStatuses: 'documented' });
    try {
      const hook = await receiver();
      const first = await documented.call('POST', `${documented.account}/importTnOrders`, {
        body: importOrderXml(['9195551234']),
      });
      const orderId = String(at(first.xml, 'ImportTnOrderResponse', 'ImportTnOrder', 'OrderId'));
      await documented.call('POST', `${documented.account}/importTnOrders`, {
        body: importOrderXml(['9195551235']),
      });
      const sub = await documented.call('POST', `${documented.account}/subscriptions`, {
        body: subscriptionXml(
          `<OrderType>importtnorders</OrderType><OrderId>${orderId}</OrderId>${callback(hook.url, '<NumberFormat>E164</NumberFormat>')}`,
        ),
      });
      expect(sub.status).toBe(201);
      await documented.sim.advance();
      await documented.sim.advance();
      expect(hook.received).toHaveLength(1);
      const body = parseXml(hook.received[0]!.body);
      expect(at(body, 'Notification', 'OrderId')).toBe(orderId);
      expect(at(body, 'Notification', 'Status')).toBe('COMPLETE');
      expect(at(body, 'Notification', 'CustomerOrderId')).toBeUndefined();
      expect(at(body, 'Notification', 'CompletedTelephoneNumbers', 'TelephoneNumber')).toBe('+19195551234');
    } finally {
      await documented.close();
    }
  });

  it('notifies remove-order subscribers and sends MESSAGING_LOST to event subscribers', async () => {
    const orders = await receiver();
    const events = await receiver();
    await subscribe(`<OrderType>removeImportedTnOrders</OrderType>${callback(orders.url)}`);
    await subscribe(`<EventType>MESSAGING_LOST</EventType>${callback(events.url)}`);
    await h.call('POST', `${h.account}/removeImportedTnOrders`, {
      body: xmlBody(
        '<RemoveImportedTnOrder><TelephoneNumbers><TelephoneNumber>9195551234</TelephoneNumber></TelephoneNumbers></RemoveImportedTnOrder>',
      ),
    });
    await h.sim.advance();
    await h.sim.advance();
    expect(orders.received.map((r) => at(parseXml(r.body), 'Notification', 'Status'))).toEqual([
      'PROCESSING',
      'FAILED',
    ]);
    expect(at(parseXml(orders.received[0]!.body), 'Notification', 'OrderType')).toBe(
      'removeImportedTnOrders',
    );

    await h.sim.setOrderStatus(await createOrder(['9195551234']), 'COMPLETE');
    await h.sim.emitMessagingLost(['9195551234']);
    expect(events.received).toHaveLength(1);
    expect(at(parseXml(events.received[0]!.body), 'Notification')).toMatchObject({
      EventType: 'MESSAGING_LOST',
      ImpactedTelephoneNumbers: { TelephoneNumber: ['9195551234'] },
    });
    expect(h.sim.inServiceNumbers()).toEqual([]);
  });

  it('sends nothing to addresses other than loopback', async () => {
    await subscribe(`<OrderType>importtnorders</OrderType>${callback('https://example.com/hooks')}`);
    await createOrder(['9195551234']);
    await h.sim.advance();
    expect(h.sim.deliveries).toHaveLength(1);
    expect(h.sim.deliveries[0]?.error).toContain('not sent');
    expect(h.sim.deliveries[0]?.responseStatus).toBeUndefined();
  });
});
