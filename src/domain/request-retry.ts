import { type ImportRequest, kindOf } from './request';
import { refuse, step, type Transition, user } from './request-step';
import type { Tn } from './tn';

/** States whose failed numbers can be tried again in a new request. */
const RETRYABLE_STATES = new Set(['partial', 'failed']);

/**
 * The numbers Bandwidth did not import: those it named in an order's errors, and every number of
 * an order that ended FAILED or EXCEPTION without naming any.
 */
export function failedNumbers(request: ImportRequest): Tn[] {
  const failed = new Set<Tn>();
  for (const order of request.orders) {
    const named = order.errors.flatMap((g) => g.numbers);
    for (const n of named) failed.add(n);
    if (named.length === 0 && (order.status === 'FAILED' || order.status === 'EXCEPTION')) {
      for (const n of order.numbers) failed.add(n);
    }
  }
  return [...failed];
}

/** True when the card should offer "Retry failed numbers". */
export function canRetryFailed(request: ImportRequest): boolean {
  // A number a removal could not give back was, almost always, not imported here (5158).
  if (kindOf(request) === 'remove') return false;
  return RETRYABLE_STATES.has(request.state) && !request.retriedAs && failedNumbers(request).length > 0;
}

/**
 * Claims the retry of a request's failed numbers for the new request `newRequestId`. Done inside
 * the store's atomic update, so two clicks (or two replicas) open one new request: the second
 * finds `retriedAs` set and is refused with its id.
 */
export function claimRetry(
  request: ImportRequest,
  userId: string,
  newRequestId: string,
  now: number,
): Transition {
  if (request.retriedAs) {
    return refuse(
      'wrong_state',
      `The failed numbers of ${request.id} are already being retried in ${request.retriedAs}.`,
    );
  }
  if (kindOf(request) === 'remove') {
    return refuse(
      'not_allowed',
      `${request.id} is a removal: numbers it could not give back are not retried.`,
    );
  }
  if (!RETRYABLE_STATES.has(request.state) || failedNumbers(request).length === 0) {
    return refuse('wrong_state', `${request.id} has no failed numbers to retry.`);
  }
  return {
    ok: true,
    request: step(request, now, user(userId), 'retry_claimed', newRequestId, [], {
      retriedAs: newRequestId,
    }),
  };
}

/** Gives the claim back when no new request was opened, so someone can click again later. */
export function releaseRetry(
  request: ImportRequest,
  newRequestId: string,
  now: number,
  reason: string,
): ImportRequest {
  if (request.retriedAs !== newRequestId) return request;
  const { retriedAs: _released, ...rest } = request;
  return step(rest, now, 'bot', 'retry_released', reason, [], {});
}

/** The new request exists: the first request's thread and card say where its failed numbers went. */
export function recordRetryOpened(
  request: ImportRequest,
  userId: string,
  newRequestId: string,
  numbers: number,
  now: number,
): ImportRequest {
  return step(
    request,
    now,
    user(userId),
    'retry_opened',
    `${newRequestId} with ${numbers} numbers`,
    [{ type: 'retry_opened', requestId: newRequestId, by: userId, numbers }],
    {},
  );
}
