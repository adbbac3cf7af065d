import type { BandwidthClient, CallbackInput, Subscription, SubscriptionTarget } from '../api';

/** What the bot listens to: its import and removal orders, and numbers that lose messaging service. */
export const BOT_SUBSCRIPTIONS: readonly SubscriptionTarget[] = [
  { orderType: 'importtnorders' },
  { orderType: 'removeImportedTnOrders' },
  { eventType: 'MESSAGING_LOST' },
];

/**
 * Bandwidth's subscription docs suggest a very long life (99 years) so a subscription does not
 * quietly lapse; running the command again renews it anyway.
 */
export const DEFAULT_EXPIRY_SECONDS = 3_122_064_000;

export interface EnsureSubscriptionsOptions {
  client: Pick<BandwidthClient, 'listSubscriptions' | 'createSubscription' | 'updateSubscription'>;
  /** Where Bandwidth POSTs notifications: PUBLIC_URL + WEBHOOK_PATH. */
  url: string;
  /** The Basic credentials Bandwidth presents after the webhook's 401 challenge. */
  username: string;
  password: string;
  expirySeconds?: number;
}

/** What happened to one of {@link BOT_SUBSCRIPTIONS}. */
export interface SubscriptionOutcome {
  /** `importtnorders`, `removeImportedTnOrders` or `MESSAGING_LOST`. */
  target: string;
  action: 'created' | 'updated';
  subscriptionId: string;
  /** More subscriptions of this kind already point at our URL: each notification arrives that many times. */
  duplicates: string[];
  /** Subscriptions of this kind pointing somewhere else (an old deployment?). They keep receiving too. */
  elsewhere: Array<{ subscriptionId: string; url?: string }>;
}

export function describeTarget(target: SubscriptionTarget): string {
  return 'eventType' in target ? target.eventType : target.orderType;
}

function sameKind(subscription: Subscription, target: SubscriptionTarget): boolean {
  if ('eventType' in target) return subscription.eventType?.toUpperCase() === target.eventType;
  return (
    subscription.orderType?.toLowerCase() === target.orderType.toLowerCase() &&
    subscription.orderId === undefined
  );
}

/**
 * Makes sure each of the bot's subscriptions exists once and points at `url` with the current
 * credentials. Idempotent: it lists first, updates the subscription already pointing at our URL
 * (a PUT replaces it whole, which also renews its expiry and password), and creates only what is
 * missing. Subscriptions pointing elsewhere are reported, never deleted: they may be another
 * environment's.
 */
export async function ensureSubscriptions(
  options: EnsureSubscriptionsOptions,
): Promise<SubscriptionOutcome[]> {
  const { client, url } = options;
  const callback: CallbackInput = {
    url,
    expirySeconds: options.expirySeconds ?? DEFAULT_EXPIRY_SECONDS,
    username: options.username,
    password: options.password,
  };
  const existing = await client.listSubscriptions();
  const outcomes: SubscriptionOutcome[] = [];
  for (const target of BOT_SUBSCRIPTIONS) {
    const ofKind = existing.filter((s) => sameKind(s, target));
    const ours = ofKind.filter((s) => s.callback?.url === url);
    const elsewhere = ofKind
      .filter((s) => s.callback?.url !== url)
      .map((s) => ({ subscriptionId: s.subscriptionId, url: s.callback?.url }));
    const [current, ...duplicates] = ours;
    if (current) {
      await client.updateSubscription(current.subscriptionId, target, callback);
      outcomes.push({
        target: describeTarget(target),
        action: 'updated',
        subscriptionId: current.subscriptionId,
        duplicates: duplicates.map((s) => s.subscriptionId),
        elsewhere,
      });
    } else {
      const subscriptionId = await client.createSubscription(target, callback);
      outcomes.push({
        target: describeTarget(target),
        action: 'created',
        subscriptionId,
        duplicates: [],
        elsewhere,
      });
    }
  }
  return outcomes;
}

/** One line per outcome, for people reading the command's output. */
export function formatOutcome(outcome: SubscriptionOutcome, url: string): string[] {
  const lines = [`${outcome.action} ${outcome.target} subscription ${outcome.subscriptionId} -> ${url}`];
  for (const id of outcome.duplicates) {
    lines.push(
      `  warning: subscription ${id} also sends ${outcome.target} to this URL; delete one of them or each notification arrives twice`,
    );
  }
  for (const other of outcome.elsewhere) {
    lines.push(
      `  note: subscription ${other.subscriptionId} sends ${outcome.target} to ${other.url ?? 'an e-mail address'}; delete it if nothing listens there any more`,
    );
  }
  return lines;
}
