import {
  canRetryFailed,
  claimRetry,
  failedNumbers,
  recordRetryOpened,
  releaseRetry,
} from '../../src/domain/request-retry';
import { makeRequest, order, partialRequest, tns } from '../views/fixtures';

const T = Date.parse('2026-03-02T10:00:00.000Z');

describe('retrying failed numbers', () => {
  it('takes the numbers Bandwidth named, and every number of an order that failed without naming any', () => {
    expect(failedNumbers(partialRequest())).toEqual([tns(3)[1]]);
    const exception = makeRequest({
      state: 'failed',
      orders: [order({ status: 'EXCEPTION', numbers: tns(2) })],
    });
    expect(failedNumbers(exception)).toEqual(tns(2));
  });

  it('is claimed once: a second claim is refused with the new request id', () => {
    const first = claimRetry(partialRequest(), 'U1', 'HM-NEW001', T);
    if (!first.ok) throw new Error('refused');
    expect(first.request.retriedAs).toBe('HM-NEW001');
    expect(canRetryFailed(first.request)).toBe(false);
    const second = claimRetry(first.request, 'U2', 'HM-NEW002', T);
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.refusal.message).toContain('HM-NEW001');
  });

  it('refuses a request that did not end partial or failed', () => {
    const t = claimRetry(makeRequest({ state: 'complete' }), 'U1', 'HM-NEW001', T);
    expect(t.ok).toBe(false);
  });

  it('gives the claim back only for the request it was made for, and tells the thread once opened', () => {
    const claimed = claimRetry(partialRequest(), 'U1', 'HM-NEW001', T);
    if (!claimed.ok) throw new Error('refused');
    expect(releaseRetry(claimed.request, 'HM-OTHER', T, 'x')).toBe(claimed.request);
    expect(releaseRetry(claimed.request, 'HM-NEW001', T, 'x').retriedAs).toBeUndefined();
    const opened = recordRetryOpened(claimed.request, 'U1', 'HM-NEW001', 1, T);
    expect(opened.outbox.map((p) => p.event)).toEqual([
      { type: 'retry_opened', requestId: 'HM-NEW001', by: 'U1', numbers: 1 },
    ]);
  });
});
