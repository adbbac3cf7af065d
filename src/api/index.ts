/**
 * The Bandwidth Dashboard API client: import checks, import and remove-imported orders, LOA files,
 * subscriptions and in-service checks, typed end to end.
 */
export { type BandwidthClient, type BandwidthClientOptions, createBandwidthClient } from './client';
export {
  BandwidthApiError,
  BandwidthError,
  type BandwidthErrorDetail,
  BandwidthHttpError,
  BandwidthRateLimitError,
  BandwidthResponseError,
  BandwidthTransportError,
  isAmbiguousFailure,
  type ResponseRejection,
} from './errors';
export type { ApiVersion } from './numbers-format';
export type { CheckImportabilityInput } from './operations/checker';
export { CHECKER_BATCH_SIZE } from './operations/checker';
export type { IsoDate, OrderListQuery } from './operations/context';
export type { LoaDocumentType, LoaFileInput } from './operations/loas';
export type { ImportOrderInput, RemoveImportedOrderInput, ServiceAddressInput } from './operations/orders';
export type { CallbackInput, SubscriptionTarget } from './operations/subscriptions';
export {
  DEFAULT_RETRY,
  RETRY_POLICIES,
  type RetryOptions,
  type RetryPolicy,
  type RetryPolicyName,
} from './retry';
export type { ImportabilityRejection, ImportabilityResult } from './schemas/checker';
export type { LoaList, LoaMetadata, LoaUploadResult } from './schemas/loa';
export type { Order, OrderHistoryEntry, OrderList, OrderSummary } from './schemas/orders';
export type { Subscription } from './schemas/subscriptions';
export type { Logger } from './transport';
