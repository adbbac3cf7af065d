import { BandwidthResponseError, BandwidthTransportError, isAmbiguousFailure } from './errors';
import type { Logger } from './transport';

/**
 * Creating something at Bandwidth exactly once, over a network that can lose answers.
 *
 * A create is never blindly repeated: when it fails in a way that leaves its fate unknown (timeout,
 * reset connection, 5xx, or an answer that arrived unreadable), we first look for what it would
 * have created (by CustomerOrderId for orders) and return that. Only when nothing is found, and
 * Bandwidth ended the exchange itself (a 5xx, a reset), is the create sent again; after our own
 * timeout it is not, since that create may still be on its way. Definite refusals (4xx) are thrown at once; a 429 is repeated inside `create`
 * by its retry policy, since Bandwidth refuses it before doing any work.
 */
export interface CreateOnceSteps<T> {
  /** What is being created, for logs. */
  describe: string;
  /** One create request (its policy may repeat a 429, nothing else). */
  create: () => Promise<T>;
  /** Looks for the thing a lost create may have made; undefined when there is none. */
  find: () => Promise<T | undefined>;
  /** Creates in total, the first included. */
  maxAttempts: number;
  /** Pause after attempt `n` failed ambiguously, before the lookup. */
  pause: (attempt: number) => Promise<void>;
  logger?: Logger;
}

export async function createOnce<T>(steps: CreateOnceSteps<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await steps.create();
    } catch (error) {
      if (!isAmbiguousFailure(error)) throw error;
      steps.logger?.warn(
        { call: steps.describe, attempt, error: (error as Error).name },
        'create failed ambiguously, looking for what it may have created',
      );
      // Pause before looking: a create that timed out on our side may still be finishing at
      // Bandwidth, and would land after a lookup made at once. This narrows that window; it cannot
      // close it, so callers that resume later also look up by CustomerOrderId first.
      await steps.pause(attempt);
      let existing: T | undefined;
      try {
        existing = await steps.find();
      } catch (findError) {
        // We cannot tell whether the create happened: report the create's failure, not the lookup's.
        steps.logger?.warn(
          { call: steps.describe, error: (findError as Error).name },
          'lookup after create failed',
        );
        throw error;
      }
      if (existing !== undefined) return existing;
      // A 2xx whose body we could not read means Bandwidth did create something; never create again.
      const created = error instanceof BandwidthResponseError && error.status >= 200 && error.status < 300;
      // A create we stopped waiting for may still be running at Bandwidth and land after the
      // lookup; creating again now could make a second order. The caller tries later, looking up
      // first (the workflow's poller), by when a slow create has landed and is found.
      const mayStillLand = error instanceof BandwidthTransportError && error.timedOut;
      if (created || mayStillLand || attempt >= steps.maxAttempts) throw error;
    }
  }
}
