import type { OrderStatus } from '../../domain/order-status';
import type {
  FaultHandle,
  FaultInjector,
  HttpFault,
  HttpFaultRule,
  NotificationFault,
  NotificationFaultRule,
} from './types';

interface Rule<T> {
  id: number;
  hits: number;
  remaining: number;
  rule: T;
}

/** The rules behind `simulator.faults`: first matching rule wins, each used up after `times`. */
export class Faults implements FaultInjector {
  private nextId = 1;
  private http: Rule<HttpFaultRule>[] = [];
  private notification: Rule<NotificationFaultRule>[] = [];
  latencyMs: number;

  constructor(latencyMs: number) {
    this.latencyMs = latencyMs;
  }

  add(rule: HttpFaultRule): FaultHandle {
    return this.register(this.http, rule, () => {
      this.http = this.http.filter((r) => r.rule !== rule);
    });
  }

  addNotification(rule: NotificationFaultRule): FaultHandle {
    return this.register(this.notification, rule, () => {
      this.notification = this.notification.filter((r) => r.rule !== rule);
    });
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  clear(): void {
    this.http = [];
    this.notification = [];
    this.latencyMs = 0;
  }

  /** The fault for a request, counting the use. */
  takeHttp(method: string, path: string): HttpFault | undefined {
    const entry = this.http.find(
      (r) =>
        r.remaining > 0 &&
        (r.rule.method === undefined || r.rule.method.toUpperCase() === method) &&
        (r.rule.path === undefined || testRegExp(r.rule.path, path)),
    );
    if (!entry) return undefined;
    entry.hits++;
    entry.remaining--;
    if (entry.remaining <= 0) this.http = this.http.filter((r) => r !== entry);
    return entry.rule.fault;
  }

  /** The fault for a notification, counting the use; `ruleId` identifies the rule for `reorder`. */
  takeNotification(
    orderId: string | undefined,
    status: OrderStatus | undefined,
  ): { fault: NotificationFault; ruleId: number; times: number } | undefined {
    const entry = this.notification.find(
      (r) =>
        r.remaining > 0 &&
        (r.rule.orderId === undefined || r.rule.orderId === orderId) &&
        (r.rule.status === undefined || r.rule.status === status),
    );
    if (!entry) return undefined;
    entry.hits++;
    entry.remaining--;
    if (entry.remaining <= 0) this.notification = this.notification.filter((r) => r !== entry);
    return { fault: entry.rule.fault, ruleId: entry.id, times: entry.rule.times ?? Number.POSITIVE_INFINITY };
  }

  private register<T extends { times?: number }>(list: Rule<T>[], rule: T, remove: () => void): FaultHandle {
    const entry: Rule<T> = {
      id: this.nextId++,
      hits: 0,
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      rule,
    };
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new RangeError('times must be a positive integer');
    }
    list.push(entry);
    return {
      id: entry.id,
      get hits() {
        return entry.hits;
      },
      clear: remove,
    };
  }
}

function testRegExp(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}
