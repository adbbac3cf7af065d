import type { BandwidthClient, BandwidthErrorDetail, Order } from '../api';
import type { Tn } from '../domain/tn';
import type { Logger } from '../logger';
import type { Store } from '../store';

/**
 * The small interfaces the workflow depends on. The real Bandwidth client, the store and the
 * Slack file downloader satisfy them structurally; tests pass the real ones too (against the
 * simulator and a real keyv), so these exist to keep the workflow's needs visible and narrow.
 */

/** One error Bandwidth reported, with the numbers it concerns when it said. */
export type PortErrorDetail = BandwidthErrorDetail;

/** An import order as the client reads it. */
export type PortOrder = Order;

/** What the workflow asks of Bandwidth: these methods of `createBandwidthClient(...)`. */
export type BandwidthPort = Pick<
  BandwidthClient,
  | 'checkImportability'
  | 'createImportOrder'
  | 'getImportOrder'
  | 'listImportOrders'
  | 'uploadLoa'
  | 'isInService'
  | 'createRemoveImportedOrder'
  | 'getRemoveImportedOrder'
  | 'listRemoveImportedOrders'
>;

/** Downloads a file shared in Slack (files.info + url_private with the bot token). */
export interface SlackFilesPort {
  download(fileId: string): Promise<{ bytes: Buffer; mimetype: string; name: string }>;
}

/** The store operations the workflow uses (see src/store). */
export type WorkflowStore = Pick<
  Store,
  | 'get'
  | 'set'
  | 'delete'
  | 'setIfAbsent'
  | 'update'
  | 'addToSet'
  | 'removeFromSet'
  | 'setMembers'
  | 'acquireLease'
  | 'releaseLease'
>;

export interface WorkflowConfig {
  /** Default SiteId of new requests (BANDWIDTH_SITE_ID). */
  siteId: string;
  sipPeerId?: string;
  /** APPROVERS as configured; the decision itself goes through `isApprover`. */
  approvers: readonly string[];
  allowSelfApproval: boolean;
  /** Default 5000: Bandwidth documents no maximum per import order, but error 7314 exists. */
  maxNumbersPerOrder?: number;
  /** Default 10 MiB. */
  loaMaxBytes?: number;
  /** A request nobody decided on is expired by the poller after this long; never when left out. */
  approvalExpiryMs?: number;
  /** A request waiting for approval this long reminds the approvers, again after as long; off when 0 or left out. */
  approvalReminderMs?: number;
  /** An order without an LOA reminds the requester this long after it was created, and again; off when 0 or left out. */
  loaReminderMs?: number;
  /**
   * How long the workflow's leases (creating a request's orders, an LOA upload, telling its
   * events, the reconcile sweep) outlive a holder that died; renewed while held. Default 10 s.
   */
  leaseMs?: number;
}

export type WorkflowLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface WorkflowDeps {
  store: WorkflowStore;
  bandwidth: BandwidthPort;
  slackFiles: SlackFilesPort;
  config: WorkflowConfig;
  isApprover: (userId: string) => Promise<boolean>;
  /** Clock, epoch ms. */
  now?: () => number;
  newRequestId?: () => string;
  logger: WorkflowLogger;
  /**
   * Called (not awaited) after a change left events in a request's outbox, so the Slack notifier
   * can drain it at once instead of at its next sweep.
   */
  onOutbox?: (requestId: string) => void;
  /** Identifies this process in leases; default a random id. */
  instanceId?: string;
}

/** Numbers as the workflow takes them. */
export type Numbers = readonly Tn[];
