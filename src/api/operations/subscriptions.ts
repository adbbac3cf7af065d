import { buildXml } from '../../xml';
import { createOnce } from '../create-once';
import { BandwidthResponseError } from '../errors';
import { idFromLocation } from '../http';
import { type Subscription, subscriptionsResponseSchema } from '../schemas/subscriptions';
import { createPause, type OperationContext } from './context';

/** What a subscription listens to: an order type (optionally one order) or an event type. */
export type SubscriptionTarget =
  | { orderType: 'importtnorders' | 'removeImportedTnOrders'; orderId?: string }
  | { eventType: 'MESSAGING_LOST' };

export interface CallbackInput {
  /** Where Bandwidth POSTs notifications; https strongly recommended. */
  url: string;
  /** Seconds the subscription lives. */
  expirySeconds: number;
  /** Basic credentials Bandwidth presents after our 401 challenge. Both or neither. */
  username?: string;
  password?: string;
  /** How numbers are written in notifications. Bandwidth's default is LEGACY (10 digits). */
  numberFormat?: 'LEGACY' | 'E164';
}

function subscriptionXml(target: SubscriptionTarget, callback: CallbackInput): string {
  const credentials =
    callback.username === undefined && callback.password === undefined
      ? undefined
      : { BasicAuthentication: { Username: callback.username, Password: callback.password } };
  return buildXml({
    Subscription: {
      OrderType: 'orderType' in target ? target.orderType : undefined,
      OrderId: 'orderType' in target ? target.orderId : undefined,
      EventType: 'eventType' in target ? target.eventType : undefined,
      CallbackSubscription: {
        URL: callback.url,
        Expiry: String(callback.expirySeconds),
        // Inside CallbackSubscription: placed beside it, Bandwidth silently drops the credentials
        // (php-bandwidth-iris #85, BANDWIDTH.md §7).
        CallbackCredentials: credentials,
        NumberFormat: callback.numberFormat,
      },
    },
  });
}

function sameTarget(subscription: Subscription, target: SubscriptionTarget, url: string): boolean {
  if (subscription.callback?.url !== url) return false;
  if ('eventType' in target) return subscription.eventType === target.eventType;
  return (
    subscription.orderType?.toLowerCase() === target.orderType.toLowerCase() &&
    subscription.orderId === target.orderId
  );
}

export function listSubscriptions(context: OperationContext): Promise<Subscription[]> {
  return context.transport.callXml(
    { method: 'GET', path: context.paths.subscriptions, policy: 'safe' },
    subscriptionsResponseSchema,
  );
}

export async function getSubscription(
  context: OperationContext,
  subscriptionId: string,
): Promise<Subscription> {
  const spec = { method: 'GET', path: context.paths.subscription(subscriptionId), policy: 'safe' } as const;
  const response = await context.transport.call(spec);
  const [subscription] = context.transport.decode(spec, response, subscriptionsResponseSchema);
  if (subscription === undefined) {
    throw new BandwidthResponseError(
      'GET',
      spec.path,
      response.status,
      'schema',
      'no Subscription in the body',
    );
  }
  return subscription;
}

/**
 * Creates a subscription and returns its id (from the Location header). After an ambiguous
 * failure it looks for a subscription with the same target and URL before creating again.
 */
export function createSubscription(
  context: OperationContext,
  target: SubscriptionTarget,
  callback: CallbackInput,
): Promise<string> {
  const path = context.paths.subscriptions;
  const body = subscriptionXml(target, callback);
  return createOnce({
    describe: `POST ${path}`,
    create: async () => {
      const response = await context.transport.call({ method: 'POST', path, body, policy: 'create' });
      const id = idFromLocation(response.headers);
      if (id === undefined) {
        throw new BandwidthResponseError('POST', path, response.status, 'schema', 'no Location header');
      }
      return id;
    },
    find: async () =>
      (await listSubscriptions(context)).find((s) => sameTarget(s, target, callback.url))?.subscriptionId,
    maxAttempts: context.retry.maxAttempts,
    pause: createPause(context),
    logger: context.logger,
  });
}

/** Replaces a subscription as a whole: fields left out revert to Bandwidth's defaults. */
export async function updateSubscription(
  context: OperationContext,
  subscriptionId: string,
  target: SubscriptionTarget,
  callback: CallbackInput,
): Promise<void> {
  await context.transport.call({
    method: 'PUT',
    path: context.paths.subscription(subscriptionId),
    body: subscriptionXml(target, callback),
    policy: 'safe',
  });
}

/** Deletes a subscription; false when there was none (404). */
export async function deleteSubscription(
  context: OperationContext,
  subscriptionId: string,
): Promise<boolean> {
  const response = await context.transport.call({
    method: 'DELETE',
    path: context.paths.subscription(subscriptionId),
    policy: 'safe',
    accept: [404],
  });
  return response.status !== 404;
}
