import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SlackObject } from './types';

/**
 * Arguments that Slack accepts as JSON-encoded strings in form bodies. They are decoded so tests
 * can assert on blocks rather than on strings; anything else stays as sent.
 */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata', 'file_uploads']);

export async function readBody(req: IncomingMessage, limitBytes = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > limitBytes) throw new Error(`request body over ${limitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a Web API request body the way Slack does: form, JSON or multipart, plus the query string. */
export async function parseArgs(
  contentType: string | undefined,
  body: Buffer,
  query: URLSearchParams,
): Promise<{ args: SlackObject } | { error: string }> {
  const args: SlackObject = Object.fromEntries(query);
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return { args };
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        return { error: 'invalid_json' };
      return { args: { ...args, ...(parsed as SlackObject) } };
    } catch {
      return { error: 'invalid_json' };
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain' || type === '') {
    return {
      args: decodeJsonFields({ ...args, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) }),
    };
  }
  if (type === 'multipart/form-data') {
    try {
      const form = await new Response(body, { headers: { 'content-type': contentType ?? '' } }).formData();
      for (const [key, value] of form) {
        args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
      }
      return { args: decodeJsonFields(args) };
    } catch {
      return { error: 'invalid_form_data' };
    }
  }
  return { error: 'invalid_post_type' };
}

function decodeJsonFields(args: SlackObject): SlackObject {
  for (const key of JSON_FIELDS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Left as the string the bot sent: the method then answers invalid_blocks / invalid_arguments.
    }
  }
  return args;
}

/** The bearer token, or the `token` argument (Slack accepts both). */
export function tokenOf(req: IncomingMessage, args: SlackObject): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (match?.[1] !== undefined) return match[1].trim();
  }
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: SlackObject = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(headers as Record<string, string>),
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain',
): void {
  res.writeHead(status, {
    'content-type': `${contentType}; charset=utf-8`,
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Form and query values arrive as strings; Slack treats "true"/"1" as true. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function asObject(value: unknown): SlackObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as SlackObject)
    : undefined;
}
