import type { Logger } from './logger';

/**
 * Work that a Slack listener starts after it has acknowledged: checking numbers with
 * Bandwidth, creating orders, posting to the thread. It runs with bounded concurrency so a
 * burst of commands queues its slow work instead of starving the event loop that must keep
 * acknowledging the next requests within Slack's 3 seconds.
 */
export interface BackgroundJobs {
  /** Queues a job. Its failure is logged, never thrown at the caller (which has already acked). */
  run(name: string, job: () => Promise<unknown>, fields?: Record<string, unknown>): void;
  /** Resolves once no job is running or queued (graceful shutdown, tests). */
  idle(): Promise<void>;
  /** Jobs running plus queued. */
  readonly pending: number;
}

export interface BackgroundJobsOptions {
  logger: Logger;
  /** Jobs running at once; the rest wait in order. */
  concurrency?: number;
}

export function createBackgroundJobs({ logger, concurrency = 16 }: BackgroundJobsOptions): BackgroundJobs {
  const queue: Array<() => Promise<void>> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  function next(): void {
    while (running < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      running += 1;
      void job().finally(() => {
        running -= 1;
        next();
      });
    }
    if (running === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  return {
    run(name, job, fields = {}) {
      queue.push(async () => {
        try {
          await job();
        } catch (error) {
          logger.error({ err: error, job: name, ...fields }, 'background job failed');
        }
      });
      // Start on the next turn so the caller's ack is written before any job work begins.
      setImmediate(next);
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get pending() {
      return running + queue.length;
    },
  };
}
