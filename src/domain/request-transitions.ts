import { randomInt } from 'node:crypto';
import { canAdvanceOrderStatus, isFinalOrderStatus, type OrderStatus } from './order-status';
import type {
  AuditEntry,
  CheckResult,
  ImportRequest,
  LoaFile,
  RejectedNumbers,
  RequestDetails,
  RequestEvent,
  RequestFailure,
  RequestOrder,
} from './request';
import type { Tn } from './tn';

/**
 * The request state machine as pure functions. Each transition takes a request and returns a new
 * one (the input is never mutated) carrying, in the same value, the audit entry and the outbox
 * events of the change, so whoever saves the request saves what must be told about it in the same
 * atomic write. A transition a person can cause at the wrong moment (a second click on Approve, a
 * reject after someone approved) returns a refusal in plain words instead of throwing.
 */

/** Why a transition was refused. `message` can be shown to the person who acted as it is. */
export interface Refusal {
  code:
    | 'wrong_state'
    | 'not_approver'
    | 'self_approval'
    | 'not_allowed'
    | 'unknown_order'
    | 'order_conflict'
    | 'duplicate_file'
    | 'invalid_order_id';
  message: string;
}

export type Transition = { ok: true; request: ImportRequest } | { ok: false; refusal: Refusal };

/** Where an order status came from: Bandwidth's notification, the poller's GET, or our own create call. */
export type StatusSource = 'notification' | 'poller' | 'bot';

/** Bandwidth documents no maximum of numbers per import order; error 7314 exists, so we stay modest. */
export const DEFAULT_MAX_NUMBERS_PER_ORDER = 5000;

const CUSTOMER_ORDER_ID = /^[A-Za-z0-9-]{1,40}$/;

/** Letters and digits nobody confuses when reading an id aloud or off a screen (no 0/O, 1/I/L, 5/S, 8/B). */
export const REQUEST_ID_ALPHABET = '234679ACDEFGHJKMNPQRTUVWXYZ';

/**
 * Makes request ids like `HM-7KQ2XD`: short, readable, and valid Bandwidth CustomerOrderIds even
 * with a chunk suffix. Uniqueness is enforced where ids are stored (an atomic set-if-absent);
 * 27^6 ≈ 387 million ids make a retry rare.
 */
export function createRequestIdGenerator(random: (max: number) => number = randomInt): () => string {
  return () => {
    let suffix = '';
    for (let i = 0; i < 6; i += 1) suffix += REQUEST_ID_ALPHABET[random(REQUEST_ID_ALPHABET.length)];
    return `HM-${suffix}`;
  };
}

export interface NewRequestInput {
  id: string;
  requesterId: string;
  channelId: string;
  details: RequestDetails;
  siteId: string;
  sipPeerId?: string;
  numbers: readonly Tn[];
}

/** A new request, waiting for the importability check. */
export function newRequest(input: NewRequestInput, now: number): ImportRequest {
  const at = iso(now);
  return {
    id: input.id,
    state: 'checking',
    requesterId: input.requesterId,
    channelId: input.channelId,
    createdAt: at,
    updatedAt: at,
    details: input.details,
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
  const detail = `${check.importable.length} importable, ${request.numbers.length - check.importable.length} not`;
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
    return refuse('not_approver', 'Only the configured approvers can approve or reject import requests.');
  }
  if (
    (policy.action ?? 'approve') === 'approve' &&
    request.requesterId === userId &&
    !policy.allowSelfApproval
  ) {
    return refuse('self_approval', 'You asked for this import, so someone else has to approve it.');
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

/**
 * Records the order Bandwidth created (or that was found by CustomerOrderId) for one planned
 * order. Once every planned order exists, the request is `submitted`.
 */
export function recordOrderCreated(
  request: ImportRequest,
  customerOrderId: string,
  created: { orderId: string; status?: OrderStatus },
  now: number,
): Transition {
  if (request.state !== 'submitting' && request.state !== 'submitted')
    return wrongState(request, 'record an order');
  const index = request.orders.findIndex((o) => o.customerOrderId === customerOrderId);
  const order = request.orders[index];
  if (!order) return refuse('unknown_order', `No order ${customerOrderId} is planned for ${request.id}.`);
  if (order.orderId === created.orderId) return ok(request);
  if (order.orderId !== undefined || order.status !== undefined) {
    return refuse(
      'order_conflict',
      `${customerOrderId} is already recorded as ${order.orderId ?? order.status}.`,
    );
  }
  const updated: RequestOrder = {
    ...order,
    orderId: created.orderId,
    ...(created.status === undefined ? {} : { status: created.status }),
    updatedAt: iso(now),
  };
  const next = step(
    withoutFailure(request),
    now,
    'bot',
    'order_created',
    `${customerOrderId} → ${created.orderId}`,
    [],
    {
      orders: replaceAt(request.orders, index, updated),
    },
  );
  return ok(settle(next, now, 'bot'));
}

/**
 * Records that Bandwidth refused to create a planned order (a validation error, not a lost
 * answer): its numbers count as not imported, and the request finishes if nothing else is open.
 */
export function recordOrderRefused(
  request: ImportRequest,
  customerOrderId: string,
  refusal: { message: string; errors: readonly RejectedNumbers[] },
  now: number,
): Transition {
  if (request.state !== 'submitting') return wrongState(request, 'record a refused order');
  const index = request.orders.findIndex((o) => o.customerOrderId === customerOrderId);
  const order = request.orders[index];
  if (!order) return refuse('unknown_order', `No order ${customerOrderId} is planned for ${request.id}.`);
  if (order.orderId !== undefined || order.status !== undefined) {
    return refuse(
      'order_conflict',
      `${customerOrderId} is already recorded as ${order.orderId ?? order.status}.`,
    );
  }
  const errors = refusal.errors.length > 0 ? refusal.errors.map(copyRejected) : [];
  const updated: RequestOrder = { ...order, status: 'FAILED', errors, updatedAt: iso(now) };
  const events: RequestEvent[] = [{ type: 'submit_failed', message: refusal.message, willRetry: false }];
  const next = step(
    request,
    now,
    'bandwidth',
    'order_refused',
    `${customerOrderId}: ${refusal.message}`,
    events,
    {
      orders: replaceAt(request.orders, index, updated),
    },
  );
  return ok(settle(next, now, 'bandwidth'));
}

/**
 * Applies an order status, forward only: a late or duplicated status never moves an order back
 * and never replaces a final one. When every order is final the request finishes:
 *
 * - `complete` when every order is COMPLETE;
 * - `failed` when no number was imported (every order FAILED, or PARTIAL with every number in error);
 * - `partial` otherwise. An EXCEPTION order (Bandwidth names the status but never defines it) is
 *   counted as "needs a human": it never makes a request complete or failed, since we cannot say
 *   which of its numbers were imported, so the request is `partial` and the `finished` event names
 *   the order under `needsAttention`.
 */
export function applyOrderStatus(
  request: ImportRequest,
  orderId: string,
  status: OrderStatus,
  errors: readonly RejectedNumbers[],
  source: StatusSource,
  now: number,
): { request: ImportRequest; changed: boolean } {
  const index = request.orders.findIndex((o) => o.orderId === orderId);
  const order = request.orders[index];
  if (!order) return { request, changed: false };
  const actor = actorOf(source);
  if (order.status === status) {
    // A repeat of the final status may carry the per-number errors an earlier apply could not fetch.
    if (order.errors.length > 0 || errors.length === 0 || !isFinalOrderStatus(status)) {
      return { request, changed: false };
    }
    const updated = { ...order, errors: errors.map(copyRejected), updatedAt: iso(now) };
    const next = step(request, now, actor, 'order_errors', orderId, [], {
      orders: replaceAt(request.orders, index, updated),
    });
    return { request: next, changed: true };
  }
  if (order.status !== undefined && !canAdvanceOrderStatus(order.status, status))
    return { request, changed: false };
  const updated: RequestOrder = {
    ...order,
    status,
    errors: isFinalOrderStatus(status) ? errors.map(copyRejected) : order.errors,
    updatedAt: iso(now),
  };
  const events: RequestEvent[] = [{ type: 'order_status', orderId, status }];
  const next = step(request, now, actor, 'order_status', `${orderId} ${status}`, events, {
    orders: replaceAt(request.orders, index, updated),
  });
  return { request: settle(next, now, actor), changed: true };
}

/** States in which an LOA no longer serves any purpose. */
const LOA_CLOSED: ReadonlySet<ImportRequest['state']> = new Set([
  'rejected',
  'expired',
  'cancelled',
  'not_importable',
]);

/**
 * Keeps an LOA shared for the request. A file already kept (same Slack file id) is refused as a
 * duplicate, which is how Slack's retries and repeated events upload once. When no order exists
 * yet the file waits, and the outbox says so.
 */
export function addLoaFile(request: ImportRequest, file: Omit<LoaFile, 'uploads'>, now: number): Transition {
  if (LOA_CLOSED.has(request.state)) return wrongState(request, 'take an LOA');
  if (request.loaFiles.some((f) => f.slackFileId === file.slackFileId)) {
    return refuse('duplicate_file', `${file.name} is already attached to ${request.id}.`);
  }
  const waiting = !request.orders.some((o) => o.orderId !== undefined);
  const events: RequestEvent[] = waiting ? [{ type: 'loa_waiting', fileName: file.name }] : [];
  return ok(
    step(request, now, user(file.sharedBy), 'loa_added', file.name, events, {
      loaFiles: [...request.loaFiles, { ...file, uploads: {} }],
    }),
  );
}

/** Records Bandwidth's file name for an LOA uploaded to one order. Recording twice changes nothing. */
export function recordLoaUpload(
  request: ImportRequest,
  slackFileId: string,
  orderId: string,
  bandwidthFileName: string,
  now: number,
): Transition {
  const index = request.loaFiles.findIndex((f) => f.slackFileId === slackFileId);
  const file = request.loaFiles[index];
  if (!file) return refuse('unknown_order', `No LOA ${slackFileId} is attached to ${request.id}.`);
  if (!request.orders.some((o) => o.orderId === orderId)) {
    return refuse('unknown_order', `Order ${orderId} does not belong to ${request.id}.`);
  }
  if (file.uploads[orderId] !== undefined) return ok(request);
  const updated: LoaFile = { ...file, uploads: { ...file.uploads, [orderId]: bandwidthFileName } };
  const events: RequestEvent[] = [{ type: 'loa_uploaded', fileName: file.name, orderId, bandwidthFileName }];
  return ok(
    step(
      request.lastFailure?.stage === 'loa' ? withoutFailure(request) : request,
      now,
      'bot',
      'loa_uploaded',
      `${file.name} → ${orderId}`,
      events,
      {
        loaFiles: replaceAt(request.loaFiles, index, updated),
      },
    ),
  );
}

/** Records that a shared file was not taken as the LOA, and why. */
export function recordLoaRefused(
  request: ImportRequest,
  refused: { fileName: string; reason: string; by: string },
  now: number,
): ImportRequest {
  const events: RequestEvent[] = [{ type: 'loa_refused', ...refused }];
  return step(
    request,
    now,
    user(refused.by),
    'loa_refused',
    `${refused.fileName}: ${refused.reason}`,
    events,
    {},
  );
}

/** Records that another account's port-in took some of the request's hosted numbers. */
export function recordMessagingLost(
  request: ImportRequest,
  numbers: readonly Tn[],
  now: number,
): ImportRequest {
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

/** Planned orders Bandwidth has not created yet (and not refused). */
export function ordersToCreate(request: ImportRequest): RequestOrder[] {
  return request.orders.filter((o) => o.orderId === undefined && o.status === undefined);
}

/** Created orders Bandwidth is still working on: the ones the poller asks about. */
export function openOrders(request: ImportRequest): (RequestOrder & { orderId: string })[] {
  return request.orders.filter(
    (o): o is RequestOrder & { orderId: string } =>
      o.orderId !== undefined && (o.status === undefined || !isFinalOrderStatus(o.status)),
  );
}

/** LOA uploads still owed: each kept file to each created order it has not reached. */
export function pendingLoaUploads(request: ImportRequest): { file: LoaFile; orderId: string }[] {
  const pending: { file: LoaFile; orderId: string }[] = [];
  for (const file of request.loaFiles) {
    for (const order of request.orders) {
      if (order.orderId !== undefined && file.uploads[order.orderId] === undefined) {
        pending.push({ file, orderId: order.orderId });
      }
    }
  }
  return pending;
}

/** Moves a submitting request to submitted once every order exists, and finishes it once all are final. */
function settle(request: ImportRequest, now: number, actor: string): ImportRequest {
  if (request.state !== 'submitting' && request.state !== 'submitted') return request;
  const final = request.orders.every((o) => o.status !== undefined && isFinalOrderStatus(o.status));
  if (final) return finish(request, now, actor);
  if (request.state === 'submitting' && ordersToCreate(request).length === 0) {
    const orderIds = request.orders.flatMap((o) => (o.orderId === undefined ? [] : [o.orderId]));
    const events: RequestEvent[] = [{ type: 'orders_created', orderIds }];
    return step(request, now, actor, 'submitted', orderIds.join(', '), events, { state: 'submitted' });
  }
  return request;
}

function finish(request: ImportRequest, now: number, actor: string): ImportRequest {
  const needsAttention = request.orders.flatMap((o) =>
    o.status === 'EXCEPTION' ? [o.orderId ?? o.customerOrderId] : [],
  );
  const imported = request.orders.reduce((sum, o) => sum + importedCount(o), 0);
  const outcome =
    needsAttention.length > 0
      ? 'partial'
      : request.orders.every((o) => o.status === 'COMPLETE')
        ? 'complete'
        : imported === 0
          ? 'failed'
          : 'partial';
  const events: RequestEvent[] = [];
  // The order ids were never announced when the last orders went straight to a final status.
  if (request.state === 'submitting') {
    const orderIds = request.orders.flatMap((o) => (o.orderId === undefined ? [] : [o.orderId]));
    if (orderIds.length > 0) events.push({ type: 'orders_created', orderIds });
  }
  events.push(
    needsAttention.length > 0 ? { type: 'finished', outcome, needsAttention } : { type: 'finished', outcome },
  );
  return step(request, now, actor, outcome, `${imported} numbers imported`, events, { state: outcome });
}

/** Numbers an order imported, as far as its status and errors tell. */
function importedCount(order: RequestOrder): number {
  if (order.status === 'COMPLETE') return order.numbers.length;
  if (order.status !== 'PARTIAL') return 0;
  const failed = new Set(order.errors.flatMap((e) => e.numbers));
  // PARTIAL without per-number errors still means some numbers were imported.
  return failed.size === 0 ? order.numbers.length : order.numbers.filter((n) => !failed.has(n)).length;
}

/** Applies a change: new fields, one audit entry, the events appended to the outbox with their sequence. */
function step(
  request: ImportRequest,
  now: number,
  actor: string,
  action: string,
  detail: string | undefined,
  events: readonly RequestEvent[],
  patch: Partial<ImportRequest>,
): ImportRequest {
  const at = iso(now);
  const entry: AuditEntry = detail === undefined ? { at, actor, action } : { at, actor, action, detail };
  let seq = request.nextSeq;
  const pending = events.map((event) => ({ seq: seq++, at, event }));
  return {
    ...request,
    ...patch,
    updatedAt: at,
    audit: [...request.audit, entry],
    outbox: [...request.outbox, ...pending],
    nextSeq: seq,
  };
}

function withoutFailure(request: ImportRequest): ImportRequest {
  const { lastFailure: _cleared, ...rest } = request;
  return rest;
}

function wrongState(request: ImportRequest, what: string): { ok: false; refusal: Refusal } {
  return refuse('wrong_state', `Cannot ${what} ${request.id}: ${describeState(request)}.`);
}

/** The request's state as a person would say it, naming who decided when someone did. */
export function describeState(request: ImportRequest): string {
  const by = request.decision ? ` by <@${request.decision.by}>` : '';
  switch (request.state) {
    case 'checking':
      return 'its numbers are still being checked';
    case 'awaiting_approval':
      return 'it is waiting for approval';
    case 'submitting':
    case 'submitted':
      return `it was already approved${by}`;
    case 'rejected':
      return `it was already rejected${by}`;
    case 'not_importable':
      return 'none of its numbers can be imported';
    default:
      return `it is already ${request.state}`;
  }
}

function refuse(code: Refusal['code'], message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message } };
}

function ok(request: ImportRequest): Transition {
  return { ok: true, request };
}

function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

function copyRejected(r: RejectedNumbers): RejectedNumbers {
  return { code: r.code, description: r.description, numbers: [...r.numbers] };
}

function actorOf(source: StatusSource): string {
  return source === 'notification' ? 'bandwidth' : source;
}

function user(userId: string): string {
  return `user:${userId}`;
}

function iso(now: number): string {
  return new Date(now).toISOString();
}
