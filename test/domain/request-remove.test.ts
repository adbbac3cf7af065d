import { kindOf } from '../../src/domain/request';
import { dueReminders } from '../../src/domain/request-reminders';
import { canRetryFailed, claimRetry } from '../../src/domain/request-retry';
import {
  addLoaFile,
  applyOrderStatus,
  approve,
  authorizeDecision,
  describeState,
  newRequest,
  recordCheck,
  recordMessagingLost,
  recordOrderCreated,
} from '../../src/domain/request-transitions';
import { eventTypes, fresh, numbers, T0, unwrap } from './request-fixtures';

const H = 3_600_000;

/** A new removal request for `nums`. */
function removal(nums: string[] = numbers(3)) {
  return newRequest(
    { id: 'HM-REMOVE', kind: 'remove', requesterId: 'UREQ', channelId: 'C1', siteId: '123', numbers: nums },
    T0,
  );
}

function removalSubmitted(nums: string[] = numbers(3)) {
  const checked = unwrap(recordCheck(removal(nums), { importable: nums, rejected: [] }, T0 + 1000));
  const approved = unwrap(approve(checked, 'UAPP', T0 + 2000));
  return unwrap(
    recordOrderCreated(approved, 'HM-REMOVE', { orderId: 'ORD-R', status: 'RECEIVED' }, T0 + 3000),
  );
}

describe('a removal request', () => {
  it('is a request of its own kind with no subscriber details, while a request without a kind is an import', () => {
    const request = removal();
    expect(kindOf(request)).toBe('remove');
    expect(request.details).toBeUndefined();
    expect(request.state).toBe('checking');
    expect(kindOf(fresh())).toBe('import');
    expect('kind' in fresh()).toBe(false);
  });

  it('goes through the same check, approval and order tracking as an import', () => {
    const request = removalSubmitted();
    expect(request.state).toBe('submitted');
    expect(request.orders).toEqual([
      expect.objectContaining({ customerOrderId: 'HM-REMOVE', orderId: 'ORD-R', numbers: numbers(3) }),
    ]);
    const errors = [{ code: '5158', description: 'not imported', numbers: [numbers(3)[2]!] }];
    const done = applyOrderStatus(request, 'ORD-R', 'PARTIAL', errors, 'notification', T0 + H).request;
    expect(done.state).toBe('partial');
    expect(eventTypes(done)).toContain('finished');
    expect(done.audit.at(-1)).toMatchObject({ action: 'partial', detail: '2 numbers removed' });
  });

  it('takes no LOA, never asks for one, and offers no retry of what it could not give back', () => {
    const request = removalSubmitted();
    const file = {
      slackFileId: 'F1',
      name: 'loa.pdf',
      mimetype: 'application/pdf',
      size: 10,
      sharedBy: 'UREQ',
      sharedAt: new Date(T0).toISOString(),
    };
    const refused = addLoaFile(request, file, T0 + 4000);
    expect(refused).toEqual({ ok: false, refusal: expect.objectContaining({ code: 'not_allowed' }) });
    const policy = { approvalEveryMs: 4 * H, loaEveryMs: 24 * H };
    expect(dueReminders(request, T0 + 100 * H, policy)).toEqual([]);
    const failed = applyOrderStatus(request, 'ORD-R', 'FAILED', [], 'notification', T0 + H).request;
    expect(failed.state).toBe('failed');
    expect(canRetryFailed(failed)).toBe(false);
    expect(claimRetry(failed, 'UREQ', 'HM-RETRY', T0 + 2 * H)).toEqual({
      ok: false,
      refusal: expect.objectContaining({ code: 'not_allowed' }),
    });
  });

  it('speaks of a removal in its refusals', () => {
    const checked = unwrap(recordCheck(removal(), { importable: numbers(3), rejected: [] }, T0 + 1000));
    const policy = { isApprover: true, allowSelfApproval: false };
    expect(authorizeDecision(checked, 'UREQ', policy)).toEqual({
      ok: false,
      refusal: expect.objectContaining({
        message: 'You asked for this removal, so someone else has to approve it.',
      }),
    });
    const none = unwrap(recordCheck(removal(), { importable: [], rejected: [] }, T0 + 1000));
    expect(describeState(none)).toBe('none of its numbers can be removed');
  });

  it('hears nothing of MESSAGING_LOST for the numbers it gives back', () => {
    const request = removalSubmitted();
    expect(recordMessagingLost(request, numbers(1), T0 + H)).toBe(request);
  });
});
