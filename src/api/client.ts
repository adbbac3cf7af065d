import { Agent, type Dispatcher } from 'undici';
import { DEFAULT_MAX_XML_BYTES } from '../xml';
import { type AuthProvider, BasicProvider, OAuthProvider } from './auth';
import { type ExchangeLimits, exchange } from './http';
import type { ApiVersion } from './numbers-format';
import * as checker from './operations/checker';
import type { OperationContext, OrderListQuery } from './operations/context';
import * as loas from './operations/loas';
import * as orders from './operations/orders';
import * as subscriptions from './operations/subscriptions';
import { apiPaths } from './paths';
import { DEFAULT_RETRY, type RetryOptions, type RetryRuntime, withRetries } from './retry';
import type { ImportabilityResult } from './schemas/checker';
import type { LoaList, LoaMetadata, LoaUploadResult } from './schemas/loa';
import type { Order, OrderHistoryEntry, OrderList } from './schemas/orders';
import type { Subscription } from './schemas/subscriptions';
import { type Logger, Transport } from './transport';

export interface BandwidthClientOptions {
  accountId: string;
  /** Default `https://api.bandwidth.com/api`. */
  apiUrl?: string;
  /** Default `https://api.bandwidth.com/api/v1/oauth2/token`. */
  tokenUrl?: string;
  /** OAuth2 client credentials: used whenever `clientId` is set. */
  clientId?: string;
  clientSecret?: string;
  /** Legacy Basic API user: used only when no `clientId` is set. */
  username?: string;
  password?: string;
  /** Default `v1`. v2 prefixes `/v2`, writes numbers in E.164 and uses the `/messaging` order paths. */
  apiVersion?: ApiVersion;
  /** Deadline of one HTTP exchange (each attempt, each token request). Default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Largest XML body read. Default 5 MiB. */
  maxResponseBytes?: number;
  /** Connection pool. Default: one keep-alive Agent owned (and closed) by the client. */
  dispatcher?: Dispatcher;
  logger?: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); jitters backoff delays. */
  random?: () => number;
}

/** The typed Bandwidth Dashboard API client. Numbers are 10-digit strings throughout. */
export interface BandwidthClient {
  readonly accountId: string;
  readonly apiVersion: ApiVersion;
  checkImportability(input: checker.CheckImportabilityInput): Promise<ImportabilityResult>;
  isInService(tn: string): Promise<boolean>;

  createImportOrder(input: orders.ImportOrderInput): Promise<Order>;
  getImportOrder(orderId: string): Promise<Order>;
  listImportOrders(query?: OrderListQuery): Promise<OrderList>;
  getImportOrderHistory(orderId: string): Promise<OrderHistoryEntry[]>;
  findImportOrderByCustomerOrderId(customerOrderId: string): Promise<Order | undefined>;

  uploadLoa(orderId: string, file: loas.LoaFileInput): Promise<LoaUploadResult>;
  listLoas(orderId: string, options?: { metadata?: boolean }): Promise<LoaList>;
  downloadLoa(orderId: string, fileName: string): Promise<{ body: Buffer; contentType: string | undefined }>;
  replaceLoa(orderId: string, fileName: string, file: loas.LoaFileInput): Promise<LoaUploadResult>;
  deleteLoa(orderId: string, fileName: string): Promise<boolean>;
  getLoaMetadata(orderId: string, fileName: string): Promise<LoaMetadata>;
  updateLoaMetadata(
    orderId: string,
    fileName: string,
    metadata: { documentName?: string; documentType?: loas.LoaDocumentType },
  ): Promise<void>;
  deleteLoaMetadata(orderId: string, fileName: string): Promise<boolean>;

  createRemoveImportedOrder(input: orders.RemoveImportedOrderInput): Promise<Order>;
  getRemoveImportedOrder(orderId: string): Promise<Order>;
  listRemoveImportedOrders(query?: OrderListQuery): Promise<OrderList>;
  getRemoveImportedOrderHistory(orderId: string): Promise<OrderHistoryEntry[]>;

  createSubscription(
    target: subscriptions.SubscriptionTarget,
    callback: subscriptions.CallbackInput,
  ): Promise<string>;
  listSubscriptions(): Promise<Subscription[]>;
  getSubscription(subscriptionId: string): Promise<Subscription>;
  updateSubscription(
    subscriptionId: string,
    target: subscriptions.SubscriptionTarget,
    callback: subscriptions.CallbackInput,
  ): Promise<void>;
  deleteSubscription(subscriptionId: string): Promise<boolean>;

  /** Closes the connection pool if the client created it. */
  close(): Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface AuthSetup {
  tokenUrl: string;
  limits: ExchangeLimits;
  runtime: RetryRuntime;
  now: () => number;
}

function createAuth(options: BandwidthClientOptions, setup: AuthSetup): AuthProvider {
  if (options.clientId) {
    if (!options.clientSecret) throw new TypeError('Bandwidth clientId is set but clientSecret is missing');
    const describe = `POST ${new URL(setup.tokenUrl).pathname}`;
    return new OAuthProvider(
      setup.tokenUrl,
      options.clientId,
      options.clientSecret,
      (request) => exchange({ ...request, method: 'POST' }, setup.limits),
      setup.now,
      (attempt) => withRetries('safe', setup.runtime, describe, attempt),
    );
  }
  if (options.username && options.password) return new BasicProvider(options.username, options.password);
  throw new TypeError(
    'Bandwidth credentials missing: set clientId and clientSecret (or username and password)',
  );
}

/**
 * Creates a client for one Bandwidth account.
 *
 * @example
 * const bandwidth = createBandwidthClient({ accountId: '9900000', clientId, clientSecret });
 * const { importable, rejected } = await bandwidth.checkImportability({ numbers: ['9195551234'] });
 */
export function createBandwidthClient(options: BandwidthClientOptions): BandwidthClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      keepAliveTimeout: 10_000,
      connections: 8,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  const tokenUrl = options.tokenUrl ?? 'https://api.bandwidth.com/api/v1/oauth2/token';
  const version = options.apiVersion ?? 'v1';
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_XML_BYTES;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  const runtime: RetryRuntime = { retry, random, sleep, logger: options.logger };
  const auth = createAuth(options, {
    tokenUrl,
    now,
    runtime,
    limits: { dispatcher, timeoutMs, maxBytes: maxResponseBytes },
  });
  const transport = new Transport({
    apiUrl: options.apiUrl ?? 'https://api.bandwidth.com/api',
    auth,
    dispatcher,
    timeoutMs,
    maxResponseBytes,
    retry,
    now,
    sleep,
    random,
    logger: options.logger,
  });
  const c: OperationContext = {
    transport,
    paths: apiPaths(options.accountId, version),
    version,
    retry,
    random,
    sleep,
    logger: options.logger,
  };

  return {
    accountId: options.accountId,
    apiVersion: version,
    checkImportability: (input) => checker.checkImportability(c, input),
    isInService: (tn) => checker.isInService(c, tn),

    createImportOrder: (input) => orders.createImportOrder(c, input),
    getImportOrder: (id) => orders.getOrder(c, orders.IMPORT, id),
    listImportOrders: (query) => orders.listOrders(c, orders.IMPORT, query),
    getImportOrderHistory: (id) => orders.getOrderHistory(c, orders.IMPORT, id),
    findImportOrderByCustomerOrderId: (id) => orders.findOrderByCustomerOrderId(c, orders.IMPORT, id),

    uploadLoa: (orderId, file) => loas.uploadLoa(c, orderId, file),
    listLoas: (orderId, listOptions) => loas.listLoas(c, orderId, listOptions),
    downloadLoa: (orderId, fileName) => loas.downloadLoa(c, orderId, fileName),
    replaceLoa: (orderId, fileName, file) => loas.replaceLoa(c, orderId, fileName, file),
    deleteLoa: (orderId, fileName) => loas.deleteLoa(c, orderId, fileName),
    getLoaMetadata: (orderId, fileName) => loas.getLoaMetadata(c, orderId, fileName),
    updateLoaMetadata: (orderId, fileName, metadata) =>
      loas.updateLoaMetadata(c, orderId, fileName, metadata),
    deleteLoaMetadata: (orderId, fileName) => loas.deleteLoaMetadata(c, orderId, fileName),

    createRemoveImportedOrder: (input) => orders.createRemoveImportedOrder(c, input),
    getRemoveImportedOrder: (id) => orders.getOrder(c, orders.REMOVE, id),
    listRemoveImportedOrders: (query) => orders.listOrders(c, orders.REMOVE, query),
    getRemoveImportedOrderHistory: (id) => orders.getOrderHistory(c, orders.REMOVE, id),

    createSubscription: (target, callback) => subscriptions.createSubscription(c, target, callback),
    listSubscriptions: () => subscriptions.listSubscriptions(c),
    getSubscription: (id) => subscriptions.getSubscription(c, id),
    updateSubscription: (id, target, callback) => subscriptions.updateSubscription(c, id, target, callback),
    deleteSubscription: (id) => subscriptions.deleteSubscription(c, id),

    close: async () => {
      if (ownsDispatcher) await dispatcher.close();
    },
  };
}
