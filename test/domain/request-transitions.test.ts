import {
  acknowledgeEvents,
  addLoaFile,
  approve,
  authorizeDecision,
  cancel,
  expire,
  newRequest,
  pendingLoaUploads,
  recordCheck,
  recordLoaRefused,
  recordLoaUpload,
  recordMessagingLost,
  recordOrderCreated,
  recordOrderRefused,
  recordRetryableFailure,
  reject,
} from '../../src/domain/request-transitions';
import {
  approved,
  awaiting,
  DETAILS,
  eventTypes,
  fresh,
  numbers,
  submitted,
  T0,
  unwrap,
} from './request-fixtures';

describe('newRequest', () => {
  it('starts in checking with the numbers de-duplicated, one audit entry and an empty outbox', () => {
    const request = newRequest(
      {
        id: 'HM-ABCDEF',
        requesterId: 'U1',
        channelId: 'C1',
        details: DETAILS,
        siteId: '1',
        numbers: ['9195550001', '9195550002', '9195550001'],
      },
      T0,
    );
    expect(request.state).toBe('checking');
    expect(request.numbers).toEqual(['9195550001', '9195550002']);
    expect(request.audit).toEqual([expect.objectContaining({ actor: 'user:U1', action: 'created' })]);
    expect(request.outbox).toEqual([]);
    expect(request.createdAt).toBe('2026-03-02T10:00:00.000Z');
  });
});

describe('recordCheck', () => {
  it('moves to awaiting_approval when some numbers are importable, and says so in the outbox', () => {
    const request = unwrap(
      recordCheck(
        fresh(['9195550001', '9195551906']),
        {
          importable: ['9195550001'],
          rejected: [{ code: '19006', description: 'x', numbers: ['9195551906'] }],
        },
        T0,
      ),
    );
    expect(request.state).toBe('awaiting_approval');
    expect(request.check?.importable).toEqual(['9195550001']);
    expect(request.check?.rejected[0]?.numbers).toEqual(['9195551906']);
    expect(eventTypes(request)).toEqual(['checked']);
    expect(request.outbox[0]?.seq).toBe(1);
    expect(request.nextSeq).toBe(2);
  });

  it('moves to not_importable when nothing is importable', () => {
    const nums = ['9195551906'];
    const request = unwrap(
      recordCheck(
        fresh(nums),
        { importable: [], rejected: [{ code: '19006', description: 'x', numbers: nums }] },
        T0,
      ),
    );
    expect(request.state).toBe('not_importable');
    expect(eventTypes(request)).toEqual(['checked']);
  });

  it('refuses a second check once the request left checking', () => {
    const result = recordCheck(awaiting(), { importable: [], rejected: [] }, T0);
    expect(result).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'wrong_state' }) });
  });

  it('clears a check failure noted earlier', () => {
    const failed = recordRetryableFailure(
      fresh(),
      { stage: 'check', message: 'down', event: { type: 'check_failed', message: 'down', willRetry: true } },
      T0,
    );
    expect(failed.lastFailure?.stage).toBe('check');
    const checked = unwrap(recordCheck(failed, { importable: numbers(3), rejected: [] }, T0));
    expect(checked.lastFailure).toBeUndefined();
  });
});

describe('recordRetryableFailure', () => {
  const fail = (message: string) => ({
    stage: 'check' as const,
    message,
    event: { type: 'check_failed' as const, message, willRetry: true },
  });

  it('announces a failure once, however often the same failure repeats', () => {
    const once = recordRetryableFailure(fresh(), fail('Bandwidth could not be reached'), T0);
    const twice = recordRetryableFailure(once, fail('Bandwidth could not be reached'), T0 + 60_000);
    expect(twice).toBe(once);
    expect(eventTypes(twice)).toEqual(['check_failed']);
  });

  it('announces a different failure again', () => {
    const once = recordRetryableFailure(fresh(), fail('Bandwidth could not be reached'), T0);
    const other = recordRetryableFailure(once, fail('Bandwidth answered HTTP 503'), T0);
    expect(eventTypes(other)).toEqual(['check_failed', 'check_failed']);
  });
});

describe('authorizeDecision', () => {
  const request = awaiting();
  it.each([
    ['an approver who is not the requester', 'UAPP', true, false, 'approve', true],
    ['someone who is not an approver', 'UOTHER', false, false, 'approve', false],
    ['the requester approving their own request', 'UREQ', true, false, 'approve', false],
    ['the requester approving when self-approval is allowed', 'UREQ', true, true, 'approve', true],
    ['the requester (an approver) rejecting their own request', 'UREQ', true, false, 'reject', true],
    ['a non-approver rejecting', 'UOTHER', false, false, 'reject', false],
  ] as const)('for %s → allowed: %s', (_label, userId, isApprover, allowSelfApproval, action, allowed) => {
    expect(authorizeDecision(request, userId, { isApprover, allowSelfApproval, action }).ok).toBe(allowed);
  });

  it('explains self-approval in plain words', () => {
    const result = authorizeDecision(request, 'UREQ', { isApprover: true, allowSelfApproval: false });
    expect(result).toEqual({
      ok: false,
      refusal: {
        code: 'self_approval',
        message: 'You asked for this import, so someone else has to approve it.',
      },
    });
  });

  it('names who approved when someone clicks after the decision', () => {
    const result = authorizeDecision(approved(), 'UAPP2', { isApprover: true, allowSelfApproval: false });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.refusal.code).toBe('wrong_state');
      expect(result.refusal.message).toContain('already approved by <@UAPP>');
    }
  });
});

describe('approve', () => {
  it('moves to submitting and plans one order under the request id', () => {
    const request = approved(numbers(3));
    expect(request.state).toBe('submitting');
    expect(request.decision).toEqual(expect.objectContaining({ outcome: 'approved', by: 'UAPP' }));
    expect(request.orders).toEqual([
      expect.objectContaining({ customerOrderId: 'HM-ABCDEF', numbers: numbers(3), errors: [] }),
    ]);
    expect(eventTypes(request)).toEqual(['checked', 'approved']);
    expect(request.audit.at(-1)).toEqual(expect.objectContaining({ actor: 'user:UAPP', action: 'approved' }));
  });

  it.each([
    [5, 2, [2, 2, 1], ['HM-ABCDEF', 'HM-ABCDEF-2', 'HM-ABCDEF-3']],
    [4, 2, [2, 2], ['HM-ABCDEF', 'HM-ABCDEF-2']],
    [3, 5000, [3], ['HM-ABCDEF']],
    [1, 1, [1], ['HM-ABCDEF']],
  ])('splits %i numbers by %i into orders of %j', (count, max, sizes, ids) => {
    const request = approved(numbers(count), max);
    expect(request.orders.map((o) => o.numbers.length)).toEqual(sizes);
    expect(request.orders.map((o) => o.customerOrderId)).toEqual(ids);
    expect(request.orders.flatMap((o) => o.numbers)).toEqual(numbers(count));
  });

  it('defaults to at most 5000 numbers per order', () => {
    const request = approved(numbers(5001));
    expect(request.orders.map((o) => o.numbers.length)).toEqual([5000, 1]);
  });

  it('only orders the numbers the checker accepted', () => {
    const checked = unwrap(
      recordCheck(
        fresh(['9195550001', '9195551906']),
        {
          importable: ['9195550001'],
          rejected: [{ code: '19006', description: 'x', numbers: ['9195551906'] }],
        },
        T0,
      ),
    );
    const request = unwrap(approve(checked, 'UAPP', T0));
    expect(request.orders.flatMap((o) => o.numbers)).toEqual(['9195550001']);
  });

  it('refuses an id that cannot be a CustomerOrderId', () => {
    const long = unwrap(
      recordCheck(fresh(numbers(1), `HM-${'X'.repeat(40)}`), { importable: numbers(1), rejected: [] }, T0),
    );
    expect(approve(long, 'UAPP', T0)).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'invalid_order_id' }),
    });
  });

  it.each([
    ['checking', fresh()],
    ['submitting', approved()],
  ])('refuses from %s', (_state, request) => {
    expect(approve(request, 'UAPP', T0)).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'wrong_state' }),
    });
  });
});

describe('reject, expire and cancel', () => {
  it('reject records the decision and the reason', () => {
    const request = unwrap(reject(awaiting(), 'UAPP', 'wrong customer', T0));
    expect(request.state).toBe('rejected');
    expect(request.decision).toEqual(
      expect.objectContaining({ outcome: 'rejected', reason: 'wrong customer' }),
    );
    expect(request.outbox.at(-1)?.event).toEqual({ type: 'rejected', by: 'UAPP', reason: 'wrong customer' });
  });

  it('reject after approval is refused naming the approver', () => {
    const result = reject(approved(), 'UAPP2', 'too late', T0);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.refusal.message).toContain('<@UAPP>');
  });

  it.each([
    ['expire', (r: ReturnType<typeof fresh>) => expire(r, T0), 'expired', { type: 'expired' }],
    [
      'cancel',
      (r: ReturnType<typeof fresh>) => cancel(r, 'UREQ', T0),
      'cancelled',
      { type: 'cancelled', by: 'UREQ' },
    ],
  ] as const)('%s ends a request waiting for approval', (_name, transition, state, event) => {
    const request = unwrap(transition(awaiting()));
    expect(request.state).toBe(state);
    expect(request.outbox.at(-1)?.event).toEqual(event);
  });

  it.each([
    ['expire', (r: ReturnType<typeof fresh>) => expire(r, T0)],
    ['cancel', (r: ReturnType<typeof fresh>) => cancel(r, 'UREQ', T0)],
  ] as const)('%s is refused once the request is approved', (_name, transition) => {
    expect(transition(approved()).ok).toBe(false);
  });
});

describe('recordOrderCreated', () => {
  it('stays submitting until every planned order exists, then announces all order ids', () => {
    let request = approved(numbers(4), 2);
    request = unwrap(recordOrderCreated(request, 'HM-ABCDEF', { orderId: 'ORD-1', status: 'RECEIVED' }, T0));
    expect(request.state).toBe('submitting');
    expect(eventTypes(request)).not.toContain('orders_created');
    request = unwrap(recordOrderCreated(request, 'HM-ABCDEF-2', { orderId: 'ORD-2' }, T0));
    expect(request.state).toBe('submitted');
    expect(request.outbox.at(-1)?.event).toEqual({ type: 'orders_created', orderIds: ['ORD-1', 'ORD-2'] });
  });

  it('recording the same order twice changes nothing', () => {
    const request = submitted();
    const again = recordOrderCreated(request, 'HM-ABCDEF', { orderId: 'ORD-1' }, T0);
    expect(again).toEqual({ ok: true, request });
  });

  it('refuses a second, different order for the same CustomerOrderId', () => {
    const result = recordOrderCreated(submitted(), 'HM-ABCDEF', { orderId: 'ORD-OTHER' }, T0);
    expect(result).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'order_conflict' }) });
  });

  it('refuses an order that was never planned', () => {
    const result = recordOrderCreated(approved(), 'HM-NOPE', { orderId: 'ORD-1' }, T0);
    expect(result).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'unknown_order' }) });
  });
});

describe('recordOrderRefused', () => {
  it('fails the request when its only order was refused', () => {
    const errors = [{ code: '7309', description: 'site', numbers: numbers(3) }];
    const request = unwrap(
      recordOrderRefused(approved(), 'HM-ABCDEF', { message: '7309: site', errors }, T0),
    );
    expect(request.state).toBe('failed');
    expect(request.orders[0]).toEqual(expect.objectContaining({ status: 'FAILED', errors }));
    expect(eventTypes(request).slice(-2)).toEqual(['submit_failed', 'finished']);
    expect(request.outbox.at(-1)?.event).toEqual({ type: 'finished', outcome: 'failed' });
  });

  it('leaves the request submitting while another order is still to be created', () => {
    const request = unwrap(
      recordOrderRefused(approved(numbers(4), 2), 'HM-ABCDEF', { message: 'x', errors: [] }, T0),
    );
    expect(request.state).toBe('submitting');
  });
});

describe('LOA files', () => {
  const file = {
    slackFileId: 'F1',
    name: 'loa.pdf',
    mimetype: 'application/pdf',
    size: 10,
    sharedBy: 'U1',
    sharedAt: '',
  };

  it('keeps a file shared before any order exists and says it waits', () => {
    const request = unwrap(addLoaFile(awaiting(), file, T0));
    expect(request.loaFiles).toEqual([{ ...file, uploads: {} }]);
    expect(request.outbox.at(-1)?.event).toEqual({ type: 'loa_waiting', fileName: 'loa.pdf' });
    expect(pendingLoaUploads(request)).toEqual([]);
  });

  it('owes an upload to every created order', () => {
    const request = unwrap(addLoaFile(submitted(numbers(4), 2), file, T0));
    expect(eventTypes(request)).not.toContain('loa_waiting');
    expect(pendingLoaUploads(request).map((p) => p.orderId)).toEqual(['ORD-1', 'ORD-2']);
  });

  it('refuses the same Slack file twice', () => {
    const once = unwrap(addLoaFile(awaiting(), file, T0));
    expect(addLoaFile(once, file, T0)).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'duplicate_file' }),
    });
  });

  it('refuses files for a request that was rejected', () => {
    const rejected = unwrap(reject(awaiting(), 'UAPP', 'no', T0));
    expect(addLoaFile(rejected, file, T0).ok).toBe(false);
  });

  it('records each upload once, with Bandwidth file name', () => {
    const kept = unwrap(addLoaFile(submitted(), file, T0));
    const uploaded = unwrap(recordLoaUpload(kept, 'F1', 'ORD-1', 'ORD-1-123.pdf', T0));
    expect(uploaded.loaFiles[0]?.uploads).toEqual({ 'ORD-1': 'ORD-1-123.pdf' });
    expect(uploaded.outbox.at(-1)?.event).toEqual({
      type: 'loa_uploaded',
      fileName: 'loa.pdf',
      orderId: 'ORD-1',
      bandwidthFileName: 'ORD-1-123.pdf',
    });
    expect(pendingLoaUploads(uploaded)).toEqual([]);
    expect(recordLoaUpload(uploaded, 'F1', 'ORD-1', 'ORD-1-999.pdf', T0)).toEqual({
      ok: true,
      request: uploaded,
    });
  });

  it('refuses to record an upload to an order of another request', () => {
    const kept = unwrap(addLoaFile(submitted(), file, T0));
    expect(recordLoaUpload(kept, 'F1', 'ORD-X', 'x.pdf', T0).ok).toBe(false);
  });

  it('records a refused file with the reason', () => {
    const request = recordLoaRefused(awaiting(), { fileName: 'loa.docx', reason: 'Word', by: 'U1' }, T0);
    expect(request.outbox.at(-1)?.event).toEqual({
      type: 'loa_refused',
      fileName: 'loa.docx',
      reason: 'Word',
      by: 'U1',
    });
  });
});

describe('recordMessagingLost', () => {
  it('tells only the numbers that belong to the request', () => {
    const request = recordMessagingLost(submitted(), ['9195550001', '2125550000'], T0);
    expect(request.outbox.at(-1)?.event).toEqual({ type: 'messaging_lost', numbers: ['9195550001'] });
  });

  it('changes nothing when none of the numbers belong to it', () => {
    const before = submitted();
    expect(recordMessagingLost(before, ['2125550000'], T0)).toBe(before);
  });
});

describe('acknowledgeEvents', () => {
  it('removes the events up to the given sequence and keeps the later ones', () => {
    const request = approved();
    expect(request.outbox.map((e) => e.seq)).toEqual([1, 2]);
    const acked = acknowledgeEvents(request, 1);
    expect(acked.outbox.map((e) => e.seq)).toEqual([2]);
    expect(acked.nextSeq).toBe(3);
    expect(acknowledgeEvents(acked, 1)).toBe(acked);
  });

  it('never reuses a sequence number after acknowledging', () => {
    const acked = acknowledgeEvents(approved(), 2);
    const next = unwrap(recordOrderCreated(acked, 'HM-ABCDEF', { orderId: 'ORD-1' }, T0));
    expect(next.outbox.map((e) => e.seq)).toEqual([3]);
  });
});

describe('transitions are pure', () => {
  it('never changes the request they are given', () => {
    const request = awaiting();
    const snapshot = JSON.parse(JSON.stringify(request));
    approve(request, 'UAPP', T0);
    reject(request, 'UAPP', 'no', T0);
    addLoaFile(
      request,
      { slackFileId: 'F', name: 'a.pdf', mimetype: 'application/pdf', size: 1, sharedBy: 'U', sharedAt: '' },
      T0,
    );
    expect(request).toEqual(snapshot);
  });
});
