import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { Notifier } from './slack/notifier';
import type { Store } from './store';
import type { Workflow } from './workflow';

export interface PollerOptions {
  store: Pick<Store, 'acquireLease' | 'releaseLease'>;
  workflow: Pick<Workflow, 'reconcile'>;
  notifier: Pick<Notifier, 'sweep'>;
  metrics: Metrics;
  logger: Logger;
  /** Identifies this replica in the lease. */
  instanceId: string;
  /** How often open orders are reconciled with Bandwidth (POLL_INTERVAL_SECONDS). */
  intervalMs: number;
  /** How often events that could not be told in Slack are tried again. */
  sweepIntervalMs?: number;
  /**
   * How long the poller lease outlives a replica that died. The live holder renews it every third
   * of this, so it keeps the poller for as long as it runs. Default: three intervals, between 3 s
   * and 30 s.
   */
  leaseMs?: number;
  now?: () => number;
}

export interface Poller {
  /** Runs one reconcile pass now (also at start, to finish what a crash interrupted), then on the interval. */
  start(): void;
  /** One pass, if this replica holds (or takes) the lease; resolves when it is done. */
  runOnce(): Promise<boolean>;
  stop(): Promise<void>;
}

const LEASE = 'poller';

/**
 * The safety net under Bandwidth's notifications, which are never redelivered: every interval,
 * open orders are read back from Bandwidth and applied through the same workflow path as a
 * notification. With several replicas on one Redis, a lease lets one replica at a time do it;
 * a replica that dies stops renewing, and another takes over once the lease expires.
 */
export function createPoller(options: PollerOptions): Poller {
  const {
    store,
    workflow,
    notifier,
    metrics,
    logger,
    instanceId,
    intervalMs,
    sweepIntervalMs = 15_000,
    now = Date.now,
  } = options;
  // Renewed on a timer of its own, not only at each pass: a lease as long as a pass may take (the
  // old 2 intervals + 60 s) kept a crashed-and-restarted bot from polling for minutes.
  const leaseMs = options.leaseMs ?? Math.min(30_000, Math.max(3_000, intervalMs * 3));
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<unknown> = Promise.resolve();
  let renewing: Promise<void> = Promise.resolve();

  async function pass(): Promise<boolean> {
    if (!(await store.acquireLease(LEASE, instanceId, leaseMs))) return false;
    const started = now();
    const summary = await workflow.reconcile();
    await notifier.sweep();
    metrics.pollerDuration.observe((now() - started) / 1000);
    metrics.pollerLastRun.set(now() / 1000);
    logger.info({ ...summary }, 'reconciled open requests');
    return true;
  }

  function guarded<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    const next = running.then(work).catch((error: unknown) => {
      logger.error({ err: error }, 'reconcile pass failed');
      return fallback;
    });
    running = next;
    return next;
  }

  return {
    start() {
      void guarded(pass, false);
      timers = [
        setInterval(() => void guarded(pass, false), intervalMs),
        setInterval(() => void guarded(() => notifier.sweep(), undefined), sweepIntervalMs),
        // Keeps (or takes) the lease between passes, so a long pass never lets it lapse.
        setInterval(
          () => {
            renewing = store.acquireLease(LEASE, instanceId, leaseMs).then(
              () => undefined,
              () => undefined,
            );
          },
          Math.floor(leaseMs / 3),
        ),
      ];
      for (const timer of timers) timer.unref();
    },
    runOnce: () => guarded(pass, false),
    async stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
      await running;
      await renewing;
      await store.releaseLease(LEASE, instanceId).catch(() => undefined);
    },
  };
}
