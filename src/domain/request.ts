import type { OrderStatus } from './order-status';
import type { Tn } from './tn';

/**
 * An import request: the unit people talk about in Slack. Its id is also the Bandwidth
 * CustomerOrderId (with a chunk suffix when one request needs several orders), so an order can
 * always be traced back and a create call whose answer was lost can be found again.
 *
 * This module is plain data and pure functions: no I/O, no Slack, no Bandwidth client.
 */

/**
 * Where a request is in its life.
 *
 * checking → awaiting_approval → submitting → submitted → complete | partial | failed
 *     |             |
 *     |             +→ rejected | expired | cancelled
 *     +→ not_importable (the checker accepted none of the numbers: nothing to approve)
 */
export type RequestState =
  | 'checking'
  | 'awaiting_approval'
  | 'submitting'
  | 'submitted'
  | 'complete'
  | 'partial'
  | 'failed'
  | 'rejected'
  | 'expired'
  | 'cancelled'
  | 'not_importable';

/**
 * What a request asks Bandwidth for: to import numbers for hosted messaging, or to give imported
 * numbers back (a remove-imported-TN order). Both go through the same check, card, approval and
 * order tracking; a removal has no subscriber details and needs no LOA.
 */
export type RequestKind = 'import' | 'remove';

/**
 * The most numbers one request may hold: Bandwidth's checker takes at most 5,000 numbers a call
 * (error 7314 above), and a request is checked in one call.
 */
export const MAX_NUMBERS_PER_REQUEST = 5000;

/** States after which nothing more happens to the request. */
export const FINAL_REQUEST_STATES: ReadonlySet<RequestState> = new Set([
  'complete',
  'partial',
  'failed',
  'rejected',
  'expired',
  'cancelled',
  'not_importable',
]);

/** The subscriber's service address, in Bandwidth's separate fields. */
export interface ServiceAddress {
  houseNumber: string;
  streetName: string;
  city: string;
  /** Two-letter state or province code, e.g. "NC". */
  stateCode: string;
  zip: string;
  county?: string;
}

/** What the requester typed in the modal, already validated. */
export interface RequestDetails {
  subscriberName: string;
  serviceAddress: ServiceAddress;
  loaAuthorizingPerson: string;
  /** Free text the requester can use to find the request again (ticket number, customer). */
  reference?: string;
}

/** Numbers the checker refused, grouped by Bandwidth's code. */
export interface RejectedNumbers {
  code: string;
  description: string;
  numbers: Tn[];
}

/** The Import TN Checker's verdict for a request's numbers. */
export interface CheckResult {
  importable: Tn[];
  rejected: RejectedNumbers[];
  checkedAt: string;
}

/** One Bandwidth import order created for (part of) a request. */
export interface RequestOrder {
  /** The request id, plus "-2", "-3"… when the request is split over several orders. */
  customerOrderId: string;
  numbers: Tn[];
  /** Set once Bandwidth has answered the create call (or the order was found by CustomerOrderId). */
  orderId?: string;
  status?: OrderStatus;
  /** Per-number failures Bandwidth reported on a PARTIAL or FAILED order. */
  errors: RejectedNumbers[];
  updatedAt: string;
}

/** A Letter of Authorization file shared in Slack for this request. */
export interface LoaFile {
  slackFileId: string;
  name: string;
  mimetype: string;
  size: number;
  sharedBy: string;
  sharedAt: string;
  /** Bandwidth's file name per order id, once uploaded there. */
  uploads: Record<string, string>;
}

/** Who did what and when. Actors are "user:U123", "bandwidth", "poller" or "bot". */
export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  detail?: string;
}

/** A decision an approver took on the request. */
export interface Decision {
  outcome: 'approved' | 'rejected';
  by: string;
  at: string;
  reason?: string;
}

export interface ImportRequest {
  id: string;
  /** Absent on imports (and on every request stored before removals existed). */
  kind?: 'remove';
  state: RequestState;
  requesterId: string;
  channelId: string;
  /** ts of the request card: the anchor of the request's thread. */
  cardTs?: string;
  createdAt: string;
  updatedAt: string;
  /** The subscriber, as typed in the import form; a removal has none. */
  details?: RequestDetails;
  siteId: string;
  sipPeerId?: string;
  /** The numbers asked for, normalized and de-duplicated. */
  numbers: Tn[];
  check?: CheckResult;
  decision?: Decision;
  orders: RequestOrder[];
  loaFiles: LoaFile[];
  audit: AuditEntry[];
  /** Events not yet told in Slack, oldest first (see RequestEvent). */
  outbox: PendingEvent[];
  /** Next outbox sequence number. */
  nextSeq: number;
  /**
   * The latest failure talking to Bandwidth that the workflow will retry (checker down, create
   * call lost). Kept so a retry that fails the same way is not announced again in Slack; cleared
   * by the next success.
   */
  lastFailure?: RequestFailure;
  /** Reminders sent so far, per kind (see request-reminders.ts); absent until the first. */
  reminders?: Partial<Record<ReminderKind, SentReminders>>;
  /** The request whose failed numbers this one retries (see request-retry.ts). */
  retryOf?: string;
  /** The request opened to retry this one's failed numbers; set once, by the first click. */
  retriedAs?: string;
  /** Lines of an attached numbers file that held no usable number (the first few hundred kept). */
  inputProblems?: InputProblems;
  /** Permalink of the CSV of every number, posted in the thread for a long request. */
  fullListUrl?: string;
}

/** Whether the request imports numbers or gives imported numbers back. */
export function kindOf(request: Pick<ImportRequest, 'kind'>): RequestKind {
  return request.kind ?? 'import';
}

/** "import" or "removal", for sentences such as "You asked for this removal". */
export function kindNoun(request: Pick<ImportRequest, 'kind'>): 'import' | 'removal' {
  return kindOf(request) === 'remove' ? 'removal' : 'import';
}

/**
 * Whether the request's orders need the subscriber's signed Letter of Authorization: an import's
 * do (Bandwidth expects one); a removal gives numbers back and needs none, so it takes no LOA,
 * asks for none and never reminds anyone of one.
 */
export function needsLoa(request: Pick<ImportRequest, 'kind'>): boolean {
  return kindOf(request) === 'import';
}

/**
 * Whether `other` keeps numbers it shares with `request`: it is still open and was made first
 * (ties broken by id), so its order comes first and `request` leaves those numbers out. Of two
 * requests racing for a number exactly one keeps it, so they never both give it up.
 */
export function holdsNumbersBefore(other: ImportRequest, request: ImportRequest): boolean {
  if (other.id === request.id || FINAL_REQUEST_STATES.has(other.state)) return false;
  return (
    other.createdAt < request.createdAt || (other.createdAt === request.createdAt && other.id < request.id)
  );
}

/** What was wrong in a numbers file, for the card: the first problems and how many there were. */
export interface InputProblems {
  fileName: string;
  total: number;
  problems: { line: number; text: string; reason: string }[];
}

/** What a reminder asks for: a decision from the approvers, or the signed LOA from the requester. */
export type ReminderKind = 'approval' | 'loa';

/** How many reminders of one kind were sent, and when the latest went. */
export interface SentReminders {
  count: number;
  lastAt: string;
}

/** A retryable failure the request is waiting out (see ImportRequest.lastFailure). */
export interface RequestFailure {
  stage: 'check' | 'submit' | 'loa';
  message: string;
  at: string;
}

/**
 * Something that happened to a request that people in Slack should hear about. Each
 * transition appends its events to the request's outbox in the same atomic write as the state
 * change; the Slack notifier then renders and posts them and removes them once posted. So a
 * crash between "state saved" and "message posted" loses no message: the next drain sends it.
 */
export type RequestEvent =
  | { type: 'checked' }
  /** The checker could not be reached; the request stays in `checking` and is checked again later. */
  | { type: 'check_failed'; message: string; willRetry: boolean }
  | { type: 'approved'; by: string }
  | { type: 'rejected'; by: string; reason: string }
  | { type: 'expired' }
  | { type: 'cancelled'; by: string }
  | { type: 'orders_created'; orderIds: string[] }
  | { type: 'submit_failed'; message: string; willRetry: boolean }
  | { type: 'order_status'; orderId: string; status: OrderStatus }
  | {
      type: 'finished';
      outcome: 'complete' | 'partial' | 'failed';
      /** Orders that ended in EXCEPTION: Bandwidth gave no verdict, a person must ask Bandwidth. */
      needsAttention?: string[];
    }
  | { type: 'loa_waiting'; fileName: string }
  | { type: 'loa_uploaded'; fileName: string; orderId: string; bandwidthFileName: string }
  | { type: 'loa_refused'; fileName: string; reason: string; by: string }
  /** Uploading a kept LOA failed; it is tried again by the poller. */
  | { type: 'loa_upload_failed'; fileName: string; orderId: string; message: string }
  | { type: 'messaging_lost'; numbers: Tn[] }
  /** Nobody decided since `since`: the approvers (user and group ids) are mentioned again. */
  | { type: 'reminder'; kind: 'approval'; approvers: string[]; since: string; count: number }
  /** The orders exist since `since` but no LOA was shared: the requester is asked again. */
  | { type: 'reminder'; kind: 'loa'; since: string; count: number }
  /** Someone asked to retry the failed numbers; `requestId` is the new request holding them. */
  | { type: 'retry_opened'; requestId: string; by: string; numbers: number };

/** An event waiting in the outbox to be told in Slack. */
export interface PendingEvent {
  seq: number;
  at: string;
  event: RequestEvent;
}
