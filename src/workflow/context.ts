import { BandwidthApiError, BandwidthError } from '../api/errors';
import type { RejectedNumbers } from '../domain/request';
import type { Refusal } from '../domain/request-transitions';
import { fromWireNumber } from '../domain/tn';
import type {
  BandwidthPort,
  PortErrorDetail,
  SlackFilesPort,
  WorkflowConfig,
  WorkflowLogger,
  WorkflowStore,
} from './ports';
import type { Repository } from './repository';

/** What every use case is given: the deps with their defaults applied. */
export interface WorkflowContext {
  store: WorkflowStore;
  repo: Repository;
  bandwidth: BandwidthPort;
  slackFiles: SlackFilesPort;
  config: Required<Pick<WorkflowConfig, 'maxNumbersPerOrder' | 'loaMaxBytes'>> & WorkflowConfig;
  isApprover: (userId: string) => Promise<boolean>;
  now: () => number;
  newRequestId: () => string;
  logger: WorkflowLogger;
  /** This process, in lease owners. */
  instanceId: string;
}

/** Why a use case did nothing. `message` is fit to show the person who acted. */
export interface UseCaseRefusal {
  code: Refusal['code'] | 'not_found' | 'no_numbers' | 'too_many_numbers' | 'invalid_details';
  message: string;
}

export type UseCaseResult<T> = ({ ok: true } & T) | { ok: false; refusal: UseCaseRefusal };

export function notFound(requestId: string): { ok: false; refusal: UseCaseRefusal } {
  return { ok: false, refusal: { code: 'not_found', message: `There is no request ${requestId}.` } };
}

/**
 * True when Bandwidth definitely refused the call for what it contained (a 4xx with its own error
 * codes), so repeating it cannot help. Authentication and permission answers (401, 403) are not:
 * they are fixed in configuration, after which the same call succeeds, so the request waits.
 */
export function isDefinitiveRefusal(error: unknown): error is BandwidthApiError {
  return (
    error instanceof BandwidthApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 403 &&
    error.status !== 429
  );
}

/** A failure the workflow waits out and retries from the poller: anything Bandwidth-shaped that is not a refusal. */
export function isRetryable(error: unknown): boolean {
  return !isDefinitiveRefusal(error) && (error instanceof BandwidthError || isResponseError(error));
}

function isResponseError(error: unknown): boolean {
  return error instanceof Error && error.name === 'BandwidthResponseError';
}

/** A message about a failure that is safe to show in Slack (Bandwidth errors never carry credentials). */
export function describeFailure(error: unknown): string {
  if (error instanceof BandwidthApiError) {
    return error.errors.map((e) => `${e.code}: ${e.description}`).join('; ') || `HTTP ${error.status}`;
  }
  if (error instanceof BandwidthError) {
    if (error.kind === 'rate_limit') return 'Bandwidth asked us to slow down (rate limited)';
    if (error.kind === 'transport') return 'Bandwidth could not be reached';
    return `Bandwidth answered HTTP ${error.status ?? '?'}`;
  }
  if (isResponseError(error)) return 'Bandwidth sent an answer the bot could not read';
  return 'an unexpected error';
}

/** Bandwidth's errors as stored on a request, numbers in the app's 10-digit form. */
export function toRejected(
  errors: readonly PortErrorDetail[],
  fallbackNumbers: readonly string[] = [],
): RejectedNumbers[] {
  return errors.map((e) => ({
    code: e.code,
    description: e.description,
    numbers: (e.numbers && e.numbers.length > 0 ? e.numbers : fallbackNumbers).map(
      (n) => fromWireNumber(n) ?? n,
    ),
  }));
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
