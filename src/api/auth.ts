import { z } from 'zod';
import { BandwidthHttpError, BandwidthRateLimitError, BandwidthResponseError } from './errors';
import type { RawResponse } from './http';
import { rateLimitWaitMs } from './http';

/**
 * How requests are authorised. OAuth2 client credentials is Bandwidth's current method; HTTP Basic
 * with an API user is the legacy one, retired on 2 Dec 2026, so it is used only when no client id
 * is configured.
 */
export interface AuthProvider {
  readonly scheme: 'oauth' | 'basic';
  /** The value of the Authorization header for the next request. */
  authorization(): Promise<string>;
  /**
   * Tells the provider that `authorization` was refused with a 401.
   *
   * @returns true when asking again would use different credentials (a fresh token).
   */
  rejected(authorization: string): boolean;
}

/** Sends the token request; supplied by the transport so it gets the same timeout, pool and retries. */
export type TokenSender = (request: {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<RawResponse>;

const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().optional(),
});

/** Refresh a token this long before Bandwidth says it expires (halved for very short-lived tokens). */
const REFRESH_MARGIN_MS = 60_000;

interface CachedToken {
  readonly authorization: string;
  readonly refreshAt: number;
}

/** OAuth2 client credentials, cached, refreshed before expiry, and fetched by one request at a time. */
export class OAuthProvider implements AuthProvider {
  readonly scheme = 'oauth' as const;
  private cached: CachedToken | undefined;
  private inflight: Promise<CachedToken> | undefined;
  /** Counts token requests sent: useful to operators and to tests. */
  tokenRequests = 0;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly send: TokenSender,
    private readonly now: () => number,
    /** Runs the token request under the client's retry policy for safe calls. */
    private readonly retrying: <T>(attempt: () => Promise<T>) => Promise<T>,
  ) {}

  async authorization(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.authorization;
    // Single flight: every caller that finds the token stale waits for the same request.
    this.inflight ??= this.retrying(() => this.fetchToken()).finally(() => {
      this.inflight = undefined;
    });
    return (await this.inflight).authorization;
  }

  rejected(authorization: string): boolean {
    // Only forget the token that was refused: if a concurrent caller already replaced it, keep the new one.
    if (this.cached?.authorization === authorization) this.cached = undefined;
    return true;
  }

  private async fetchToken(): Promise<CachedToken> {
    const path = new URL(this.tokenUrl).pathname;
    const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64');
    this.tokenRequests += 1;
    const response = await this.send({
      url: this.tokenUrl,
      path,
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    if (response.status === 429) {
      throw new BandwidthRateLimitError('POST', path, rateLimitWaitMs(response.headers, this.now));
    }
    if (response.status < 200 || response.status >= 300)
      throw new BandwidthHttpError('POST', path, response.status);
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString('utf8'));
    } catch {
      throw new BandwidthResponseError(
        'POST',
        path,
        response.status,
        'malformed',
        'token response is not JSON',
      );
    }
    const parsed = tokenSchema.safeParse(json);
    if (!parsed.success) {
      // The issue list names fields only; the body (which may hold a token) is never quoted.
      const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new BandwidthResponseError(
        'POST',
        path,
        response.status,
        'schema',
        `token response lacks ${fields}`,
      );
    }
    const lifetimeMs = parsed.data.expires_in * 1000;
    const token: CachedToken = {
      authorization: `Bearer ${parsed.data.access_token}`,
      refreshAt: this.now() + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2),
    };
    this.cached = token;
    return token;
  }
}

/** Legacy HTTP Basic with a Bandwidth API user. */
export class BasicProvider implements AuthProvider {
  readonly scheme = 'basic' as const;
  private readonly header: string;

  constructor(username: string, password: string) {
    this.header = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  async authorization(): Promise<string> {
    return this.header;
  }

  rejected(): boolean {
    return false;
  }
}
