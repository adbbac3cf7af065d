import type { IncomingHttpHeaders } from 'node:http';
import { type Dispatcher, request } from 'undici';
import { BandwidthResponseError, BandwidthTransportError } from './errors';

/** One HTTP exchange as the client sees it: status, headers and the whole (bounded) body. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ExchangeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** The path named in errors: no host, no query string, no credentials. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface ExchangeLimits {
  dispatcher: Dispatcher;
  /** Deadline for the whole exchange, from sending to the last body byte. */
  timeoutMs: number;
  /** Bodies larger than this are abandoned unread. */
  maxBytes: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Sends one request and reads the answer, whatever its status.
 *
 * @throws BandwidthTransportError when no complete answer arrived in time (`timedOut`) or the connection failed.
 * @throws BandwidthResponseError (`too_large`) when the body exceeds `maxBytes`; reading stops there.
 */
export async function exchange(req: ExchangeRequest, limits: ExchangeLimits): Promise<RawResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.timeoutMs);
  try {
    const response = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: limits.dispatcher,
      signal: controller.signal,
      headersTimeout: limits.timeoutMs,
      bodyTimeout: limits.timeoutMs,
    });
    const tooLarge = (size: string) => {
      response.body.destroy();
      return new BandwidthResponseError(
        req.method,
        req.path,
        response.statusCode,
        'too_large',
        `body of ${size} bytes exceeds the limit of ${limits.maxBytes} bytes`,
      );
    };
    const declared = Number(response.headers['content-length']);
    if (declared > limits.maxBytes) throw tooLarge(String(declared));
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > limits.maxBytes) throw tooLarge(`more than ${size}`);
      chunks.push(chunk as Buffer);
    }
    return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) };
  } catch (error) {
    if (error instanceof BandwidthResponseError) throw error;
    const code = (error as { code?: unknown }).code;
    const detail = typeof code === 'string' ? code : (error as Error).name;
    const isTimeout = timedOut || (typeof code === 'string' && TIMEOUT_CODES.has(code));
    const shown = isTimeout ? `after ${limits.timeoutMs} ms` : detail;
    throw new BandwidthTransportError(req.method, req.path, isTimeout, shown, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long a 429 asks us to wait. Bandwidth documents `X-RateLimit-Reset` in epoch seconds; the
 * standard `Retry-After` (seconds or an HTTP date) is read as well in case a proxy answers.
 */
export function rateLimitWaitMs(headers: IncomingHttpHeaders, now: () => number): number | undefined {
  const reset = header(headers, 'x-ratelimit-reset');
  if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset.trim())) {
    return Math.max(0, Math.ceil(Number(reset) * 1000 - now()));
  }
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter === undefined) return undefined;
  if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/** The last path segment of a Location header: how Bandwidth hands back new ids. */
export function idFromLocation(headers: IncomingHttpHeaders): string | undefined {
  const location = header(headers, 'location');
  if (!location) return undefined;
  const segment = new URL(location, 'http://placeholder').pathname.split('/').filter(Boolean).pop();
  return segment === undefined ? undefined : decodeURIComponent(segment);
}
