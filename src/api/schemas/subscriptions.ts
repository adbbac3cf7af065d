import { z } from 'zod';
import { element, list, optionalText } from './common';

const subscription = z
  .object({
    SubscriptionId: z.string().min(1),
    OrderType: optionalText,
    EventType: optionalText,
    OrderId: optionalText,
    CallbackSubscription: element({
      URL: optionalText,
      Expiry: optionalText,
      Status: optionalText,
      NumberFormat: optionalText,
      CallbackCredentials: element({
        BasicAuthentication: element({ Username: optionalText }),
      }).optional(),
    }).optional(),
  })
  .transform((s) => ({
    subscriptionId: s.SubscriptionId,
    orderType: s.OrderType,
    eventType: s.EventType,
    orderId: s.OrderId,
    callback: s.CallbackSubscription && {
      url: s.CallbackSubscription.URL,
      /** Remaining seconds, as Bandwidth reports them. */
      expirySeconds:
        s.CallbackSubscription.Expiry === undefined ? undefined : Number(s.CallbackSubscription.Expiry),
      /** "READY", or the status and body of the last callback. */
      status: s.CallbackSubscription.Status,
      numberFormat: s.CallbackSubscription.NumberFormat,
      /** The Basic user Bandwidth presents; Bandwidth never returns the password. */
      username: s.CallbackSubscription.CallbackCredentials?.BasicAuthentication.Username,
    },
  }));

export type Subscription = z.infer<typeof subscription>;

/**
 * `SubscriptionsResponse{Subscriptions{Subscription*}}`. Some SPEC1 examples omit the
 * `Subscriptions` wrapper, so a `Subscription` directly under the root is read too.
 */
export const subscriptionsResponseSchema = z
  .object({
    SubscriptionsResponse: element({
      Subscriptions: element({ Subscription: list(subscription) }),
      Subscription: list(subscription),
    }),
  })
  .transform(({ SubscriptionsResponse: r }) => [...r.Subscriptions.Subscription, ...r.Subscription]);
