import { STATUS_CODES } from 'node:http';
import { Agent, request } from 'undici';
import type { OrderStatus } from '../../domain/order-status';
import type { Faults } from './faults';
import type { SimDeliveryAttempt, SimNotificationFaultRecord, SimSubscription } from './types';

/** One notification about to be sent to one subscription. */
export interface OutgoingNotification {
  notificationId: string;
  subscription: SimSubscription;
  body: string;
  orderId?: string;
  orderStatus?: OrderStatus;
  eventType?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Sends notifications the way Bandwidth does (BANDWIDTH.md §1.11): one POST without
 * Authorization; a second one with the subscription's Basic credentials only when the answer
 * was 401 carrying `WWW-Authenticate: Basic ...`; never any other retry. Only loopback URLs are
 * ever contacted: the simulator must not reach any other address.
 */
export class Notifier {
  readonly deliveries: SimDeliveryAttempt[] = [];
  readonly faultRecords: SimNotificationFaultRecord[] = [];
  private readonly held = new Map<number, OutgoingNotification[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly agent = new Agent({ connections: 8 });

  constructor(
    private readonly faults: Faults,
    private readonly now: () => number,
    private readonly timeoutMs: number,
  ) {}

  /** Sends a notification, subject to the notification faults; resolves once it is delivered (or held). */
  dispatch(notification: OutgoingNotification): Promise<void> {
    const taken = this.faults.takeNotification(notification.orderId, notification.orderStatus);
    if (!taken) return this.track(this.deliver(notification));
    switch (taken.fault.kind) {
      case 'drop':
        this.record(notification, 'dropped');
        return Promise.resolve();
      case 'duplicate':
        this.record(notification, 'duplicated');
        return this.track(this.deliver(notification).then(() => this.deliver(notification)));
      case 'reorder': {
        this.record(notification, 'held');
        const list = this.held.get(taken.ruleId) ?? [];
        list.push(notification);
        this.held.set(taken.ruleId, list);
        return list.length >= taken.times ? this.release(taken.ruleId) : Promise.resolve();
      }
    }
  }

  /** Sends every held notification (each group in reverse) and waits for all deliveries in flight. */
  async flush(): Promise<void> {
    await Promise.all([...this.held.keys()].map((id) => this.release(id)));
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.held.clear();
    await this.agent.destroy();
  }

  private release(ruleId: number): Promise<void> {
    const list = this.held.get(ruleId) ?? [];
    this.held.delete(ruleId);
    const reversed = [...list].reverse();
    return this.track(
      (async () => {
        for (const notification of reversed) {
          this.record(notification, 'released');
          await this.deliver(notification);
        }
      })(),
    );
  }

  private track(promise: Promise<void>): Promise<void> {
    const tracked = promise.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  private record(notification: OutgoingNotification, action: SimNotificationFaultRecord['action']): void {
    this.faultRecords.push({
      notificationId: notification.notificationId,
      subscriptionId: notification.subscription.subscriptionId,
      action,
      body: notification.body,
    });
  }

  private async deliver(notification: OutgoingNotification): Promise<void> {
    const callback = notification.subscription.callback;
    if (!callback) return;
    let url: URL | undefined;
    try {
      url = new URL(callback.url);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || !LOOPBACK_HOSTS.has(url.hostname)) {
      const attempt = this.newAttempt(notification, 1, undefined);
      attempt.error = 'not sent: the simulator only calls back to 127.0.0.1 / localhost over http';
      callback.status = attempt.error;
      return;
    }
    const first = await this.post(notification, url, 1, undefined);
    const challenge = first?.wwwAuthenticate ?? '';
    if (
      first?.status === 401 &&
      /^\s*basic\b/i.test(challenge) &&
      callback.username !== undefined &&
      callback.password !== undefined
    ) {
      const credentials = Buffer.from(`${callback.username}:${callback.password}`).toString('base64');
      await this.post(notification, url, 2, `Basic ${credentials}`);
    }
  }

  private newAttempt(notification: OutgoingNotification, attempt: 1 | 2, authorization: string | undefined) {
    const entry: SimDeliveryAttempt = {
      at: this.now(),
      notificationId: notification.notificationId,
      subscriptionId: notification.subscription.subscriptionId,
      url: notification.subscription.callback?.url ?? '',
      attempt,
      authorization,
      contentType: 'application/xml; charset=utf-8',
      body: notification.body,
      orderId: notification.orderId,
      orderStatus: notification.orderStatus,
      eventType: notification.eventType,
    };
    this.deliveries.push(entry);
    return entry;
  }

  private async post(
    notification: OutgoingNotification,
    url: URL,
    attempt: 1 | 2,
    authorization: string | undefined,
  ): Promise<{ status: number; wwwAuthenticate?: string } | undefined> {
    const entry = this.newAttempt(notification, attempt, authorization);
    const callback = notification.subscription.callback!;
    try {
      const headers: Record<string, string> = { 'content-type': entry.contentType };
      if (authorization) headers.authorization = authorization;
      const response = await request(url, {
        method: 'POST',
        headers,
        body: notification.body,
        dispatcher: this.agent,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      await response.body.dump();
      entry.responseStatus = response.statusCode;
      callback.status = `${response.statusCode} ${STATUS_CODES[response.statusCode] ?? ''}`.trim();
      const header = response.headers['www-authenticate'];
      return { status: response.statusCode, wwwAuthenticate: Array.isArray(header) ? header[0] : header };
    } catch (error) {
      entry.error = (error as Error).message;
      callback.status = `error: ${entry.error}`;
      return undefined;
    }
  }
}
