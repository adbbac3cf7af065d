/**
 * The errors of the Bandwidth client.
 *
 * Everything that goes wrong between us and Bandwidth is a `BandwidthError`, and each subclass
 * says what kind of wrong it was, so callers branch on the class (and `status` / `errors`) instead
 * of parsing messages. Every message names the HTTP method and the path (never a query string,
 * a credential or a token), so a log line says where it happened.
 *
 * A response that arrived but could not be read (hostile or malformed XML, or a body that does not
 * match what Bandwidth documents) is a `BandwidthResponseError`, deliberately outside the family:
 * it is a contract problem, not a condition a caller can retry or explain to a user.
 */

/** One error reported by Bandwidth in an XML body. `numbers` are 10-digit TNs when present. */
export interface BandwidthErrorDetail {
  code: string;
  description: string;
  numbers?: string[];
}

/** The base of every failure talking to Bandwidth. */
export abstract class BandwidthError extends Error {
  abstract readonly kind: 'transport' | 'http' | 'api' | 'rate_limit';
  override readonly name: string;
  /** Status of the response, when one arrived. */
  readonly status: number | undefined;

  protected constructor(
    readonly method: string,
    readonly path: string,
    message: string,
    status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${path}: ${message}`, options);
    this.name = new.target.name;
    this.status = status;
  }
}

/** The request did not get an answer: connection refused or reset, DNS failure, or a timeout. */
export class BandwidthTransportError extends BandwidthError {
  readonly kind = 'transport' as const;
  constructor(
    method: string,
    path: string,
    /** True when our own deadline (timeoutMs) ended the call. */
    readonly timedOut: boolean,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      method,
      path,
      timedOut ? `timed out (${detail})` : `request failed (${detail})`,
      undefined,
      options,
    );
  }
}

/** A non-success status whose body carried no Bandwidth error we could read. */
export class BandwidthHttpError extends BandwidthError {
  readonly kind = 'http' as const;
  declare readonly status: number;
  constructor(method: string, path: string, status: number) {
    super(method, path, `HTTP ${status}`, status);
  }
}

/** A non-success status with Bandwidth's own error codes (any of the three documented shapes). */
export class BandwidthApiError extends BandwidthError {
  readonly kind = 'api' as const;
  declare readonly status: number;
  constructor(
    method: string,
    path: string,
    status: number,
    readonly errors: BandwidthErrorDetail[],
  ) {
    const summary = errors.map((e) => `${e.code} ${e.description}`).join('; ');
    super(method, path, `HTTP ${status}: ${summary}`, status);
  }

  /** The first error code, the one most callers branch on. */
  get code(): string {
    return this.errors[0]?.code ?? '';
  }
}

/** HTTP 429. `retryAfterMs` is how long Bandwidth asked us to wait, when it said so. */
export class BandwidthRateLimitError extends BandwidthError {
  readonly kind = 'rate_limit' as const;
  declare readonly status: number;
  constructor(
    method: string,
    path: string,
    readonly retryAfterMs: number | undefined,
  ) {
    const wait = retryAfterMs === undefined ? 'no reset time given' : `retry after ${retryAfterMs} ms`;
    super(method, path, `rate limited (${wait})`, 429);
  }
}

/** Why a response could not be used. */
export type ResponseRejection = 'too_large' | 'doctype' | 'malformed' | 'empty' | 'schema';

/** A response arrived but its body was refused: unreadable XML, too large, or not the documented shape. */
export class BandwidthResponseError extends Error {
  override readonly name = 'BandwidthResponseError';
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: ResponseRejection,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${path}: unusable response (HTTP ${status}, ${reason}): ${detail}`, options);
  }
}

/** True for a failure after which Bandwidth may or may not have acted on the request. */
export function isAmbiguousFailure(error: unknown): boolean {
  if (error instanceof BandwidthTransportError) return true;
  if (error instanceof BandwidthResponseError) return true;
  return error instanceof BandwidthError && error.status !== undefined && error.status >= 500;
}
