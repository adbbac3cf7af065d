import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SimResponse } from './http-util';
import type { SimConfig } from './state';

export type AuthResult = 'bearer' | 'basic' | 'none' | 'invalid';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function decodeBasic(header: string): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * OAuth2 client credentials and legacy Basic (BANDWIDTH.md §5). Tokens look like JWTs (the
 * real ones are; the CLI reads account ids from their claims) but are only checked by lookup.
 */
export class TokenIssuer {
  private readonly tokens = new Map<string, number>();
  requestCount = 0;

  constructor(private readonly config: SimConfig) {}

  /** `POST /api/v1/oauth2/token` */
  issue(headers: IncomingHttpHeaders, body: Buffer): SimResponse {
    this.requestCount++;
    const json = (status: number, value: unknown, extra?: Record<string, string>): SimResponse => ({
      status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
      body: JSON.stringify(value),
    });
    const basic = decodeBasic(headers.authorization ?? '');
    if (!basic || basic.user !== this.config.clientId || basic.password !== this.config.clientSecret) {
      return json(401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="oauth2"' });
    }
    const contentType = headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return json(400, { error: 'invalid_request', error_description: 'form body expected' });
    }
    const grant = new URLSearchParams(body.toString('utf8')).get('grant_type');
    if (grant === null)
      return json(400, { error: 'invalid_request', error_description: 'grant_type missing' });
    if (grant !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
    const now = this.config.now();
    const ttl = this.config.tokenTtlSeconds;
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
    const claims = base64url(
      JSON.stringify({
        sub: this.config.clientId,
        accounts: [this.config.accountId],
        iat: Math.floor(now / 1000),
        exp: Math.floor(now / 1000) + ttl,
        jti: this.config.newId(),
      }),
    );
    const token = `${header}.${claims}.${base64url(randomBytes(32))}`;
    this.tokens.set(token, now + ttl * 1000);
    return json(200, { access_token: token, token_type: 'Bearer', expires_in: ttl });
  }

  /** How an API request authenticated. */
  check(authorization: string | undefined): AuthResult {
    if (!authorization) return 'none';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (bearer) {
      const expiresAt = this.tokens.get(bearer[1]!);
      return expiresAt !== undefined && expiresAt > this.config.now() ? 'bearer' : 'invalid';
    }
    const basic = decodeBasic(authorization);
    if (basic && basic.user === this.config.username && basic.password === this.config.password)
      return 'basic';
    return 'invalid';
  }

  expireAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }
}
