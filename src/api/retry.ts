import { BandwidthError, BandwidthRateLimitError, BandwidthTransportError } from './errors';

/**
 * Named retry policies. Which failures a call may repeat depends on what repeating it could do
 * to Bandwidth's state, so each operation picks a policy by name rather than a list of flags.
 * Compare node-slack-sdk's `retry-policies.ts`.
 */
export interface RetryPolicy {
  readonly name: string;
  /** Connection refused or reset, timeout: the request may or may not have been acted on. */
  readonly onTransportError: boolean;
  /** 5xx: Bandwidth may have acted before failing. */
  readonly onServerError: boolean;
  /** 429: Bandwidth refused the request before acting on it. */
  readonly onRateLimit: boolean;
}

export const RETRY_POLICIES = {
  /**
   * GET, the importTnChecker POST (a read that happens to use POST), and PUT/DELETE of one
   * resource by id: doing them twice leaves Bandwidth as doing them once.
   */
  safe: { name: 'safe', onTransportError: true, onServerError: true, onRateLimit: true },
  /**
   * Creating an order. A second POST after an ambiguous failure could create a second order that
   * imports the same numbers, so only the 429 (refused before any work) is repeated here; the
   * ambiguous failures go to reconciliation by CustomerOrderId instead (see `create-once.ts`).
   */
  create: { name: 'create', onTransportError: false, onServerError: false, onRateLimit: true },
  /**
   * Uploading an LOA file is not idempotent (each POST stores a new, server-named file), but a
   * duplicate copy of the same LOA on an order is harmless while a missing LOA blocks the
   * import. So uploads retry like safe calls and accept the small chance of a duplicate file.
   */
  loaUpload: { name: 'loaUpload', onTransportError: true, onServerError: true, onRateLimit: true },
  /** Token requests and anything that must fail fast. The caller's own loop decides. */
  none: { name: 'none', onTransportError: false, onServerError: false, onRateLimit: false },
} as const satisfies Record<string, RetryPolicy>;

export type RetryPolicyName = keyof typeof RETRY_POLICIES;

/** How many attempts and how long to wait between them. */
export interface RetryOptions {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; doubled for each further one. */
  baseDelayMs: number;
  /** Ceiling of one backoff delay. */
  maxDelayMs: number;
  /**
   * The longest wait a 429's reset time may impose. A longer reset ends the call with the
   * `BandwidthRateLimitError` (carrying `retryAfterMs`) instead of parking it: retrying any
   * earlier would only be refused again, and the caller can schedule the work. Default 60 s.
   */
  maxRateLimitWaitMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRateLimitWaitMs: 60_000,
};

/**
 * Capped exponential backoff with "equal jitter": half the step is fixed, half is random, so
 * delays never collapse to zero and retries from many callers spread out.
 *
 * @param attempt the attempt that just failed, from 1.
 */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Whether to try again after `error`, and after how long.
 *
 * @returns the delay in ms, or undefined to give up and throw `error`.
 */
export function retryDelay(
  policy: RetryPolicy,
  error: unknown,
  attempt: number,
  options: RetryOptions,
  random: () => number,
): number | undefined {
  if (attempt >= options.maxAttempts) return undefined;
  if (error instanceof BandwidthRateLimitError) {
    if (!policy.onRateLimit) return undefined;
    if (error.retryAfterMs === undefined) return backoffDelay(attempt, options, random);
    const cap = options.maxRateLimitWaitMs ?? DEFAULT_RETRY.maxRateLimitWaitMs;
    return error.retryAfterMs > cap ? undefined : error.retryAfterMs;
  }
  if (error instanceof BandwidthTransportError) {
    return policy.onTransportError ? backoffDelay(attempt, options, random) : undefined;
  }
  if (error instanceof BandwidthError && error.status !== undefined && error.status >= 500) {
    return policy.onServerError ? backoffDelay(attempt, options, random) : undefined;
  }
  return undefined;
}

/** What `withRetries` needs besides the policy. */
export interface RetryRuntime {
  retry: RetryOptions;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  logger?: { warn(object: object, message?: string): void };
}

/**
 * Runs `attempt` under a named policy: sleeps and repeats while the policy allows, then rethrows
 * the last error.
 */
export async function withRetries<T>(
  policyName: RetryPolicyName,
  runtime: RetryRuntime,
  describe: string,
  attempt: () => Promise<T>,
): Promise<T> {
  const policy = RETRY_POLICIES[policyName];
  for (let number = 1; ; number++) {
    try {
      return await attempt();
    } catch (error) {
      const delayMs = retryDelay(policy, error, number, runtime.retry, runtime.random);
      if (delayMs === undefined) throw error;
      runtime.logger?.warn(
        { call: describe, policy: policy.name, attempt: number, delayMs, error: (error as Error).name },
        'bandwidth call failed, retrying',
      );
      await runtime.sleep(delayMs);
    }
  }
}
