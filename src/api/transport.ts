import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { parseXml, XmlParseError } from '../xml';
import type { AuthProvider } from './auth';
import {
  BandwidthApiError,
  type BandwidthError,
  BandwidthHttpError,
  BandwidthRateLimitError,
  BandwidthResponseError,
} from './errors';
import { type ExchangeRequest, exchange, type RawResponse, rateLimitWaitMs } from './http';
import { type RetryOptions, type RetryPolicyName, withRetries } from './retry';
import { extractApiErrors } from './schemas/common';

/** The subset of a pino logger the client uses. */
export interface Logger {
  debug(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

/** One call to the Dashboard API, before auth, retries and decoding. */
export interface CallSpec {
  method: ExchangeRequest['method'];
  /** Path under `apiUrl`, e.g. `/accounts/123/importTnOrders`. Named in errors and logs. */
  path: string;
  query?: Record<string, string | readonly string[] | undefined>;
  body?: string | Buffer;
  /** Defaults to `application/xml` when there is a body. */
  contentType?: string;
  headers?: Record<string, string>;
  policy: RetryPolicyName;
  /** Statuses besides 2xx that are answers rather than errors (404 for "not in service"). */
  accept?: readonly number[];
  /** Overrides the client's response size limit (file downloads). */
  maxBytes?: number;
}

export interface TransportOptions {
  apiUrl: string;
  auth: AuthProvider;
  dispatcher: Dispatcher;
  timeoutMs: number;
  maxResponseBytes: number;
  retry: RetryOptions;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  logger?: Logger;
}

const USER_AGENT = 'hosted-messaging-bot';

/** Sends calls with auth, deadline, size limit and the named retry policy; decodes XML answers. */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  /** Sends a call and returns its raw answer; non-accepted statuses become `BandwidthError`s. */
  call(spec: CallSpec): Promise<RawResponse> {
    return withRetries(spec.policy, this.options, `${spec.method} ${spec.path}`, () => this.attempt(spec));
  }

  /** Sends a call and decodes its XML body with `schema`. */
  async callXml<S extends z.ZodType>(spec: CallSpec, schema: S): Promise<z.output<S>> {
    const response = await this.call(spec);
    return this.decode(spec, response, schema);
  }

  /** Parses and validates a response body; failures are `BandwidthResponseError`s. */
  decode<S extends z.ZodType>(spec: CallSpec, response: RawResponse, schema: S): z.output<S> {
    let document: unknown;
    try {
      document = parseXml(response.body, spec.maxBytes ?? this.options.maxResponseBytes);
    } catch (error) {
      if (!(error instanceof XmlParseError)) throw error;
      throw new BandwidthResponseError(spec.method, spec.path, response.status, error.reason, error.message, {
        cause: error,
      });
    }
    const parsed = schema.safeParse(document);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw new BandwidthResponseError(spec.method, spec.path, response.status, 'schema', issues);
    }
    return parsed.data;
  }

  /** One attempt, with one fresh-token repeat after a 401. */
  private async attempt(spec: CallSpec): Promise<RawResponse> {
    const { auth, logger } = this.options;
    let authorization = await auth.authorization();
    let response = await this.send(spec, authorization);
    if (response.status === 401 && auth.rejected(authorization)) {
      logger?.debug(
        { call: `${spec.method} ${spec.path}` },
        'bandwidth refused the token, fetching a new one',
      );
      authorization = await auth.authorization();
      response = await this.send(spec, authorization);
    }
    logger?.debug({ method: spec.method, path: spec.path, status: response.status }, 'bandwidth call');
    const ok = response.status >= 200 && response.status < 300;
    if (ok || spec.accept?.includes(response.status)) return response;
    throw this.errorFor(spec, response);
  }

  private send(spec: CallSpec, authorization: string): Promise<RawResponse> {
    const headers: Record<string, string> = {
      accept: 'application/xml',
      'user-agent': USER_AGENT,
      ...spec.headers,
      authorization,
    };
    if (spec.body !== undefined)
      headers['content-type'] = spec.contentType ?? 'application/xml; charset=utf-8';
    return exchange(
      { method: spec.method, url: this.url(spec), path: spec.path, headers, body: spec.body },
      {
        dispatcher: this.options.dispatcher,
        timeoutMs: this.options.timeoutMs,
        maxBytes: spec.maxBytes ?? this.options.maxResponseBytes,
      },
    );
  }

  private url(spec: CallSpec): string {
    const url = new URL(this.options.apiUrl.replace(/\/+$/, '') + spec.path);
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined) continue;
      for (const item of typeof value === 'string' ? [value] : value) url.searchParams.append(name, item);
    }
    return url.toString();
  }

  private errorFor(spec: CallSpec, response: RawResponse): BandwidthError {
    if (response.status === 429) {
      return new BandwidthRateLimitError(
        spec.method,
        spec.path,
        rateLimitWaitMs(response.headers, this.options.now),
      );
    }
    let errors: ReturnType<typeof extractApiErrors> = [];
    if (response.body.length > 0) {
      try {
        errors = extractApiErrors(parseXml(response.body, this.options.maxResponseBytes));
      } catch {
        // An error body we cannot read (HTML from a proxy, hostile XML) still yields a typed error.
      }
    }
    return errors.length > 0
      ? new BandwidthApiError(spec.method, spec.path, response.status, errors)
      : new BandwidthHttpError(spec.method, spec.path, response.status);
  }
}
