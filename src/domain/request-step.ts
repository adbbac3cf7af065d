import type { AuditEntry, ImportRequest, RejectedNumbers, RequestEvent } from './request';

/**
 * The building blocks every request transition shares: one audit entry and the outbox events per
 * change, refusals in plain words, and small helpers. Internal to src/domain.
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

/** Applies a change: new fields, one audit entry, the events appended to the outbox with their sequence. */
export function step(
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

export function withoutFailure(request: ImportRequest): ImportRequest {
  const { lastFailure: _cleared, ...rest } = request;
  return rest;
}

export function wrongState(request: ImportRequest, what: string): { ok: false; refusal: Refusal } {
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
      return `none of its numbers can be ${request.kind === 'remove' ? 'removed' : 'imported'}`;
    default:
      return `it is already ${request.state}`;
  }
}

export function refuse(code: Refusal['code'], message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { code, message } };
}

export function ok(request: ImportRequest): Transition {
  return { ok: true, request };
}

export function replaceAt<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((existing, i) => (i === index ? item : existing));
}

export function copyRejected(r: RejectedNumbers): RejectedNumbers {
  return { code: r.code, description: r.description, numbers: [...r.numbers] };
}

export function actorOf(source: StatusSource): string {
  return source === 'notification' ? 'bandwidth' : source;
}

export function user(userId: string): string {
  return `user:${userId}`;
}

export function iso(now: number): string {
  return new Date(now).toISOString();
}
