import { isFinalOrderStatus, type OrderStatus } from '../../domain/order-status';
import { buildXml } from '../../xml';
import { isoDate } from './http-util';
import type { Notifier } from './notifier';
import { importOutcome, type OutcomeOverride } from './rules';
import { historyNote, notificationMessage, tnList } from './shapes';
import type {
  BandwidthSimulatorOptions,
  SimImportOrder,
  SimLoaFile,
  SimOrder,
  SimOrderError,
  SimRemoveOrder,
  SimSubscription,
} from './types';

/** The options with every default filled in. */
export type SimConfig = Required<Omit<BandwidthSimulatorOptions, 'schedule' | 'sites'>> &
  Pick<BandwidthSimulatorOptions, 'schedule' | 'sites'>;

/**
 * Statuses notified per order kind when `notifyStatuses` is `documented` (SUBDOC table,
 * BANDWIDTH.md §1.11). With `all` (the default) every status change after creation is notified.
 */
const DOCUMENTED_NOTIFIED: Record<SimOrder['kind'], ReadonlySet<OrderStatus>> = {
  import: new Set(['COMPLETE', 'PARTIAL', 'FAILED', 'EXCEPTION']),
  remove: new Set(['PROCESSING', 'COMPLETE', 'PARTIAL', 'FAILED']),
};

/** Everything the simulator knows, and how orders move. */
export class SimState {
  readonly importOrders = new Map<string, SimImportOrder>();
  readonly removeOrders = new Map<string, SimRemoveOrder>();
  readonly loas = new Map<string, SimLoaFile[]>();
  readonly subscriptions = new Map<string, SimSubscription>();
  readonly inService = new Set<string>();
  readonly overrides: OutcomeOverride[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    readonly config: SimConfig,
    readonly notifier: Notifier,
  ) {}

  addOrder(order: SimOrder): void {
    order.history.push({
      at: order.createdAt,
      status: order.status,
      note: historyNote(order.kind, order.status),
      author: order.createdByUser,
    });
    if (order.kind === 'import') this.importOrders.set(order.orderId, order);
    else this.removeOrders.set(order.orderId, order);
    const schedule = this.config.schedule;
    if (schedule) {
      const toFinal = () => this.later(schedule.toFinalMs, () => this.stepFrom(order, 'PROCESSING'));
      if (order.status === 'RECEIVED') {
        this.later(schedule.toProcessingMs, async () => {
          await this.stepFrom(order, 'RECEIVED');
          toFinal();
        });
      } else {
        toFinal();
      }
    }
  }

  /** Moves every open order one step; resolves when their notifications have been sent. */
  async advance(): Promise<void> {
    const open = [...this.importOrders.values(), ...this.removeOrders.values()].filter(
      (o) => !isFinalOrderStatus(o.status),
    );
    for (const order of open) await this.step(order);
  }

  /** Sets a status with explicit errors (as Bandwidth ops might) and notifies. */
  async forceStatus(order: SimOrder, status: OrderStatus, errors: SimOrderError[] = []): Promise<void> {
    const failed = new Set(errors.flatMap((e) => e.telephoneNumbers));
    let completed: string[] = [];
    if (status === 'COMPLETE') completed = [...order.telephoneNumbers];
    else if (status === 'PARTIAL') completed = order.telephoneNumbers.filter((tn) => !failed.has(tn));
    await this.transition(order, status, errors, completed);
  }

  /** Stops the schedule; later status changes are not made. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, action: () => Promise<void>): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) action().catch(() => undefined);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private async stepFrom(order: SimOrder, expected: OrderStatus): Promise<void> {
    if (order.status === expected) await this.step(order);
  }

  private async step(order: SimOrder): Promise<void> {
    if (order.status === 'RECEIVED') {
      await this.transition(order, 'PROCESSING', [], []);
    } else if (order.status === 'PROCESSING') {
      if (order.kind === 'import') await this.finishImport(order);
      else await this.finishRemove(order);
    }
  }

  private async finishImport(order: SimImportOrder): Promise<void> {
    const outcomes = order.telephoneNumbers.map((tn) => ({
      tn,
      outcome: importOutcome(tn, this.config.accountId, this.overrides),
    }));
    if (outcomes.some((o) => o.outcome.kind === 'stuck')) return;
    if (outcomes.some((o) => o.outcome.kind === 'exception')) {
      await this.transition(order, 'EXCEPTION', [], []);
      return;
    }
    const errors = new Map<number, SimOrderError>();
    const completed: string[] = [];
    for (const { tn, outcome } of outcomes) {
      if (outcome.kind === 'error') {
        const group = errors.get(outcome.code) ?? {
          code: outcome.code,
          description: outcome.description,
          telephoneNumbers: [],
        };
        group.telephoneNumbers.push(tn);
        errors.set(outcome.code, group);
      } else {
        completed.push(tn);
      }
    }
    const status: OrderStatus =
      errors.size === 0 ? 'COMPLETE' : completed.length === 0 ? 'FAILED' : 'PARTIAL';
    await this.transition(order, status, [...errors.values()], completed);
  }

  /** A number can only be given back if it is imported now (5158 otherwise, BANDWIDTH.md §1.7). */
  private async finishRemove(order: SimRemoveOrder): Promise<void> {
    const notImported = order.telephoneNumbers.filter((tn) => !this.inService.has(tn));
    const completed = order.telephoneNumbers.filter((tn) => this.inService.has(tn));
    const errors: SimOrderError[] =
      notImported.length === 0
        ? []
        : [
            {
              code: 5158,
              description: "Telephone number hasn't been previously imported.",
              telephoneNumbers: notImported,
            },
          ];
    const status: OrderStatus =
      errors.length === 0 ? 'COMPLETE' : completed.length === 0 ? 'FAILED' : 'PARTIAL';
    await this.transition(order, status, errors, completed);
  }

  private async transition(
    order: SimOrder,
    status: OrderStatus,
    errors: SimOrderError[],
    completed: string[],
  ): Promise<void> {
    const at = Math.max(this.config.now(), order.lastModifiedAt);
    order.status = status;
    order.errors = errors;
    order.lastModifiedAt = at;
    if (isFinalOrderStatus(status)) {
      order.completedTelephoneNumbers = completed;
      for (const tn of completed) {
        if (order.kind === 'import') this.inService.add(tn);
        else this.inService.delete(tn);
      }
    }
    order.history.push({ at, status, note: historyNote(order.kind, status), author: 'System' });
    await this.notifyOrder(order);
  }

  private async notifyOrder(order: SimOrder): Promise<void> {
    if (this.config.notifyStatuses === 'documented' && !DOCUMENTED_NOTIFIED[order.kind].has(order.status))
      return;
    const wanted = order.kind === 'import' ? 'importtnorders' : 'removeimportedtnorders';
    const sends: Promise<void>[] = [];
    for (const subscription of this.activeSubscriptions()) {
      if (subscription.orderType?.toLowerCase() !== wanted) continue;
      if (subscription.orderId !== undefined && subscription.orderId !== order.orderId) continue;
      const format = subscription.callback?.numberFormat ?? 'LEGACY';
      const final = isFinalOrderStatus(order.status) && order.status !== 'EXCEPTION';
      const body = buildXml({
        Notification: {
          SubscriptionId: subscription.subscriptionId,
          OrderType: subscription.orderType,
          OrderId: order.orderId,
          CustomerOrderId: order.customerOrderId,
          Status: order.status,
          Message: notificationMessage(order.kind, order.status),
          CompletedTelephoneNumbers: final ? tnList(order.completedTelephoneNumbers, format) : undefined,
          LastModifiedDate: isoDate(order.lastModifiedAt),
        },
      });
      sends.push(
        this.notifier.dispatch({
          notificationId: this.config.newId(),
          subscription,
          body,
          orderId: order.orderId,
          orderStatus: order.status,
        }),
      );
    }
    await Promise.all(sends);
  }

  /** Sends `MESSAGING_LOST` for these numbers, which stop being in service here (BANDWIDTH.md §1.11). */
  async messagingLost(tns: string[]): Promise<void> {
    for (const tn of tns) this.inService.delete(tn);
    const sends: Promise<void>[] = [];
    for (const subscription of this.activeSubscriptions()) {
      if (subscription.eventType?.toUpperCase() !== 'MESSAGING_LOST') continue;
      const body = buildXml({
        Notification: {
          SubscriptionId: subscription.subscriptionId,
          EventType: 'MESSAGING_LOST',
          ImpactedTelephoneNumbers: tnList(tns, subscription.callback?.numberFormat ?? 'LEGACY'),
        },
      });
      sends.push(
        this.notifier.dispatch({
          notificationId: this.config.newId(),
          subscription,
          body,
          eventType: 'MESSAGING_LOST',
        }),
      );
    }
    await Promise.all(sends);
  }

  /** Subscriptions whose Expiry has not run out. */
  activeSubscriptions(): SimSubscription[] {
    const now = this.config.now();
    return [...this.subscriptions.values()].filter(
      (s) => !s.callback || s.createdAt + s.callback.expiry * 1000 > now,
    );
  }
}
