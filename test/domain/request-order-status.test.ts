import type { OrderStatus } from '../../src/domain/order-status';
import type { ImportRequest } from '../../src/domain/request';
import { applyOrderStatus, openOrders, recordOrderCreated } from '../../src/domain/request-transitions';
import { approved, eventTypes, numbers, submitted, T0, unwrap } from './request-fixtures';

function apply(
  request: ImportRequest,
  orderId: string,
  status: OrderStatus,
  errors: ImportRequest['orders'][0]['errors'] = [],
) {
  return applyOrderStatus(request, orderId, status, errors, 'notification', T0 + 5000);
}

describe('applyOrderStatus: forward only', () => {
  it.each<[OrderStatus, OrderStatus, boolean]>([
    ['RECEIVED', 'PROCESSING', true],
    ['RECEIVED', 'COMPLETE', true],
    ['PROCESSING', 'RECEIVED', false],
    ['PROCESSING', 'PROCESSING', false],
    ['COMPLETE', 'PROCESSING', false],
    ['COMPLETE', 'FAILED', false],
    ['FAILED', 'COMPLETE', false],
    ['EXCEPTION', 'COMPLETE', false],
  ])('%s then %s → changed: %s', (first, second, changed) => {
    const start = first === 'RECEIVED' ? submitted() : apply(submitted(), 'ORD-1', first).request;
    const result = apply(start, 'ORD-1', second);
    expect(result.changed).toBe(changed);
    if (!changed) expect(result.request).toBe(start);
  });

  it('ignores a status for an order the request does not have', () => {
    const request = submitted();
    expect(apply(request, 'ORD-UNKNOWN', 'COMPLETE')).toEqual({ request, changed: false });
  });

  it('tells each change once, with who reported it', () => {
    const first = apply(submitted(), 'ORD-1', 'PROCESSING').request;
    const poller = applyOrderStatus(first, 'ORD-1', 'COMPLETE', [], 'poller', T0).request;
    expect(eventTypes(poller).slice(-3)).toEqual(['order_status', 'order_status', 'finished']);
    expect(poller.audit.map((a) => a.actor).slice(-3)).toEqual(['bandwidth', 'poller', 'poller']);
  });

  it('fills in per-number errors a repeated final status brings, without telling the status again', () => {
    const errors = [{ code: '7518', description: 'Telephone Number Not Active', numbers: ['9195550000'] }];
    const bare = apply(submitted(), 'ORD-1', 'PARTIAL').request;
    const filled = apply(bare, 'ORD-1', 'PARTIAL', errors);
    expect(filled.changed).toBe(true);
    expect(filled.request.orders[0]?.errors).toEqual(errors);
    expect(filled.request.outbox.length).toBe(bare.outbox.length);
  });

  it('applies statuses that arrive before every order exists, without finishing early', () => {
    let request = approved(numbers(4), 2);
    request = unwrap(recordOrderCreated(request, 'HM-ABCDEF', { orderId: 'ORD-1' }, T0));
    request = apply(request, 'ORD-1', 'COMPLETE').request;
    expect(request.state).toBe('submitting');
    expect(openOrders(request)).toEqual([]);
  });

  it('gives the same final request whatever order duplicated statuses arrive in', () => {
    const statuses: OrderStatus[] = ['PROCESSING', 'COMPLETE', 'PROCESSING', 'RECEIVED', 'COMPLETE'];
    const forward = statuses.reduce((r, s) => apply(r, 'ORD-1', s).request, submitted());
    const backward = [...statuses].reverse().reduce((r, s) => apply(r, 'ORD-1', s).request, submitted());
    expect(forward.state).toBe('complete');
    expect(backward.state).toBe('complete');
    expect(eventTypes(forward).filter((t) => t === 'finished')).toHaveLength(1);
  });
});

describe('applyOrderStatus: how a request finishes', () => {
  const n = numbers(4);
  const notActive = (nums: string[]) => [
    { code: '7518', description: 'Telephone Number Not Active', numbers: nums },
  ];

  it.each<[string, [OrderStatus, ImportRequest['orders'][0]['errors']][], string, string[] | undefined]>([
    [
      'all orders COMPLETE',
      [
        ['COMPLETE', []],
        ['COMPLETE', []],
      ],
      'complete',
      undefined,
    ],
    [
      'all orders FAILED',
      [
        ['FAILED', notActive(n.slice(0, 2))],
        ['FAILED', []],
      ],
      'failed',
      undefined,
    ],
    [
      'one COMPLETE, one FAILED',
      [
        ['COMPLETE', []],
        ['FAILED', []],
      ],
      'partial',
      undefined,
    ],
    [
      'a PARTIAL order',
      [
        ['PARTIAL', notActive([n[0]!])],
        ['COMPLETE', []],
      ],
      'partial',
      undefined,
    ],
    [
      'PARTIAL with every number in error',
      [
        ['PARTIAL', notActive(n.slice(0, 2))],
        ['FAILED', []],
      ],
      'failed',
      undefined,
    ],
    [
      'PARTIAL without per-number errors',
      [
        ['PARTIAL', []],
        ['FAILED', []],
      ],
      'partial',
      undefined,
    ],
    [
      'an EXCEPTION among COMPLETE orders',
      [
        ['COMPLETE', []],
        ['EXCEPTION', []],
      ],
      'partial',
      ['ORD-2'],
    ],
    [
      'only EXCEPTION and FAILED',
      [
        ['EXCEPTION', []],
        ['FAILED', []],
      ],
      'partial',
      ['ORD-1'],
    ],
  ])('%s → %s', (_label, finals, outcome, needsAttention) => {
    let request = submitted(n, 2);
    finals.forEach(([status, errors], i) => {
      request = apply(request, `ORD-${i + 1}`, status, errors).request;
    });
    expect(request.state).toBe(outcome);
    const finished = request.outbox.at(-1)?.event;
    expect(finished).toEqual(
      needsAttention ? { type: 'finished', outcome, needsAttention } : { type: 'finished', outcome },
    );
    expect(request.audit.at(-1)?.action).toBe(outcome);
  });

  it('stays submitted while any order is open', () => {
    const request = apply(submitted(n, 2), 'ORD-1', 'COMPLETE').request;
    expect(request.state).toBe('submitted');
    expect(openOrders(request).map((o) => o.orderId)).toEqual(['ORD-2']);
  });
});
