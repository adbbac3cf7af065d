import { randomUUID } from 'node:crypto';
import { DEFAULT_LOA_MAX_BYTES } from '../domain/loa';
import type { ImportRequest } from '../domain/request';
import { createRequestIdGenerator, DEFAULT_MAX_NUMBERS_PER_ORDER } from '../domain/request-transitions';
import type { Tn } from '../domain/tn';
import { type AddLoaResult, addLoa, type LoaTarget, type SharedFile } from './add-loa';
import {
  applyOrderNotification,
  type NotificationOutcome,
  type OrderNotificationInput,
} from './apply-order-status';
import { approve } from './approve';
import { attachCard } from './attach-card';
import { cancel } from './cancel';
import { checkNumbers, type NumbersCheck } from './check-numbers';
import type { UseCaseResult, WorkflowContext } from './context';
import { type CreateRequestInput, type CreateRequestResult, createRequest } from './create-request';
import { type DrainOutcome, drainOutbox, type TellEvent } from './drain-outbox';
import { recordFullList } from './full-list';
import { messagingLost } from './messaging-lost';
import type { WorkflowDeps } from './ports';
import {
  findRequest,
  listAllRequests,
  listOpenRequests,
  listRequestsFor,
  listRequestsWithPendingEvents,
} from './queries';
import { type ReconcileSummary, reconcile } from './reconcile';
import { reject } from './reject';
import { createRepository } from './repository';
import { type RetryFailedResult, retryFailed } from './retry-failed';
import { runCheck } from './run-check';
import { type RemindersSummary, sendReminders } from './send-reminders';
import { type SubmitOutcome, submitOrders } from './submit-orders';

export type { AddLoaResult, LoaTarget, SharedFile } from './add-loa';
export type { NotificationOutcome, OrderNotificationInput } from './apply-order-status';
export type { NumbersCheck } from './check-numbers';
export type { UseCaseRefusal, UseCaseResult } from './context';
export type { CreateRequestInput, CreateRequestResult } from './create-request';
export type { DrainOutcome, TellEvent } from './drain-outbox';
export type * from './ports';
export type { ReconcileSummary } from './reconcile';
export type { RetryFailedResult } from './retry-failed';
export type { RemindersSummary } from './send-reminders';
export type { SubmitOutcome } from './submit-orders';

type RequestResult = UseCaseResult<{ request: ImportRequest }>;

/**
 * The use cases: the only way a request changes, whether a click, a webhook or the poller asked.
 * Every method is safe to call again after a failure and from several replicas at once.
 */
export interface Workflow {
  /** Parses pasted numbers and asks the checker about them; stores nothing. */
  checkNumbers(text: string, options?: { siteId?: string; sipPeerId?: string }): Promise<NumbersCheck>;
  /** Stores a request and checks its numbers (the check is retried by `reconcile` if Bandwidth is down). */
  createRequest(input: CreateRequestInput): Promise<CreateRequestResult>;
  /** Checks a request still in `checking` (after `createRequest({ checkNow: false })`). */
  checkRequest(requestId: string): Promise<ImportRequest | undefined>;
  /** Remembers the request card's message, the anchor of the request's thread. */
  attachCard(requestId: string, channelId: string, ts: string): Promise<RequestResult>;
  /** Approves (exactly once, whoever races) and creates the orders. */
  approve(requestId: string, userId: string): Promise<RequestResult>;
  reject(requestId: string, userId: string, reason: string): Promise<RequestResult>;
  /** Withdraws a request not yet approved (the requester or an approver). */
  cancel(requestId: string, userId: string): Promise<RequestResult>;
  /** Creates the orders of a `submitting` request that do not exist yet. */
  submitOrders(requestId: string): Promise<SubmitOutcome>;
  /** Applies one of Bandwidth's order notifications (the webhook's sink). */
  applyOrderNotification(notification: OrderNotificationInput): Promise<NotificationOutcome>;
  /** The poller's sweep. */
  reconcile(): Promise<ReconcileSummary>;
  /** Reminds approvers and requesters who are waited on (part of `reconcile`; each reminder once). */
  sendReminders(): Promise<RemindersSummary>;
  /** Takes a shared file as a request's LOA, uploading it once to every order. */
  addLoa(target: LoaTarget, file: SharedFile, sharedBy: string, eventId?: string): Promise<AddLoaResult>;
  /** Bandwidth's MESSAGING_LOST event: tells the requests holding these numbers. */
  messagingLost(numbers: readonly string[]): Promise<{ requestIds: string[]; unmatched: Tn[] }>;
  /** By request id, Bandwidth order id, or number. */
  findRequest(query: string): Promise<ImportRequest | undefined>;
  getRequest(requestId: string): Promise<ImportRequest | undefined>;
  /** Request id of a card's thread, when the message at (channel, ts) is a request card. */
  requestIdForThread(channelId: string, threadTs: string): Promise<string | undefined>;
  listOpenRequests(): Promise<ImportRequest[]>;
  listRequestsFor(userId: string): Promise<ImportRequest[]>;
  /** Ids of requests with events not yet told (for the notifier's sweep). */
  listRequestsWithPendingEvents(): Promise<string[]>;
  /** Re-checks a PARTIAL or FAILED request's failed numbers and opens a new request for those still importable. */
  retryFailed(requestId: string, userId: string): Promise<RetryFailedResult>;
  /** Remembers the permalink of the CSV of every number posted in a long request's thread. */
  recordFullList(requestId: string, url: string): Promise<void>;
  /** Every request, for the audit export. */
  listAllRequests(): Promise<ImportRequest[]>;
  /** Tells a request's pending events in order, each once acknowledged. */
  drainOutbox(requestId: string, tell: TellEvent): Promise<DrainOutcome>;
}

/**
 * Builds the workflow from its ports.
 *
 * @example
 * const workflow = createWorkflow({ store, bandwidth: client, slackFiles, config, isApprover, logger });
 * const created = await workflow.createRequest({ requesterId, channelId, details, numbers: text });
 */
export function createWorkflow(deps: WorkflowDeps): Workflow {
  const ctx: WorkflowContext = {
    store: deps.store,
    repo: createRepository(deps.store, deps.logger, deps.onOutbox),
    bandwidth: deps.bandwidth,
    slackFiles: deps.slackFiles,
    config: {
      ...deps.config,
      maxNumbersPerOrder: deps.config.maxNumbersPerOrder ?? DEFAULT_MAX_NUMBERS_PER_ORDER,
      loaMaxBytes: deps.config.loaMaxBytes ?? DEFAULT_LOA_MAX_BYTES,
    },
    isApprover: deps.isApprover,
    now: deps.now ?? Date.now,
    newRequestId: deps.newRequestId ?? createRequestIdGenerator(),
    logger: deps.logger,
    instanceId: deps.instanceId ?? randomUUID(),
  };
  return {
    checkNumbers: (text, options) => checkNumbers(ctx, text, options),
    createRequest: (input) => createRequest(ctx, input),
    checkRequest: (requestId) => runCheck(ctx, requestId),
    attachCard: (requestId, channelId, ts) => attachCard(ctx, requestId, channelId, ts),
    approve: (requestId, userId) => approve(ctx, requestId, userId),
    reject: (requestId, userId, reason) => reject(ctx, requestId, userId, reason),
    cancel: (requestId, userId) => cancel(ctx, requestId, userId),
    submitOrders: (requestId) => submitOrders(ctx, requestId),
    applyOrderNotification: (notification) => applyOrderNotification(ctx, notification),
    reconcile: () => reconcile(ctx),
    sendReminders: () => sendReminders(ctx),
    addLoa: (target, file, sharedBy, eventId) => addLoa(ctx, target, file, sharedBy, eventId),
    messagingLost: (numbers) => messagingLost(ctx, numbers),
    findRequest: (query) => findRequest(ctx, query),
    getRequest: (requestId) => ctx.repo.load(requestId),
    requestIdForThread: (channelId, threadTs) => ctx.repo.requestIdForCard(channelId, threadTs),
    listOpenRequests: () => listOpenRequests(ctx),
    listRequestsFor: (userId) => listRequestsFor(ctx, userId),
    listRequestsWithPendingEvents: () => listRequestsWithPendingEvents(ctx),
    retryFailed: (requestId, userId) => retryFailed(ctx, requestId, userId),
    recordFullList: (requestId, url) => recordFullList(ctx, requestId, url),
    listAllRequests: () => listAllRequests(ctx),
    drainOutbox: (requestId, tell) => drainOutbox(ctx, requestId, tell),
  };
}
