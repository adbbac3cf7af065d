import {
  type ImportRequest,
  needsLoa,
  type ReminderKind,
  type RequestEvent,
  type RequestState,
} from './request';
import { ok, step, type Transition } from './request-step';

/**
 * When a request should nudge people again: approvers when it waits for a decision, the
 * requester when its orders exist but nobody shared the signed LOA. Pure: the poller's sweep asks
 * `dueReminders`, then records each one with `recordReminder` inside the store's atomic update,
 * which asks again on the fresh request, so two sweeps racing (two replicas) record one.
 */

/** How often each reminder may be sent; 0 turns it off. */
export interface ReminderPolicy {
  /** A request waiting for approval longer than this reminds the approvers, again after as long. */
  approvalEveryMs: number;
  /** An order without an LOA reminds the requester this long after it was created, and again after as long. */
  loaEveryMs: number;
}

/** A reminder owed now. `slot` is its number (1 for the first), so a given reminder is recorded once. */
export interface DueReminder {
  kind: ReminderKind;
  slot: number;
}

/** Who is mentioned in an approval reminder. */
export interface ReminderAudience {
  /** APPROVERS as configured: user ids (U…, W…) and user group ids (S…). */
  approvers: readonly string[];
  /** When false, a requester who is also an approver is not asked to approve their own request. */
  allowSelfApproval: boolean;
}

/** Request states in which an order exists and an LOA is still useful. */
const LOA_STATES: ReadonlySet<RequestState> = new Set(['submitted', 'complete', 'partial']);

/** The reminders owed at `now`, at most one per kind. */
export function dueReminders(request: ImportRequest, now: number, policy: ReminderPolicy): DueReminder[] {
  const due: DueReminder[] = [];
  const approvalSince = waitingSince(request, 'approval');
  if (approvalSince !== undefined && isDue(request, 'approval', approvalSince, now, policy.approvalEveryMs)) {
    due.push({ kind: 'approval', slot: sent(request, 'approval') + 1 });
  }
  const loaSince = waitingSince(request, 'loa');
  if (loaSince !== undefined && isDue(request, 'loa', loaSince, now, policy.loaEveryMs)) {
    due.push({ kind: 'loa', slot: sent(request, 'loa') + 1 });
  }
  return due;
}

/**
 * Records a reminder and appends its event to the outbox. Returns the request unchanged when the
 * reminder is no longer due (another sweep recorded it, the decision or the LOA came meanwhile),
 * which is what makes recording it inside an atomic update a claim.
 */
export function recordReminder(
  request: ImportRequest,
  due: DueReminder,
  now: number,
  policy: ReminderPolicy,
  audience: ReminderAudience,
): Transition {
  if (!dueReminders(request, now, policy).some((d) => d.kind === due.kind && d.slot === due.slot)) {
    return ok(request);
  }
  const since = waitingSince(request, due.kind) ?? request.createdAt;
  const event: RequestEvent =
    due.kind === 'approval'
      ? {
          type: 'reminder',
          kind: 'approval',
          approvers: audience.approvers.filter(
            (a) => audience.allowSelfApproval || a !== request.requesterId,
          ),
          since,
          count: due.slot,
        }
      : { type: 'reminder', kind: 'loa', since, count: due.slot };
  const at = new Date(now).toISOString();
  return ok(
    step(request, now, 'bot', 'reminded', `${due.kind} #${due.slot}`, [event], {
      reminders: { ...request.reminders, [due.kind]: { count: due.slot, lastAt: at } },
    }),
  );
}

/** Whether the request may still owe a reminder of some kind (the sweep's index keeps these). */
export function awaitsReminders(request: ImportRequest): boolean {
  return waitingSince(request, 'approval') !== undefined || waitingSince(request, 'loa') !== undefined;
}

/** Since when the request has waited for what the reminder asks for; undefined when it waits for nothing. */
function waitingSince(request: ImportRequest, kind: ReminderKind): string | undefined {
  if (kind === 'approval') {
    return request.state === 'awaiting_approval'
      ? (request.check?.checkedAt ?? request.createdAt)
      : undefined;
  }
  if (!needsLoa(request)) return undefined;
  if (!LOA_STATES.has(request.state) || request.loaFiles.length > 0) return undefined;
  if (!request.orders.some((o) => o.orderId !== undefined)) return undefined;
  return (
    request.audit.find((e) => e.action === 'order_created')?.at ?? request.decision?.at ?? request.updatedAt
  );
}

function sent(request: ImportRequest, kind: ReminderKind): number {
  return request.reminders?.[kind]?.count ?? 0;
}

/** Due once `every` has passed since the wait began and since the last reminder of this kind. */
function isDue(
  request: ImportRequest,
  kind: ReminderKind,
  since: string,
  now: number,
  every: number,
): boolean {
  if (!(every > 0)) return false;
  const last = request.reminders?.[kind]?.lastAt;
  const from = Math.max(Date.parse(since), last === undefined ? Number.NEGATIVE_INFINITY : Date.parse(last));
  return now - from >= every;
}
