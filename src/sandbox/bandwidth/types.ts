import type { OrderStatus } from '../../domain/order-status';

/** How the simulator is started. Every field has a default, so `startBandwidthSimulator()` just works. */
export interface BandwidthSimulatorOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The one account the simulator serves. Default `9900000`. */
  accountId?: string;
  /** OAuth2 client credentials accepted at the token URL. Defaults `sim-client-id` / `sim-client-secret`. */
  clientId?: string;
  clientSecret?: string;
  /** Legacy Basic credentials accepted on API calls. Defaults `sim-user` / `sim-password`. */
  username?: string;
  password?: string;
  /** Lifetime of issued access tokens. Default 3600. */
  tokenTtlSeconds?: number;
  /**
   * Root of the 201 body of an import-order create. The docs, C# and PHP say `ImportTnOrderResponse`;
   * the captured Node fixture and Java say `ImportTnOrdersResponse` (BANDWIDTH.md §1.2). Default: the docs.
   */
  createResponseRoot?: 'ImportTnOrderResponse' | 'ImportTnOrdersResponse';
  /**
   * ProcessingStatus of a freshly created order. The captured fixture shows RECEIVED, doc examples
   * PROCESSING (BANDWIDTH.md §1.2). Default RECEIVED, so the order visibly moves through both.
   */
  initialStatus?: 'RECEIVED' | 'PROCESSING';
  /** Case of `Status` in order history. Default `lower`, as in the captured fixture (BANDWIDTH.md §1.5). */
  historyStatusCase?: 'lower' | 'upper';
  /**
   * When set, orders move RECEIVED -> PROCESSING after `toProcessingMs` and to their final status
   * `toFinalMs` later, on timers. When left out, orders move only when `advance()` is called.
   */
  schedule?: { toProcessingMs: number; toFinalMs: number };
  /** Latency added before every API answer (benchmarks use 2000). Default 0. Also `faults.setLatency()`. */
  latencyMs?: number;
  /** Largest request body read, in bytes (XML and LOA files alike). Default 10 MiB; over it: 413. */
  maxBodyBytes?: number;
  /**
   * Sites and their SIP peers. When given, an unknown SiteId gets 7309 and a SipPeerId not listed
   * for the site gets 7311. When left out, any positive integer SiteId and SipPeerId is accepted.
   */
  sites?: Record<string, string[]>;
  /** User name written as CreatedByUser / userId / history Author. Default `sim-api-user`. */
  userName?: string;
  /**
   * Which status changes are notified. `all` (default): every change after creation (PROCESSING
   * and the final ones), as the brief asks and as the documented Message "Import TN order
   * processing has started." suggests. `documented`: only the SUBDOC table (import orders:
   * COMPLETE, PARTIAL, FAILED, EXCEPTION; remove orders: PROCESSING, COMPLETE, PARTIAL, FAILED).
   * BANDWIDTH.md §1.11.
   */
  notifyStatuses?: 'all' | 'documented';
  /** Timeout of one notification POST. Default 5000 ms. */
  notificationTimeoutMs?: number;
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Order, subscription and token ids. Default `crypto.randomUUID`. */
  newId?: () => string;
}

/** A number-level problem recorded on a finished order (nested `Errors/Error` shape). */
export interface SimOrderError {
  code: number;
  description: string;
  /** Canonical 10-digit numbers. */
  telephoneNumbers: string[];
}

export interface SimHistoryEntry {
  at: number;
  status: OrderStatus;
  note: string;
  author: string;
}

export interface SimServiceAddress {
  HouseNumber?: string;
  HouseSuffix?: string;
  PreDirectional?: string;
  StreetName?: string;
  StreetSuffix?: string;
  PostDirectional?: string;
  AddressLine2?: string;
  City?: string;
  StateCode?: string;
  Zip?: string;
  PlusFour?: string;
  County?: string;
  Country?: string;
  AddressType?: string;
}

interface SimOrderBase {
  orderId: string;
  customerOrderId?: string;
  accountId: string;
  createdByUser: string;
  /** Canonical 10-digit numbers, in the order given. */
  telephoneNumbers: string[];
  status: OrderStatus;
  errors: SimOrderError[];
  /** Numbers that succeeded, filled in when the order reaches a final status. */
  completedTelephoneNumbers: string[];
  createdAt: number;
  lastModifiedAt: number;
  history: SimHistoryEntry[];
}

/** An import order as the simulator holds it. */
export interface SimImportOrder extends SimOrderBase {
  kind: 'import';
  siteId: string;
  sipPeerId?: string;
  subscriber: { name: string; serviceAddress: SimServiceAddress };
  loaAuthorizingPerson: string;
  loaType: 'SUBSCRIBER' | 'CARRIER';
}

/** A remove-imported order as the simulator holds it. */
export interface SimRemoveOrder extends SimOrderBase {
  kind: 'remove';
}

export type SimOrder = SimImportOrder | SimRemoveOrder;

export const LOA_DOCUMENT_TYPES = ['LOA', 'INVOICE', 'CSR', 'OTHER'] as const;
export type LoaDocumentType = (typeof LOA_DOCUMENT_TYPES)[number];

/** An uploaded LOA (or other) file of an import order. */
export interface SimLoaFile {
  orderId: string;
  /** The server-given name `{orderId}-{epochMillis}.{ext}`, which is also the file id. */
  fileId: string;
  contentType: string;
  bytes: Buffer;
  documentType: LoaDocumentType;
  documentName?: string;
  uploadedAt: number;
}

/** A subscription (order or event notifications). */
export interface SimSubscription {
  subscriptionId: string;
  orderType?: string;
  eventType?: string;
  orderId?: string;
  callback?: {
    url: string;
    /** Seconds to live as given. */
    expiry: number;
    username?: string;
    password?: string;
    publicKey?: string;
    numberFormat: 'LEGACY' | 'E164';
    /** "READY" until the first delivery, then e.g. "200 OK". */
    status: string;
  };
  email?: { email: string; digestRequested: 'NONE' | 'DAILY' };
  createdAt: number;
}

/** One API (or token) request as answered. */
export interface SimRequestLogEntry {
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** HTTP status sent, or what happened instead. */
  status: number | 'hang' | 'reset' | 'lost';
  auth: 'bearer' | 'basic' | 'none' | 'invalid';
}

/** One notification POST attempt. A Basic challenge produces two attempts for one notification. */
export interface SimDeliveryAttempt {
  at: number;
  /** Same for both attempts of one notification (and for each copy of a duplicated one). */
  notificationId: string;
  subscriptionId: string;
  url: string;
  attempt: 1 | 2;
  /** The Authorization header sent, if any. */
  authorization?: string;
  contentType: string;
  body: string;
  orderId?: string;
  orderStatus?: OrderStatus;
  eventType?: string;
  /** Receiver's status, when it answered. */
  responseStatus?: number;
  /** Transport error, when it did not. */
  error?: string;
}

/** A notification that a fault dropped or is holding back. */
export interface SimNotificationFaultRecord {
  notificationId: string;
  subscriptionId: string;
  action: 'dropped' | 'duplicated' | 'held' | 'released';
  body: string;
}

/** What an HTTP fault does to a matching request. */
export type HttpFault =
  /** Wait this long, then answer normally. */
  | { kind: 'latency'; ms: number }
  /** Answer with this status (and optional body) instead of running the handler. */
  | { kind: 'status'; status: number; body?: string; contentType?: string }
  /**
   * 429 with an empty body (BANDWIDTH.md §3). `resetInSeconds` sets `X-RateLimit-Reset` to now + that
   * (epoch seconds); `retryAfterSeconds` sets `Retry-After`. Neither given: X-RateLimit-Reset in 1 s.
   */
  | { kind: 'rateLimit'; resetInSeconds?: number; retryAfterSeconds?: number }
  /** Never answer; the socket stays open until the client gives up or the simulator closes. */
  | { kind: 'hang' }
  /** Destroy the connection without an answer. */
  | { kind: 'reset' }
  /** Run the handler (an order IS created), then destroy the connection instead of answering. */
  | { kind: 'lostResponse' };

export interface HttpFaultRule {
  /** HTTP method to match (case-insensitive); any when left out. */
  method?: string;
  /** Matched against the request path without the query, e.g. `/api/accounts/9900000/importTnOrders`. */
  path?: RegExp;
  /** How many matching requests it applies to; until removed when left out. */
  times?: number;
  fault: HttpFault;
}

/** What a notification fault does. */
export type NotificationFault =
  /** The notification is never sent (as when Bandwidth's callback is lost). */
  | { kind: 'drop' }
  /** The notification is sent twice. */
  | { kind: 'duplicate' }
  /**
   * The matching notifications are held back; once `times` of them are held (or on
   * `flushNotifications()`), they are sent in reverse order.
   */
  | { kind: 'reorder' };

export interface NotificationFaultRule {
  /** Only notifications about this order. */
  orderId?: string;
  /** Only notifications carrying this status. */
  status?: OrderStatus;
  /** How many notifications it applies to; until removed when left out. For `reorder`, how many to hold. */
  times?: number;
  fault: NotificationFault;
}

/** A handle on an added rule. */
export interface FaultHandle {
  readonly id: number;
  /** How many requests/notifications it has affected. */
  readonly hits: number;
  /** Removes the rule. */
  clear(): void;
}

/** Injects failures into the simulator's HTTP answers and outgoing notifications. */
export interface FaultInjector {
  /** Adds an HTTP fault; the first matching rule (in the order added) applies. */
  add(rule: HttpFaultRule): FaultHandle;
  /** Adds a notification fault. */
  addNotification(rule: NotificationFaultRule): FaultHandle;
  /** Latency added before every API answer, replacing the `latencyMs` option. */
  setLatency(ms: number): void;
  /** Removes every rule (HTTP and notification) and resets the global latency to 0. */
  clear(): void;
}

/** What the order's numbers decide at the final step (see RULES.md), or an override from a test. */
export type NumberOutcome =
  | { kind: 'ok' }
  | { kind: 'error'; code: number; description: string }
  | { kind: 'exception' }
  | { kind: 'stuck' };

/** The running simulator. */
export interface BandwidthSimulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `${url}/api`: what BANDWIDTH_API_URL is set to. v1 also at `${apiUrl}/v1`, v2 at `${apiUrl}/v2`. */
  readonly apiUrl: string;
  /** `${url}/api/v1/oauth2/token` */
  readonly tokenUrl: string;
  readonly accountId: string;
  readonly credentials: { clientId: string; clientSecret: string; username: string; password: string };
  readonly faults: FaultInjector;

  /** Token requests received (successful or not). */
  readonly tokenRequestCount: number;
  /** Every request answered (or not), oldest first. */
  readonly requests: readonly SimRequestLogEntry[];
  /** Every notification POST attempt, oldest first. */
  readonly deliveries: readonly SimDeliveryAttempt[];
  /** What notification faults did. */
  readonly notificationFaults: readonly SimNotificationFaultRecord[];

  importOrders(): SimImportOrder[];
  importOrder(orderId: string): SimImportOrder | undefined;
  removeOrders(): SimRemoveOrder[];
  removeOrder(orderId: string): SimRemoveOrder | undefined;
  loaFiles(orderId: string): SimLoaFile[];
  subscriptions(): SimSubscription[];
  /** Canonical 10-digit numbers currently imported (in service). */
  inServiceNumbers(): string[];

  /** Moves every open order one step now (RECEIVED -> PROCESSING -> final) and waits for its notifications. */
  advance(): Promise<void>;
  /** Sets an order's status at once (with the given errors) and notifies, as Bandwidth ops might. */
  setOrderStatus(orderId: string, status: OrderStatus, errors?: SimOrderError[]): Promise<void>;
  /**
   * Overrides the rules for numbers matching `pattern` (tested against the canonical 10 digits),
   * for orders that finish from now on. The latest override wins.
   */
  setNumberOutcome(pattern: RegExp, outcome: NumberOutcome): void;
  /** Sends an event `MESSAGING_LOST` notification for these numbers to the matching event subscriptions. */
  emitMessagingLost(telephoneNumbers: string[]): Promise<void>;
  /** Marks every issued access token expired. */
  expireTokens(): void;
  /** Sends notifications held by `reorder` faults (in reverse) and waits for every delivery in flight. */
  flushNotifications(): Promise<void>;
  /** Stops timers and closes every socket, keep-alive and hanging ones too. */
  close(): Promise<void>;
}
