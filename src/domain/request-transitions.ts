import {
  type CheckResult,
  type ImportRequest,
  kindNoun,
  kindOf,
  type RejectedNumbers,
  type RequestDetails,
  type RequestEvent,
  type RequestFailure,
  type RequestKind,
  type RequestOrder,
} from './request';
import {
  iso,
  ok,
  type Refusal,
  refuse,
  step,
  type Transition,
  user,
  withoutFailure,
  wrongState,
} from './request-step';
import type { Tn } from './tn';

/**
 * The request state machine as pure functions. Each transition takes a request and returns a new
 * one (the input is never mutated) carrying, in the same value, the audit entry and the outbox
 * events of the change, so whoever saves the request saves what must be told about it in the same
 * atomic write. A transition a person can cause at the wrong moment (a second click on Approve, a
 * reject after someone approved) returns a refusal in plain words instead of throwing.
 */

export * from './request-ids';
export * from './request-loa';
export * from './request-orders';
export { describeState, type Refusal, type StatusSource, type Transition } from './request-step';

/** Bandwidth documents no maximum of numbers per import order; error 7314 exists, so we stay modest. */
export const DEFAULT_MAX_NUMBERS_PER_ORDER = 5000;

const CUSTOMER_ORDER_ID = /^[A-Za-z0-9-]{1,40}$/;

export interface NewRequestInput {
  id: string;
  requesterId: string;
  channelId: string;
  /** Default 'import'. */
  kind?: RequestKind;
  /** Required for an import; a removal has none. */
  details?: RequestDetails;
  siteId: string;
  sipPeerId?: string;
  numbers: readonly Tn[];
}

/** A new request, waiting for its numbers to be checked. */
export function newRequest(input: NewRequestInput, now: number): ImportRequest {
  const at = iso(now);
  return {
    id: input.id,
    ...(input.kind === 'remove' ? { kind: 'remove' as const } : {}),
    state: 'checking',
    requesterId: input.requesterId,
    channelId: input.channelId,
    createdAt: at,
    updatedAt: at,
    ...(input.details === undefined ? {} : { details: input.details }),
    siteId: input.siteId,
    ...(input.sipPeerId === undefined ? {} : { sipPeerId: input.sipPeerId }),
    numbers: [...new Set(input.numbers)],
    orders: [],
    loaFiles: [],
    audit: [
      { at, actor: user(input.requesterId), action: 'created', detail: `${input.numbers.length} numbers` },
    ],
    outbox: [],
    nextSeq: 1,
  };
}

/** Records the checker's verdict: awaiting approval, or not importable when it accepted no number. */
export function recordCheck(
  request: ImportRequest,
  result: { importable: readonly Tn[]; rejected: readonly RejectedNumbers[] },
  now: number,
): Transition {
  if (request.state !== 'checking') return wrongState(request, 'record a check');
  const check: CheckResult = {
    importable: [...result.importable],
    rejected: result.rejected.map((r) => ({ ...r, numbers: [...r.numbers] })),
    checkedAt: iso(now),
  };
  const state = check.importable.length > 0 ? 'awaiting_approval' : 'not_importable';
  const eligible = kindOf(request) === 'remove' ? 'removable' : 'importable';
  const detail = `${check.importable.length} ${eligible}, ${request.numbers.length - check.importable.length} not`;
  return ok(
    step(withoutFailure(request), now, 'bandwidth', 'checked', detail, [{ type: 'checked' }], {
      check,
      state,
    }),
  );
}

/**
 * Notes a failure the workflow will retry (checker unreachable, create call lost, LOA upload
 * failed). The event is added only when the failure differs from the last one noted, so a poller
 * retrying every few minutes does not repeat the same message in the thread.
 */
export function recordRetryableFailure(
  request: ImportRequest,
  failure: { stage: RequestFailure['stage']; message: string; event: RequestEvent },
  now: number,
): ImportRequest {
  const last = request.lastFailure;
  if (last && last.stage === failure.stage && last.message === failure.message) return request;
  const lastFailure: RequestFailure = { stage: failure.stage, message: failure.message, at: iso(now) };
  return step(request, now, 'bot', `${failure.stage}_failed`, failure.message, [failure.event], {
    lastFailure,
  });
}

export interface DecisionPolicy {
  isApprover: boolean;
  allowSelfApproval: boolean;
  /** Self-approval rules apply to approving only: a requester may always reject (withdraw) their own request. */
  action?: 'approve' | 'reject';
}

/** Whether this person may decide on the request now. */
export function authorizeDecision(
  request: ImportRequest,
  userId: string,
  policy: DecisionPolicy,
): { ok: true } | { ok: false; refusal: Refusal } {
  if (request.state !== 'awaiting_approval') return wrongState(request, policy.action ?? 'approve');
  if (!policy.isApprover) {
    return refuse(
      'not_approver',
      `Only the configured approvers can approve or reject ${kindNoun(request)} requests.`,
    );
  }
  if (
    (policy.action ?? 'approve') === 'approve' &&
    request.requesterId === userId &&
    !policy.allowSelfApproval
  ) {
    return refuse(
      'self_approval',
      `You asked for this ${kindNoun(request)}, so someone else has to approve it.`,
    );
  }
  return { ok: true };
}

/**
 * Approves the request and plans its orders: the importable numbers in chunks of at most
 * `maxNumbersPerOrder`, the first chunk under the request id as CustomerOrderId, later ones under
 * `${id}-2`, `${id}-3`…, so every order can be found again by CustomerOrderId.
 */
export function approve(
  request: ImportRequest,
  userId: string,
  now: number,
  options: { maxNumbersPerOrder?: number } = {},
): Transition {
  if (request.state !== 'awaiting_approval') return wrongState(request, 'approve');
  const max = Math.max(1, Math.floor(options.maxNumbersPerOrder ?? DEFAULT_MAX_NUMBERS_PER_ORDER));
  const numbers = request.check?.importable ?? [];
  const orders: RequestOrder[] = [];
  for (let i = 0; i < numbers.length; i += max) {
    const customerOrderId = i === 0 ? request.id : `${request.id}-${i / max + 1}`;
    if (!CUSTOMER_ORDER_ID.test(customerOrderId)) {
      return refuse('invalid_order_id', `"${customerOrderId}" cannot be a Bandwidth CustomerOrderId.`);
    }
    orders.push({ customerOrderId, numbers: numbers.slice(i, i + max), errors: [], updatedAt: iso(now) });
  }
  const decision = { outcome: 'approved' as const, by: userId, at: iso(now) };
  const detail = `${orders.length} order(s) for ${numbers.length} numbers`;
  const events: RequestEvent[] = [{ type: 'approved', by: userId }];
  return ok(
    step(request, now, user(userId), 'approved', detail, events, { state: 'submitting', decision, orders }),
  );
}

/** Rejects the request, with the approver's reason. */
export function reject(request: ImportRequest, userId: string, reason: string, now: number): Transition {
  if (request.state !== 'awaiting_approval') return wrongState(request, 'reject');
  const decision = { outcome: 'rejected' as const, by: userId, at: iso(now), reason };
  const events: RequestEvent[] = [{ type: 'rejected', by: userId, reason }];
  return ok(step(request, now, user(userId), 'rejected', reason, events, { state: 'rejected', decision }));
}

/** Ends a request nobody decided on in time. */
export function expire(request: ImportRequest, now: number): Transition {
  if (request.state !== 'checking' && request.state !== 'awaiting_approval')
    return wrongState(request, 'expire');
  return ok(step(request, now, 'bot', 'expired', undefined, [{ type: 'expired' }], { state: 'expired' }));
}

/** Withdraws a request before any order exists. Who may cancel is the workflow's call. */
export function cancel(request: ImportRequest, userId: string, now: number): Transition {
  if (request.state !== 'checking' && request.state !== 'awaiting_approval')
    return wrongState(request, 'cancel');
  const events: RequestEvent[] = [{ type: 'cancelled', by: userId }];
  return ok(step(request, now, user(userId), 'cancelled', undefined, events, { state: 'cancelled' }));
}

/** Import states in which the numbers were (or are being) imported. */
const HOSTING_STATES: ReadonlySet<ImportRequest['state']> = new Set(['submitted', 'complete', 'partial']);

/**
 * Whether numbers losing messaging (MESSAGING_LOST) is news for this request: an import whose
 * numbers were, or are being, imported. A removal gives its numbers up on purpose.
 */
export function hostsItsNumbers(request: ImportRequest): boolean {
  return kindOf(request) === 'import' && HOSTING_STATES.has(request.state);
}

/** Records that another account's port-in took some of the request's hosted numbers. */
export function recordMessagingLost(
  request: ImportRequest,
  numbers: readonly Tn[],
  now: number,
): ImportRequest {
  if (!hostsItsNumbers(request)) return request;
  const mine = numbers.filter((n) => request.numbers.includes(n));
  if (mine.length === 0) return request;
  const events: RequestEvent[] = [{ type: 'messaging_lost', numbers: mine }];
  return step(request, now, 'bandwidth', 'messaging_lost', mine.join(', '), events, {});
}

/** Removes the outbox events up to and including `uptoSeq`, once they have been told in Slack. */
export function acknowledgeEvents(request: ImportRequest, uptoSeq: number): ImportRequest {
  if (!request.outbox.some((e) => e.seq <= uptoSeq)) return request;
  return { ...request, outbox: request.outbox.filter((e) => e.seq > uptoSeq) };
}
